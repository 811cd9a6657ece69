//! The gezinsplan: one family, one plan, with the professionals the adults let in.

use super::{PageResult, errors_map, my_household, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::PageError;
use crate::weektest_view::{format_number, parse_number};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::family::{self as guard, PlanViewer};
use wijkwerk_domain::family::{self, Effort};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::texts::text;
use wijkwerk_domain::{Invalid, Role, Timestamp};
use wijkwerk_store::family::{FamilyPlan, Household};
use wijkwerk_store::weektests::WeekTest;

/// The plan and its household, for any route under `/gezinsplan/{plan}`.
async fn load_plan(
    state: &AppState,
    ctx: &SignedIn,
    plan_id: &str,
) -> Result<(Household, FamilyPlan, PlanViewer), PageError> {
    Ok(guard::plan_for(state.store(), ctx.person_id(), plan_id).await?)
}

/// Opens (and on first use makes) the household's plan.
pub async fn open_plan(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let household = my_household(&state, &ctx, &id).await?;
    let plan = state.store().ensure_plan(&household.id).await?;
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

pub async fn show_plan(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
) -> PageResult {
    plan_page(&state, &ctx, &plan_id, StatusCode::OK, BTreeMap::new()).await
}

async fn plan_page(
    state: &AppState,
    ctx: &SignedIn,
    plan_id: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let (household, plan, viewer) = load_plan(state, ctx, plan_id).await?;
    let store = state.store();
    let lang = ctx.lang;
    let basis = store.template("basis", None).await?.ok_or_else(PageError::internal)?;
    let domain_name = |code: &str| {
        basis.domain(code).map(|d| text(&d.name, lang).to_string()).unwrap_or_else(|| code.to_string())
    };
    let _member_name = |id: &str| {
        household.members.iter().find(|m| m.person_id == id).map(|m| m.name.clone()).unwrap_or_default()
    };

    let goals = goal_views(store, &household, &plan, &domain_name).await?;
    // Per person: everyone who has actions, by the name in "who".
    let mut per_person: BTreeMap<String, Effort> = BTreeMap::new();
    for a in &plan.actions {
        per_person.entry(a.who.clone()).or_default().add(
            a.planned_half_hours,
            a.spent_half_hours,
            a.status == family::ActionStatus::Klaar,
        );
    }
    let per_person: Vec<(String, EffortView)> =
        per_person.iter().map(|(k, v)| (k.clone(), effort_view(v))).collect();
    let goal_titles: BTreeMap<String, String> =
        plan.goals.iter().map(|g| (g.id.clone(), g.title.clone())).collect();
    let actions: Vec<serde_json::Value> = plan
        .actions
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id, "goal": goal_titles.get(&a.goal_id), "who": a.who, "what": a.what,
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
    let me = ctx.viewer();
    let candidates = invitable_professionals(store, me.person.home_place_code.as_deref(), &plan).await?;
    let professionals = professional_views(store, &household, &plan, &me.person.id).await?;
    let i_am_adult_member = household.members.iter().any(|m| m.person_id == me.person.id && m.adult);
    let regisseur = plan.regisseur_id.as_deref().map(|id| {
        household
            .members
            .iter()
            .find(|m| m.person_id == id)
            .map(|m| m.name.clone())
            .or_else(|| plan.professionals.iter().find(|p| p.person_id == id).map(|p| p.name.clone()))
            .unwrap_or_default()
    });
    let regisseur_options: Vec<(String, String)> = household
        .members
        .iter()
        .filter(|m| m.adult)
        .map(|m| (m.person_id.clone(), m.name.clone()))
        .chain(plan.professionals.iter().map(|p| (p.person_id.clone(), p.name.clone())))
        .collect();
    let long_goals: Vec<(String, String)> = plan
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .map(|g| (g.id.clone(), g.title.clone()))
        .collect();
    let all_goals: Vec<(String, String)> =
        plan.goals.iter().map(|g| (g.id.clone(), g.title.clone())).collect();
    let domains: Vec<(String, String)> =
        basis.domains.iter().map(|d| (d.code.clone(), text(&d.name, lang).to_string())).collect();
    let members: Vec<(String, String)> =
        household.members.iter().map(|m| (m.person_id.clone(), m.name.clone())).collect();
    let html = render(
        state,
        ctx,
        "family_plan.html",
        view! {
            plan_id => plan.id,
            household => serde_json::json!({ "id": household.id, "name": household.name }),
            is_professional => matches!(viewer, PlanViewer::Professional),
            i_am_adult_member,
            regisseur,
            regisseur_options,
            goals,
            per_person,
            actions,
            evaluations => plan.evaluations,
            network => plan.network,
            professionals,
            candidates,
            doers,
            long_goals,
            all_goals,
            domains,
            members,
            statuses => family::ActionStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            today => wijkwerk_domain::goals::iso(wijkwerk_domain::goals::today(Timestamp::now())),
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

/// After a change: back to the plan, or the plan again with what was wrong.
async fn after_change(
    state: &AppState,
    ctx: &SignedIn,
    plan_id: &str,
    result: Result<(), wijkwerk_store::StoreError>,
    anchor: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/gezinsplan/{plan_id}#{anchor}")).into_response()),
        Err(wijkwerk_store::StoreError::Invalid(invalid)) => {
            plan_page(state, ctx, plan_id, StatusCode::UNPROCESSABLE_ENTITY, errors_map(&invalid)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let (household, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let member_ids: Vec<String> =
        fields.iter().filter(|(k, _)| k == "members").map(|(_, v)| v.clone()).collect();
    let long_ids: Vec<&str> =
        plan.goals.iter().filter(|g| g.parent_id.is_none()).map(|g| g.id.as_str()).collect();
    let basis = state.store().template("basis", None).await?.ok_or_else(PageError::internal)?;
    let domains: Vec<&str> = basis.domains.iter().map(|d| d.code.as_str()).collect();
    let checked = family::check_plan_goal(
        get("title"),
        Some(get("parentId")),
        &long_ids,
        Some(get("domain")),
        &domains,
        &member_ids,
        &household.members,
    );
    let result = match checked {
        Ok(goal) => state.store().add_plan_goal(&plan.id, &goal).await.map(|_| ()),
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "doelen").await
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default, rename = "goalId")]
    goal_id: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    what: String,
    #[serde(default, rename = "plannedHours")]
    planned_hours: String,
    #[serde(default)]
    due: String,
}

pub async fn add_action(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<ActionForm>,
) -> PageResult {
    let (_, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.as_str()).collect();
    let result = match family::check_action(
        &form.goal_id,
        &goal_ids,
        &form.who,
        &form.what,
        parse_number(&form.planned_hours),
        &form.due,
    ) {
        Ok(action) => state.store().add_plan_action(&action).await.map(|_| ()),
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "acties").await
}

#[derive(Deserialize)]
pub struct ActionUpdate {
    #[serde(default, rename = "spentHours")]
    spent_hours: String,
    #[serde(default)]
    status: String,
}

pub async fn update_action(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((plan_id, action_id)): Path<(String, String)>,
    Form(form): Form<ActionUpdate>,
) -> PageResult {
    let (_, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let result = match family::check_action_update(parse_number(&form.spent_hours), &form.status) {
        Ok((spent, status)) => state.store().update_plan_action(&plan.id, &action_id, spent, status).await,
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "acties").await
}

/// Every action's progress in one form: `spent-{id}` and `status-{id}` per
/// action. Each problem is shown at its action; nothing is saved unless all
/// are right.
pub async fn update_actions(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let (_, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let get = |k: String| fields.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
    let mut invalid = wijkwerk_domain::Invalid::new();
    let mut updates = Vec::new();
    for action in &plan.actions {
        let (Some(spent), Some(status)) =
            (get(format!("spent-{}", action.id)), get(format!("status-{}", action.id)))
        else {
            continue;
        };
        match family::check_action_update(parse_number(spent), status) {
            Ok((spent, status)) => updates.push((action.id.clone(), spent, status)),
            Err(e) => {
                for mut err in e.errors {
                    err.field = format!("{}-{}", err.field, action.id);
                    invalid.errors.push(err);
                }
            }
        }
    }
    let result = match invalid.into_result(()) {
        Ok(()) => state.store().update_plan_actions(&plan.id, &updates).await,
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "acties").await
}

#[derive(Deserialize)]
pub struct EvaluationForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    summary: String,
}

pub async fn add_evaluation(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<EvaluationForm>,
) -> PageResult {
    let (_, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let me = ctx.person_id();
    let result = match family::check_evaluation(&form.date, &form.summary) {
        Ok((date, summary)) => state.store().add_evaluation(&plan.id, &date, &summary, me).await,
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "evaluaties").await
}

#[derive(Deserialize)]
pub struct NetworkForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    contact: String,
}

pub async fn add_network(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<NetworkForm>,
) -> PageResult {
    let (_, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let result = match family::check_network_person(&form.name, &form.relation, &form.contact) {
        Ok((name, relation, contact)) => {
            state.store().add_network_person(&plan.id, &name, &relation, &contact).await
        }
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &ctx, &plan.id, result, "netwerk").await
}

#[derive(Deserialize)]
pub struct ProfessionalForm {
    #[serde(default)]
    person: String,
}

/// An adult member invites a professional and gives their own consent at once;
/// the professional joins when every other adult has consented too.
pub async fn invite_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<ProfessionalForm>,
) -> PageResult {
    let (household, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let me = ctx.person_id();
    if !household.members.iter().any(|m| m.person_id == me && m.adult) {
        return Err(PageError::forbidden("error-page-adults-only"));
    }
    let store = state.store();
    let is_professional = is_id(&form.person)
        && store.actor(&form.person).await?.has_any_role(&[Role::Wijkwerker, Role::Coach, Role::Coordinator]);
    if !is_professional {
        return after_change(
            &state,
            &ctx,
            &plan.id,
            Err(Invalid::single("person", "person-unknown").into()),
            "professionals",
        )
        .await;
    }
    store.invite_professional(&plan.id, &form.person).await?;
    give_plan_consent(&state, me, &form.person, &household.name).await?;
    Ok(Redirect::to(&format!("/gezinsplan/{}#professionals", plan.id)).into_response())
}

async fn give_plan_consent(
    state: &AppState,
    me: &str,
    professional: &str,
    household: &str,
) -> Result<(), PageError> {
    let store = state.store();
    let already = store.active_consents(me, professional).await?.iter().any(|c| c.scope == Scope::FamilyPlan);
    if !already {
        let purpose = format!("Gezinsplan {household}");
        store.grant_consent(me, professional, Scope::FamilyPlan.as_str(), &purpose, None).await?;
    }
    Ok(())
}

/// Another adult member's "yes" for a professional already invited.
pub async fn consent_professional(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<ProfessionalForm>,
) -> PageResult {
    let (household, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let me = ctx.person_id();
    if !household.members.iter().any(|m| m.person_id == me && m.adult) {
        return Err(PageError::forbidden("error-page-adults-only"));
    }
    if !plan.professionals.iter().any(|p| p.person_id == form.person) {
        return Err(PageError::not_found());
    }
    give_plan_consent(&state, me, &form.person, &household.name).await?;
    Ok(Redirect::to(&format!("/gezinsplan/{}#professionals", plan.id)).into_response())
}

pub async fn set_regisseur(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(plan_id): Path<String>,
    Form(form): Form<ProfessionalForm>,
) -> PageResult {
    let (household, plan, _) = load_plan(&state, &ctx, &plan_id).await?;
    let me = ctx.person_id();
    if !household.members.iter().any(|m| m.person_id == me && m.adult) {
        return Err(PageError::forbidden("error-page-adults-only"));
    }
    let allowed = household.members.iter().any(|m| m.adult && m.person_id == form.person)
        || plan.professionals.iter().any(|p| p.person_id == form.person);
    let result = if allowed {
        state.store().set_regisseur(&plan.id, Some(&form.person)).await
    } else {
        Err(Invalid::single("regisseur", "person-unknown").into())
    };
    after_change(&state, &ctx, &plan.id, result, "regie").await
}

/// The plan's long-term goals with their steps, each with its effort and,
/// per member, the measured effect (first and latest week test).
async fn goal_views(
    store: &wijkwerk_store::Store,
    household: &Household,
    plan: &FamilyPlan,
    domain_name: &(dyn Fn(&str) -> String + Sync),
) -> Result<Vec<GoalView>, PageError> {
    let member_name = |id: &str| {
        household.members.iter().find(|m| m.person_id == id).map(|m| m.name.clone()).unwrap_or_default()
    };
    // Measured effect per member and domain: first and latest week test.
    let mut tests_by_member: BTreeMap<String, Vec<WeekTest>> = BTreeMap::new();
    for m in &household.members {
        tests_by_member.insert(m.person_id.clone(), store.weektests_of(&m.person_id).await?);
    }
    let effect_of = |member: &str, domain: &str| {
        let measurements: Vec<(u8, f64)> = tests_by_member
            .get(member)
            .map(|tests| {
                tests
                    .iter()
                    .filter_map(|t| t.answers.iter().find(|a| a.domain == domain))
                    .map(|a| (a.satisfaction, (a.wished_hours() - a.hours()).abs()))
                    .collect()
            })
            .unwrap_or_default();
        family::effect(&measurements)
    };
    let effort_of = |goal_ids: &[&str]| {
        let mut e = Effort::default();
        for a in plan.actions.iter().filter(|a| goal_ids.contains(&a.goal_id.as_str())) {
            e.add(a.planned_half_hours, a.spent_half_hours, a.status == family::ActionStatus::Klaar);
        }
        e
    };
    let view_of = |g: &wijkwerk_store::family::PlanGoal, step_ids: &[&str]| {
        let mut ids = vec![g.id.as_str()];
        ids.extend_from_slice(step_ids);
        GoalView {
            id: g.id.clone(),
            title: g.title.clone(),
            domain: g.domain.as_deref().map(domain_name),
            members: g.member_ids.iter().map(|id| member_name(id)).collect(),
            steps: Vec::new(),
            effort: effort_view(&effort_of(&ids)),
            effects: match &g.domain {
                Some(d) => g
                    .member_ids
                    .iter()
                    .map(|id| EffectView { name: member_name(id), effect: effect_of(id, d) })
                    .collect(),
                None => Vec::new(),
            },
        }
    };
    let goals: Vec<GoalView> = plan
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .map(|g| {
            let steps: Vec<&wijkwerk_store::family::PlanGoal> =
                plan.goals.iter().filter(|s| s.parent_id.as_deref() == Some(g.id.as_str())).collect();
            let step_ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            let mut v = view_of(g, &step_ids);
            v.steps = steps.iter().map(|s| view_of(s, &[])).collect();
            v
        })
        .collect();
    Ok(goals)
}

/// Professionals who may be invited: those working where the family lives
/// (`home`, and every place above it), not yet in the plan.
async fn invitable_professionals(
    store: &wijkwerk_store::Store,
    home: Option<&str>,
    plan: &FamilyPlan,
) -> Result<Vec<(String, String)>, PageError> {
    let mut candidates: Vec<(String, String)> = Vec::new();
    if let Some(home) = home {
        for place in store.place_path(home).await? {
            for m in store.team_at(&place.code).await? {
                let helps = matches!(m.role, Role::Wijkwerker | Role::Coach | Role::Coordinator);
                if helps
                    && !candidates.iter().any(|(id, _)| *id == m.person_id)
                    && !plan.professionals.iter().any(|p| p.person_id == m.person_id)
                {
                    let label = match &m.organisation {
                        Some(o) => format!("{} ({o})", m.display_name),
                        None => m.display_name.clone(),
                    };
                    candidates.push((m.person_id.clone(), label));
                }
            }
        }
    }
    Ok(candidates)
}

/// Each professional of the plan with the adults whose consent is still
/// missing, and whether the viewer (`me`) gave theirs.
async fn professional_views(
    store: &wijkwerk_store::Store,
    household: &Household,
    plan: &FamilyPlan,
    me: &str,
) -> Result<Vec<serde_json::Value>, PageError> {
    // Consent status per professional: which adults have said yes.
    let consents = store.consents_of_household(&household.id).await?;
    let now = Timestamp::now().to_rfc3339();
    let professionals: Vec<serde_json::Value> = plan
        .professionals
        .iter()
        .map(|p| {
            let waiting: Vec<String> = household
                .members
                .iter()
                .filter(|m| m.adult)
                .filter(|m| {
                    !consents.iter().any(|c| {
                        c.subject_id == m.person_id && c.grantee_id == p.person_id && c.scope == Scope::FamilyPlan && c.is_active(&now)
                    })
                })
                .map(|m| m.name.clone())
                .collect();
            let i_consented = consents.iter().any(|c| {
                c.subject_id == me && c.grantee_id == p.person_id && c.scope == Scope::FamilyPlan && c.is_active(&now)
            });
            serde_json::json!({ "id": p.person_id, "name": p.name, "organisation": p.organisation, "waiting": waiting, "i_consented": i_consented })
        })
        .collect();
    Ok(professionals)
}
