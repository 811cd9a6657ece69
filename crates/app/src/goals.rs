//! Goals of the "weektest op maat": making one, logging hours, rating it, and
//! reading it (one's own, or another's under consent; that read is logged).
//! Only the owner changes a goal, not even a coach who may read it.

use crate::{Error, Result};
use wijkwerk_domain::goals::{self, NewGoal};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::goals::{Goal, GoalProgress};

/// The life domains a goal can be about: every domain of every week-test
/// variant, each once, in the order the variants list them.
pub async fn domain_codes(store: &Store) -> Result<Vec<String>> {
    let mut codes: Vec<String> = Vec::new();
    for template in store.templates().await? {
        for d in template.domains {
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    Ok(codes)
}

/// Checks and stores a goal for the actor. `weektest_id` links the test it
/// came from, only when that test is the actor's own (anything else is dropped).
pub async fn create(
    store: &Store,
    actor: &Actor,
    new: &NewGoal,
    weektest_id: Option<&str>,
) -> Result<GoalProgress> {
    let codes = domain_codes(store).await?;
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let plan = goals::check_goal(new, &code_refs)?;
    let me = actor.person_id.as_str();
    let test = match weektest_id {
        Some(id) if is_id(id) => store.weektest(id).await?.filter(|t| t.person_id == me).map(|t| t.id),
        _ => None,
    };
    let goal = store.create_goal(me, &plan, test.as_deref()).await?;
    Ok(store.progress(goal, Timestamp::now()).await?)
}

/// The actor's own goals, newest first.
pub async fn own_goals(store: &Store, actor: &Actor) -> Result<Vec<GoalProgress>> {
    Ok(store.goals_of(&actor.person_id, Timestamp::now()).await?)
}

/// A goal the actor may read, and whether it is their own. `Forbidden` when it
/// is someone else's who has not shared their week tests with the actor.
pub async fn readable(store: &Store, actor: &Actor, id: &str) -> Result<(Goal, bool)> {
    let goal = if is_id(id) { store.goal(id).await? } else { None };
    let goal = goal.ok_or(Error::NotFound("goal"))?;
    if goal.person_id == actor.person_id {
        return Ok((goal, true));
    }
    if store.consent_to_read(&actor.person_id, &goal.person_id, Scope::WeekTests).await?.is_some() {
        return Ok((goal, false));
    }
    Err(Error::Forbidden("error-page-no-consent"))
}

/// A goal the actor may change: only their own.
pub async fn own(store: &Store, actor: &Actor, id: &str) -> Result<Goal> {
    let goal = if is_id(id) { store.goal(id).await? } else { None };
    match goal {
        Some(g) if g.person_id == actor.person_id => Ok(g),
        Some(_) => Err(Error::Forbidden("error-page-not-yours")),
        None => Err(Error::NotFound("goal")),
    }
}

/// The goal with its weeks, logs and ratings as of now.
pub async fn progress(store: &Store, goal: Goal) -> Result<GoalProgress> {
    Ok(store.progress(goal, Timestamp::now()).await?)
}

/// Hours spent on one's own goal in one week (a second entry for the week
/// replaces the first).
pub async fn log_hours(
    store: &Store,
    actor: &Actor,
    id: &str,
    week: &str,
    hours: Option<f64>,
    note: &str,
) -> Result<GoalProgress> {
    let goal = own(store, actor, id).await?;
    let today = goals::today(Timestamp::now());
    let (week, half, note) = goals::check_log(&goal.start_monday, goal.weeks, today, week, hours, note)?;
    store.log_goal_hours(&goal.id, &week, half, &note).await?;
    progress(store, goal).await
}

/// How far one's own goal is reached (−2…+2), with a note. Every problem is
/// listed at once (`score`, `note`).
pub async fn rate(
    store: &Store,
    actor: &Actor,
    id: &str,
    score: Option<f64>,
    note: &str,
) -> Result<GoalProgress> {
    let goal = own(store, actor, id).await?;
    let mut invalid = Invalid::new();
    let score = goals::check_rating(score).map_err(|i| invalid.errors.extend(i.errors)).ok();
    let note = note.trim();
    if note.chars().count() > goals::MAX_NOTE_CHARS {
        invalid.add("note", "too-long");
    }
    invalid.into_result(())?;
    store.rate_goal(&goal.id, score.expect("checked"), note, None).await?;
    progress(store, goal).await
}
