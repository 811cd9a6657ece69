//! "Mens, wat woon je": housing projects per place (`/plaatsen/{code}/wonen`)
//! and a project's scorecard (`/wonen/{id}`), with the gemeente's forms.

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::housing as use_case;
use wijkwerk_domain::housing::{STATUSES, key, themes};
use wijkwerk_domain::texts::text;

fn theme_name(code: &str, lang: &str) -> String {
    themes().iter().find(|t| t.code == code).map(|t| text(&t.name, lang).to_string()).unwrap_or_default()
}

pub async fn overview(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    overview_page(&state, &ctx, &code, StatusCode::OK, BTreeMap::new()).await
}

async fn overview_page(
    state: &AppState,
    ctx: &crate::context::Ctx,
    code: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let o = use_case::overview(state.store(), ctx.actor(), code).await?;
    let lang = ctx.lang;
    let theme_names: Vec<String> = themes().iter().map(|t| text(&t.name, lang).to_string()).collect();
    let html = render(
        state,
        ctx,
        "housing.html",
        view! {
            place => o.place,
            path => o.path,
            projects => o.projects,
            per_gemeente => o.per_gemeente,
            per_province => o.per_province,
            province_of => o.province_of,
            may_add => o.may_add,
            theme_names,
            statuses => STATUSES,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    homes: String,
    #[serde(default)]
    status: String,
}

pub async fn add(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<AddForm>,
) -> PageResult {
    let result = use_case::add(state.store(), ctx.actor(), &code, &f.name, &f.homes, &f.status).await;
    after_form(
        result,
        |p| format!("/wonen/{}", p.id),
        |errors| overview_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors),
    )
    .await
}

#[derive(Serialize)]
struct ThemeView {
    code: String,
    name: String,
    /// For the chart's label column: the name before its explanation.
    short: String,
    score: Option<u32>,
    width: f64,
    y: u32,
    criteria: Vec<(String, String, Option<u8>)>,
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    project_page(&state, &ctx, &id, StatusCode::OK, BTreeMap::new()).await
}

async fn project_page(
    state: &AppState,
    ctx: &crate::context::Ctx,
    id: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let d = use_case::project(state.store(), ctx.actor(), id).await?;
    let lang = ctx.lang;
    let scores = d.scored.project.scores.clone().unwrap_or_default();
    let theme_views: Vec<ThemeView> = themes()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let score = d.scored.themes.iter().find(|(c, _)| *c == t.code).map(|(_, s)| *s);
            let name = text(&t.name, lang).to_string();
            ThemeView {
                code: t.code.clone(),
                short: name.split(" (").next().unwrap_or(&name).to_string(),
                name,
                score,
                width: f64::from(score.unwrap_or(0)) * 2.0,
                y: i as u32 * 30,
                criteria: t
                    .criteria
                    .iter()
                    .map(|c| (key(t, c), text(&c.text, lang).to_string(), scores.get(&key(t, c)).copied()))
                    .collect(),
            }
        })
        .collect();
    let advice: Vec<(String, String, u8)> = d
        .advice
        .iter()
        .filter_map(|(t, c, s)| {
            let theme = themes().iter().find(|x| x.code == *t)?;
            let criterion = theme.criteria.iter().find(|x| x.code == *c)?;
            Some((theme_name(t, lang), text(&criterion.advice, lang).to_string(), *s))
        })
        .collect();
    let html = render(
        state,
        ctx,
        "housing_project.html",
        view! {
            project => d.scored.project,
            place_name => d.scored.project.place_name.clone(),
            total => d.scored.total,
            path => d.path,
            themes => theme_views,
            chart_height => themes().len() as u32 * 30 + 4,
            advice,
            may_score => d.may_score,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn score(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let given: BTreeMap<String, String> = fields.into_iter().filter(|(k, _)| k != "csrf").collect();
    let result = use_case::score(state.store(), ctx.actor(), &id, &given).await;
    after_form(
        result,
        |_| format!("/wonen/{id}#score"),
        |errors| {
            // Field names hold a dot (`welzijn.ontmoeten`), which an element id may not.
            let errors = errors.into_iter().map(|(k, v)| (k.replace('.', "-"), v)).collect();
            project_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors)
        },
    )
    .await
}
