//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.
//!
//! Callers authenticate with `Authorization: Bearer <token>` (see
//! `wijkwerk token create`). Errors are `application/problem+json`.

pub mod coin;
pub mod family;
pub mod goals;
pub mod hsds;
pub mod me;
pub mod openapi;
pub mod persons;
pub mod places;
pub mod surveys;
pub mod weektests;

use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::time::Instant;

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
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            Ok(_) => Err(Problem::new(StatusCode::BAD_REQUEST, "The body must be a JSON object.")),
            Err(e) => Err(Problem::new(StatusCode::BAD_REQUEST, format!("The body is not valid JSON: {e}."))),
        }
    }
}

impl JsonObject {
    /// A string field; `None` when absent, null, or not a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }
}

/// 201 with a JSON body.
pub fn created(body: impl serde::Serialize) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}
