//! The week test: taking it (for oneself or a child one manages) and reading
//! a test, one's own or another's under consent (that read is logged).

use crate::{Error, Result};
use std::collections::BTreeMap;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::weektest::{self, RawAnswer, Template};
use wijkwerk_store::Store;
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
    let mut out = Vec::new();
    for test in store.weektests_of(&actor.person_id).await? {
        if let Some(t) = store.template(&test.template_code, Some(test.template_version)).await? {
            out.push((test, t));
        }
    }
    Ok(out)
}
