//! The wijkplan: public and printable; the wijk's leads keep it up to date.

use super::{PageResult, render};
use crate::AppState;
use crate::context::{Context, Ctx};
use crate::problem::PageError;
use crate::weektest_view::{format_number, line_chart, parse_number};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_domain::access::WIJK_LEADS;
use wijkwerk_domain::place::looks_like_code;
use wijkwerk_domain::{Invalid, Place, wijkplan};
use wijkwerk_store::wijkplan::{PlanGoal, Wijkplan};

/// The place and its path, or 404.
async fn place_of(state: &AppState, code: &str) -> Result<(Place, Vec<String>), PageError> {
    if !looks_like_code(code) {
        return Err(PageError::not_found());
    }
    let path = state.store().place_path(code).await?;
    let place = path.last().cloned().ok_or_else(PageError::not_found)?;
    Ok((place, path.into_iter().map(|p| p.code).collect()))
}

fn may_edit(ctx: &Ctx, path: &[String]) -> bool {
    ctx.actor().is_some_and(|a| WIJK_LEADS.iter().any(|&r| a.has_role_over(r, path)))
}

#[derive(Serialize)]
struct GoalView {
    id: String,
    title: String,
    indicator: String,
    unit: String,
    baseline: String,
    target: String,
    target_date: String,
    latest: Option<String>,
    latest_on: Option<String>,
    progress: Option<i64>,
    progress_step: i64,
    contributions: Vec<wijkwerk_store::wijkplan::Contribution>,
    measurements: Vec<(String, String, String)>,
    chart: Option<crate::weektest_view::LineChart>,
}

fn goal_view(g: &PlanGoal, state: &AppState, lang: &str) -> GoalView {
    let latest = g.measurements.last();
    let progress = latest.and_then(|m| wijkplan::progress_percent(g.baseline, g.target, m.value));
    // Baseline, then every measurement; the target as the way from the
    // baseline to the target value at its date (not a level that holds now).
    let chart = (!g.measurements.is_empty()).then(|| {
        let mut labels = vec![state.i18n().t(lang, "wp-baseline")];
        labels.extend(g.measurements.iter().map(|m| m.measured_on[..7].to_string()));
        labels.push(g.target_date.get(..7).unwrap_or(&g.target_date).to_string());
        let mut values = vec![Some(g.baseline)];
        values.extend(g.measurements.iter().map(|m| Some(m.value)));
        values.push(None);
        let mut targets = vec![None; values.len()];
        targets[0] = Some(g.baseline);
        *targets.last_mut().expect("at least two") = Some(g.target);
        let all = values.iter().chain(&targets).flatten().copied();
        let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let step = crate::weektest_view::nice_step((hi - lo).max(1.0));
        let bottom = (lo / step).floor() * step;
        let top = ((hi / step).ceil() * step).max(bottom + step);
        line_chart(
            &labels,
            vec![
                (state.i18n().t(lang, "wp-measured"), "line--now", values),
                (state.i18n().t(lang, "wp-target-path"), "line--wished", targets),
            ],
            bottom,
            top,
            step,
        )
    });
    GoalView {
        id: g.id.clone(),
        title: g.title.clone(),
        indicator: g.indicator.clone(),
        unit: g.unit.clone(),
        baseline: format_number(g.baseline),
        target: format_number(g.target),
        target_date: g.target_date.clone(),
        latest: latest.map(|m| format_number(m.value)),
        latest_on: latest.map(|m| m.measured_on.clone()),
        progress,
        progress_step: progress.unwrap_or(0).clamp(0, 100) / 10 * 10,
        contributions: g.contributions.clone(),
        measurements: g
            .measurements
            .iter()
            .map(|m| (m.measured_on.clone(), format_number(m.value), m.note.clone()))
            .collect(),
        chart,
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    editing: bool,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let (place, path) = place_of(state, code).await?;
    let editor = may_edit(ctx, &path);
    if editing && !editor {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
    let plan: Option<Wijkplan> = state.store().wijkplan(code).await?;
    let goals: Vec<GoalView> = plan
        .as_ref()
        .map(|p| p.goals.iter().map(|g| goal_view(g, state, ctx.lang)).collect())
        .unwrap_or_default();
    let html = render(
        state,
        ctx,
        if editing { "wijkplan_edit.html" } else { "wijkplan.html" },
        view! {
            place,
            plan,
            goals,
            editor,
            errors,
            contributors => wijkplan::CONTRIBUTORS,
            today => wijkwerk_domain::goals::iso(wijkwerk_domain::goals::today(wijkwerk_domain::Timestamp::now())),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    page(&state, &ctx, &code, false, StatusCode::OK, BTreeMap::new()).await
}

pub async fn edit(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    page(&state, &ctx, &code, true, StatusCode::OK, BTreeMap::new()).await
}

async fn after(state: &AppState, ctx: &Ctx, code: &str, result: Result<(), Invalid>) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/plaatsen/{code}/wijkplan/bewerken")).into_response()),
        Err(invalid) => {
            let errors =
                invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect();
            page(state, ctx, code, true, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}

/// Checks the viewer may edit this wijk's plan; returns the plan id if there is one.
async fn editable(state: &AppState, ctx: &Ctx, code: &str) -> Result<Option<String>, PageError> {
    let (_, path) = place_of(state, code).await?;
    if !may_edit(ctx, &path) {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
    Ok(state.store().wijkplan(code).await?.map(|p| p.id))
}

#[derive(Deserialize)]
pub struct AmbitionForm {
    #[serde(default)]
    ambition: String,
    #[serde(default)]
    description: String,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Form(form): Form<AmbitionForm>,
) -> PageResult {
    editable(&state, &ctx, &code).await?;
    let result = match wijkplan::check_plan(&form.ambition, &form.description) {
        Ok((ambition, description)) => {
            state.store().save_wijkplan(&code, &ambition, &description).await?;
            Ok(())
        }
        Err(e) => Err(e),
    };
    after(&state, &ctx, &code, result).await
}

#[derive(Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    target_date: String,
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Form(form): Form<GoalForm>,
) -> PageResult {
    let Some(plan) = editable(&state, &ctx, &code).await? else {
        return after(&state, &ctx, &code, Err(Invalid::single("ambition", "plan-first"))).await;
    };
    let result = match wijkplan::check_goal(
        &form.title,
        &form.indicator,
        &form.unit,
        parse_number(&form.baseline),
        parse_number(&form.target),
        &form.target_date,
    ) {
        Ok(goal) => {
            state.store().add_wijkplan_goal(&plan, &goal).await?;
            Ok(())
        }
        Err(e) => Err(e),
    };
    after(&state, &ctx, &code, result).await
}

/// The goal, if it belongs to this wijk's plan.
async fn goal_of_place(state: &AppState, code: &str, goal: &str) -> Result<bool, PageError> {
    Ok(wijkwerk_domain::ids::is_id(goal)
        && state.store().wijkplan_of_goal(goal).await?.as_deref() == Some(code))
}

#[derive(Deserialize)]
pub struct ContributionForm {
    #[serde(default)]
    goal: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    what: String,
}

pub async fn add_contribution(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Form(form): Form<ContributionForm>,
) -> PageResult {
    editable(&state, &ctx, &code).await?;
    let mut result = wijkplan::check_contribution(&form.who, &form.name, &form.what);
    if !goal_of_place(&state, &code, &form.goal).await? {
        let mut invalid = result.err().unwrap_or_default();
        invalid.add("goal", "goal-unknown");
        result = Err(invalid);
    }
    let result = match result {
        Ok((who, name, what)) => {
            state.store().add_contribution(&form.goal, &who, &name, &what).await?;
            Ok(())
        }
        Err(e) => Err(e),
    };
    after(&state, &ctx, &code, result).await
}

#[derive(Deserialize)]
pub struct MeasurementForm {
    #[serde(default)]
    goal: String,
    #[serde(default)]
    measured_on: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
}

pub async fn add_measurement(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Form(form): Form<MeasurementForm>,
) -> PageResult {
    editable(&state, &ctx, &code).await?;
    let mut result = wijkplan::check_measurement(&form.measured_on, parse_number(&form.value), &form.note);
    if !goal_of_place(&state, &code, &form.goal).await? {
        let mut invalid = result.err().unwrap_or_default();
        invalid.add("goal", "goal-unknown");
        result = Err(invalid);
    }
    let result = match result {
        Ok((on, value, note)) => {
            state.store().add_measurement(&form.goal, &on, value, &note).await?;
            Ok(())
        }
        Err(e) => Err(e),
    };
    after(&state, &ctx, &code, result).await
}
