//! Households: members, sharing with each other, results side by side, and
//! the gezinsplan (one family, one plan) with the professionals the adults let in.

mod plan;

pub use plan::*;

use super::{PageResult, errors_map, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::PageError;
use crate::weektest_view::format_number;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::Error as AppError;
use wijkwerk_app::family::{self as guard, household};
use wijkwerk_domain::Invalid;
use wijkwerk_domain::family::{self, Relation};
use wijkwerk_domain::texts::text;
use wijkwerk_store::family::Household;
use wijkwerk_store::weektests::WeekTest;

/// The household, if the viewer is a member of it.
async fn my_household(state: &AppState, ctx: &SignedIn, id: &str) -> Result<Household, PageError> {
    Ok(guard::member_household(state.store(), ctx.person_id(), id).await?)
}

pub async fn index(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    index_page(&state, &ctx, StatusCode::OK, BTreeMap::new()).await
}

/// My households, the plans I work on, and the households I asked to join.
async fn index_page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let mine = household::mine(state.store(), ctx.person_id()).await?;
    let (households, plans, waiting) = (mine.households, mine.plans, mine.waiting);
    let html = render(
        state,
        ctx,
        "family_index.html",
        view! { households, plans, waiting, errors, relations => relation_names() },
    )?;
    Ok((status, html).into_response())
}

fn relation_names() -> Vec<&'static str> {
    Relation::ALL.iter().map(|r| r.as_str()).collect()
}

#[derive(Deserialize)]
pub struct NewHousehold {
    #[serde(default)]
    name: String,
    #[serde(default)]
    relation: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<NewHousehold>,
) -> PageResult {
    let me = ctx.person_id();
    let relation = Relation::parse(&form.relation).unwrap_or(Relation::Ouder);
    match guard::create_household(state.store(), me, &form.name, relation).await {
        Ok(h) => Ok(Redirect::to(&format!("/gezin/{}", h.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            index_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    relation: String,
}

/// Asks to join a household by its code: a member already goes there;
/// anyone else waits, on the households page, for an adult to let them in.
pub async fn join(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<JoinForm>) -> PageResult {
    let me = ctx.person_id();
    let relation = Relation::parse(&form.relation).unwrap_or(Relation::Ouder);
    match guard::request_to_join(state.store(), me, &form.code, relation).await {
        Ok(id) if guard::joined(state.store(), me, &id).await? => {
            Ok(Redirect::to(&format!("/gezin/{id}")).into_response())
        }
        Ok(_) => Ok(Redirect::to("/gezin#wachten").into_response()),
        Err(AppError::Invalid(invalid)) => {
            index_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid)).await
        }
        Err(AppError::Conflict("too-many-attempts")) => {
            let errors = BTreeMap::from([("code".to_string(), "error-join-too-many".to_string())]);
            index_page(&state, &ctx, StatusCode::TOO_MANY_REQUESTS, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct JoinDecision {
    #[serde(default)]
    person: String,
    #[serde(default)]
    admit: String,
}

/// An adult lets someone who asked in, or not.
pub async fn decide_join(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<JoinDecision>,
) -> PageResult {
    guard::decide_join(state.store(), ctx.person_id(), &id, &form.person, form.admit == "ja").await?;
    Ok(Redirect::to(&format!("/gezin/{id}#leden")).into_response())
}

/// An adult makes a new join code; the old one stops working.
pub async fn renew_code(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    guard::renew_join_code(state.store(), ctx.person_id(), &id).await?;
    Ok(Redirect::to(&format!("/gezin/{id}#code-title")).into_response())
}

#[derive(Serialize)]
struct MemberView {
    id: String,
    name: String,
    relation: &'static str,
    adult: bool,
    has_account: bool,
    is_me: bool,
    /// I share my week tests with this member.
    i_share: bool,
    /// I may fill in the week test for this member.
    act_for: bool,
}

async fn household_page(
    state: &AppState,
    ctx: &SignedIn,
    household: Household,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let me = ctx.person_id();
    let o = household::overview(state.store(), me, &household.id).await?;
    let members: Vec<MemberView> = household
        .members
        .iter()
        .map(|m| MemberView {
            id: m.person_id.clone(),
            name: m.name.clone(),
            relation: m.relation.as_str(),
            adult: m.adult,
            has_account: m.has_account,
            is_me: m.person_id == me,
            i_share: o.sharing_with.contains(&m.person_id),
            act_for: m.person_id != me && family::may_act_for(me, &household.members, &m.person_id),
        })
        .collect();
    let i_am_adult = household.members.iter().any(|m| m.person_id == me && m.adult);
    let has_plan = o.plan_id.is_some();
    let html = render(
        state,
        ctx,
        "family.html",
        view! {
            household => serde_json::json!({
                "id": household.id, "name": household.name, "join_code": household.join_code,
                "join_code_expires_at": household.join_code_expires_at,
            }),
            code_works => o.code_works,
            requests => o.requests,
            plan_has_professionals => o.plan_has_professionals,
            members,
            i_am_adult,
            has_plan,
            errors,
            relations => relation_names(),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let household = my_household(&state, &ctx, &id).await?;
    household_page(&state, &ctx, household, StatusCode::OK, BTreeMap::new()).await
}

#[derive(Deserialize)]
pub struct NewMember {
    #[serde(default)]
    name: String,
    #[serde(default)]
    relation: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<NewMember>,
) -> PageResult {
    let household = my_household(&state, &ctx, &id).await?;
    let me = ctx.viewer();
    if !household.members.iter().any(|m| m.person_id == me.person.id && m.adult) {
        return Err(PageError::forbidden("error-page-adults-only"));
    }
    let relation = Relation::parse(&form.relation);
    let result = match relation {
        None => Err(Invalid::single("relation", "relation-unknown").into()),
        // Members added here have no account: children, or adults who do not sign in.
        Some(r) => {
            state
                .store()
                .add_household_member(
                    &household.id,
                    &form.name,
                    r,
                    r != Relation::Kind,
                    me.person.home_place_code.as_deref(),
                )
                .await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/gezin/{}", household.id)).into_response()),
        Err(wijkwerk_store::StoreError::Invalid(invalid)) => {
            household_page(&state, &ctx, household, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    with: String,
    #[serde(default)]
    share: String,
}

/// Share (or stop sharing) my week tests with another member.
pub async fn share(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ShareForm>,
) -> PageResult {
    let share = match form.share.as_str() {
        "ja" => true,
        "nee" => false,
        // Neither: nothing to change, but only a member learns that.
        _ => {
            my_household(&state, &ctx, &id).await?;
            return Ok(Redirect::to(&format!("/gezin/{id}")).into_response());
        }
    };
    household::share_tests(state.store(), ctx.person_id(), &id, &form.with, share).await?;
    Ok(Redirect::to(&format!("/gezin/{id}")).into_response())
}

#[derive(Serialize)]
struct Column {
    name: String,
    test: Option<String>,
    taken_at: Option<String>,
    priority: Option<String>,
    /// Why there is no test to show: none taken, or not shared.
    missing: Option<&'static str>,
}

#[derive(Serialize)]
struct SideRow {
    name: String,
    cells: Vec<Option<(String, String, u8)>>,
}

#[derive(Serialize)]
struct SideBar {
    x: f64,
    y: f64,
    width: f64,
    value: String,
    series: usize,
}

#[derive(Serialize)]
struct SideGroup {
    label: String,
    y: f64,
    bars: Vec<SideBar>,
}

pub async fn side_by_side(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let (household, found) = household::side_by_side(state.store(), ctx.person_id(), &id).await?;
    let mut columns = Vec::new();
    let mut latest: Vec<Option<WeekTest>> = Vec::new();
    for c in found {
        let (test, template) = c.latest.map(|(t, tp)| (Some(t), Some(tp))).unwrap_or((None, None));
        columns.push(Column {
            name: c.name,
            test: test.as_ref().map(|t| t.id.clone()),
            taken_at: test.as_ref().map(|t| t.taken_at.clone()),
            priority: test.as_ref().and_then(|t| {
                let code = &t.priority.as_ref()?.0;
                template.as_ref().and_then(|tp| tp.domain(code)).map(|d| text(&d.name, ctx.lang).to_string())
            }),
            missing: c
                .missing
                .map(|m| if m == "not-shared" { "family-not-shared" } else { "family-no-test" }),
        });
        latest.push(test);
    }
    // Rows: the domains of every visible test, named from the basis template.
    let domains = wijkwerk_app::places::life_domains(state.store(), ctx.lang).await?;
    let mut codes: Vec<String> = Vec::new();
    for t in latest.iter().flatten() {
        for a in &t.answers {
            if !codes.contains(&a.domain) {
                codes.push(a.domain.clone());
            }
        }
    }
    let name_of = |code: &str| {
        domains.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()).unwrap_or_else(|| code.to_string())
    };
    let rows: Vec<SideRow> = codes
        .iter()
        .map(|code| SideRow {
            name: name_of(code),
            cells: latest
                .iter()
                .map(|t| {
                    t.as_ref()
                        .and_then(|t| t.answers.iter().find(|a| &a.domain == code))
                        .map(|a| (format_number(a.hours()), format_number(a.wished_hours()), a.satisfaction))
                })
                .collect(),
        })
        .collect();
    // One chart: per domain a bar per member (hours now).
    let shown: Vec<usize> = latest.iter().enumerate().filter(|(_, t)| t.is_some()).map(|(i, _)| i).collect();
    let bar_h = 12.0;
    let group_h = 20.0 + bar_h * shown.len() as f64 + 8.0;
    let max =
        latest.iter().flatten().flat_map(|t| t.answers.iter().map(|a| a.hours())).fold(1.0_f64, f64::max);
    let groups: Vec<SideGroup> = codes
        .iter()
        .enumerate()
        .map(|(gi, code)| SideGroup {
            label: name_of(code),
            y: gi as f64 * group_h,
            bars: shown
                .iter()
                .enumerate()
                .filter_map(|(si, &mi)| {
                    let a = latest[mi].as_ref()?.answers.iter().find(|a| &a.domain == code)?;
                    Some(SideBar {
                        x: 0.0,
                        y: gi as f64 * group_h + 18.0 + si as f64 * bar_h,
                        width: (a.hours() / max * 330.0 * 10.0).round() / 10.0,
                        value: format_number(a.hours()),
                        series: si,
                    })
                })
                .collect(),
        })
        .collect();
    let legend: Vec<(usize, String)> =
        shown.iter().enumerate().map(|(si, &mi)| (si, household.members[mi].name.clone())).collect();
    let chart_height = (codes.len() as f64 * group_h).ceil();
    ok(render(
        &state,
        &ctx,
        "family_side.html",
        view! {
            household => serde_json::json!({ "id": household.id, "name": household.name }),
            columns,
            rows,
            groups,
            legend,
            chart_height,
        },
    )?)
}
