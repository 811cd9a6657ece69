//! `/api/v1/me…`: the caller's own data.

use super::{ApiResult, Items, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::privacy;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MeBody<'a> {
    id: &'a str,
    display_name: &'a str,
    email: Option<&'a str>,
    language: &'a str,
    home_place_code: Option<&'a str>,
    created_at: &'a str,
    roles: Vec<RoleBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleBody<'a> {
    role: &'static str,
    place_code: &'a str,
    place_name: Option<String>,
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let viewer = ctx.viewer();
    let mut roles = Vec::new();
    for r in &viewer.actor.roles {
        let place = wijkwerk_app::places::place(state.store(), &r.place_code).await?;
        roles.push(RoleBody {
            role: r.role.as_str(),
            place_code: &r.place_code,
            place_name: place.map(|p| p.name),
        });
    }
    let p = &viewer.person;
    Ok(Json(MeBody {
        id: &p.id,
        display_name: &p.display_name,
        email: p.email.as_deref(),
        language: &p.language,
        home_place_code: p.home_place_code.as_deref(),
        created_at: &p.created_at,
        roles,
    })
    .into_response())
}

pub async fn export(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    Ok(Json(privacy::export(state.store(), ctx.actor()).await?).into_response())
}

pub async fn access_log(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let items = privacy::access_log(state.store(), ctx.actor(), 10_000).await?;
    Ok(Json(Items { items }).into_response())
}

#[derive(Serialize)]
struct ConsentListsBody<T> {
    given: T,
    received: T,
}

pub async fn consents(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let (given, received) = privacy::consents(state.store(), ctx.actor()).await?;
    Ok(Json(ConsentListsBody { given, received }).into_response())
}

pub async fn grant(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let consent = privacy::grant_consent(
        state.store(),
        ctx.actor(),
        body.str("granteeId").unwrap_or(""),
        body.str("scope").unwrap_or(""),
        body.str("purpose").unwrap_or(""),
        body.str("validUntil"),
    )
    .await?;
    Ok(created(consent))
}

pub async fn revoke(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    privacy::revoke_consent(state.store(), ctx.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn mail_preferences(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    Ok(Json(wijkwerk_app::mail::preferences(state.store(), ctx.actor()).await?).into_response())
}

/// `{"invitations": true, "reminders": false, "marketDigest": true}`: the first two
/// required, the weekly marketplace e-mail left as it is when not given.
pub async fn set_mail_preferences(
    State(state): State<AppState>,
    ctx: SignedIn,
    body: JsonObject,
) -> ApiResult {
    let mut invalid = wijkwerk_domain::Invalid::new();
    let invitations = body.flag("invitations", &mut invalid);
    let reminders = body.flag("reminders", &mut invalid);
    let (Some(invitations), Some(reminders)) = (invitations, reminders) else {
        return Err(wijkwerk_app::Error::Invalid(invalid).into());
    };
    let digest = match body.0.get("marketDigest") {
        None => None,
        Some(_) => {
            Some(body.flag("marketDigest", &mut invalid).ok_or(wijkwerk_app::Error::Invalid(invalid))?)
        }
    };
    let p = wijkwerk_app::mail::set_preferences(state.store(), ctx.actor(), invitations, reminders, digest)
        .await?;
    Ok(Json(p).into_response())
}
