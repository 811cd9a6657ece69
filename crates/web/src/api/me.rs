//! `/api/v1/me…`: the caller's own data.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::Context;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

fn me_id(ctx: &Context) -> &str {
    ctx.person_id().expect("gate requires sign-in")
}

pub async fn show(State(state): State<AppState>, ctx: Context) -> ApiResult {
    let viewer = ctx.viewer.as_ref().expect("gate requires sign-in");
    let store = state.store();
    let mut roles = Vec::new();
    for r in &viewer.actor.roles {
        let place = store.place(&r.place_code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
        roles.push(json!({
            "role": r.role.as_str(),
            "placeCode": r.place_code,
            "placeName": place.map(|p| p.name),
        }));
    }
    let p = &viewer.person;
    Ok(Json(json!({
        "id": p.id,
        "displayName": p.display_name,
        "email": p.email,
        "language": p.language,
        "homePlaceCode": p.home_place_code,
        "createdAt": p.created_at,
        "roles": roles,
    }))
    .into_response())
}

pub async fn export(State(state): State<AppState>, ctx: Context) -> ApiResult {
    let export =
        state.store().export_person(me_id(&ctx)).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(Json(export).into_response())
}

pub async fn access_log(State(state): State<AppState>, ctx: Context) -> ApiResult {
    let items = state
        .store()
        .access_log_for(me_id(&ctx), 10_000)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(Json(json!({ "items": items })).into_response())
}

pub async fn consents(State(state): State<AppState>, ctx: Context) -> ApiResult {
    let store = state.store();
    let err = |e| Problem::from_store(state.i18n(), e);
    let given = store.consents_given(me_id(&ctx)).await.map_err(err)?;
    let received = store.consents_received(me_id(&ctx)).await.map_err(err)?;
    Ok(Json(json!({ "given": given, "received": received })).into_response())
}

pub async fn grant(State(state): State<AppState>, ctx: Context, body: JsonObject) -> ApiResult {
    let consent = state
        .store()
        .grant_consent(
            me_id(&ctx),
            body.str("granteeId").unwrap_or(""),
            body.str("scope").unwrap_or(""),
            body.str("purpose").unwrap_or(""),
            body.str("validUntil"),
        )
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(created(consent))
}

pub async fn revoke(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    state.store().revoke_consent(me_id(&ctx), &id).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
