//! The gezinsplan's use cases: what members and the invited professionals
//! write into a family's plan, and the plan as it is read, with the effort
//! per goal and the measured effect per member.

use super::{PlanViewer, plan_for};
use crate::{Error, Result};
use std::collections::BTreeMap;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::family::{self, Effect, Effort};
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::role::Role;
use wijkwerk_store::Store;
use wijkwerk_store::family::{FamilyPlan, Household, PlanGoal};

/// Opens the household's plan for a member, making it on first use.
pub async fn open(store: &Store, me: &str, household_id: &str) -> Result<String> {
    let household = super::member_household(store, me, household_id).await?;
    Ok(store.ensure_plan(&household.id).await?)
}

/// A goal as typed: a long-term goal, or a step under one (`parent_id`).
pub struct GoalInput<'a> {
    pub title: &'a str,
    pub parent_id: &'a str,
    pub domain: &'a str,
    pub member_ids: Vec<String>,
}

pub async fn add_goal(store: &Store, me: &str, plan_id: &str, input: GoalInput<'_>) -> Result<()> {
    let (household, plan, _) = plan_for(store, me, plan_id).await?;
    let long_ids: Vec<&str> =
        plan.goals.iter().filter(|g| g.parent_id.is_none()).map(|g| g.id.as_str()).collect();
    let basis = store.template("basis", None).await?.ok_or(Error::NotFound("template"))?;
    let domains: Vec<&str> = basis.domains.iter().map(|d| d.code.as_str()).collect();
    let goal = family::check_plan_goal(
        input.title,
        Some(input.parent_id),
        &long_ids,
        Some(input.domain),
        &domains,
        &input.member_ids,
        &household.members,
    )?;
    store.add_plan_goal(&plan.id, &goal).await?;
    Ok(())
}

/// An action as typed; hours are parsed by the form (a comma or a point).
pub struct ActionInput<'a> {
    pub goal_id: &'a str,
    pub who: &'a str,
    pub what: &'a str,
    pub planned_hours: Option<f64>,
    pub due: &'a str,
}

pub async fn add_action(store: &Store, me: &str, plan_id: &str, input: ActionInput<'_>) -> Result<()> {
    let (_, plan, _) = plan_for(store, me, plan_id).await?;
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.as_str()).collect();
    let action = family::check_action(
        input.goal_id,
        &goal_ids,
        input.who,
        input.what,
        input.planned_hours,
        input.due,
    )?;
    store.add_plan_action(&action).await?;
    Ok(())
}

/// Progress on one action: hours spent and where it stands.
pub struct Progress<'a> {
    pub action_id: &'a str,
    pub spent_hours: Option<f64>,
    pub status: &'a str,
}

pub async fn update_action(store: &Store, me: &str, plan_id: &str, progress: Progress<'_>) -> Result<()> {
    let (_, plan, _) = plan_for(store, me, plan_id).await?;
    let (spent, status) = family::check_action_update(progress.spent_hours, progress.status)?;
    Ok(store.update_plan_action(&plan.id, progress.action_id, spent, status).await?)
}

/// Every action's progress at once. Each problem is named after its action
/// (`spentHours-{id}`), and nothing is saved unless all are right.
pub async fn update_actions(store: &Store, me: &str, plan_id: &str, all: &[Progress<'_>]) -> Result<()> {
    let (_, plan, _) = plan_for(store, me, plan_id).await?;
    let mut invalid = wijkwerk_domain::Invalid::new();
    let mut updates = Vec::new();
    for p in all.iter().filter(|p| plan.actions.iter().any(|a| a.id == p.action_id)) {
        match family::check_action_update(p.spent_hours, p.status) {
            Ok((spent, status)) => updates.push((p.action_id.to_string(), spent, status)),
            Err(e) => invalid.errors.extend(e.errors.into_iter().map(|mut err| {
                err.field = format!("{}-{}", err.field, p.action_id);
                err
            })),
        }
    }
    invalid.into_result(())?;
    Ok(store.update_plan_actions(&plan.id, &updates).await?)
}

pub async fn add_evaluation(store: &Store, me: &str, plan_id: &str, date: &str, summary: &str) -> Result<()> {
    let (_, plan, _) = plan_for(store, me, plan_id).await?;
    let (date, summary) = family::check_evaluation(date, summary)?;
    Ok(store.add_evaluation(&plan.id, &date, &summary, me).await?)
}

/// Someone around the family who helps (a neighbour, an aunt).
pub async fn add_network_person(
    store: &Store,
    me: &str,
    plan_id: &str,
    name: &str,
    relation: &str,
    contact: &str,
) -> Result<()> {
    let (_, plan, _) = plan_for(store, me, plan_id).await?;
    let (name, relation, contact) = family::check_network_person(name, relation, contact)?;
    Ok(store.add_network_person(&plan.id, &name, &relation, &contact).await?)
}

/// The plan, if `me` is one of its household's adults: only they invite
/// professionals, consent to them and choose the regisseur.
async fn plan_of_adult(store: &Store, me: &str, plan_id: &str) -> Result<(Household, FamilyPlan)> {
    let (household, plan, _) = plan_for(store, me, plan_id).await?;
    if household.members.iter().any(|m| m.person_id == me && m.adult) {
        Ok((household, plan))
    } else {
        Err(Error::Forbidden("error-page-adults-only"))
    }
}

/// An adult member invites a professional and gives their own consent at
/// once; the professional sees the plan when every other adult consented too.
pub async fn invite_professional(store: &Store, me: &str, plan_id: &str, person: &str) -> Result<()> {
    let (household, plan) = plan_of_adult(store, me, plan_id).await?;
    let is_professional = wijkwerk_domain::ids::is_id(person)
        && store.actor(person).await?.has_any_role(&[Role::Wijkwerker, Role::Coach, Role::Coordinator]);
    if !is_professional {
        return Err(Error::invalid("person", "person-unknown"));
    }
    store.invite_professional(&plan.id, person).await?;
    give_plan_consent(store, me, person, &household.name).await
}

/// Another adult member's "yes" for a professional already invited.
pub async fn consent_to_professional(store: &Store, me: &str, plan_id: &str, person: &str) -> Result<()> {
    let (household, plan) = plan_of_adult(store, me, plan_id).await?;
    if !plan.professionals.iter().any(|p| p.person_id == person) {
        return Err(Error::NotFound("professional"));
    }
    give_plan_consent(store, me, person, &household.name).await
}

async fn give_plan_consent(store: &Store, me: &str, professional: &str, household: &str) -> Result<()> {
    let already = store.active_consents(me, professional).await?.iter().any(|c| c.scope == Scope::FamilyPlan);
    if !already {
        let purpose = format!("Gezinsplan {household}");
        store.grant_consent(me, professional, Scope::FamilyPlan.as_str(), &purpose, None).await?;
    }
    Ok(())
}

/// The one who keeps the plan moving: an adult member or one of its professionals.
pub async fn set_regisseur(store: &Store, me: &str, plan_id: &str, person: &str) -> Result<()> {
    let (household, plan) = plan_of_adult(store, me, plan_id).await?;
    let allowed = household.members.iter().any(|m| m.adult && m.person_id == person)
        || plan.professionals.iter().any(|p| p.person_id == person);
    if !allowed {
        return Err(Error::invalid("regisseur", "person-unknown"));
    }
    Ok(store.set_regisseur(&plan.id, Some(person)).await?)
}

/// A goal with its steps, the effort planned and spent on it and its steps,
/// and per member the measured effect in its life domain.
pub struct GoalProgress {
    pub goal: PlanGoal,
    pub members: Vec<String>,
    pub effort: Effort,
    /// Per member of the goal (by name): first and latest week test.
    pub effects: Vec<(String, Option<Effect>)>,
    pub steps: Vec<GoalProgress>,
}

/// A professional of the plan, with the adults whose consent is still
/// missing and whether the viewer gave theirs.
pub struct ProfessionalStatus {
    pub person_id: String,
    pub name: String,
    pub organisation: Option<String>,
    pub waiting: Vec<String>,
    pub i_consented: bool,
}

/// Everything the plan's page shows.
pub struct PlanOverview {
    pub household: Household,
    pub plan: FamilyPlan,
    pub viewer: PlanViewer,
    pub goals: Vec<GoalProgress>,
    /// Effort per person named in the actions' "who".
    pub per_person: Vec<(String, Effort)>,
    pub regisseur: Option<String>,
    pub professionals: Vec<ProfessionalStatus>,
    /// Professionals who work where the viewer lives and may be invited.
    pub candidates: Vec<(String, String)>,
}

pub async fn overview(store: &Store, me: &str, home: Option<&str>, plan_id: &str) -> Result<PlanOverview> {
    let (household, plan, viewer) = plan_for(store, me, plan_id).await?;
    let goals = goal_progress(store, &household, &plan).await?;
    let mut per_person: BTreeMap<String, Effort> = BTreeMap::new();
    for a in &plan.actions {
        per_person.entry(a.who.clone()).or_default().add(
            a.planned_half_hours,
            a.spent_half_hours,
            a.status == family::ActionStatus::Klaar,
        );
    }
    let regisseur = plan.regisseur_id.as_deref().map(|id| {
        household
            .members
            .iter()
            .find(|m| m.person_id == id)
            .map(|m| m.name.clone())
            .or_else(|| plan.professionals.iter().find(|p| p.person_id == id).map(|p| p.name.clone()))
            .unwrap_or_default()
    });
    let candidates = invitable_professionals(store, home, &plan).await?;
    let professionals = professional_status(store, &household, &plan, me).await?;
    Ok(PlanOverview {
        goals,
        per_person: per_person.into_iter().collect(),
        regisseur,
        professionals,
        candidates,
        household,
        plan,
        viewer,
    })
}

/// The plan's long-term goals with their steps. A long-term goal's effort
/// counts its steps' actions too.
async fn goal_progress(store: &Store, household: &Household, plan: &FamilyPlan) -> Result<Vec<GoalProgress>> {
    let member_name = |id: &str| {
        household.members.iter().find(|m| m.person_id == id).map(|m| m.name.clone()).unwrap_or_default()
    };
    let mut tests_by_member = BTreeMap::new();
    for m in &household.members {
        tests_by_member.insert(m.person_id.clone(), store.weektests_of(&m.person_id).await?);
    }
    let effect_of = |member: &str, domain: &str| {
        let measurements: Vec<(u8, f64)> = tests_by_member
            .get(member)
            .into_iter()
            .flatten()
            .filter_map(|t| t.answers.iter().find(|a| a.domain == domain))
            .map(|a| (a.satisfaction, (a.wished_hours() - a.hours()).abs()))
            .collect();
        family::effect(&measurements)
    };
    let progress_of = |g: &PlanGoal, step_ids: &[&str]| {
        let mut effort = Effort::default();
        for a in plan.actions.iter().filter(|a| a.goal_id == g.id || step_ids.contains(&a.goal_id.as_str())) {
            effort.add(a.planned_half_hours, a.spent_half_hours, a.status == family::ActionStatus::Klaar);
        }
        let effects = match &g.domain {
            Some(d) => g.member_ids.iter().map(|id| (member_name(id), effect_of(id, d))).collect(),
            None => Vec::new(),
        };
        GoalProgress {
            goal: g.clone(),
            members: g.member_ids.iter().map(|id| member_name(id)).collect(),
            effort,
            effects,
            steps: Vec::new(),
        }
    };
    Ok(plan
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .map(|g| {
            let steps: Vec<&PlanGoal> =
                plan.goals.iter().filter(|s| s.parent_id.as_deref() == Some(g.id.as_str())).collect();
            let step_ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            let mut progress = progress_of(g, &step_ids);
            progress.steps = steps.iter().map(|s| progress_of(s, &[])).collect();
            progress
        })
        .collect())
}

/// Professionals who may be invited: those working where the family lives
/// (`home`, and every place above it), not yet in the plan.
async fn invitable_professionals(
    store: &Store,
    home: Option<&str>,
    plan: &FamilyPlan,
) -> Result<Vec<(String, String)>> {
    let helpers = crate::privacy::professionals_around(store, home).await?;
    Ok(helpers
        .into_iter()
        .filter(|m| !plan.professionals.iter().any(|p| p.person_id == m.person_id))
        .map(|m| {
            let label = match &m.organisation {
                Some(o) => format!("{} ({o})", m.display_name),
                None => m.display_name.clone(),
            };
            (m.person_id, label)
        })
        .collect())
}

async fn professional_status(
    store: &Store,
    household: &Household,
    plan: &FamilyPlan,
    me: &str,
) -> Result<Vec<ProfessionalStatus>> {
    let consents = store.consents_of_household(&household.id).await?;
    let now = Timestamp::now().to_rfc3339();
    let consented = |subject: &str, grantee: &str| {
        consents.iter().any(|c| {
            c.subject_id == subject
                && c.grantee_id == grantee
                && c.scope == Scope::FamilyPlan
                && c.is_active(&now)
        })
    };
    Ok(plan
        .professionals
        .iter()
        .map(|p| ProfessionalStatus {
            person_id: p.person_id.clone(),
            name: p.name.clone(),
            organisation: p.organisation.clone(),
            waiting: household
                .members
                .iter()
                .filter(|m| m.adult && !consented(&m.person_id, &p.person_id))
                .map(|m| m.name.clone())
                .collect(),
            i_consented: consented(me, &p.person_id),
        })
        .collect())
}
