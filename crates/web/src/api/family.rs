//! `/api/v1/households…` and `/api/v1/family-plans/{id}…`: households, and
//! the gezinsplan read and written through the same use cases as its page.

use super::{ApiResult, Items, JsonObject};
use crate::AppState;
use crate::context::SignedIn;
use crate::weektest_view::{json_number, test_json};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::family::{self as guard, plan};
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
    Ok(Json(Items { items: households.iter().map(household_body).collect::<Vec<_>>() }).into_response())
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SideBySideBody<'a> {
    household_id: &'a str,
    members: Vec<ColumnBody>,
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
    Ok(Json(SideBySideBody { household_id: &household.id, members }).into_response())
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
    plan_reply(&state, &ctx, &id, StatusCode::OK).await
}

/// The plan as the caller may see it, after a change with `status`.
async fn plan_reply(state: &AppState, ctx: &SignedIn, id: &str, status: StatusCode) -> ApiResult {
    let (household, plan, viewer) = guard::plan_for(state.store(), ctx.person_id(), id).await?;
    let hours = |half: u32| f64::from(half) / 2.0;
    let body = PlanBody {
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
    };
    Ok((status, Json(body)).into_response())
}

/// Opens the household's plan for a member, making it on first use.
pub async fn open_plan(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let plan_id = plan::open(state.store(), ctx.person_id(), &id).await?;
    plan_reply(&state, &ctx, &plan_id, StatusCode::OK).await
}

/// `{"title", "parentId"?, "domain"?, "members": [personId, …]}`: a long-term
/// goal, or a step under one (`parentId`).
pub async fn add_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let members = match body.0.get("members") {
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect(),
        _ => vec![],
    };
    let input = plan::GoalInput {
        title: body.str("title").unwrap_or(""),
        parent_id: body.str("parentId").unwrap_or(""),
        domain: body.str("domain").unwrap_or(""),
        member_ids: members,
    };
    plan::add_goal(state.store(), ctx.person_id(), &id, input).await?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// `{"goalId", "who", "what", "plannedHours", "due"?}`; hours in half steps.
pub async fn add_action(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let text = |k| body.str(k).unwrap_or("");
    let input = plan::ActionInput {
        goal_id: text("goalId"),
        who: text("who"),
        what: text("what"),
        planned_hours: json_number(&body.0, "plannedHours"),
        due: text("due"),
    };
    plan::add_action(state.store(), ctx.person_id(), &id, input).await?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// `{"spentHours", "status"}`: where one action stands now.
pub async fn set_progress(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((id, action)): Path<(String, String)>,
    body: JsonObject,
) -> ApiResult {
    let progress = plan::Progress {
        action_id: &action,
        spent_hours: json_number(&body.0, "spentHours"),
        status: body.str("status").unwrap_or(""),
    };
    plan::update_action(state.store(), ctx.person_id(), &id, progress).await?;
    plan_reply(&state, &ctx, &id, StatusCode::OK).await
}

/// `{"heldOn": "2026-11-20", "summary": "…"}`.
pub async fn add_evaluation(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (date, summary) = (body.str("heldOn").unwrap_or(""), body.str("summary").unwrap_or(""));
    plan::add_evaluation(state.store(), ctx.person_id(), &id, date, summary)
        .await
        .map_err(|e| e.renamed(&[("date", "heldOn")]))?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// `{"name", "relation", "contact"?}`: someone around the family who helps.
pub async fn add_network_person(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let text = |k| body.str(k).unwrap_or("");
    plan::add_network_person(
        state.store(),
        ctx.person_id(),
        &id,
        text("name"),
        text("relation"),
        text("contact"),
    )
    .await?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// `{"personId"}`: an adult member invites a professional, with their own
/// consent at once.
pub async fn invite_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let person = body.str("personId").unwrap_or("");
    plan::invite_professional(state.store(), ctx.person_id(), &id, person)
        .await
        .map_err(|e| e.renamed(&[("person", "personId")]))?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// Another adult member's "yes" for a professional already invited.
pub async fn consent_to_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((id, person)): Path<(String, String)>,
) -> ApiResult {
    plan::consent_to_professional(state.store(), ctx.person_id(), &id, &person).await?;
    plan_reply(&state, &ctx, &id, StatusCode::CREATED).await
}

/// `{"personId"}`: an adult member or one of the plan's professionals.
pub async fn set_regisseur(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let person = body.str("personId").unwrap_or("");
    plan::set_regisseur(state.store(), ctx.person_id(), &id, person)
        .await
        .map_err(|e| e.renamed(&[("regisseur", "personId")]))?;
    plan_reply(&state, &ctx, &id, StatusCode::OK).await
}
