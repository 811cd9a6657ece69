//! `/api/v1/places/{code}…`

use super::{ApiResult, Items, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::places::{self as use_case, PersonRef};
use wijkwerk_domain::Role;
use wijkwerk_domain::{Place, PlaceLevel};

/// A place in a path or list: `{ code, level, name }`.
#[derive(Serialize)]
struct PlaceRef<'a> {
    code: &'a str,
    level: PlaceLevel,
    name: &'a str,
}

impl<'a> From<&'a Place> for PlaceRef<'a> {
    fn from(p: &'a Place) -> Self {
        PlaceRef { code: &p.code, level: p.level, name: &p.name }
    }
}

#[derive(Serialize)]
struct ChildBody<'a> {
    #[serde(flatten)]
    place: PlaceRef<'a>,
    residents: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceBody<'a> {
    #[serde(flatten)]
    place: PlaceRef<'a>,
    parent_code: Option<&'a str>,
    path: Vec<PlaceRef<'a>>,
    children: Vec<ChildBody<'a>>,
    residents_total: Option<u64>,
    min_group_size: u64,
    organisations: &'a [wijkwerk_store::places::Organisation],
}

pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let o = use_case::overview(state.store(), None, &code).await?;
    let place = o.place();
    Ok(Json(PlaceBody {
        place: place.into(),
        parent_code: place.parent_code.as_deref(),
        path: o.path.iter().map(PlaceRef::from).collect(),
        children: o
            .children
            .iter()
            .map(|c| ChildBody { place: (&c.place).into(), residents: c.residents })
            .collect(),
        residents_total: o.residents_total,
        min_group_size: o.min_group_size,
        organisations: &o.organisations,
    })
    .into_response())
}

pub async fn team(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> ApiResult {
    let items = use_case::team(state.store(), ctx.actor(), &code).await?;
    Ok(Json(Items { items }).into_response())
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
    Ok(created(AssignedBody {
        role: given.role,
        place_code: &given.place_code,
        person_id: if by_id { given.person_id.as_deref() } else { None },
        email: if by_id { None } else { body.str("email") },
    }))
}

/// The role given: to the person by id, or to the address as asked (which
/// does not say whether it has an account).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignedBody<'a> {
    role: Role,
    place_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    person_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

/// Demand (survey mentions) against supply (sociale kaart) per life domain.
pub async fn demand_supply(
    State(state): State<AppState>,
    ctx: crate::context::Context,
    Path(code): Path<String>,
) -> ApiResult {
    let d = use_case::demand_supply(state.store(), &code, ctx.lang).await?;
    Ok(Json(DemandSupplyBody {
        code: &d.place.code,
        name: &d.place.name,
        respondents: d.respondents,
        min_group_size: d.min_group_size,
        domains: d
            .rows
            .iter()
            .map(|r| DemandRowBody {
                domain: &r.domain,
                name: &r.name,
                demand: r.demand,
                supply: r.supply,
                demand_share: r.demand_share,
                supply_share: r.supply_share,
                verdict: r.verdict,
            })
            .collect(),
        market: &d.market,
    })
    .into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemandSupplyBody<'a> {
    code: &'a str,
    name: &'a str,
    respondents: Option<u64>,
    min_group_size: u64,
    domains: Vec<DemandRowBody<'a>>,
    /// `{ domain, name, requests, offers }`: one-word fields, as the use case has them.
    market: &'a [use_case::MarketRow],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DemandRowBody<'a> {
    domain: &'a str,
    name: &'a str,
    demand: Option<u64>,
    supply: i64,
    demand_share: Option<f64>,
    supply_share: f64,
    verdict: wijkwerk_domain::survey::Verdict,
}
