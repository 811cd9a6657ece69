//! `/api/v1/me/intake…` (the resident's own intake and shares) and
//! `/api/v1/intakes…` (what a professional may read of the intakes shared
//! with their organisation), with the same rules as the pages (they sit in
//! `app::intake`). Every professional's read is in the resident's log.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::intake as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::intake::Share;
use wijkwerk_store::intakes::{Intake, IntakeNote, Referral, SharedIntake};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mine {
    intake: Option<Intake>,
    shares: Vec<Share>,
    /// The domain codes an intake takes (and `own-words` for sharing).
    domains: Vec<String>,
    /// Organisations of the resident's gemeente they can share with: `[id, name]`.
    organisations: Vec<[String; 2]>,
    /// Where the resident was referred, with the partners' answers.
    referrals: Vec<Referral>,
    /// What professionals wrote in the intake, with the resident's own view.
    notes: Vec<IntakeNote>,
}

pub async fn mine(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let m = use_case::mine(state.store(), ctx.actor(), ctx.lang).await?;
    let body = Mine {
        intake: m.intake,
        shares: m.shares,
        domains: m.domains.into_iter().map(|d| d.code).collect(),
        organisations: m.organisations.into_iter().map(|o| [o.id, o.name]).collect(),
        referrals: use_case::my_referrals(state.store(), ctx.actor()).await?,
        notes: use_case::my_notes(state.store(), ctx.actor()).await?,
    };
    Ok(Json(body).into_response())
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `{"happy", "needs", "secondPerson", "secondContributes", "together": false,
/// "domains": [{"domain": "geld", "rating": 2, "strengths", "worries"}]}`:
/// the whole intake, replacing what was there.
pub async fn save(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let words = (
        body.str("happy").unwrap_or(""),
        body.str("needs").unwrap_or(""),
        body.str("secondPerson").unwrap_or(""),
        body.str("secondContributes").unwrap_or(""),
    );
    let Some(given) = body.0.get("domains").and_then(Value::as_array).cloned() else {
        return Err(wijkwerk_app::Error::invalid("domains", "required").into());
    };
    let ratings: Vec<String> = given
        .iter()
        .map(|d| match d.get("rating") {
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => String::new(),
            Some(_) => "?".into(),
        })
        .collect();
    let entries: Vec<(&str, &str, &str, &str)> = given
        .iter()
        .zip(&ratings)
        .map(|(d, r)| (text(d, "domain"), r.as_str(), text(d, "strengths"), text(d, "worries")))
        .collect();
    let together = body.0.get("together").and_then(Value::as_bool).unwrap_or(false);
    let intake = use_case::save(state.store(), ctx.actor(), words, &entries, together).await?;
    Ok(Json(intake).into_response())
}

/// `{"organisationId", "domains": ["geld", "own-words"], "validUntil": "2027-03-31"}`.
pub async fn share(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let domains: Vec<&str> = body
        .0
        .get("domains")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let organisation = body.str("organisationId").unwrap_or("");
    let until = body.str("validUntil").unwrap_or("");
    let shares =
        use_case::share(state.store(), ctx.actor(), organisation, &domains, until, Timestamp::now()).await?;
    Ok(created(shares))
}

pub async fn revoke(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    use_case::revoke(state.store(), ctx.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize)]
struct SharedList {
    items: Vec<SharedIntake>,
}

pub async fn shared(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let items = use_case::shared_with(state.store(), ctx.actor(), Timestamp::now()).await?;
    Ok(Json(SharedList { items }).into_response())
}

pub async fn read_shared(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    Ok(Json(use_case::read_shared(state.store(), ctx.actor(), &id, Timestamp::now()).await?).into_response())
}

/// `{"organisationId", "reason"}`: to an organisation the resident shares
/// with, about exactly what they share with it.
pub async fn refer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (organisation, reason) = (body.str("organisationId").unwrap_or(""), body.str("reason").unwrap_or(""));
    Ok(created(
        use_case::refer(state.store(), ctx.actor(), &id, organisation, reason, Timestamp::now()).await?,
    ))
}

#[derive(Serialize)]
struct Referrals {
    items: Vec<Referral>,
}

/// Referrals to the organisations the caller works for, open ones first.
pub async fn incoming(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    Ok(Json(Referrals { items: use_case::incoming(state.store(), ctx.actor()).await? }).into_response())
}

/// `{"outcome": "accepted" | "declined", "answer": "…"}` (a reason is needed to decline).
pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (outcome, answer) = (body.str("outcome").unwrap_or(""), body.str("answer").unwrap_or(""));
    Ok(created(use_case::answer(state.store(), ctx.actor(), &id, outcome, answer).await?))
}

/// `{"domain": "geld", "text": "…"}`: a note on a domain shared with the
/// caller's organisation; the resident reads it at once.
pub async fn add_note(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (domain, text) = (body.str("domain").unwrap_or(""), body.str("text").unwrap_or(""));
    Ok(created(use_case::add_note(state.store(), ctx.actor(), &id, domain, text, Timestamp::now()).await?))
}

#[derive(Serialize)]
struct Notes {
    items: Vec<IntakeNote>,
}

/// `{"reply": "…"}`: the resident's own view on a note in their intake.
pub async fn reply(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let items =
        use_case::reply_to_note(state.store(), ctx.actor(), &id, body.str("reply").unwrap_or("")).await?;
    Ok(Json(Notes { items }).into_response())
}
