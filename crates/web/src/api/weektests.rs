//! `/api/v1/weektests…` and `/api/v1/weektest-templates`.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use crate::weektest_view::{raw_answers_from_json, test_json};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::weektest;

pub async fn templates(State(state): State<AppState>) -> ApiResult {
    let templates = state.store().templates().await?;
    Ok(Json(json!({ "items": templates })).into_response())
}

pub async fn create(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let me = ctx.person_id();
    let store = state.store();
    let code = body.str("template").unwrap_or("basis");
    let Some(template) = store.template(code, None).await? else {
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
    let answers = weektest::validate(&template, &raw);
    let extra_ok = weektest::validate_extra(&template, &extra);
    for e in [answers.as_ref().err(), extra_ok.as_ref().err()].into_iter().flatten() {
        invalid.errors.extend(e.errors.iter().cloned());
    }
    if !invalid.is_empty() {
        return Err(Problem::invalid(state.i18n(), &invalid));
    }
    let answers = answers.expect("checked");
    let outcome = weektest::prioritise(&template, &answers);
    let test = store.save_weektest(me, &template, &answers, &extra, &outcome, None).await?;
    Ok(created(test_json(&test, &template)))
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let me = ctx.person_id();
    let store = state.store();
    let mut items = Vec::new();
    for test in store.weektests_of(me).await?.iter().rev() {
        if let Some(t) = store.template(&test.template_code, Some(test.template_version)).await? {
            items.push(test_json(test, &t));
        }
    }
    Ok(Json(json!({ "items": items })).into_response())
}

/// One test: the caller's own, or another person's under their consent (logged).
pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let me = ctx.person_id();
    let store = state.store();
    let refused =
        || Problem::forbidden("This week test is not yours and its owner has not shared it with you.");
    if !is_id(&id) {
        return Err(refused());
    }
    let Some(test) = store.weektest(&id).await? else { return Err(refused()) };
    if !wijkwerk_app::family::may_see_test_of(store, me, &test.person_id).await? {
        return Err(refused());
    }
    let template = store
        .template(&test.template_code, Some(test.template_version))
        .await?
        .ok_or_else(|| Problem::not_found("The template of this test is gone."))?;
    Ok(Json(test_json(&test, &template)).into_response())
}
