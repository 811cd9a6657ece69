//! E-mail preferences and the outbox (rules in `wijkwerk_domain::mail`, use
//! cases in `wijkwerk_app::mail`, sending in `wijkwerk mail send`).
//!
//! Queueing is one `INSERT … SELECT … ON CONFLICT DO NOTHING` per meeting:
//! the unique (person, kind, meeting) makes a second queueing a no-op on
//! either engine. Sending claims a row with a conditional UPDATE, so several
//! senders (or a sender and a retry) never send one message twice.

use crate::rows::from_row;
use crate::{Result, Store, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::mail::MAX_ATTEMPTS;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailPreferences {
    pub invitations: bool,
    pub reminders: bool,
    /// The marketplace's weekly e-mail (opt-in).
    pub market_digest: bool,
    /// Where mail goes; none means nothing is sent at all.
    pub email: Option<String>,
}

/// A message to send, with what writing it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    pub id: String,
    pub kind: String,
    pub meeting_id: String,
    pub email: String,
    pub language: String,
    pub display_name: String,
    pub attempts: i64,
}
from_row! { OutboxItem { id: text, kind: text, meeting_id: text, email: text, language: text, display_name: text, attempts: int } }

/// A row of an outbox, as [`Store::claim_due`] claims it.
pub(crate) trait Outboxed {
    fn id(&self) -> &str;
    /// The row with the attempt just claimed counted.
    fn attempted(self) -> Self;
}

impl Outboxed for OutboxItem {
    fn id(&self) -> &str {
        &self.id
    }
    fn attempted(self) -> Self {
        OutboxItem { attempts: self.attempts + 1, ..self }
    }
}

/// A message as the person's export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailRecord {
    pub kind: String,
    pub meeting_id: String,
    pub meeting: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
}
from_row! { MailRecord { kind: text, meeting_id: text, meeting: text, queued_at: text, sent_at: opt_text } }

/// How far a meeting's invitation by e-mail got, in counts only.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationCounts {
    /// Residents of the place (and inside it) with an account.
    pub residents: i64,
    /// Of them, those who asked for invitations and have an address.
    pub reachable: i64,
    pub queued: i64,
    pub sent: i64,
    /// Given up after the last attempt.
    pub failed: i64,
}

impl Store {
    pub async fn mail_preferences(&self, person_id: &str) -> Result<MailPreferences> {
        let row: Option<(Option<String>, Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT p.email, mp.invitations, mp.reminders, mp.market_digest
             FROM persons p LEFT JOIN mail_preferences mp ON mp.person_id = p.id WHERE p.id = $1",
        )
        .bind(person_id)
        .fetch_optional(&self.read)
        .await?;
        let (email, invitations, reminders, digest) = row.ok_or(crate::StoreError::NotFound)?;
        Ok(MailPreferences {
            invitations: invitations.unwrap_or(0) == 1,
            reminders: reminders.unwrap_or(1) == 1,
            market_digest: digest.unwrap_or(0) == 1,
            email,
        })
    }

    pub async fn set_mail_preferences(
        &self,
        person_id: &str,
        invitations: bool,
        reminders: bool,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO mail_preferences (person_id, invitations, reminders, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (person_id) DO UPDATE SET invitations = excluded.invitations,
                 reminders = excluded.reminders, updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(i64::from(invitations))
        .bind(i64::from(reminders))
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Queues an invitation for every resident of `place_code` (and inside
    /// it) who asked for them, has an address and is not registered yet.
    /// Returns how many were queued now (0 the second time).
    pub async fn queue_invitations(&self, meeting_id: &str, place_code: &str, now: Timestamp) -> Result<u64> {
        let done = sqlx::query(
            "INSERT INTO mail_outbox (id, person_id, kind, meeting_id, queued_at)
             SELECT $1 || '-i-' || p.id, p.id, 'invitation', $1, $3
             FROM persons p
             JOIN place_tree t ON t.descendant = p.home_place_code AND t.ancestor = $2
             JOIN mail_preferences mp ON mp.person_id = p.id AND mp.invitations = 1
             WHERE p.email IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM meeting_registrations r WHERE r.meeting_id = $1 AND r.person_id = p.id)
             ON CONFLICT (person_id, kind, meeting_id) DO NOTHING",
        )
        .bind(meeting_id)
        .bind(place_code)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    /// Queues a reminder for everyone with a place (not the waiting list) at
    /// a meeting that starts between `now` and `until`, unless they turned
    /// reminders off. Returns how many were queued now.
    pub async fn queue_reminders(&self, now: Timestamp, until: Timestamp) -> Result<u64> {
        let done = sqlx::query(
            "INSERT INTO mail_outbox (id, person_id, kind, meeting_id, queued_at)
             SELECT m.id || '-r-' || p.id, p.id, 'reminder', m.id, $1
             FROM meetings m
             JOIN meeting_registrations r ON r.meeting_id = m.id AND r.status = 'registered'
             JOIN persons p ON p.id = r.person_id
             LEFT JOIN mail_preferences mp ON mp.person_id = p.id
             WHERE m.starts_at > $1 AND m.starts_at <= $2 AND p.email IS NOT NULL
               AND COALESCE(mp.reminders, 1) = 1
             ON CONFLICT (person_id, kind, meeting_id) DO NOTHING",
        )
        .bind(now.to_rfc3339())
        .bind(until.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    /// The due rows, for [`Store::claim_due`]: $1 now, $2 the attempts allowed, $3 the limit.
    const DUE_MAIL: &str = "SELECT o.id, o.kind, o.meeting_id, p.email, p.language, p.display_name, o.attempts
                 FROM mail_outbox o
                 JOIN persons p ON p.id = o.person_id
                 JOIN meetings m ON m.id = o.meeting_id
                 WHERE o.sent_at IS NULL AND o.attempts < $2 AND p.email IS NOT NULL
                   AND (o.claimed_until IS NULL OR o.claimed_until < $1)
                   AND m.starts_at > $1
                   AND (o.kind = 'invitation') = NOT EXISTS (SELECT 1 FROM meeting_registrations r
                        WHERE r.meeting_id = o.meeting_id AND r.person_id = o.person_id AND r.status = 'registered')
                 ORDER BY o.queued_at, o.id LIMIT $3";

    /// Up to `limit` messages that are due, each claimed for this sender
    /// until `lease_until`. A message is due when it is unsent, not claimed
    /// by another sender, has attempts left, its meeting has not started,
    /// the person still has an address, and is not registered (an
    /// invitation) or still has a place (a reminder).
    pub async fn claim_mail(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        self.claim_due("mail_outbox", Self::DUE_MAIL, (now, lease_until), limit).await
    }

    /// The rows of an outbox (`mail_outbox`, `market_digests`) that `due`
    /// finds (binds: now, the attempts allowed, the limit), each claimed for
    /// this sender until `lease_until` with its attempt counted; a row another
    /// sender took meanwhile is left out. Both outboxes go through here.
    pub(crate) async fn claim_due<T: crate::rows::FromRow + Outboxed>(
        &self,
        table: &'static str,
        due: &'static str,
        (now, lease_until): (Timestamp, Timestamp),
        limit: i64,
    ) -> Result<Vec<T>> {
        let candidates: Vec<T> =
            self.read_all(sqlx::query(due).bind(now.to_rfc3339()).bind(MAX_ATTEMPTS).bind(limit)).await?;
        let mut claimed = Vec::with_capacity(candidates.len());
        for item in candidates {
            let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {table} SET claimed_until = $2, attempts = attempts + 1
                 WHERE id = $1 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3)"
            )))
            .bind(item.id())
            .bind(lease_until.to_rfc3339())
            .bind(now.to_rfc3339())
            .execute(&self.write)
            .await?;
            if done.rows_affected() == 1 {
                claimed.push(item.attempted());
            }
        }
        Ok(claimed)
    }

    pub async fn mail_sent(&self, id: &str, at: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(at.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Records why a send failed; the claim holds until `retry_at`, after
    /// which another run tries again (while attempts are left).
    pub async fn mail_failed(&self, id: &str, error: &str, retry_at: Timestamp) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        sqlx::query("UPDATE mail_outbox SET claimed_until = $2, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(retry_at.to_rfc3339())
            .bind(error)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn invitation_counts(&self, meeting_id: &str, place_code: &str) -> Result<InvitationCounts> {
        let (residents, reachable): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*),
                    CAST(COALESCE(SUM(CASE WHEN p.email IS NOT NULL AND mp.invitations = 1 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM persons p
             JOIN place_tree t ON t.descendant = p.home_place_code AND t.ancestor = $1
             -- (PostgreSQL sums BIGINT into NUMERIC: the casts make both engines agree)
             LEFT JOIN mail_preferences mp ON mp.person_id = p.id",
        )
        .bind(place_code)
        .fetch_one(&self.read)
        .await?;
        let (queued, sent, failed): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*),
                    CAST(COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM mail_outbox WHERE meeting_id = $1 AND kind = 'invitation'",
        )
        .bind(meeting_id)
        .bind(MAX_ATTEMPTS)
        .fetch_one(&self.read)
        .await?;
        Ok(InvitationCounts { residents, reachable, queued, sent, failed })
    }

    pub async fn mails_of(&self, person_id: &str) -> Result<Vec<MailRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT o.kind, o.meeting_id, m.title AS meeting, o.queued_at, o.sent_at
             FROM mail_outbox o JOIN meetings m ON m.id = o.meeting_id
             WHERE o.person_id = $1 ORDER BY o.queued_at, o.id",
            )
            .bind(person_id.to_string()),
        )
        .await
    }
}
