//! The week test: taking it (for oneself or a child one manages) and reading
//! a test, one's own or another's under consent (that read is logged).

use crate::{Error, Result};
use std::collections::BTreeMap;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::weektest::{self, RawAnswer, Template};
use wijkwerk_store::Store;
use wijkwerk_store::goals::GoalProgress;
use wijkwerk_store::weektests::WeekTest;

/// The newest version of a template, by code.
pub async fn template(store: &Store, code: &str) -> Result<Template> {
    store.template(code, None).await?.ok_or(Error::NotFound("week-test template"))
}

/// Whether the actor may fill in or manage tests for `person`: themselves, or
/// a child without an account in a household they are an adult member of.
pub async fn acts_for(store: &Store, actor: &Actor, person: &str) -> Result<bool> {
    crate::family::acts_for(store, &actor.person_id, person).await
}

/// Checks a filled-in week test and stores it with its outcome, for the actor
/// or for someone they act for. Every problem is reported at once.
pub async fn take(
    store: &Store,
    actor: &Actor,
    for_person: Option<&str>,
    template: &Template,
    raw: &[RawAnswer],
    extra: &BTreeMap<String, String>,
    mut invalid: Invalid,
) -> Result<WeekTest> {
    let person = for_person.unwrap_or(&actor.person_id);
    if person != actor.person_id && !(is_id(person) && acts_for(store, actor, person).await?) {
        return Err(Error::Forbidden("error-page-not-yours"));
    }
    let answers = weektest::validate(template, raw);
    for e in [answers.as_ref().err(), weektest::validate_extra(template, extra).err().as_ref()]
        .into_iter()
        .flatten()
    {
        invalid.errors.extend(e.errors.iter().cloned());
    }
    invalid.into_result(())?;
    let answers = answers.expect("checked");
    let outcome = weektest::prioritise(template, &answers);
    Ok(store.save_weektest(person, template, &answers, extra, &outcome, None).await?)
}

/// A test with the template version it was taken with, if the actor may see it.
/// `NotFound` when there is no such test; `Forbidden` when it is someone else's
/// and not shared with the actor.
pub async fn readable(store: &Store, actor: &Actor, id: &str) -> Result<(WeekTest, Template)> {
    let test = if is_id(id) { store.weektest(id).await? } else { None };
    let test = test.ok_or(Error::NotFound("week test"))?;
    if !crate::family::may_see_test_of(store, &actor.person_id, &test.person_id).await? {
        return Err(Error::Forbidden("error-page-no-consent"));
    }
    let template = store
        .template(&test.template_code, Some(test.template_version))
        .await?
        .ok_or(Error::NotFound("week-test template"))?;
    Ok((test, template))
}

/// The actor's own tests, oldest first, each with its template version.
pub async fn own_tests(store: &Store, actor: &Actor) -> Result<Vec<(WeekTest, Template)>> {
    tests_with_templates(store, &actor.person_id).await
}

async fn tests_with_templates(store: &Store, person_id: &str) -> Result<Vec<(WeekTest, Template)>> {
    let mut out = Vec::new();
    for test in store.weektests_of(person_id).await? {
        if let Some(t) = store.template(&test.template_code, Some(test.template_version)).await? {
            out.push((test, t));
        }
    }
    Ok(out)
}

/// A person's tests and goals over time, as the timeline shows them.
pub struct Timeline {
    pub person_id: String,
    /// The person's name when it is not the actor's own timeline.
    pub owner: Option<String>,
    /// Oldest first, each with its template version.
    pub tests: Vec<(WeekTest, Template)>,
    /// Newest first.
    pub goals: Vec<GoalProgress>,
}

/// The actor's own timeline, or (read-only) that of a person who shared their
/// week tests with the actor; that read is logged in the person's access log.
pub async fn timeline(store: &Store, actor: &Actor, person: Option<&str>) -> Result<Timeline> {
    let me = actor.person_id.as_str();
    let (person_id, owner) = match person.filter(|p| *p != me) {
        None => (me.to_string(), None),
        Some(id) => {
            if !is_id(id) || store.consent_to_read(me, id, Scope::WeekTests).await?.is_none() {
                return Err(Error::Forbidden("error-page-no-consent"));
            }
            let name = store.person(id).await?.map(|p| p.display_name).ok_or(Error::NotFound("person"))?;
            (id.to_string(), Some(name))
        }
    };
    let tests = tests_with_templates(store, &person_id).await?;
    let goals = store.goals_of(&person_id, Timestamp::now()).await?;
    Ok(Timeline { person_id, owner, tests, goals })
}

/// Every week-test template, each with its life domains.
pub async fn templates(store: &Store) -> Result<Vec<Template>> {
    Ok(store.templates().await?)
}

/// The person the actor takes a test for: a child they act for, by name.
pub async fn taken_for(
    store: &Store,
    actor: &Actor,
    person: &str,
) -> Result<wijkwerk_domain::person::Person> {
    if !is_id(person) || !acts_for(store, actor, person).await? {
        return Err(Error::Forbidden("error-page-not-yours"));
    }
    store.person(person).await?.ok_or(Error::NotFound("person"))
}
