//! The layering the architecture promises, checked in the sources: pages and
//! API are adapters side by side over the use cases (`wijkwerk-app`).

use std::path::{Path, PathBuf};

/// Every Rust file under `dir`, with its text.
pub fn rust_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

fn web_src(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(part)
}

#[test]
fn pages_and_api_do_not_borrow_from_each_other() {
    let mut wrong = Vec::new();
    for (side, other) in [("pages", "api"), ("api", "pages")] {
        let files = rust_sources(&web_src(side));
        assert!(files.len() > 10, "{side}: {} files", files.len());
        for (path, text) in files {
            for needle in
                [format!("crate::{other}::"), format!("super::{other}::"), format!("use crate::{other}")]
            {
                if text.contains(&needle) {
                    wrong.push(format!("{} uses {needle}", path.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// What a handler may ask the store itself: configuration and health, not data.
const STORE_CALLS_ALLOWED: &[&str] = &["clone", "min_group_size", "ping", "engine"];

#[test]
fn handlers_reach_data_only_through_use_cases() {
    let mut wrong = Vec::new();
    for side in ["pages", "api"] {
        for (path, text) in rust_sources(&web_src(side)) {
            for (n, line) in text.lines().enumerate() {
                // `store().name(` or `store.name(` is a call on the store;
                // `store(),` or `store,` hands it to a use case.
                for sep in [".store().", " store.", "(store."] {
                    for call in line.split(sep).skip(1) {
                        let method: String =
                            call.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if !STORE_CALLS_ALLOWED.contains(&method.as_str()) {
                            wrong.push(format!("{}:{}: store.{method}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "handlers call the store instead of a use case:\n{}", wrong.join("\n"));
}
