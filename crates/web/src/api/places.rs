//! `/api/v1/places/{code}…`

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::Context;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;
use wijkwerk_domain::access::{may_assign_role, may_see_team};
use wijkwerk_domain::place::looks_like_code;
use wijkwerk_domain::privacy::suppress;
use wijkwerk_domain::{Invalid, Place, Role};

/// The place's chain from the land down, or a 404 problem.
async fn path_of(state: &AppState, code: &str) -> Result<Vec<Place>, Problem> {
    let not_found = || Problem::not_found(format!("There is no place with code {code}."));
    if !looks_like_code(code) {
        return Err(not_found());
    }
    let path = state.store().place_path(code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    if path.is_empty() { Err(not_found()) } else { Ok(path) }
}

fn codes(path: &[Place]) -> Vec<String> {
    path.iter().map(|p| p.code.clone()).collect()
}

pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let path = path_of(&state, &code).await?;
    let store = state.store();
    let err = |e| Problem::from_store(state.i18n(), e);
    let place = path.last().expect("non-empty");
    let (children, organisations) =
        tokio::try_join!(store.children_with_residents(&code), store.organisations_in(&code)).map_err(err)?;
    let counts: Vec<u64> = children.iter().map(|(_, n)| *n).collect();
    let min = store.min_group_size();
    let shown = suppress(&counts, min, true);
    Ok(Json(json!({
        "code": place.code,
        "level": place.level,
        "name": place.name,
        "parentCode": place.parent_code,
        "path": path.iter().map(|p| json!({ "code": p.code, "level": p.level, "name": p.name })).collect::<Vec<_>>(),
        "children": children.iter().zip(&shown.cells).map(|((c, _), n)| json!({
            "code": c.code, "level": c.level, "name": c.name, "residents": n,
        })).collect::<Vec<_>>(),
        "residentsTotal": shown.total,
        "minGroupSize": min.get(),
        "organisations": organisations,
    }))
    .into_response())
}

pub async fn team(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let path = path_of(&state, &code).await?;
    let actor = ctx.actor().expect("gate requires sign-in");
    if !may_see_team(actor, &codes(&path)) {
        return Err(Problem::forbidden("You have no role at this place or above it."));
    }
    let items = state.store().team_at(&code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(Json(json!({ "items": items })).into_response())
}

/// Gives a role at this place to a person, found by id or e-mail address.
pub async fn assign_role(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let path = path_of(&state, &code).await?;
    let actor = ctx.actor().expect("gate requires sign-in");
    let store = state.store();
    let err = |e| Problem::from_store(state.i18n(), e);

    let mut invalid = Invalid::new();
    let role = body.str("role").and_then(Role::parse);
    if role.is_none() {
        invalid.add("role", "role-unknown");
    }
    let person = match (body.str("personId"), body.str("email")) {
        (Some(id), _) => store.person(id).await.map_err(err)?,
        (None, Some(email)) => store.person_by_email(email).await.map_err(err)?,
        (None, None) => None,
    };
    if person.is_none() {
        invalid.add("personId", "person-unknown");
    }
    if !invalid.is_empty() {
        return Err(Problem::invalid(state.i18n(), &invalid));
    }
    let (role, person) = (role.expect("checked"), person.expect("checked"));
    if !may_assign_role(actor, role, &codes(&path)) {
        return Err(Problem::forbidden("Your roles do not allow giving this role at this place."));
    }
    let assignment = store.assign_role(&person.id, role, &code, None).await.map_err(err)?;
    Ok(created(json!({
        "personId": person.id,
        "role": assignment.role,
        "placeCode": assignment.place_code,
    })))
}

/// Demand (survey mentions) against supply (sociale kaart) per life domain.
pub async fn demand_supply(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
) -> ApiResult {
    let path = path_of(&state, &code).await?;
    let place = path.last().expect("non-empty");
    let (rows, respondents) = crate::pages::demand_supply::demand_supply(&state, &code, ctx.lang)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    let min = state.store().min_group_size().get();
    Ok(Json(json!({
        "code": place.code,
        "name": place.name,
        "respondents": (respondents >= min).then_some(respondents),
        "minGroupSize": min,
        "domains": rows.iter().map(|r| json!({
            "domain": r.domain, "name": r.name, "demand": r.demand, "supply": r.supply, "verdict": r.verdict,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// The wijk's own plan: ambition, goals with indicator, baseline, target and
/// date, contributions and measurements.
pub async fn wijkplan(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let path = path_of(&state, &code).await?;
    let place = path.last().expect("non-empty");
    let plan = state.store().wijkplan(&code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
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
