//! Real responses from the tests checked against the OpenAPI document: every
//! API reply the tests receive must match the schema the document gives for
//! its path, method, status and media type. The document's snapshot is kept
//! in `tests/openapi.json`, so API changes show in review.

use serde_json::Value;
use std::sync::OnceLock;

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(wijkwerk_web::openapi_document)
}

/// The documented path template that `path` (under `/api/v1`) matches.
fn template_for(doc: &Value, path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let rest = path.strip_prefix("/api/v1")?;
    let parts: Vec<&str> = rest.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .find(|t| {
            let tparts: Vec<&str> = t.split('/').collect();
            tparts.len() == parts.len()
                && tparts.iter().zip(&parts).all(|(t, p)| (t.starts_with('{') && t.ends_with('}')) || t == p)
        })
        .cloned()
}

/// Checks one reply; panics with every mismatch found.
pub fn check_reply(method: &str, path: &str, status: u16, content_type: &str, body: &str) {
    let doc = document();
    if !path.starts_with("/api/v1/") || path.starts_with("/api/v1/openapi.json") {
        return;
    }
    let Some(template) = template_for(doc, path) else {
        assert_eq!(status, 404, "{method} {path}: no documented path");
        return;
    };
    let op = &doc["paths"][&template][method.to_lowercase()];
    if !op.is_object() {
        assert_eq!(status, 405, "{method} {template}: not documented");
        return;
    }
    let responses = &op["responses"];
    let response = if responses[status.to_string()].is_object() {
        &responses[status.to_string()]
    } else if responses["default"].is_object() {
        &responses["default"]
    } else {
        panic!("{method} {template}: status {status} is not documented (body {body})")
    };
    let response = resolve(doc, response);
    let Some(content) = response["content"].as_object() else {
        assert!(body.is_empty(), "{method} {template} {status}: documented without a body, got {body}");
        return;
    };
    let media = content_type.split(';').next().unwrap_or("").trim();
    let Some(media_doc) = content.get(media) else {
        panic!("{method} {template} {status}: media type {media} is not documented")
    };
    if !media.ends_with("json") {
        return;
    }
    let value: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e})"));
    let mut problems = Vec::new();
    validate(doc, &media_doc["schema"], &value, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{method} {template} {status} does not match its schema:\n{}\nbody: {body}",
        problems.join("\n")
    );
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str() {
        Some(r) => {
            let mut at = doc;
            for part in r.trim_start_matches("#/").split('/') {
                at = &at[part];
            }
            assert!(!at.is_null(), "{r} is defined");
            resolve(doc, at)
        }
        None => v,
    }
}

/// The part of JSON Schema (OpenAPI 3.0 flavour) the document uses.
fn validate(doc: &Value, schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if v.is_null() {
        if schema["nullable"] != true && schema["type"].is_string() {
            problems.push(format!("{at}: null, but not nullable"));
        }
        return;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options.iter().filter(|o| {
                let mut p = Vec::new();
                validate(doc, o, v, at, &mut p);
                p.is_empty()
            });
            if fits.count() == 0 {
                problems.push(format!("{at}: matches none of {key}"));
            }
        }
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            validate(doc, s, v, at, problems);
        }
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(v)
    {
        problems.push(format!("{at}: {v} is not one of {options:?}"));
    }
    let fits_type = match schema["type"].as_str() {
        None => true,
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some(other) => panic!("unknown type {other}"),
    };
    if !fits_type {
        problems.push(format!("{at}: {v} is not of type {}", schema["type"]));
        return;
    }
    if let Some(obj) = v.as_object() {
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !obj.contains_key(name) {
                problems.push(format!("{at}: required property {name} is missing"));
            }
        }
        let props = schema["properties"].as_object();
        for (k, child) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(doc, s, child, &format!("{at}.{k}"), problems),
                None => match &schema["additionalProperties"] {
                    Value::Bool(false) => problems.push(format!("{at}: property {k} is not documented")),
                    Value::Object(_) => {
                        validate(doc, &schema["additionalProperties"], child, &format!("{at}.{k}"), problems)
                    }
                    // OpenAPI allows properties it does not name unless told otherwise.
                    _ => {}
                },
            }
        }
    }
    if let Some(items) = v.as_array() {
        for (i, item) in items.iter().enumerate() {
            validate(doc, &schema["items"], item, &format!("{at}[{i}]"), problems);
        }
    }
}

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/openapi.json");
    let now = serde_json::to_string_pretty(document()).unwrap() + "\n";
    if std::env::var_os("WIJKWERK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == now,
        "/api/v1/openapi.json differs from crates/web/tests/openapi.json; if the change is meant, \
         run WIJKWERK_UPDATE_SNAPSHOTS=1 cargo test -p wijkwerk-web and review the diff"
    );
}

#[test]
fn the_checker_catches_what_it_should() {
    let doc = document();
    let schema = serde_json::json!({ "type": "object", "required": ["a"], "properties": { "a": { "type": "integer" } } });
    let mut p = Vec::new();
    validate(doc, &schema, &serde_json::json!({ "a": "x", "b": 1 }), "$", &mut p);
    assert_eq!(p.len(), 1, "{p:?}");
    let mut p = Vec::new();
    validate(doc, &schema, &serde_json::json!({}), "$", &mut p);
    assert_eq!(p.len(), 1);
}
