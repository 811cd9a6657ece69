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
use wijkwerk_domain::goals::{self, NewGoal};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::{Invalid, Timestamp};
use wijkwerk_store::goals::{Goal, GoalProgress};

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

async fn domain_codes(state: &AppState) -> Result<Vec<String>, Problem> {
    let templates = state.store().templates().await?;
    let mut codes: Vec<String> = Vec::new();
    for t in templates {
        for d in t.domains {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    Ok(codes)
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let me = ctx.person_id();
    let goals = state.store().goals_of(me, Timestamp::now()).await?;
    Ok(Json(json!({ "items": goals.iter().map(goal_json).collect::<Vec<_>>() })).into_response())
}

pub async fn create(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let me = ctx.person_id();
    let codes = domain_codes(&state).await?;
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let new = NewGoal {
        domain: body.str("domain").unwrap_or("").into(),
        title: body.str("title").unwrap_or("").into(),
        expected: body.str("expected").unwrap_or("").into(),
        hours_per_week: json_number(&body.0, "hoursPerWeek"),
        weeks: json_number(&body.0, "weeks"),
        start: body.str("start").map(String::from).unwrap_or_else(|| goals::this_monday(Timestamp::now())),
    };
    let plan = goals::check_goal(&new, &code_refs).map_err(wijkwerk_app::Error::from)?;
    let store = state.store();
    // Only one of the caller's own tests can be linked.
    let test = match body.str("weektestId") {
        Some(id) if is_id(id) => store.weektest(id).await?.filter(|t| t.person_id == me).map(|t| t.id),
        _ => None,
    };
    let goal = store.create_goal(me, &plan, test.as_deref()).await?;
    let progress = store.progress(goal, Timestamp::now()).await?;
    Ok(created(goal_json(&progress)))
}

/// The goal if the caller may see it: their own, or shared (logged).
async fn visible_goal(state: &AppState, me: &str, id: &str) -> Result<(Goal, bool), Problem> {
    let refused = || Problem::forbidden("This goal is not yours and its owner has not shared it with you.");
    let store = state.store();
    let goal = if is_id(id) { store.goal(id).await? } else { None };
    let Some(goal) = goal else { return Err(refused()) };
    if goal.person_id == me {
        return Ok((goal, true));
    }
    if store.consent_to_read(me, &goal.person_id, Scope::WeekTests).await?.is_some() {
        return Ok((goal, false));
    }
    Err(refused())
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let me = ctx.person_id();
    let (goal, _) = visible_goal(&state, me, &id).await?;
    let progress = state.store().progress(goal, Timestamp::now()).await?;
    Ok(Json(goal_json(&progress)).into_response())
}

/// Only the owner changes a goal; a coach who may read it gets 403.
async fn own_goal(state: &AppState, me: &str, id: &str) -> Result<Goal, Problem> {
    let (goal, own) = visible_goal(state, me, id).await?;
    if own { Ok(goal) } else { Err(Problem::forbidden("Only the owner of a goal can change it.")) }
}

pub async fn log(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let me = ctx.person_id();
    let goal = own_goal(&state, me, &id).await?;
    let today = goals::today(Timestamp::now());
    let (week, half, note) = goals::check_log(
        &goal.start_monday,
        goal.weeks,
        today,
        body.str("week").unwrap_or(""),
        json_number(&body.0, "hours"),
        body.str("note").unwrap_or(""),
    )
    .map_err(wijkwerk_app::Error::from)?;
    let store = state.store();
    store.log_goal_hours(&goal.id, &week, half, &note).await?;
    let progress = store.progress(goal, Timestamp::now()).await?;
    Ok(Json(goal_json(&progress)).into_response())
}

pub async fn rate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let me = ctx.person_id();
    let goal = own_goal(&state, me, &id).await?;
    let mut invalid = Invalid::new();
    let score =
        goals::check_rating(json_number(&body.0, "score")).map_err(|i| invalid.errors.extend(i.errors)).ok();
    let note = body.str("note").unwrap_or("").trim().to_string();
    if note.chars().count() > goals::MAX_NOTE_CHARS {
        invalid.add("note", "too-long");
    }
    if !invalid.is_empty() {
        return Err(Problem::invalid(state.i18n(), &invalid));
    }
    let store = state.store();
    store.rate_goal(&goal.id, score.expect("checked"), &note, None).await?;
    let progress = store.progress(goal, Timestamp::now()).await?;
    Ok(created(goal_json(&progress)))
}
