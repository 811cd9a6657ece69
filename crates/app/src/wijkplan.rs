//! The wijkplan: the wijk's ambition with goals that each have an indicator,
//! a baseline, a target and a date, who contributes, and what was measured.
//! Everyone may read it; the wijk's leads keep it up to date.

use crate::places::{codes, place_at};
use crate::{Error, Result};
use wijkwerk_domain::access::WIJK_LEADS;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, wijkplan};
use wijkwerk_store::Store;
use wijkwerk_store::wijkplan::Wijkplan;

/// The place and its plan (none yet is an answer too), and whether the
/// viewer may edit it.
pub async fn plan(
    store: &Store,
    viewer: Option<&Actor>,
    code: &str,
) -> Result<(Place, Option<Wijkplan>, bool)> {
    let (place, path) = place_at(store, code).await?;
    let path = codes(&path);
    let editor = viewer.is_some_and(|a| WIJK_LEADS.iter().any(|&r| a.has_role_over(r, &path)));
    Ok((place, store.wijkplan(code).await?, editor))
}

/// The plan's id (if there is one yet), when the actor may edit it.
async fn editable(store: &Store, actor: &Actor, code: &str) -> Result<Option<String>> {
    match plan(store, Some(actor), code).await? {
        (_, plan, true) => Ok(plan.map(|p| p.id)),
        _ => Err(Error::Forbidden("error-page-forbidden")),
    }
}

/// Writes the ambition (and makes the plan on first use).
pub async fn save(store: &Store, actor: &Actor, code: &str, ambition: &str, description: &str) -> Result<()> {
    editable(store, actor, code).await?;
    let (ambition, description) = wijkplan::check_plan(ambition, description)?;
    store.save_wijkplan(code, &ambition, &description).await?;
    Ok(())
}

/// A goal as typed; numbers are parsed by the form (a comma or a point).
pub struct GoalInput<'a> {
    pub title: &'a str,
    pub indicator: &'a str,
    pub unit: &'a str,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub target_date: &'a str,
}

/// A goal needs an ambition first (`plan-first` at the ambition). Gives
/// the new goal's id.
pub async fn add_goal(store: &Store, actor: &Actor, code: &str, g: GoalInput<'_>) -> Result<String> {
    let plan = editable(store, actor, code).await?.ok_or_else(|| Error::invalid("ambition", "plan-first"))?;
    let goal = wijkplan::check_goal(g.title, g.indicator, g.unit, g.baseline, g.target, g.target_date)?;
    Ok(store.add_wijkplan_goal(&plan, &goal).await?)
}

/// Adds `goal-unknown` unless the goal belongs to this wijk's plan.
async fn check_goal_of<T>(
    store: &Store,
    code: &str,
    goal: &str,
    checked: std::result::Result<T, Invalid>,
) -> Result<T> {
    let ours =
        wijkwerk_domain::ids::is_id(goal) && store.wijkplan_of_goal(goal).await?.as_deref() == Some(code);
    match (checked, ours) {
        (Ok(v), true) => Ok(v),
        (Ok(_), false) => Err(Error::invalid("goal", "goal-unknown")),
        (Err(mut invalid), ours) => {
            if !ours {
                invalid.add("goal", "goal-unknown");
            }
            Err(invalid.into())
        }
    }
}

/// Who helps with a goal: a resident, an organisation, the gemeente, …
pub async fn add_contribution(
    store: &Store,
    actor: &Actor,
    code: &str,
    goal: &str,
    (who, name, what): (&str, &str, &str),
) -> Result<()> {
    editable(store, actor, code).await?;
    let checked = wijkplan::check_contribution(who, name, what);
    let (who, name, what) = check_goal_of(store, code, goal, checked).await?;
    store.add_contribution(goal, &who, &name, &what).await?;
    Ok(())
}

/// A measured value of a goal's indicator on a date.
pub async fn add_measurement(
    store: &Store,
    actor: &Actor,
    code: &str,
    goal: &str,
    (measured_on, value, note): (&str, Option<f64>, &str),
) -> Result<()> {
    editable(store, actor, code).await?;
    let checked = wijkplan::check_measurement(measured_on, value, note);
    let (on, value, note) = check_goal_of(store, code, goal, checked).await?;
    store.add_measurement(goal, &on, value, &note).await?;
    Ok(())
}
