//! `/api/v1/places/{code}…`

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;
use wijkwerk_app::places::{self as use_case, PersonRef};
use wijkwerk_domain::Role;

pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let o = use_case::overview(state.store(), None, &code).await?;
    let place = o.place();
    Ok(Json(json!({
        "code": place.code,
        "level": place.level,
        "name": place.name,
        "parentCode": place.parent_code,
        "path": o.path.iter().map(|p| json!({ "code": p.code, "level": p.level, "name": p.name })).collect::<Vec<_>>(),
        "children": o.children.iter().map(|c| json!({
            "code": c.place.code, "level": c.place.level, "name": c.place.name, "residents": c.residents,
        })).collect::<Vec<_>>(),
        "residentsTotal": o.residents_total,
        "minGroupSize": o.min_group_size,
        "organisations": o.organisations,
    }))
    .into_response())
}

pub async fn team(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> ApiResult {
    let items = use_case::team(state.store(), ctx.actor(), &code).await?;
    Ok(Json(json!({ "items": items })).into_response())
}

/// Gives a role at this place to a person, found by id or e-mail address.
pub async fn assign_role(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let person = match (body.str("personId"), body.str("email")) {
        (Some(id), _) => PersonRef::Id(id),
        (None, Some(email)) => PersonRef::Email(email),
        (None, None) => PersonRef::Missing,
    };
    let by_id = body.str("personId").is_some();
    let role = body.str("role").and_then(Role::parse);
    let given = use_case::assign_role(state.store(), ctx.actor(), &code, role, person).await?;
    // Given by e-mail address, the answer does not say whether it has an account.
    let mut answer = json!({ "role": given.role, "placeCode": given.place_code });
    if by_id {
        answer["personId"] = json!(given.person_id);
    } else {
        answer["email"] = json!(body.str("email"));
    }
    Ok(created(answer))
}

/// Demand (survey mentions) against supply (sociale kaart) per life domain.
pub async fn demand_supply(
    State(state): State<AppState>,
    ctx: crate::context::Context,
    Path(code): Path<String>,
) -> ApiResult {
    let d = use_case::demand_supply(state.store(), &code, ctx.lang).await?;
    Ok(Json(json!({
        "code": d.place.code,
        "name": d.place.name,
        "respondents": d.respondents,
        "minGroupSize": d.min_group_size,
        "domains": d.rows.iter().map(|r| json!({
            "domain": r.domain, "name": r.name, "demand": r.demand, "supply": r.supply,
            "demandShare": r.demand_share, "supplyShare": r.supply_share, "verdict": r.verdict,
        })).collect::<Vec<_>>(),
        "market": d.market.iter().map(|m| json!({
            "domain": m.domain, "name": m.name, "requests": m.requests, "offers": m.offers,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// The wijk's own plan: ambition, goals with indicator, baseline, target and
/// date, contributions and measurements.
pub async fn wijkplan(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let (place, plan, _) = wijkwerk_app::wijkplan::plan(state.store(), None, &code).await?;
    let plan = plan.ok_or_else(|| Problem::not_found(format!("{} has no wijkplan yet.", place.name)))?;
    Ok(Json(json!({
        "id": plan.id,
        "placeCode": plan.place_code,
        "ambition": plan.ambition,
        "description": plan.description,
        "updatedAt": plan.updated_at,
        "goals": plan.goals.iter().map(|g| json!({
            "id": g.id,
            "title": g.title,
            "indicator": g.indicator,
            "unit": g.unit,
            "baseline": g.baseline,
            "target": g.target,
            "targetDate": g.target_date,
            "progressPercent": g.measurements.last().and_then(|m| wijkwerk_domain::wijkplan::progress_percent(g.baseline, g.target, m.value)),
            "contributions": g.contributions.iter().map(|c| json!({ "who": c.who, "name": c.name, "what": c.what })).collect::<Vec<_>>(),
            "measurements": g.measurements.iter().map(|m| json!({ "measuredOn": m.measured_on, "value": m.value, "note": m.note })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}
