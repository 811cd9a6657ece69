//! `/api/v1/goals…`: the goals of the "weektest op maat".

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use crate::weektest_view::json_number;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use wijkwerk_app::Error as AppError;
use wijkwerk_app::goals as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::goals::{self, NewGoal};
use wijkwerk_store::goals::GoalProgress;

fn hours(half: u64) -> f64 {
    half as f64 / 2.0
}

pub fn goal_json(p: &GoalProgress) -> Value {
    json!({
        "id": p.goal.id,
        "personId": p.goal.person_id,
        "weektestId": p.goal.weektest_id,
        "domain": p.goal.domain,
        "title": p.goal.title,
        "expected": p.goal.expected,
        "hoursPerWeek": hours(u64::from(p.goal.half_hours_per_week)),
        "weeks": p.goal.weeks,
        "start": p.goal.start_monday,
        "createdAt": p.goal.created_at,
        "weeksSoFar": p.weeks_so_far,
        "plannedHoursSoFar": hours(p.planned_half_hours_so_far),
        "loggedHours": hours(p.logged_half_hours),
        "attainmentFromHours": p.attainment_from_hours,
        "logs": p.logs.iter().map(|l| json!({ "week": l.week, "hours": hours(u64::from(l.half_hours)), "note": l.note })).collect::<Vec<_>>(),
        "ratings": p.ratings.iter().map(|r| json!({ "score": r.score, "note": r.note, "ratedAt": r.rated_at })).collect::<Vec<_>>(),
    })
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let goals = use_case::own_goals(state.store(), ctx.actor()).await?;
    Ok(Json(json!({ "items": goals.iter().map(goal_json).collect::<Vec<_>>() })).into_response())
}

pub async fn create(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let new = NewGoal {
        domain: body.str("domain").unwrap_or("").into(),
        title: body.str("title").unwrap_or("").into(),
        expected: body.str("expected").unwrap_or("").into(),
        hours_per_week: json_number(&body.0, "hoursPerWeek"),
        weeks: json_number(&body.0, "weeks"),
        start: body.str("start").map(String::from).unwrap_or_else(|| goals::this_monday(Timestamp::now())),
    };
    let progress = use_case::create(state.store(), ctx.actor(), &new, body.str("weektestId")).await?;
    Ok(created(goal_json(&progress)))
}

/// The API does not tell a goal that does not exist from one not shared.
fn refusal(e: AppError) -> Problem {
    match e {
        AppError::NotFound(_) | AppError::Forbidden("error-page-no-consent") => {
            Problem::forbidden("This goal is not yours and its owner has not shared it with you.")
        }
        AppError::Forbidden(_) => Problem::forbidden("Only the owner of a goal can change it."),
        other => other.into(),
    }
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let store = state.store();
    let (goal, _) = use_case::readable(store, ctx.actor(), &id).await.map_err(refusal)?;
    let progress = use_case::progress(store, goal).await?;
    Ok(Json(goal_json(&progress)).into_response())
}

/// Only the owner changes a goal: a coach who may read it gets 403.
async fn check_own(state: &AppState, ctx: &SignedIn, id: &str) -> Result<(), Problem> {
    use_case::readable(state.store(), ctx.actor(), id).await.map_err(refusal)?;
    use_case::own(state.store(), ctx.actor(), id).await.map_err(refusal)?;
    Ok(())
}

pub async fn log(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    check_own(&state, &ctx, &id).await?;
    let (week, hours, note) =
        (body.str("week").unwrap_or(""), json_number(&body.0, "hours"), body.str("note").unwrap_or(""));
    let progress = use_case::log_hours(state.store(), ctx.actor(), &id, week, hours, note).await?;
    Ok(Json(goal_json(&progress)).into_response())
}

pub async fn rate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    check_own(&state, &ctx, &id).await?;
    let (score, note) = (json_number(&body.0, "score"), body.str("note").unwrap_or(""));
    let progress = use_case::rate(state.store(), ctx.actor(), &id, score, note).await?;
    Ok(created(goal_json(&progress)))
}
