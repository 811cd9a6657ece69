//! The audit trail of privileged actions: which use cases write it, and who
//! may read it (the gemeente, for its places; landelijk for all).

use crate::{Error, Result};
use wijkwerk_domain::role::Actor;
use wijkwerk_store::Store;
use wijkwerk_store::audit::AuditEntry;

pub use wijkwerk_domain::access::AUDIT_READERS as READERS;

/// Writes what `actor` did at `place_code`.
pub async fn record(
    store: &Store,
    actor: &Actor,
    action: &str,
    place_code: &str,
    subject: &str,
    detail: &str,
) -> Result<()> {
    Ok(store.record_audit(Some(&actor.person_id), action, place_code, subject, detail).await?)
}

/// The newest privileged actions at the place and inside it.
pub async fn trail(store: &Store, actor: &Actor, place_code: &str) -> Result<Vec<AuditEntry>> {
    let path: Vec<String> = store.place_path(place_code).await?.into_iter().map(|p| p.code).collect();
    if !READERS.iter().any(|&role| actor.has_role_over(role, &path)) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    Ok(store.audit_trail(place_code, 500).await?)
}
