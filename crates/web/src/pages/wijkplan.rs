//! The wijkplan: public and printable; the wijk's leads keep it up to date.

use super::{Fields, FormFields, PageResult, after_form, get, render, shown};
use crate::AppState;
use crate::context::{Context, Ctx, SignedIn};
use crate::problem::PageError;
use crate::weektest_view::{format_number, line_chart, parse_number};
use axum::extract::{Path, State};
use serde::Serialize;
use wijkwerk_app::wijkplan as use_case;
use wijkwerk_domain::wijkplan;
use wijkwerk_store::wijkplan::PlanGoal;

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

async fn page(state: &AppState, ctx: &Ctx, code: &str, editing: bool, errors: Fields) -> PageResult {
    let (place, plan, editor) = use_case::plan(state.store(), ctx.actor(), code).await?;
    if editing && !editor {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
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
    shown(html, &errors)
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    page(&state, &ctx, &code, false, Fields::new()).await
}

pub async fn edit(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    page(&state, &ctx, &code, true, Fields::new()).await
}

/// Back to the editing page, or that page again with what was wrong.
async fn after(state: &AppState, ctx: &SignedIn, code: &str, result: wijkwerk_app::Result<()>) -> PageResult {
    let to = |_: &()| format!("/plaatsen/{code}/wijkplan/bewerken");
    after_form(result, to, |errors| page(state, ctx, code, true, errors)).await
}

pub async fn save(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let result =
        use_case::save(state.store(), ctx.actor(), &code, get(&f, "ambition"), get(&f, "description")).await;
    after(&state, &ctx, &code, result).await
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let goal = use_case::GoalInput {
        title: get(&f, "title"),
        indicator: get(&f, "indicator"),
        unit: get(&f, "unit"),
        baseline: parse_number(get(&f, "baseline")),
        target: parse_number(get(&f, "target")),
        target_date: get(&f, "target_date"),
    };
    let result = use_case::add_goal(state.store(), ctx.actor(), &code, goal).await.map(|_| ());
    after(&state, &ctx, &code, result).await
}

pub async fn add_contribution(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let typed = (get(&f, "who"), get(&f, "name"), get(&f, "what"));
    let result = use_case::add_contribution(state.store(), ctx.actor(), &code, get(&f, "goal"), typed).await;
    after(&state, &ctx, &code, result).await
}

pub async fn add_measurement(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let typed = (get(&f, "measured_on"), parse_number(get(&f, "value")), get(&f, "note"));
    let result = use_case::add_measurement(state.store(), ctx.actor(), &code, get(&f, "goal"), typed).await;
    after(&state, &ctx, &code, result).await
}
