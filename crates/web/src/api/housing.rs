//! `/api/v1/…housing-projects…`: "Mens, wat woon je".

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use wijkwerk_app::housing::{self as use_case, Scored};

/// A project with its broad-prosperity score: per theme and in total.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProjectBody<'a> {
    id: &'a str,
    place_code: &'a str,
    place_name: &'a str,
    name: &'a str,
    homes: i64,
    status: &'a str,
    total: Option<u32>,
    themes: Vec<ThemeScore<'a>>,
    scores: Option<&'a BTreeMap<String, u8>>,
    scored_at: Option<&'a str>,
    /// Only on one project: every criterion below 2, lowest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<Vec<AdviceBody<'a>>>,
}

#[derive(Serialize)]
struct ThemeScore<'a> {
    theme: &'a str,
    score: u32,
}

#[derive(Serialize)]
struct AdviceBody<'a> {
    theme: &'a str,
    criterion: &'a str,
    score: u8,
}

fn scored(s: &Scored) -> ProjectBody<'_> {
    let p = &s.project;
    ProjectBody {
        id: &p.id,
        place_code: &p.place_code,
        place_name: &p.place_name,
        name: &p.name,
        homes: p.homes,
        status: &p.status,
        total: s.total,
        themes: s.themes.iter().map(|(theme, score)| ThemeScore { theme, score: *score }).collect(),
        scores: p.scores.as_ref(),
        scored_at: p.scored_at.as_deref(),
        advice: None,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProjectsBody<'a> {
    code: &'a str,
    items: Vec<ProjectBody<'a>>,
    per_gemeente: Vec<AreaBody<'a>>,
    per_province: Vec<AreaBody<'a>>,
}

/// Projects, homes and the average score of a gemeente or a province
/// (`code` and `name` null for projects whose province is unknown).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AreaBody<'a> {
    code: Option<&'a str>,
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<Option<&'a str>>,
    projects: usize,
    homes: i64,
    average_score: Option<u32>,
}

/// A name or code, or null where it is unknown (empty).
fn known(t: &str) -> Option<&str> {
    Some(t).filter(|t| !t.is_empty())
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let o = use_case::overview(state.store(), ctx.actor(), &code).await?;
    Ok(Json(ProjectsBody {
        code: &o.place.code,
        items: o.projects.iter().map(scored).collect(),
        per_gemeente: o
            .per_gemeente
            .iter()
            .map(|(g, n, homes, avg)| AreaBody {
                code: Some(&g.code),
                name: Some(&g.name),
                province: Some(o.province_of.get(&g.code).map(String::as_str)),
                projects: *n,
                homes: *homes,
                average_score: *avg,
            })
            .collect(),
        per_province: o
            .per_province
            .iter()
            .map(|(code, name, n, homes, avg)| AreaBody {
                code: known(code),
                name: known(name),
                province: None,
                projects: *n,
                homes: *homes,
                average_score: *avg,
            })
            .collect(),
    })
    .into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let d = use_case::project(state.store(), ctx.actor(), &id).await?;
    let advice =
        d.advice.iter().map(|(theme, criterion, score)| AdviceBody { theme, criterion, score: *score });
    Ok(Json(ProjectBody { advice: Some(advice.collect()), ..scored(&d.scored) }).into_response())
}

/// `{"name": "De Linde", "homes": 48, "status": "plan"}`.
pub async fn add(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let homes = body.text_or_number("homes");
    let p = use_case::add(
        state.store(),
        ctx.actor(),
        &code,
        body.str("name").unwrap_or(""),
        &homes,
        body.str("status").unwrap_or(""),
    )
    .await?;
    Ok(created(RegisteredBody {
        id: &p.id,
        place_code: &p.place_code,
        name: &p.name,
        homes: p.homes,
        status: &p.status,
    }))
}

/// A project just registered: not scored yet.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RegisteredBody<'a> {
    id: &'a str,
    place_code: &'a str,
    name: &'a str,
    homes: i64,
    status: &'a str,
}

/// `{"scores": {"welzijn.ontmoeten": 2, …}}`: every criterion 0, 1 or 2.
pub async fn score(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let given: BTreeMap<String, String> = match body.0.get("scores") {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().map(|n| n.to_string()).unwrap_or_else(|| "?".into())))
            .collect(),
        _ => BTreeMap::new(),
    };
    let d = use_case::score(state.store(), ctx.actor(), &id, &given).await?;
    Ok(created(scored(&d.scored)))
}
