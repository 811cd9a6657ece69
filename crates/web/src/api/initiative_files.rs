//! `/api/v1/initiatives/{id}/files`: photos and receipts with an initiative's
//! account, as the page has them. A file is sent as the request body itself
//! with its own media type (`image/jpeg`, `image/png`, `application/pdf`)
//! and `kind` and `description` in the query; the type is still read from
//! its first bytes, and must agree. Who sees and adds what is decided in
//! `wijkwerk_app::initiative_files`, once for page and API.

use super::{ApiQuery, ApiResult, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use wijkwerk_app::initiative_files as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::attachments::{MediaType, check_upload};

pub async fn list(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let (files, may_add) = use_case::list(state.store(), ctx.actor(), &id).await?;
    Ok(Json(FilesBody { items: files, may_add }).into_response())
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FilesBody<T> {
    items: T,
    /// Whether the caller may add photos and receipts.
    may_add: bool,
}

pub async fn get(
    State(state): State<AppState>,
    ctx: Context,
    Path((id, file)): Path<(String, String)>,
) -> ApiResult {
    let (meta, bytes) = use_case::get(state.store(), ctx.actor(), &id, &file).await?;
    Ok(crate::download::stored_file(&meta, bytes))
}

#[derive(serde::Deserialize)]
pub struct FileQuery {
    kind: Option<String>,
    description: Option<String>,
}

pub async fn add(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<FileQuery>,
    req: Request,
) -> ApiResult {
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| MediaType::parse(v.split(';').next().unwrap_or("").trim()));
    let Some(declared) = declared else {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the file as image/jpeg, image/png or application/pdf.",
        ));
    };
    let bytes = axum::body::to_bytes(req.into_body(), crate::security::MAX_UPLOAD_BYTES)
        .await
        .map_err(|_| Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "The file is larger than 5 MB."))?;
    let mut upload =
        check_upload(q.kind.as_deref().unwrap_or(""), q.description.as_deref().unwrap_or(""), &bytes);
    // The declared type and the bytes must tell the same story.
    if let Ok(u) = &upload
        && u.media_type != declared
    {
        upload = Err(wijkwerk_domain::Invalid::single("file", "attachment-type"));
    }
    let meta = use_case::add(state.store(), ctx.actor(), &id, upload, Timestamp::now()).await?;
    Ok(created(meta))
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((id, file)): Path<(String, String)>,
) -> ApiResult {
    use_case::remove(state.store(), ctx.actor(), &id, &file).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
