//! The marketplace's weekly e-mail (migration 0043): who wants it, and its
//! outbox, claimed before sending like the meetings' mail (`mail.rs`), so
//! several senders never send one twice.

use crate::rows::from_row;
use crate::{Result, Store, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::Timestamp;

/// A digest to write and send.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestItem {
    pub id: String,
    pub person_id: String,
    pub week: String,
    pub email: String,
    pub language: String,
    pub display_name: String,
    pub attempts: i64,
}
from_row! { DigestItem {
    id: text, person_id: text, week: text, email: text, language: text, display_name: text, attempts: int,
} }

impl crate::mail::Outboxed for DigestItem {
    fn id(&self) -> &str {
        &self.id
    }
    fn attempted(self) -> Self {
        DigestItem { attempts: self.attempts + 1, ..self }
    }
}

/// A digest as the person's export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestRecord {
    pub week: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
    /// Nothing was new that week, so nothing was sent.
    pub empty: bool,
}
fn flag(row: &crate::AnyRow, col: &str) -> Result<bool> {
    Ok(int(row, col)? != 0)
}
from_row! { DigestRecord { week: text, queued_at: text, sent_at: opt_text, empty: flag } }

impl Store {
    pub async fn market_digest_wanted(&self, person_id: &str) -> Result<bool> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT market_digest FROM mail_preferences WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&self.read)
                .await?;
        Ok(v == Some(1))
    }

    /// Turns the weekly e-mail on or off (the other choices keep their value).
    pub async fn set_market_digest(&self, person_id: &str, wanted: bool) -> Result<()> {
        sqlx::query(
            "INSERT INTO mail_preferences (person_id, market_digest, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (person_id) DO UPDATE SET market_digest = excluded.market_digest,
                 updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(i64::from(wanted))
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Queues this week's digest for every member of a cooperative who asked
    /// for it and has an address. Returns how many were queued now.
    pub async fn queue_market_digests(&self, week: &str, now: Timestamp) -> Result<u64> {
        let done = sqlx::query(
            "INSERT INTO market_digests (id, person_id, week, queued_at)
             SELECT p.id || '-' || $1, p.id, $1, $2 FROM persons p
             JOIN mail_preferences mp ON mp.person_id = p.id AND mp.market_digest = 1
             WHERE p.email IS NOT NULL AND EXISTS (SELECT 1 FROM coop_members m WHERE m.person_id = p.id)
             ON CONFLICT (person_id, week) DO NOTHING",
        )
        .bind(week)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    /// The due rows, for [`Store::claim_due`]: $1 now, $2 the attempts allowed, $3 the limit.
    const DUE_DIGESTS: &str =
        "SELECT d.id, d.person_id, d.week, p.email, p.language, p.display_name, d.attempts
                     FROM market_digests d JOIN persons p ON p.id = d.person_id
                     JOIN mail_preferences mp ON mp.person_id = p.id AND mp.market_digest = 1
                     WHERE d.sent_at IS NULL AND d.attempts < $2 AND p.email IS NOT NULL
                       AND (d.claimed_until IS NULL OR d.claimed_until < $1)
                     ORDER BY d.queued_at, d.id LIMIT $3";

    /// Up to `limit` digests that are due, each claimed until `lease_until`.
    pub async fn claim_digests(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<DigestItem>> {
        self.claim_due("market_digests", Self::DUE_DIGESTS, (now, lease_until), limit).await
    }

    /// Sent, or (`empty`) nothing to tell this week.
    pub async fn digest_done(&self, id: &str, empty: bool, at: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE market_digests SET sent_at = $2, claimed_until = NULL, last_error = NULL, empty = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(at.to_rfc3339())
        .bind(i64::from(empty))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Why a send failed; another run tries again after `retry_at`.
    pub async fn digest_failed(&self, id: &str, error: &str, retry_at: Timestamp) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        sqlx::query("UPDATE market_digests SET claimed_until = $2, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(retry_at.to_rfc3339())
            .bind(error)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn digests_of(&self, person_id: &str) -> Result<Vec<DigestRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT week, queued_at, sent_at, empty FROM market_digests WHERE person_id = $1 ORDER BY week",
            )
            .bind(person_id.to_string()),
        )
        .await
    }
}
