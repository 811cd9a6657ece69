//! `/api/v1/wijkscan/{id}…`: a round's report and one's answer.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use wijkwerk_app::wijkscan::{self as use_case, GroupProfile};
use wijkwerk_domain::Timestamp;

fn profile(g: &GroupProfile) -> Value {
    json!({
        "group": g.group,
        "people": g.people,
        "tasks": g.tasks.iter().map(|t| json!({
            "task": t.task, "chances": t.chances, "pitfalls": t.pitfalls,
            "chancesPresent": t.chances_present, "pitfallsPresent": t.pitfalls_present,
            "items": t.items.iter().map(|(n, share)| json!({ "item": n, "share": share })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub async fn report(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let r = use_case::report(state.store(), ctx.actor(), &id).await?;
    Ok(Json(json!({
        "id": r.round.id,
        "name": r.round.name,
        "placeCode": r.round.place_code,
        "openedAt": r.round.opened_at,
        "all": profile(&r.all),
        "groups": r.groups.iter().map(profile).collect::<Vec<_>>(),
        "suggestions": r.suggestions.iter().map(|(p, c)| json!({ "pitfall": p, "chances": c })).collect::<Vec<_>>(),
        "previous": r.previous.as_ref().map(|(round, p)| json!({ "id": round.id, "name": round.name, "all": profile(p) })),
        "mine": r.mine.as_ref().map(|(g, items)| json!({ "group": g, "items": items })),
    }))
    .into_response())
}

/// `{"group": "wijkcoordinator", "items": [1, 8, 26]}`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let items: Vec<String> = match body.0.get("items") {
        Some(Value::Array(a)) => {
            a.iter().map(|v| v.as_u64().map(|n| n.to_string()).unwrap_or_else(|| "?".into())).collect()
        }
        Some(_) => vec!["?".to_string()],
        None => Vec::new(),
    };
    use_case::answer(
        state.store(),
        ctx.actor(),
        &id,
        body.str("group").unwrap_or(""),
        &items,
        Timestamp::now(),
    )
    .await?;
    Ok(created(json!({ "round": id, "group": body.str("group"), "items": items.len() })))
}
