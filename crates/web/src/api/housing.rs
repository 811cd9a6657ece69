//! `/api/v1/…housing-projects…`: "Mens, wat woon je".

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wijkwerk_app::housing::{self as use_case, Scored};

fn scored(s: &Scored) -> Value {
    json!({
        "id": s.project.id,
        "placeCode": s.project.place_code,
        "placeName": s.project.place_name,
        "name": s.project.name,
        "homes": s.project.homes,
        "status": s.project.status,
        "total": s.total,
        "themes": s.themes.iter().map(|(t, v)| json!({ "theme": t, "score": v })).collect::<Vec<_>>(),
        "scores": s.project.scores,
        "scoredAt": s.project.scored_at,
    })
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let o = use_case::overview(state.store(), ctx.actor(), &code).await?;
    Ok(Json(json!({
        "code": o.place.code,
        "items": o.projects.iter().map(scored).collect::<Vec<_>>(),
        "perGemeente": o.per_gemeente.iter().map(|(g, n, homes, avg)| json!({
            "code": g.code, "name": g.name, "province": o.province_of.get(&g.code),
            "projects": n, "homes": homes, "averageScore": avg,
        })).collect::<Vec<_>>(),
        "perProvince": o.per_province.iter().map(|(code, name, n, homes, avg)| json!({
            "code": (!code.is_empty()).then_some(code), "name": (!name.is_empty()).then_some(name),
            "projects": n, "homes": homes, "averageScore": avg,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let d = use_case::project(state.store(), ctx.actor(), &id).await?;
    let mut v = scored(&d.scored);
    v["advice"] = json!(
        d.advice
            .iter()
            .map(|(t, c, s)| json!({ "theme": t, "criterion": c, "score": s }))
            .collect::<Vec<_>>()
    );
    Ok(Json(v).into_response())
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
    Ok(created(
        json!({ "id": p.id, "placeCode": p.place_code, "name": p.name, "homes": p.homes, "status": p.status }),
    ))
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
