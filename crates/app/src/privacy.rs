//! "Mijn gegevens": a person's own data, who read it, and the consents they
//! give; another person's profile under consent (the read is logged).

use crate::{Error, Result};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::person::Person;
use wijkwerk_domain::privacy::{AccessRecord, Consent, Scope};
use wijkwerk_domain::role::{Actor, Role};
use wijkwerk_store::Store;
use wijkwerk_store::people::TeamMember;
use wijkwerk_store::privacy::{ConsentView, PersonalExport};

/// Everything stored about the actor, for download.
pub async fn export(store: &Store, actor: &Actor) -> Result<PersonalExport> {
    Ok(store.export_person(&actor.person_id).await?)
}

/// Who read the actor's data, newest first.
pub async fn access_log(store: &Store, actor: &Actor, limit: i64) -> Result<Vec<AccessRecord>> {
    Ok(store.access_log_for(&actor.person_id, limit).await?)
}

/// Consents the actor gave, and those given to them.
pub async fn consents(store: &Store, actor: &Actor) -> Result<(Vec<ConsentView>, Vec<ConsentView>)> {
    Ok((store.consents_given(&actor.person_id).await?, store.consents_received(&actor.person_id).await?))
}

/// A consent given to the actor, with where it leads: a shared family plan
/// opens the plan; anything else the person's page. Ended consents lead nowhere.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Received {
    #[serde(flatten)]
    pub consent: ConsentView,
    pub href: Option<String>,
    /// The household's name, when the link opens its family plan.
    pub plan_of: Option<String>,
}

/// Everything shared with the actor now and before, each with its link: the
/// one list that the start page and "Mijn gegevens" both read, so they agree.
pub async fn received(store: &Store, actor: &Actor) -> Result<Vec<Received>> {
    let plans = store.plans_of_professional(&actor.person_id).await?;
    // Plans the actor may open now (every adult's consent holds), with their members.
    let now = wijkwerk_domain::Timestamp::now().to_rfc3339();
    let mut plan_members: Vec<(String, Vec<String>, String)> = Vec::new();
    for (plan_id, household_name) in &plans {
        let Some(h) = store.household_of_plan(plan_id).await? else { continue };
        let members = store.household(&h).await?.map(|h| h.members).unwrap_or_default();
        let consents = store.consents_of_household(&h).await?;
        if wijkwerk_domain::family::professional_may_join(&actor.person_id, &members, &consents, &now) {
            let ids = members.into_iter().map(|m| m.person_id).collect();
            plan_members.push((plan_id.clone(), ids, household_name.clone()));
        }
    }
    Ok(store
        .consents_received(&actor.person_id)
        .await?
        .into_iter()
        .map(|c| {
            let plan = (c.active && c.consent.scope == Scope::FamilyPlan)
                .then(|| plan_members.iter().find(|(_, members, _)| members.contains(&c.consent.subject_id)))
                .flatten();
            let href = match (c.active, c.consent.scope, plan) {
                (true, Scope::FamilyPlan, Some((id, _, _))) => Some(format!("/gezinsplan/{id}")),
                (true, Scope::FamilyPlan, None) | (false, _, _) => None,
                (true, _, _) => Some(format!("/personen/{}", c.consent.subject_id)),
            };
            Received { href, plan_of: plan.map(|p| p.2.clone()), consent: c }
        })
        .collect())
}

/// The actor lets `grantee` see part of their data (`scope`) for a purpose, until a date or revoked.
/// Only a professional who works where the person lives may be given access;
/// anyone else counts as unknown (`granteeId`), as on the page's list.
pub async fn grant_consent(
    store: &Store,
    actor: &Actor,
    grantee: &str,
    scope: &str,
    purpose: &str,
    valid_until: Option<&str>,
) -> Result<Consent> {
    let allowed = possible_grantees(store, actor).await?;
    let grantee = if allowed.iter().any(|m| m.person_id == grantee) { grantee } else { "" };
    let valid_until = valid_until.filter(|s| !s.trim().is_empty());
    Ok(store.grant_consent(&actor.person_id, grantee, scope, purpose, valid_until).await?)
}

/// The professionals (coach, wijkwerker, coördinator) of `home` and of every
/// place above it, each once.
pub async fn professionals_around(store: &Store, home: Option<&str>) -> Result<Vec<TeamMember>> {
    let mut out: Vec<TeamMember> = Vec::new();
    let Some(home) = home else { return Ok(out) };
    for place in store.place_path(home).await? {
        for m in store.team_at(&place.code).await? {
            let helps = matches!(m.role, Role::Coach | Role::Wijkwerker | Role::Coordinator);
            if helps && !out.iter().any(|o| o.person_id == m.person_id) {
                out.push(m);
            }
        }
    }
    Ok(out)
}

/// Whom the actor may give access to: the professionals around their home.
pub async fn possible_grantees(store: &Store, actor: &Actor) -> Result<Vec<TeamMember>> {
    let me = store.person(&actor.person_id).await?.ok_or(Error::NotFound("person"))?;
    let mut around = professionals_around(store, me.home_place_code.as_deref()).await?;
    around.retain(|m| m.person_id != actor.person_id);
    Ok(around)
}

/// Erases everything about the actor, once they ticked the box and gave
/// their password again (a session left open on a shared computer is not
/// enough to wipe someone's data).
pub async fn erase_me(store: &Store, actor: &Actor, confirmed: bool, password: &str) -> Result<()> {
    if !confirmed {
        return Err(Error::invalid("confirm", "erase-not-confirmed"));
    }
    let me = store.person(&actor.person_id).await?.ok_or(Error::NotFound("person"))?;
    let email = me.email.unwrap_or_default();
    let same = store.check_credentials(&email, password).await?.is_some_and(|p| p.id == me.id);
    if !same {
        return Err(Error::invalid("password", "erase-wrong-password"));
    }
    Ok(store.erase_person(&actor.person_id).await?)
}

/// Ends every session of the actor, on every browser and device.
pub async fn sign_out_everywhere(store: &Store, actor: &Actor) -> Result<()> {
    store.end_sessions_of(&actor.person_id).await?;
    Ok(())
}

pub async fn revoke_consent(store: &Store, actor: &Actor, consent_id: &str) -> Result<()> {
    Ok(store.revoke_consent(&actor.person_id, consent_id).await?)
}

/// Another person's profile under their consent, logged. Unknown people and
/// people who gave no consent look the same from outside.
pub async fn profile(store: &Store, actor: &Actor, id: &str) -> Result<Option<(Person, Consent)>> {
    if !is_id(id) {
        return Err(Error::Forbidden("error-page-no-consent"));
    }
    Ok(store.read_profile_with_consent(&actor.person_id, id).await?)
}

/// The name of a person whose data the actor may already read (the caller
/// checked that, as `weektests::readable` does).
pub async fn display_name(store: &Store, id: &str) -> Result<Option<String>> {
    Ok(store.person(id).await?.map(|p| p.display_name))
}

/// Another person's page for the actor: what they share (never the family
/// plan: that consent opens the plan), with the profile only under a profile
/// consent (that read is logged); else only the name the consent list shows.
pub struct Shared {
    pub name: String,
    pub person: Option<Person>,
    pub consent: Option<Consent>,
    pub home: Option<wijkwerk_domain::Place>,
    pub shares_weektests: bool,
    /// Per consent: scope and purpose.
    pub purposes: Vec<(String, String)>,
}

/// Unknown people and people who share nothing look the same from outside.
pub async fn shared_with_me(store: &Store, actor: &Actor, id: &str) -> Result<Shared> {
    let me = &actor.person_id;
    if !is_id(id) {
        return Err(Error::NotFound("person"));
    }
    let consents: Vec<Consent> =
        store.active_consents(id, me).await?.into_iter().filter(|c| c.scope != Scope::FamilyPlan).collect();
    if consents.is_empty() {
        return Err(Error::Forbidden("error-page-no-consent"));
    }
    let (person, consent) = match store.read_profile_with_consent(me, id).await? {
        Some((p, c)) => (Some(p), Some(c)),
        None => (None, None),
    };
    let name = match &person {
        Some(p) => p.display_name.clone(),
        None => store
            .consents_received(me)
            .await?
            .into_iter()
            .find(|c| c.consent.subject_id == id)
            .map(|c| c.other_name)
            .unwrap_or_default(),
    };
    let home = match person.as_ref().and_then(|p| p.home_place_code.as_deref()) {
        Some(code) => store.place(code).await?,
        None => None,
    };
    Ok(Shared {
        shares_weektests: consents.iter().any(|c| c.scope == Scope::WeekTests),
        purposes: consents.iter().map(|c| (c.scope.as_str().to_string(), c.purpose.clone())).collect(),
        name,
        person,
        consent,
        home,
    })
}
