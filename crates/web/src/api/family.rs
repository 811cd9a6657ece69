//! `/api/v1/households…` and `/api/v1/family-plans/{id}`.

use super::ApiResult;
use crate::AppState;
use crate::context::SignedIn;
use crate::weektest_view::test_json;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::{Value, json};
use wijkwerk_app::family as guard;
use wijkwerk_domain::family::{ActionStatus, Relation};
use wijkwerk_store::family::Household;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HouseholdBody<'a> {
    id: &'a str,
    name: &'a str,
    join_code: &'a str,
    members: Vec<MemberBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MemberBody<'a> {
    person_id: &'a str,
    name: &'a str,
    relation: Relation,
    adult: bool,
    has_account: bool,
}

fn members(h: &Household) -> Vec<MemberBody<'_>> {
    h.members
        .iter()
        .map(|m| MemberBody {
            person_id: &m.person_id,
            name: &m.name,
            relation: m.relation,
            adult: m.adult,
            has_account: m.has_account,
        })
        .collect()
}

fn household_body(h: &Household) -> HouseholdBody<'_> {
    HouseholdBody { id: &h.id, name: &h.name, join_code: &h.join_code, members: members(h) }
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    let households = guard::households(state.store(), ctx.person_id()).await?;
    Ok(Json(json!({ "items": households.iter().map(household_body).collect::<Vec<_>>() })).into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ColumnBody {
    person_id: String,
    name: String,
    weektest: Option<Value>,
    /// `not-shared` or `no-test` when there is no test to show.
    reason: Option<&'static str>,
}

/// Every member's latest week test that the caller may see, side by side.
pub async fn side_by_side(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let (household, columns) = guard::household::side_by_side(state.store(), ctx.person_id(), &id).await?;
    let members: Vec<ColumnBody> = columns
        .into_iter()
        .map(|c| ColumnBody {
            person_id: c.person_id,
            name: c.name,
            weektest: c.latest.map(|(t, template)| test_json(&t, &template)),
            reason: c.missing,
        })
        .collect();
    Ok(Json(json!({ "householdId": household.id, "members": members })).into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanBody<'a> {
    id: &'a str,
    members: Vec<MemberBody<'a>>,
    household_name: &'a str,
    /// `member` or `professional`.
    viewer: &'static str,
    regisseur_id: Option<&'a str>,
    goals: Vec<PlanGoalBody<'a>>,
    actions: Vec<ActionBody<'a>>,
    evaluations: Vec<EvaluationBody<'a>>,
    /// `{ name, relation, contact }`: one-word fields, as stored.
    network: &'a [wijkwerk_store::family::NetworkPerson],
    professionals: Vec<ProfessionalBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanGoalBody<'a> {
    id: &'a str,
    parent_id: Option<&'a str>,
    title: &'a str,
    domain: Option<&'a str>,
    member_ids: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActionBody<'a> {
    id: &'a str,
    goal_id: &'a str,
    who: &'a str,
    what: &'a str,
    planned_hours: f64,
    spent_hours: f64,
    due: Option<&'a str>,
    status: ActionStatus,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EvaluationBody<'a> {
    held_on: &'a str,
    summary: &'a str,
    author: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfessionalBody<'a> {
    person_id: &'a str,
    name: &'a str,
    organisation: Option<&'a str>,
}

pub async fn plan(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let (household, plan, viewer) = guard::plan_for(state.store(), ctx.person_id(), &id).await?;
    let hours = |half: u32| f64::from(half) / 2.0;
    Ok(Json(PlanBody {
        id: &plan.id,
        members: members(&household),
        household_name: &household.name,
        viewer: match viewer {
            guard::PlanViewer::Member => "member",
            guard::PlanViewer::Professional => "professional",
        },
        regisseur_id: plan.regisseur_id.as_deref(),
        goals: plan
            .goals
            .iter()
            .map(|g| PlanGoalBody {
                id: &g.id,
                parent_id: g.parent_id.as_deref(),
                title: &g.title,
                domain: g.domain.as_deref(),
                member_ids: &g.member_ids,
            })
            .collect(),
        actions: plan
            .actions
            .iter()
            .map(|a| ActionBody {
                id: &a.id,
                goal_id: &a.goal_id,
                who: &a.who,
                what: &a.what,
                planned_hours: hours(a.planned_half_hours),
                spent_hours: hours(a.spent_half_hours),
                due: a.due.as_deref(),
                status: a.status,
            })
            .collect(),
        evaluations: plan
            .evaluations
            .iter()
            .map(|e| EvaluationBody { held_on: &e.held_on, summary: &e.summary, author: e.author.as_deref() })
            .collect(),
        network: &plan.network,
        professionals: plan
            .professionals
            .iter()
            .map(|p| ProfessionalBody {
                person_id: &p.person_id,
                name: &p.name,
                organisation: p.organisation.as_deref(),
            })
            .collect(),
    })
    .into_response())
}
