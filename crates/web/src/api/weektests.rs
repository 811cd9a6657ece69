//! `/api/v1/weektests…` and `/api/v1/weektest-templates`.

use super::{ApiResult, Items, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use crate::weektest_view::{raw_answers_from_json, test_json};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::Value;
use std::collections::BTreeMap;
use wijkwerk_app::weektests as use_case;
use wijkwerk_domain::Invalid;

pub async fn templates(State(state): State<AppState>) -> ApiResult {
    let templates = use_case::templates(state.store()).await?;
    Ok(Json(Items { items: templates }).into_response())
}

pub async fn create(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let store = state.store();
    let code = body.str("template").unwrap_or("basis");
    let Ok(template) = use_case::template(store, code).await else {
        return Err(Problem::invalid(state.i18n(), &Invalid::single("template", "template-unknown")));
    };
    let mut invalid = Invalid::new();
    let raw = raw_answers_from_json(&body.0).unwrap_or_else(|| {
        invalid.add("domains", "required");
        Vec::new()
    });
    let extra: BTreeMap<String, String> = match body.0.get("answers") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map(String::from).unwrap_or_else(|| v.to_string())))
            .collect(),
        Some(_) => {
            invalid.add("answers", "object-expected");
            BTreeMap::new()
        }
    };
    let test = use_case::take(store, ctx.actor(), None, &template, &raw, &extra, invalid).await?;
    Ok(created(test_json(&test, &template)))
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let tests = use_case::own_tests(state.store(), ctx.actor()).await?;
    let items: Vec<Value> = tests.iter().rev().map(|(test, template)| test_json(test, template)).collect();
    Ok(Json(Items { items }).into_response())
}

/// One test: the caller's own, or another person's under their consent (logged).
/// A test that does not exist is refused like one that is not shared, so
/// that ids tell nothing.
pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    match use_case::readable(state.store(), ctx.actor(), &id).await {
        Ok((test, template)) => Ok(Json(test_json(&test, &template)).into_response()),
        Err(wijkwerk_app::Error::NotFound("week test") | wijkwerk_app::Error::Forbidden(_)) => {
            Err(Problem::forbidden("This week test is not yours and its owner has not shared it with you."))
        }
        Err(other) => Err(other.into()),
    }
}
