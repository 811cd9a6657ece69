//! Static files, compiled into the binary and gzipped once at first use
//! (the NL Design System stylesheet shrinks from 400 kB to about 40 kB,
//! which matters on a cheap phone with a slow connection).

use crate::problem::PageError;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::OnceLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "utrecht.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/vendor/utrecht-component-library-css/index.css"),
    },
    Asset {
        name: "theme.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/vendor/voorbeeld-design-tokens/theme.css"),
    },
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/app.css"),
    },
    Asset { name: "icon.svg", content_type: "image/svg+xml", body: include_bytes!("../assets/icon.svg") },
    Asset {
        name: "weektest.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/weektest.js"),
    },
    Asset {
        name: "copy.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/copy.js"),
    },
];

fn gzipped(index: usize) -> &'static [u8] {
    static CACHE: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                enc.write_all(a.body).expect("writing to memory");
                enc.finish().expect("writing to memory")
            })
            .collect()
    });
    &all[index]
}

/// A version string for asset URLs, so browsers fetch new files after an upgrade.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == file) else {
        return PageError::not_found().into_response();
    };
    let asset = &ASSETS[index];
    let accepts_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut res = if accepts_gzip {
        let mut r = gzipped(index).into_response();
        r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        asset.body.into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=604800, immutable"));
    res
}

/// `/.well-known/security.txt` (RFC 9116): where to report a vulnerability.
/// It must say when it expires (under a year ahead), so it is written on
/// request with an expiry half a year from now.
pub async fn security_txt(headers: HeaderMap) -> Response {
    let site = crate::context::site_of(&headers);
    let expires = wijkwerk_domain::Timestamp::now().plus_seconds(182 * 86_400).to_rfc3339();
    let body = format!(
        "Contact: mailto:security@wijkwerk.nl\n\
         Expires: {expires}\n\
         Preferred-Languages: nl, en\n\
         Canonical: {site}/.well-known/security.txt\n\
         Policy: https://wijkwerk.nl/SECURITY.md\n"
    );
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))], body).into_response()
}
