//! `/api/v1/goals…`: the goals of the "weektest op maat".

use super::{ApiResult, Items, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use crate::weektest_view::json_number;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::Error as AppError;
use wijkwerk_app::goals as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::goals::{self, NewGoal};
use wijkwerk_store::goals::GoalProgress;

fn hours(half: u64) -> f64 {
    half as f64 / 2.0
}

/// A goal with its progress; hours as numbers (half-hours stored).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalBody<'a> {
    id: &'a str,
    person_id: &'a str,
    weektest_id: Option<&'a str>,
    domain: &'a str,
    title: &'a str,
    expected: &'a str,
    hours_per_week: f64,
    weeks: u32,
    start: &'a str,
    created_at: &'a str,
    weeks_so_far: &'a [String],
    planned_hours_so_far: f64,
    logged_hours: f64,
    attainment_from_hours: Option<i8>,
    logs: Vec<LogBody<'a>>,
    ratings: Vec<RatingBody<'a>>,
}

#[derive(Serialize)]
pub struct LogBody<'a> {
    week: &'a str,
    hours: f64,
    note: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingBody<'a> {
    score: i8,
    note: &'a str,
    rated_at: &'a str,
}

pub fn goal_body(p: &GoalProgress) -> GoalBody<'_> {
    let g = &p.goal;
    GoalBody {
        id: &g.id,
        person_id: &g.person_id,
        weektest_id: g.weektest_id.as_deref(),
        domain: &g.domain,
        title: &g.title,
        expected: &g.expected,
        hours_per_week: hours(u64::from(g.half_hours_per_week)),
        weeks: g.weeks,
        start: &g.start_monday,
        created_at: &g.created_at,
        weeks_so_far: &p.weeks_so_far,
        planned_hours_so_far: hours(p.planned_half_hours_so_far),
        logged_hours: hours(p.logged_half_hours),
        attainment_from_hours: p.attainment_from_hours,
        logs: p
            .logs
            .iter()
            .map(|l| LogBody { week: &l.week, hours: hours(u64::from(l.half_hours)), note: &l.note })
            .collect(),
        ratings: p
            .ratings
            .iter()
            .map(|r| RatingBody { score: r.score, note: &r.note, rated_at: &r.rated_at })
            .collect(),
    }
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let goals = use_case::own_goals(state.store(), ctx.actor()).await?;
    Ok(Json(Items { items: goals.iter().map(goal_body).collect::<Vec<_>>() }).into_response())
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
    Ok(created(goal_body(&progress)))
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
    Ok(Json(goal_body(&progress)).into_response())
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
    Ok(Json(goal_body(&progress)).into_response())
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
    Ok(created(goal_body(&progress)))
}
