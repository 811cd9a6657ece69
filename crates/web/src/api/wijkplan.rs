//! `/api/v1/places/{code}/wijkplan…`: everyone reads the wijkplan; the
//! wijk's leads write it through the same use cases as the editing page.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use crate::weektest_view::json_number;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::wijkplan as use_case;
use wijkwerk_domain::wijkplan::progress_percent;
use wijkwerk_store::wijkplan::{PlanGoal, Wijkplan};

/// The wijk's own plan: ambition, goals with indicator, baseline, target and
/// date, contributions and measurements.
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let (place, plan, _) = use_case::plan(state.store(), None, &code).await?;
    let plan = plan.ok_or_else(|| Problem::not_found(format!("{} has no wijkplan yet.", place.name)))?;
    Ok(Json(plan_body(&plan)).into_response())
}

/// `{"ambition": "…", "description": "…"}`: writes the ambition, and makes
/// the plan when the wijk has none yet. Answers with the whole plan.
pub async fn save(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (ambition, description) = (body.str("ambition").unwrap_or(""), body.str("description").unwrap_or(""));
    use_case::save(state.store(), ctx.actor(), &code, ambition, description).await?;
    show(State(state), Path(code)).await
}

/// `{"title", "indicator", "unit", "baseline", "target", "targetDate"}`;
/// the numbers as JSON numbers. Answers 201 with the new goal.
pub async fn add_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let text = |k| body.str(k).unwrap_or("");
    let goal = use_case::GoalInput {
        title: text("title"),
        indicator: text("indicator"),
        unit: text("unit"),
        baseline: json_number(&body.0, "baseline"),
        target: json_number(&body.0, "target"),
        target_date: text("targetDate"),
    };
    let id = use_case::add_goal(state.store(), ctx.actor(), &code, goal).await?;
    goal_reply(&state, &code, &id).await
}

/// `{"who": "bewoners" | "partners" | "ondernemers" | "gemeente", "name", "what"}`.
/// Answers 201 with the goal and all its contributions.
pub async fn add_contribution(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((code, goal)): Path<(String, String)>,
    body: JsonObject,
) -> ApiResult {
    let text = |k| body.str(k).unwrap_or("");
    let typed = (text("who"), text("name"), text("what"));
    let result = use_case::add_contribution(state.store(), ctx.actor(), &code, &goal, typed).await;
    unknown_goal_is_not_found(result)?;
    goal_reply(&state, &code, &goal).await
}

/// `{"measuredOn": "2026-11-01", "value": 42.5, "note": "…"}`. Answers 201
/// with the goal, its measurements and how far along it is.
pub async fn add_measurement(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((code, goal)): Path<(String, String)>,
    body: JsonObject,
) -> ApiResult {
    let typed =
        (body.str("measuredOn").unwrap_or(""), json_number(&body.0, "value"), body.str("note").unwrap_or(""));
    let result = use_case::add_measurement(state.store(), ctx.actor(), &code, &goal, typed).await;
    unknown_goal_is_not_found(result)?;
    goal_reply(&state, &code, &goal).await
}

/// The page names the goal in a form field, so the use case calls an
/// unknown one a field problem; here the goal is in the path, where an
/// unknown one is a resource that is not there.
fn unknown_goal_is_not_found(result: wijkwerk_app::Result<()>) -> Result<(), Problem> {
    match result {
        Err(wijkwerk_app::Error::Invalid(i)) if i.errors.iter().any(|e| e.field == "goal") => {
            Err(Problem::not_found("This wijkplan has no such goal."))
        }
        other => Ok(other?),
    }
}

async fn goal_reply(state: &AppState, code: &str, goal: &str) -> ApiResult {
    let (_, plan, _) = use_case::plan(state.store(), None, code).await?;
    let found = plan.as_ref().and_then(|p| p.goals.iter().find(|g| g.id == goal));
    let g = found.ok_or_else(|| Problem::not_found("This wijkplan has no such goal."))?;
    Ok(created(goal_body(g)))
}

fn plan_body(plan: &Wijkplan) -> WijkplanBody<'_> {
    WijkplanBody {
        id: &plan.id,
        place_code: &plan.place_code,
        ambition: &plan.ambition,
        description: &plan.description,
        updated_at: &plan.updated_at,
        goals: plan.goals.iter().map(goal_body).collect(),
    }
}

fn goal_body(g: &PlanGoal) -> WijkplanGoalBody<'_> {
    WijkplanGoalBody {
        id: &g.id,
        title: &g.title,
        indicator: &g.indicator,
        unit: &g.unit,
        baseline: g.baseline,
        target: g.target,
        target_date: &g.target_date,
        progress_percent: g.measurements.last().and_then(|m| progress_percent(g.baseline, g.target, m.value)),
        contributions: &g.contributions,
        measurements: g
            .measurements
            .iter()
            .map(|m| MeasurementBody { measured_on: &m.measured_on, value: m.value, note: &m.note })
            .collect(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WijkplanBody<'a> {
    id: &'a str,
    place_code: &'a str,
    ambition: &'a str,
    description: &'a str,
    updated_at: &'a str,
    goals: Vec<WijkplanGoalBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WijkplanGoalBody<'a> {
    id: &'a str,
    title: &'a str,
    indicator: &'a str,
    unit: &'a str,
    baseline: f64,
    target: f64,
    target_date: &'a str,
    progress_percent: Option<i64>,
    /// `{ who, name, what }`: one-word fields, as stored.
    contributions: &'a [wijkwerk_store::wijkplan::Contribution],
    measurements: Vec<MeasurementBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MeasurementBody<'a> {
    measured_on: &'a str,
    value: f64,
    note: &'a str,
}
