//! `/api/v1/…/newspapers`: a wijk's published wijkkrant editions and their
//! items (drafts only for those who make the paper).

use super::ApiResult;
use crate::AppState;
use crate::context::Context;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::newspaper as use_case;
use wijkwerk_domain::Timestamp;

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let l = use_case::list(state.store(), ctx.actor(), &code, Timestamp::now()).await?;
    Ok(Json(EditionsBody { code: &l.place.code, editors: l.editors, editions: &l.editions }).into_response())
}

#[derive(Serialize)]
struct EditionsBody<'a> {
    code: &'a str,
    /// How many make the paper (their names are not published).
    editors: i64,
    editions: &'a [wijkwerk_store::newspaper::Edition],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EditionBody<'a> {
    #[serde(flatten)]
    edition: &'a wijkwerk_store::newspaper::Edition,
    item_list: &'a [wijkwerk_store::newspaper::Item],
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now(), ctx.lang).await?;
    Ok(Json(EditionBody { edition: &v.edition, item_list: &v.items }).into_response())
}
