//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.
//!
//! Callers authenticate with `Authorization: Bearer <token>` (see
//! `wijkwerk token create`). Errors are `application/problem+json`.

pub mod challenges;
pub mod coin;
pub mod emergency;
pub mod family;
pub mod goals;
pub mod housing;
pub mod hsds;
pub mod indicators;
pub mod initiative_files;
pub mod initiatives;
pub mod intake;
pub mod marketplace;
pub mod me;
pub mod meetings;
pub mod money;
pub mod newspaper;
pub mod openapi;
pub mod persons;
pub mod places;
pub mod surveys;
pub mod weektests;
pub mod wijkplan;
pub mod wijkscan;

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::time::Instant;
use wijkwerk_domain::Invalid;

pub type ApiResult = Result<Response, Problem>;

pub async fn health(State(state): State<AppState>) -> Response {
    let started = Instant::now();
    let db = state.store().ping().await;
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let engine = state.store().engine().name();
    match db {
        Ok(()) => Json(json!({
            "status": "ok",
            "database": { "engine": engine, "ok": true, "latencyMs": latency_ms },
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": { "engine": engine, "ok": false } })),
            )
                .into_response()
        }
    }
}

/// A JSON object body. Malformed JSON is a 400 problem; missing or wrong
/// fields are left to the handler, which reports them all at once.
pub struct JsonObject(pub serde_json::Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Send the body as application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "The body is too large."))?;
        match serde_json::from_slice::<UniqueKeys>(&bytes).map(|u| u.0) {
            Ok(Value::Object(map)) => {
                // Every text of every body, in one place: no hidden or control characters.
                let mut invalid = Invalid::new();
                for (path, text) in strings_in(&Value::Object(map.clone()), String::new()) {
                    if wijkwerk_domain::texts::forbidden_char(&text).is_some() {
                        invalid.add(
                            if path.is_empty() { "body".to_string() } else { path },
                            "character-forbidden",
                        );
                    }
                }
                if !invalid.is_empty() {
                    return Err(Problem::invalid(&crate::i18n::I18n::shared(), &invalid));
                }
                Ok(JsonObject(map))
            }
            Ok(_) => Err(Problem::new(StatusCode::BAD_REQUEST, "The body must be a JSON object.")),
            Err(e) => Err(Problem::new(StatusCode::BAD_REQUEST, format!("The body is not valid JSON: {e}."))),
        }
    }
}

impl JsonObject {
    /// A true-or-false field that must be there; what is wrong goes into `invalid`.
    pub fn flag(&self, key: &str, invalid: &mut Invalid) -> Option<bool> {
        match self.0.get(key) {
            Some(Value::Bool(b)) => Some(*b),
            None | Some(Value::Null) => {
                invalid.add(key, "required");
                None
            }
            Some(_) => {
                invalid.add(key, "type-invalid");
                None
            }
        }
    }

    /// A field given as text or as a number (a year, a count), as text;
    /// empty when missing, `?` when it is something else (so it fails its check).
    pub fn text_or_number(&self, key: &str) -> String {
        match self.0.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => String::new(),
            Some(_) => "?".to_string(),
        }
    }
}

/// Query parameters for the API: like axum's `Query`, but a bad query (a
/// number that is not one, a parameter given twice) is answered as
/// problem+json naming the parameter, as every other API error is.
pub struct ApiQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Problem> {
        let query = parts.uri.query().unwrap_or("");
        let mut seen = std::collections::BTreeSet::new();
        let mut invalid = Invalid::new();
        for (name, _) in form_urlencoded_pairs(query) {
            if !seen.insert(name.clone()) {
                invalid.add(name, "parameter-repeated");
            }
        }
        if invalid.is_empty() {
            match serde_urlencoded::from_str::<T>(query) {
                Ok(v) => return Ok(ApiQuery(v)),
                Err(_) => {
                    // serde does not always say which parameter it could not
                    // read: every one that fails alone is named.
                    for (name, value) in form_urlencoded_pairs(query) {
                        let alone = serde_urlencoded::to_string([(&name, &value)]).unwrap_or_default();
                        if serde_urlencoded::from_str::<T>(&alone).is_err() {
                            invalid.add(name, "parameter-invalid");
                        }
                    }
                    if invalid.is_empty() {
                        invalid.add("query", "parameter-invalid");
                    }
                }
            }
        }
        Err(Problem::invalid(&crate::i18n::I18n::shared(), &invalid).with_status(StatusCode::BAD_REQUEST))
    }
}

/// Every string in a JSON value (keys too), with the path to it (`a.b.0`).
fn strings_in(v: &Value, path: String) -> Vec<(String, String)> {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match v {
        Value::String(s) => vec![(path, s.clone())],
        Value::Array(items) => {
            items.iter().enumerate().flat_map(|(i, item)| strings_in(item, join(&i.to_string()))).collect()
        }
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, item)| {
                let mut out = vec![(join(k), k.clone())];
                out.extend(strings_in(item, join(k)));
                out
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The names and values of a query string, decoded.
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

/// A JSON value whose objects name each key once. `serde_json` keeps the
/// last of two equal keys; a client (or a proxy in between) may have read
/// the first, so a body with a key twice is refused rather than guessed at.
struct UniqueKeys(Value);

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueKeysVisitor).map(UniqueKeys)
    }
}

struct UniqueKeysVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueKeysVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(UniqueKeysVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueKeys(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let UniqueKeys(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(serde::de::Error::custom(format!("the key {key:?} appears twice")));
            }
        }
        Ok(Value::Object(out))
    }
}

impl JsonObject {
    /// An amount in cents as the euro text the domain's rules read (`1234`
    /// → `12,34`); empty when absent, `?` when it is no whole, non-negative
    /// number of cents (so it fails its check by name).
    pub fn cents_text(&self, key: &str) -> String {
        match self.0.get(key) {
            None | Some(Value::Null) => String::new(),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(c) if c >= 0 => format!("{},{:02}", c / 100, c % 100),
                _ => "?".to_string(),
            },
            Some(_) => "?".to_string(),
        }
    }

    /// A string field; `None` when absent, null, or not a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }
}

/// A list answered as `{ "items": [...] }`, so the answer can grow other
/// fields (paging, totals) without breaking its readers.
#[derive(serde::Serialize)]
pub struct Items<T> {
    pub items: T,
}

/// 201 with a JSON body.
pub fn created(body: impl serde::Serialize) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// A money-moving request: its JSON body (no body at all is `{}`) and the
/// `Idempotency-Key` it must carry, bound to the caller, the path asked for
/// and the body, so the same key with another request is a conflict. One
/// place makes the key for every such route, from the request itself.
pub(super) struct Keyed {
    pub body: JsonObject,
    /// The key, or `None` with its problem in `invalid`.
    pub key: Option<wijkwerk_store::coin::Idempotency>,
    /// What is wrong with the key, to be listed with the body's own problems.
    pub invalid: Invalid,
}

impl Keyed {
    /// The key, or the refusal naming it.
    pub fn required(&self) -> Result<wijkwerk_store::coin::Idempotency, Problem> {
        match &self.key {
            Some(key) => Ok(key.clone()),
            None => Err(Problem::from(wijkwerk_app::Error::Invalid(self.invalid.clone()))),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for Keyed {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let ctx = req.extensions().get::<std::sync::Arc<crate::context::Ctx>>();
        let Some(person_id) = ctx.and_then(|c| c.viewer.as_ref()).map(|v| v.person.id.clone()) else {
            return Err(Problem::new(StatusCode::UNAUTHORIZED, "Sign in first."));
        };
        let path = req.uri().path().strip_prefix("/api/v1").unwrap_or(req.uri().path()).to_string();
        let headers = req.headers().clone();
        let empty = !headers.contains_key(header::CONTENT_TYPE)
            && headers.get(header::CONTENT_LENGTH).is_none_or(|l| l.as_bytes() == b"0");
        let body = if empty {
            JsonObject(serde_json::Map::new())
        } else {
            JsonObject::from_request(req, state).await?
        };
        let mut invalid = Invalid::new();
        let key = idempotency(&headers, &person_id, &path, &body, &mut invalid);
        Ok(Keyed { body, key, invalid })
    }
}

fn idempotency(
    headers: &axum::http::HeaderMap,
    actor_id: &str,
    path: &str,
    body: &JsonObject,
    invalid: &mut Invalid,
) -> Option<wijkwerk_store::coin::Idempotency> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() {
        invalid.add("Idempotency-Key", "required");
        return None;
    }
    if key.len() > 255 {
        invalid.add("Idempotency-Key", "too-long");
        return None;
    }
    // serde_json keeps object keys sorted, so equal bodies hash equally.
    let canonical = serde_json::to_string(&Value::Object(body.0.clone())).unwrap_or_default();
    let hash = <sha2::Sha256 as sha2::Digest>::digest(format!("POST {path}\n{canonical}").as_bytes());
    Some(wijkwerk_store::coin::Idempotency {
        actor_id: actor_id.to_string(),
        key: key.to_string(),
        request_hash: wijkwerk_store::secrets::hex(&hash),
    })
}
