//! The audit trail of privileged actions: written in the same request as the
//! action, read by the gemeente per place, never changed.

use crate::{Result, Store, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::{Timestamp, new_id};

/// One privileged action, as the gemeente reads it.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub at: String,
    /// Who did it; `None` once that person is erased (or for the system).
    pub actor_name: Option<String>,
    /// What, as a message key's tail: `role-given`, `programme-funded`, …
    pub action: String,
    pub place_code: String,
    pub place_name: String,
    pub subject: String,
    pub detail: String,
}

impl Store {
    /// Writes one entry. `subject` names what was acted on (for `role-given`
    /// the person's id, shown by name while they exist; otherwise a programme
    /// or entry name), `detail` the rest (an amount in cents, a role).
    pub async fn record_audit(
        &self,
        actor_id: Option<&str>,
        action: &str,
        place_code: &str,
        subject: &str,
        detail: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_trail (id, at, actor_id, action, place_code, subject, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(Timestamp::now().to_rfc3339())
        .bind(actor_id)
        .bind(action)
        .bind(place_code)
        .bind(subject)
        .bind(detail)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The newest entries at `place_code` and every place inside it.
    pub async fn audit_trail(&self, place_code: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        sqlx::query(
            "SELECT a.at, p.display_name, a.action, a.place_code, pl.name AS place_name, a.detail,
                    CASE WHEN a.action = 'role-given' THEN COALESCE(s.display_name, $3) ELSE a.subject END AS subject
             FROM audit_trail a
             JOIN place_tree t ON t.descendant = a.place_code AND t.ancestor = $1
             JOIN places pl ON pl.code = a.place_code
             LEFT JOIN persons p ON p.id = a.actor_id
             LEFT JOIN persons s ON s.id = a.subject
             ORDER BY a.at DESC, a.id DESC LIMIT $2",
        )
        .bind(place_code)
        .bind(limit)
        .bind(wijkwerk_domain::privacy::ERASED_NAME)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                at: text(r, "at")?,
                actor_name: opt_text(r, "display_name")?,
                action: text(r, "action")?,
                place_code: text(r, "place_code")?,
                place_name: text(r, "place_name")?,
                subject: text(r, "subject")?,
                detail: text(r, "detail")?,
            })
        })
        .collect()
    }
}
