//! "Weektest op maat": goals, weekly hours, ratings, and the effect over time.
//! A coach sees the same pages read-only, under the person's consent.

use super::{PageResult, errors_map, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::PageError;
use crate::weektest_view::{format_number, line_chart, nice_step, parse_number, timeline_rows};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::Error as AppError;
use wijkwerk_app::goals as use_case;
use wijkwerk_app::weektests::Timeline;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::goals::{self, NewGoal};
use wijkwerk_domain::texts::text;
use wijkwerk_store::goals::GoalProgress;

/// A goal as the pages show it.
#[derive(Serialize)]
struct GoalView {
    id: String,
    title: String,
    expected: String,
    domain: String,
    hours_per_week: String,
    weeks: u32,
    start: String,
    weeks_done: usize,
    logged: String,
    planned: String,
    percent: u64,
    /// The percentage in steps of ten, capped at 100, for the progress bar's class.
    percent_step: u64,
    attainment: Option<i8>,
    last_rating: Option<i8>,
}

async fn domain_names(state: &AppState, lang: &str) -> Result<BTreeMap<String, String>, PageError> {
    let mut names = BTreeMap::new();
    for t in wijkwerk_app::weektests::templates(state.store()).await? {
        for d in &t.domains {
            names.entry(d.code.clone()).or_insert_with(|| text(&d.name, lang).to_string());
        }
    }
    Ok(names)
}

fn goal_view(p: &GoalProgress, names: &BTreeMap<String, String>) -> GoalView {
    let half = |h: u64| format_number(h as f64 / 2.0);
    let percent = if p.planned_half_hours_so_far == 0 {
        0
    } else {
        p.logged_half_hours * 100 / p.planned_half_hours_so_far
    };
    GoalView {
        id: p.goal.id.clone(),
        title: p.goal.title.clone(),
        expected: p.goal.expected.clone(),
        domain: names.get(&p.goal.domain).cloned().unwrap_or_else(|| p.goal.domain.clone()),
        hours_per_week: half(u64::from(p.goal.half_hours_per_week)),
        weeks: p.goal.weeks,
        start: p.goal.start_monday.clone(),
        weeks_done: p.weeks_so_far.len(),
        logged: half(p.logged_half_hours),
        planned: half(p.planned_half_hours_so_far),
        percent,
        percent_step: percent.min(100) / 10 * 10,
        attainment: p.attainment_from_hours,
        last_rating: p.ratings.last().map(|r| r.score),
    }
}

#[derive(Deserialize)]
pub struct TimelineQuery {
    domein: Option<String>,
}

/// Day-month labels for the chart's x axis ("1-12"); tests on the same day
/// get their time too ("1-12 09:30"), so no two points share a label.
fn short_date_labels<'a>(times: impl Iterator<Item = &'a str>) -> Vec<String> {
    let parts: Vec<_> = times.map(|t| crate::i18n::local_parts(t).unwrap_or_default()).collect();
    parts
        .iter()
        .map(|&(y, m, d, h, min)| {
            let same_day = parts.iter().filter(|p| (p.0, p.1, p.2) == (y, m, d)).count() > 1;
            if same_day { format!("{d}-{m} {h:02}:{min:02}") } else { format!("{d}-{m}") }
        })
        .collect()
}

async fn timeline_page(
    state: &AppState,
    ctx: &SignedIn,
    other: Option<&str>,
    chosen: Option<String>,
) -> PageResult {
    let Timeline { person_id: person, owner, tests, goals } =
        wijkwerk_app::weektests::timeline(state.store(), ctx.actor(), other).await?;
    let lang = ctx.lang;
    let rows = timeline_rows(&tests, lang);
    let dates: Vec<String> = tests.iter().map(|(t, _)| t.taken_at.clone()).collect();
    // A day with two tests shows their times too, in the table as on the chart.
    let day = |t: &str| crate::i18n::local_parts(t).map(|(y, m, d, _, _)| (y, m, d));
    let same_day: Vec<bool> =
        dates.iter().map(|d| dates.iter().filter(|o| day(o) == day(d)).count() > 1).collect();
    let short_dates = short_date_labels(tests.iter().map(|(t, _)| t.taken_at.as_str()));
    let latest_priority = tests.iter().rev().find_map(|(t, _)| t.priority.as_ref().map(|p| p.0.clone()));
    let domain = chosen
        .filter(|c| rows.iter().any(|r| &r.code == c))
        .or(latest_priority)
        .or_else(|| rows.first().map(|r| r.code.clone()));
    let selected = domain.as_ref().and_then(|d| rows.iter().find(|r| &r.code == d));
    let (hours_chart, satisfaction_chart) = match selected {
        Some(row) => {
            let now: Vec<Option<f64>> = row.cells.iter().map(|c| c.map(|c| c.0)).collect();
            let wished: Vec<Option<f64>> = row.cells.iter().map(|c| c.map(|c| c.1)).collect();
            let sat: Vec<Option<f64>> = row.cells.iter().map(|c| c.map(|c| f64::from(c.2))).collect();
            let max = now.iter().chain(&wished).flatten().fold(1.0_f64, |a, b| a.max(*b));
            let step = nice_step(max);
            let top = (max / step).ceil() * step;
            let tr = |k: &str| state.i18n().t(lang, k);
            (
                Some(line_chart(
                    &short_dates,
                    vec![
                        (tr("weektest-legend-now"), "line--now", now),
                        (tr("weektest-legend-wished"), "line--wished", wished),
                    ],
                    0.0,
                    top,
                    step,
                )),
                Some(line_chart(
                    &short_dates,
                    vec![(tr("weektest-col-satisfaction"), "line--satisfaction", sat)],
                    1.0,
                    5.0,
                    1.0,
                )),
            )
        }
        None => (None, None),
    };
    let names = domain_names(state, lang).await?;
    let goals: Vec<GoalView> = goals.iter().map(|g| goal_view(g, &names)).collect();
    let test_ids: Vec<String> = tests.iter().map(|(t, _)| t.id.clone()).collect();
    ok(render(
        state,
        ctx,
        "weektest_timeline.html",
        view! {
            owner,
            person_id => person,
            dates,
            same_day,
            test_ids,
            rows,
            domain,
            domain_name => selected.map(|r| r.name.clone()),
            hours_chart,
            satisfaction_chart,
            goals,
        },
    )?)
}

pub async fn timeline(
    State(state): State<AppState>,
    ctx: SignedIn,
    Query(q): Query<TimelineQuery>,
) -> PageResult {
    timeline_page(&state, &ctx, None, q.domein).await
}

/// The coach's view of someone's tests and goals.
pub async fn shared_timeline(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> PageResult {
    timeline_page(&state, &ctx, Some(&id), q.domein).await
}

#[derive(Deserialize, Serialize, Default)]
pub struct GoalForm {
    #[serde(default)]
    test: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    expected: String,
    #[serde(default)]
    hours_per_week: String,
    #[serde(default)]
    weeks: String,
    #[serde(default)]
    start: String,
}

async fn goal_form_page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    form: GoalForm,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let domains: Vec<(String, String)> = domain_names(state, ctx.lang).await?.into_iter().collect();
    let html = render(state, ctx, "goal_form.html", view! { form, errors, domains })?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct NewGoalQuery {
    test: Option<String>,
}

pub async fn new_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Query(q): Query<NewGoalQuery>,
) -> PageResult {
    // Start from the test the person came from, or their latest one.
    let tests: Vec<_> = wijkwerk_app::weektests::own_tests(state.store(), ctx.actor())
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let test = q.test.as_ref().and_then(|id| tests.iter().find(|t| &t.id == id)).or(tests.last());
    let domain = test.and_then(|t| t.priority.as_ref().map(|p| p.0.clone())).unwrap_or_default();
    let form = GoalForm {
        test: test.map(|t| t.id.clone()).unwrap_or_default(),
        domain,
        weeks: "12".into(),
        start: goals::this_monday(Timestamp::now()),
        ..Default::default()
    };
    goal_form_page(&state, &ctx, StatusCode::OK, form, BTreeMap::new()).await
}

pub async fn create_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<GoalForm>,
) -> PageResult {
    let new = NewGoal {
        domain: form.domain.clone(),
        title: form.title.clone(),
        expected: form.expected.clone(),
        hours_per_week: parse_number(&form.hours_per_week),
        weeks: parse_number(&form.weeks),
        start: form.start.clone(),
    };
    match use_case::create(state.store(), ctx.actor(), &new, Some(&form.test)).await {
        Ok(goal) => Ok(Redirect::to(&format!("/weektest/doelen/{}", goal.goal.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            goal_form_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, form, errors_map(&invalid)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// One bar per week of the goal so far: hours logged against the plan.
#[derive(Serialize)]
struct WeekBar {
    week: String,
    hours: Option<String>,
    note: String,
    x: f64,
    height: f64,
    y: f64,
}

async fn goal_page(
    state: &AppState,
    ctx: &SignedIn,
    goal_id: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    typed: BTreeMap<String, String>,
) -> PageResult {
    let store = state.store();
    let (goal, own) = use_case::readable(store, ctx.actor(), goal_id).await?;
    let owner = if own { None } else { wijkwerk_app::privacy::display_name(store, &goal.person_id).await? };
    let back = if owner.is_some() {
        format!("/personen/{}/weektest", goal.person_id)
    } else {
        "/weektest/verloop".to_string()
    };
    let progress = use_case::progress(store, goal).await?;
    let names = domain_names(state, ctx.lang).await?;
    // Bar chart geometry: a fixed band per week, bars scaled to the largest week or the plan.
    let planned = f64::from(progress.goal.half_hours_per_week) / 2.0;
    let max = progress.logs.iter().map(|l| f64::from(l.half_hours) / 2.0).fold(planned, f64::max).max(1.0);
    let band = 400.0 / progress.weeks_so_far.len().max(1) as f64;
    let bars: Vec<WeekBar> = progress
        .weeks_so_far
        .iter()
        .enumerate()
        .map(|(i, week)| {
            let log = progress.logs.iter().find(|l| &l.week == week);
            let hours = log.map(|l| f64::from(l.half_hours) / 2.0);
            let height = (hours.unwrap_or(0.0) / max * 140.0 * 10.0).round() / 10.0;
            WeekBar {
                week: week.clone(),
                hours: hours.map(format_number),
                note: log.map(|l| l.note.clone()).unwrap_or_default(),
                x: (i as f64 * band * 10.0).round() / 10.0,
                height,
                y: 150.0 - height,
            }
        })
        .collect();
    let plan_y = ((150.0 - planned / max * 140.0) * 10.0).round() / 10.0;
    let band_width = ((band * 0.7) * 10.0).round() / 10.0;
    let view_goal = goal_view(&progress, &names);
    // Every field the forms show, typed or empty (templates are strict about missing values).
    let mut typed = typed;
    let default_week = progress.weeks_so_far.last().cloned().unwrap_or_default();
    typed.entry("week".into()).or_insert(default_week);
    for key in ["hours", "note", "ratingNote"] {
        typed.entry(key.into()).or_default();
    }
    let html = render(
        state,
        ctx,
        "goal.html",
        view! {
            owner,
            back,
            goal => view_goal,
            bars,
            plan_y,
            band_width,
            ratings => progress.ratings,
            weeks => progress.weeks_so_far,
            errors,
            typed,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn show_goal(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    goal_page(&state, &ctx, &id, StatusCode::OK, BTreeMap::new(), BTreeMap::new()).await
}

#[derive(Deserialize)]
pub struct LogForm {
    #[serde(default)]
    week: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    note: String,
}

pub async fn log_hours(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<LogForm>,
) -> PageResult {
    let hours = parse_number(&form.hours);
    match use_case::log_hours(state.store(), ctx.actor(), &id, &form.week, hours, &form.note).await {
        Ok(_) => Ok(Redirect::to(&format!("/weektest/doelen/{id}#uren")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let typed = BTreeMap::from([
                ("week".to_string(), form.week),
                ("hours".to_string(), form.hours),
                ("note".to_string(), form.note),
            ]);
            goal_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid), typed).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct RateForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    note: String,
}

pub async fn rate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RateForm>,
) -> PageResult {
    match use_case::rate(state.store(), ctx.actor(), &id, parse_number(&form.score), &form.note).await {
        Ok(_) => Ok(Redirect::to(&format!("/weektest/doelen/{id}#beoordeling")).into_response()),
        Err(AppError::Invalid(mut invalid)) => {
            // The rating's note sits beside the hours' note on one page.
            for e in &mut invalid.errors {
                if e.field == "note" {
                    e.field = "ratingNote".into();
                }
            }
            let typed = BTreeMap::from([("ratingNote".to_string(), form.note)]);
            goal_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid), typed).await
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::short_date_labels;

    #[test]
    fn two_tests_on_one_day_are_told_apart() {
        let labels = short_date_labels(
            ["2026-12-01T08:30:00Z", "2026-12-01T14:05:00Z", "2026-12-03T09:00:00Z"].into_iter(),
        );
        assert_eq!(labels, ["1-12 09:30", "1-12 15:05", "3-12"]);
    }
}
