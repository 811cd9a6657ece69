//! `/api/v1/households…` and `/api/v1/family-plans/{id}`.

use super::ApiResult;
use crate::AppState;
use crate::context::SignedIn;
use crate::weektest_view::test_json;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use wijkwerk_app::family as guard;
use wijkwerk_store::family::Household;

fn household_json(h: &Household) -> Value {
    json!({
        "id": h.id,
        "name": h.name,
        "joinCode": h.join_code,
        "members": h.members.iter().map(|m| json!({
            "personId": m.person_id, "name": m.name, "relation": m.relation,
            "adult": m.adult, "hasAccount": m.has_account,
        })).collect::<Vec<_>>(),
    })
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let me = ctx.person_id();
    let households = wijkwerk_app::family::households(state.store(), me).await?;
    Ok(Json(json!({ "items": households.iter().map(household_json).collect::<Vec<_>>() })).into_response())
}

/// Every member's latest week test that the caller may see, side by side.
pub async fn side_by_side(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let (household, columns) = guard::household::side_by_side(state.store(), ctx.person_id(), &id).await?;
    let members: Vec<Value> = columns
        .into_iter()
        .map(|c| {
            json!({
                "personId": c.person_id,
                "name": c.name,
                "weektest": c.latest.map(|(t, template)| test_json(&t, &template)),
                "reason": c.missing,
            })
        })
        .collect();
    Ok(Json(json!({ "householdId": household.id, "members": members })).into_response())
}

pub async fn plan(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let me = ctx.person_id();
    let (household, plan, viewer) = guard::plan_for(state.store(), me, &id).await?;
    let hours = |half: u32| f64::from(half) / 2.0;
    Ok(Json(json!({
        "id": plan.id,
        "members": household_json(&household)["members"].clone(),
        "householdName": household.name,
        "viewer": match viewer { guard::PlanViewer::Member => "member", guard::PlanViewer::Professional => "professional" },
        "regisseurId": plan.regisseur_id,
        "goals": plan.goals.iter().map(|g| json!({
            "id": g.id, "parentId": g.parent_id, "title": g.title, "domain": g.domain, "memberIds": g.member_ids,
        })).collect::<Vec<_>>(),
        "actions": plan.actions.iter().map(|a| json!({
            "id": a.id, "goalId": a.goal_id, "who": a.who, "what": a.what,
            "plannedHours": hours(a.planned_half_hours), "spentHours": hours(a.spent_half_hours),
            "due": a.due, "status": a.status,
        })).collect::<Vec<_>>(),
        "evaluations": plan.evaluations.iter().map(|e| json!({ "heldOn": e.held_on, "summary": e.summary, "author": e.author })).collect::<Vec<_>>(),
        "network": plan.network.iter().map(|n| json!({ "name": n.name, "relation": n.relation, "contact": n.contact })).collect::<Vec<_>>(),
        "professionals": plan.professionals.iter().map(|p| json!({ "personId": p.person_id, "name": p.name, "organisation": p.organisation })).collect::<Vec<_>>(),
    }))
    .into_response())
}
