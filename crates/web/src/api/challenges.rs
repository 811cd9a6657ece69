//! `/api/v1/…/interventions` and `/api/v1/challenges/…`: the right to
//! challenge. Anyone reads; the gemeente announces and answers; anyone
//! signed in challenges. Money is in cents; dates are `YYYY-MM-DD`.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::challenges as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::challenges::{RawIntervention, check_intervention};

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let l = use_case::list(state.store(), ctx.actor(), &code).await?;
    Ok(Json(InterventionsBody { code: &l.place.code, rules: &l.rules, interventions: &l.interventions })
        .into_response())
}

#[derive(Serialize)]
struct InterventionsBody<'a> {
    code: &'a str,
    rules: &'a wijkwerk_domain::challenges::ChallengeRules,
    interventions: &'a [wijkwerk_store::challenges::Intervention],
}

/// An intervention with its challenges, what was spent on it per year, and
/// the gemeente's term to answer in working days.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InterventionBody<'a> {
    #[serde(flatten)]
    intervention: &'a wijkwerk_store::challenges::Intervention,
    challenge_list: &'a [use_case::ShownChallenge],
    spending: &'a [use_case::Spending],
    answer_days: u32,
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(Json(InterventionBody {
        intervention: &v.intervention,
        challenge_list: &v.challenges,
        spending: &v.spending,
        answer_days: v.rules.answer_days,
    })
    .into_response())
}

/// `{"title", "description", "budget": 12000000, "startsOn", "endsOn", "taakveld", "domain"}`.
pub async fn announce(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let budget = body.cents_text("budget");
    let raw = RawIntervention {
        title: body.str("title").unwrap_or(""),
        description: body.str("description").unwrap_or(""),
        budget: &budget,
        starts_on: body.str("startsOn").unwrap_or(""),
        ends_on: body.str("endsOn").unwrap_or(""),
        taakveld: body.str("taakveld").unwrap_or(""),
        domain: body.str("domain").unwrap_or(""),
    };
    let i = use_case::announce(state.store(), ctx.actor(), &code, check_intervention(&raw)).await?;
    Ok(created(i))
}

/// `{"kind": "cooperatie", "name", "plan", "bid": 9500000, "whyBetter"}`.
pub async fn challenge(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let bid = body.cents_text("bid");
    let s = |k: &str| body.str(k).unwrap_or("").to_string();
    let (kind, name, plan, why) = (s("kind"), s("name"), s("plan"), s("whyBetter"));
    let c = use_case::challenge(
        state.store(),
        ctx.actor(),
        &id,
        (&kind, &name, &plan, &bid, &why),
        Timestamp::now(),
    )
    .await?;
    Ok(created(c))
}

/// `{"outcome": "accepted" | "rejected", "reason": "…"}`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let input = (body.str("outcome").unwrap_or(""), body.str("reason").unwrap_or(""));
    let c = use_case::answer(state.store(), ctx.actor(), &id, input, Timestamp::now()).await?;
    Ok(created(c))
}
