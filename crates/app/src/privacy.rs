//! "Mijn gegevens": a person's own data, who read it, and the consents they
//! give; another person's profile under consent (the read is logged).

use crate::{Error, Result};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::person::Person;
use wijkwerk_domain::privacy::{AccessRecord, Consent};
use wijkwerk_domain::role::Actor;
use wijkwerk_store::Store;
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

/// The actor lets `grantee` see part of their data (`scope`) for a purpose, until a date or revoked.
pub async fn grant_consent(
    store: &Store,
    actor: &Actor,
    grantee: &str,
    scope: &str,
    purpose: &str,
    valid_until: Option<&str>,
) -> Result<Consent> {
    Ok(store.grant_consent(&actor.person_id, grantee, scope, purpose, valid_until).await?)
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
