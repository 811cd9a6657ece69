//! `/api/v1/…/newspapers`: a wijk's published wijkkrant editions and their
//! items (drafts only for those who make the paper).

use super::ApiResult;
use crate::AppState;
use crate::context::Context;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;
use wijkwerk_app::newspaper as use_case;
use wijkwerk_domain::Timestamp;

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let l = use_case::list(state.store(), ctx.actor(), &code, Timestamp::now()).await?;
    Ok(Json(json!({ "code": l.place.code, "editors": l.editors, "editions": l.editions })).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now(), ctx.lang).await?;
    let mut body = serde_json::to_value(&v.edition).unwrap_or_default();
    body["itemList"] = json!(v.items);
    Ok(Json(body).into_response())
}
