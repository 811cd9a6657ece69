//! The gezinsplan: one family, one plan, with the professionals the adults let in.

use crate::AppState;
use crate::context::SignedIn;
use crate::pages::{Fields, get};
use crate::pages::{FormFields, PageResult, after_form, render, shown};
use crate::weektest_view::{format_number, parse_number};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_app::family::{PlanViewer, plan};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::family::{self, Effort};

/// Opens (and on first use makes) the household's plan.
pub async fn open_plan(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let plan = plan::open(state.store(), ctx.person_id(), &id).await?;
    Ok(Redirect::to(&format!("/gezinsplan/{plan}")).into_response())
}

#[derive(Serialize)]
struct GoalView {
    id: String,
    title: String,
    domain: Option<String>,
    members: Vec<String>,
    steps: Vec<GoalView>,
    effort: EffortView,
    effects: Vec<EffectView>,
}

#[derive(Serialize, Default)]
struct EffortView {
    planned: String,
    spent: String,
    actions: u32,
    done: u32,
}

fn effort_view(e: &Effort) -> EffortView {
    EffortView {
        planned: format_number(e.planned as f64 / 2.0),
        spent: format_number(e.spent as f64 / 2.0),
        actions: e.actions,
        done: e.done,
    }
}

#[derive(Serialize)]
struct EffectView {
    name: String,
    effect: Option<family::Effect>,
}

fn goal_view(g: plan::GoalProgress, domain_name: &dyn Fn(&str) -> String) -> GoalView {
    GoalView {
        domain: g.goal.domain.as_deref().map(domain_name),
        id: g.goal.id,
        title: g.goal.title,
        members: g.members,
        steps: g.steps.into_iter().map(|s| goal_view(s, domain_name)).collect(),
        effort: effort_view(&g.effort),
        effects: g.effects.into_iter().map(|(name, effect)| EffectView { name, effect }).collect(),
    }
}

pub async fn show_plan(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
) -> PageResult {
    plan_page(&state, &ctx, &plan_id, Fields::new()).await
}

async fn plan_page(state: &AppState, ctx: &SignedIn, plan_id: &str, errors: Fields) -> PageResult {
    let me = ctx.viewer();
    let home = me.person.home_place_code.as_deref();
    let o = plan::overview(state.store(), &me.person.id, home, plan_id).await?;
    let (household, plan) = (&o.household, &o.plan);
    let lang = ctx.lang;
    let domains = wijkwerk_app::places::life_domains(state.store(), lang).await?;
    let domain_name = |code: &str| {
        domains
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let goal_titles: BTreeMap<&str, &str> =
        plan.goals.iter().map(|g| (g.id.as_str(), g.title.as_str())).collect();
    let actions: Vec<serde_json::Value> = plan
        .actions
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id, "goal": goal_titles.get(a.goal_id.as_str()), "who": a.who, "what": a.what,
                "planned": format_number(f64::from(a.planned_half_hours) / 2.0),
                "spent": format_number(f64::from(a.spent_half_hours) / 2.0),
                "due": a.due, "status": a.status,
            })
        })
        .collect();
    // People who can do actions: members, the plan's professionals, the network.
    let mut doers: Vec<String> = household.members.iter().map(|m| m.name.clone()).collect();
    doers.extend(plan.professionals.iter().map(|p| p.name.clone()));
    doers.extend(plan.network.iter().map(|n| n.name.clone()));
    let i_am_adult_member = household.members.iter().any(|m| m.person_id == me.person.id && m.adult);
    let regisseur_options: Vec<(&str, &str)> = household
        .members
        .iter()
        .filter(|m| m.adult)
        .map(|m| (m.person_id.as_str(), m.name.as_str()))
        .chain(plan.professionals.iter().map(|p| (p.person_id.as_str(), p.name.as_str())))
        .collect();
    let goals_of = |long_only: bool| -> Vec<(&str, &str)> {
        plan.goals
            .iter()
            .filter(|g| !long_only || g.parent_id.is_none())
            .map(|g| (g.id.as_str(), g.title.as_str()))
            .collect()
    };
    let professionals: Vec<serde_json::Value> = o
        .professionals
        .iter()
        .map(|p| serde_json::json!({ "id": p.person_id, "name": p.name, "organisation": p.organisation, "waiting": p.waiting, "i_consented": p.i_consented }))
        .collect();
    let html = render(
        state,
        ctx,
        "family_plan.html",
        view! {
            plan_id => plan.id,
            household => serde_json::json!({ "id": household.id, "name": household.name }),
            is_professional => matches!(o.viewer, PlanViewer::Professional),
            i_am_adult_member,
            regisseur => o.regisseur,
            regisseur_options,
            goals => o.goals.into_iter().map(|g| goal_view(g, &domain_name)).collect::<Vec<_>>(),
            per_person => o.per_person.iter().map(|(k, v)| (k, effort_view(v))).collect::<Vec<_>>(),
            actions,
            evaluations => plan.evaluations,
            network => plan.network,
            professionals,
            candidates => o.candidates,
            doers,
            long_goals => goals_of(true),
            all_goals => goals_of(false),
            domains,
            members => household.members.iter().map(|m| (m.person_id.as_str(), m.name.as_str())).collect::<Vec<_>>(),
            statuses => family::ActionStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            today => wijkwerk_domain::goals::iso(wijkwerk_domain::goals::today(Timestamp::now())),
            errors,
        },
    )?;
    shown(html, &errors)
}

/// After a change: back to the plan at `anchor`, or the plan again with what was wrong.
async fn after_change(
    state: &AppState,
    ctx: &SignedIn,
    plan_id: &str,
    result: Result<(), wijkwerk_app::Error>,
    anchor: &str,
) -> PageResult {
    after_form(
        result,
        |_| format!("/gezinsplan/{plan_id}#{anchor}"),
        |errors| plan_page(state, ctx, plan_id, errors),
    )
    .await
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let member_ids = fields.iter().filter(|(k, _)| k == "members").map(|(_, v)| v.clone()).collect();
    let f = crate::pages::form_fields(fields);
    let input = plan::GoalInput {
        title: get(&f, "title"),
        parent_id: get(&f, "parentId"),
        domain: get(&f, "domain"),
        member_ids,
    };
    let result = plan::add_goal(state.store(), ctx.person_id(), &plan_id, input).await;
    after_change(&state, &ctx, &plan_id, result, "doelen").await
}

pub async fn add_action(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let input = plan::ActionInput {
        goal_id: get(&f, "goalId"),
        who: get(&f, "who"),
        what: get(&f, "what"),
        planned_hours: parse_number(get(&f, "plannedHours")),
        due: get(&f, "due"),
    };
    let result = plan::add_action(state.store(), ctx.person_id(), &plan_id, input).await;
    after_change(&state, &ctx, &plan_id, result, "acties").await
}

pub async fn update_action(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((plan_id, action_id)): Path<(String, String)>,
    FormFields(f): FormFields,
) -> PageResult {
    let progress = plan::Progress {
        action_id: &action_id,
        spent_hours: parse_number(get(&f, "spentHours")),
        status: get(&f, "status"),
    };
    let result = plan::update_action(state.store(), ctx.person_id(), &plan_id, progress).await;
    after_change(&state, &ctx, &plan_id, result, "acties").await
}

/// Every action's progress in one form: `spent-{id}` and `status-{id}` per
/// action. Each problem is shown at its action; nothing is saved unless all
/// are right.
pub async fn update_actions(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let all: Vec<plan::Progress> = f
        .iter()
        .filter_map(|(k, spent)| {
            let id = k.strip_prefix("spent-")?;
            let status = f.get(&format!("status-{id}"))?;
            Some(plan::Progress { action_id: id, spent_hours: parse_number(spent), status })
        })
        .collect();
    let result = plan::update_actions(state.store(), ctx.person_id(), &plan_id, &all).await;
    after_change(&state, &ctx, &plan_id, result, "acties").await
}

pub async fn add_evaluation(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let (date, summary) = (get(&f, "date"), get(&f, "summary"));
    let result = plan::add_evaluation(state.store(), ctx.person_id(), &plan_id, date, summary).await;
    after_change(&state, &ctx, &plan_id, result, "evaluaties").await
}

pub async fn add_network(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let (name, relation, contact) = (get(&f, "name"), get(&f, "relation"), get(&f, "contact"));
    let result =
        plan::add_network_person(state.store(), ctx.person_id(), &plan_id, name, relation, contact).await;
    after_change(&state, &ctx, &plan_id, result, "netwerk").await
}

/// An adult member invites a professional and gives their own consent at once;
/// the professional joins when every other adult has consented too.
pub async fn invite_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let result = plan::invite_professional(state.store(), ctx.person_id(), &plan_id, get(&f, "person")).await;
    after_change(&state, &ctx, &plan_id, result, "professionals").await
}

/// Another adult member's "yes" for a professional already invited.
pub async fn consent_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let result =
        plan::consent_to_professional(state.store(), ctx.person_id(), &plan_id, get(&f, "person")).await;
    after_change(&state, &ctx, &plan_id, result, "professionals").await
}

pub async fn set_regisseur(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    FormFields(f): FormFields,
) -> PageResult {
    let result = plan::set_regisseur(state.store(), ctx.person_id(), &plan_id, get(&f, "person")).await;
    after_change(&state, &ctx, &plan_id, result, "regie").await
}
