//! The luisterloket's intake and the resident's shares of it (rules in
//! `wijkwerk_domain::intake`, use cases in `wijkwerk_app::intake`). The store
//! keeps and returns; which domains a reader may see is decided by
//! `intake::visible_domains` in the use case that reads, on every read.

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::intake::{DomainEntry, OwnWords, Share};
use wijkwerk_domain::{Timestamp, new_id};

/// An intake as stored, whole. Only the resident reads it whole; others
/// get [`Intake::only`] of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intake {
    pub id: String,
    #[serde(skip)]
    pub person_id: String,
    pub person_name: String,
    pub place_code: Option<String>,
    /// `self` (started at home) or `conversation`.
    pub started: String,
    #[serde(flatten)]
    pub words: OwnWords,
    pub domains: Vec<DomainEntry>,
    pub created_at: String,
    pub updated_at: String,
}

impl Intake {
    /// The intake with only these domains (and the own words only when
    /// `own-words` is among them).
    pub fn only(mut self, domains: &std::collections::BTreeSet<String>) -> Intake {
        self.domains.retain(|d| domains.contains(&d.domain));
        if !domains.contains(wijkwerk_domain::intake::OWN_WORDS) {
            self.words = OwnWords::default();
        }
        self
    }
}

fn words(row: &AnyRow, _: &str) -> Result<OwnWords> {
    Ok(OwnWords {
        happy: text(row, "happy")?,
        needs: text(row, "needs")?,
        second_person: text(row, "second_person")?,
        second_contributes: text(row, "second_contributes")?,
    })
}

fn no_domains(_: &AnyRow, _: &str) -> Result<Vec<DomainEntry>> {
    Ok(Vec::new())
}

from_row! { Intake {
    id: text, person_id: text, person_name: text, place_code: opt_text, started: text, words: words,
    domains: no_domains, created_at: text, updated_at: text,
} }

fn share_from_row(row: &AnyRow) -> Result<Share> {
    Ok(Share {
        id: text(row, "id")?,
        organisation_id: text(row, "organisation_id")?,
        organisation: text(row, "organisation")?,
        domain: text(row, "domain")?,
        granted_at: text(row, "granted_at")?,
        valid_until: text(row, "valid_until")?,
        revoked_at: opt_text(row, "revoked_at")?,
    })
}

/// An intake shared with an organisation, for its professionals' list
/// (the resident's name and how many domains, nothing of the content).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedIntake {
    pub intake_id: String,
    pub person_name: String,
    pub organisation: String,
    pub domains: i64,
    pub until: String,
}
from_row! { SharedIntake { intake_id: text, person_name: text, organisation: text, domains: int, until: text } }

const INTAKE: &str = "SELECT i.id, i.person_id, p.display_name AS person_name, i.place_code, i.started, i.happy, i.needs,
    i.second_person, i.second_contributes, i.created_at, i.updated_at FROM intakes i JOIN persons p ON p.id = i.person_id";

impl Store {
    /// Writes the resident's intake: creates it the first time, then
    /// replaces the own words and every domain entry, in one transaction.
    pub async fn save_intake(
        &self,
        person_id: &str,
        place_code: Option<&str>,
        started: &str,
        words: &OwnWords,
        domains: &[DomainEntry],
    ) -> Result<String> {
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        let existing: Option<String> = sqlx::query_scalar("SELECT id FROM intakes WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
        let id = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE intakes SET happy = $1, needs = $2, second_person = $3, second_contributes = $4,
                     updated_at = $5 WHERE id = $6",
                )
                .bind(&words.happy)
                .bind(&words.needs)
                .bind(&words.second_person)
                .bind(&words.second_contributes)
                .bind(&now)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                let id = new_id();
                sqlx::query(
                    "INSERT INTO intakes (id, person_id, place_code, started, happy, needs, second_person,
                     second_contributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                )
                .bind(&id)
                .bind(person_id)
                .bind(place_code)
                .bind(started)
                .bind(&words.happy)
                .bind(&words.needs)
                .bind(&words.second_person)
                .bind(&words.second_contributes)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        sqlx::query("DELETE FROM intake_domains WHERE intake_id = $1").bind(&id).execute(&mut *tx).await?;
        for d in domains {
            sqlx::query(
                "INSERT INTO intake_domains (intake_id, domain, rating, strengths, worries, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(&d.domain)
            .bind(d.rating)
            .bind(&d.strengths)
            .bind(&d.worries)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The intake whole, with its domains. Callers decide who sees what.
    pub async fn intake(&self, id: &str) -> Result<Option<Intake>> {
        let found: Option<Intake> = self
            .read_one(sqlx::query(sqlx::AssertSqlSafe(format!("{INTAKE} WHERE i.id = $1"))).bind(id))
            .await?;
        let Some(mut intake) = found else { return Ok(None) };
        let rows: Vec<(String, Option<i64>, String, String)> = sqlx::query_as(
            "SELECT domain, rating, strengths, worries FROM intake_domains WHERE intake_id = $1 ORDER BY domain",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        intake.domains = rows
            .into_iter()
            .map(|(domain, rating, strengths, worries)| DomainEntry { domain, rating, strengths, worries })
            .collect();
        Ok(Some(intake))
    }

    pub async fn intake_of(&self, person_id: &str) -> Result<Option<Intake>> {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM intakes WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&self.read)
            .await?;
        match id {
            Some(id) => self.intake(&id).await,
            None => Ok(None),
        }
    }

    /// Every share of the intake, active or not, newest first.
    pub async fn intake_shares(&self, intake_id: &str) -> Result<Vec<Share>> {
        let rows = sqlx::query(
            "SELECT s.id, s.organisation_id, o.name AS organisation, s.domain, s.granted_at, s.valid_until, s.revoked_at
             FROM intake_shares s JOIN organisations o ON o.id = s.organisation_id
             WHERE s.intake_id = $1 ORDER BY s.granted_at DESC, o.name, s.domain",
        )
        .bind(intake_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(share_from_row).collect()
    }

    /// The resident shares these domains with an organisation until then.
    pub async fn share_intake(
        &self,
        intake_id: &str,
        organisation_id: &str,
        domains: &[String],
        valid_until: &str,
    ) -> Result<()> {
        let now = Timestamp::now().to_rfc3339();
        for d in domains {
            sqlx::query(
                "INSERT INTO intake_shares (id, intake_id, organisation_id, domain, granted_at, valid_until)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(new_id())
            .bind(intake_id)
            .bind(organisation_id)
            .bind(d)
            .bind(&now)
            .bind(valid_until)
            .execute(&self.write)
            .await?;
        }
        Ok(())
    }

    /// Ends a share at once. Only a share of this intake.
    pub async fn revoke_intake_share(&self, intake_id: &str, share_id: &str) -> Result<()> {
        let n = sqlx::query(
            "UPDATE intake_shares SET revoked_at = $1 WHERE id = $2 AND intake_id = $3 AND revoked_at IS NULL",
        )
        .bind(Timestamp::now().to_rfc3339())
        .bind(share_id)
        .bind(intake_id)
        .execute(&self.write)
        .await?
        .rows_affected();
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// The organisations the person works for as a professional.
    pub async fn professional_organisations(&self, person_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT organisation_id FROM role_assignments
             WHERE person_id = $1 AND organisation_id IS NOT NULL AND role <> 'bewoner'",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?)
    }

    /// The connection account of an organisation, when it has one.
    pub async fn connector_of(&self, organisation_id: &str, name: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT p.id FROM persons p JOIN role_assignments r ON r.person_id = p.id
             WHERE r.organisation_id = $1 AND r.role = 'partner' AND p.email IS NULL AND p.display_name = $2
             ORDER BY p.id LIMIT 1",
        )
        .bind(organisation_id)
        .bind(name)
        .fetch_optional(&self.read)
        .await?)
    }

    /// Intakes with an active share for any of these organisations.
    pub async fn intakes_shared_with(
        &self,
        organisations: &[String],
        now: &str,
    ) -> Result<Vec<SharedIntake>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..organisations.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT i.id AS intake_id, p.display_name AS person_name, o.name AS organisation,
             COUNT(*) AS domains, MAX(s.valid_until) AS until
             FROM intake_shares s JOIN intakes i ON i.id = s.intake_id JOIN persons p ON p.id = i.person_id
             JOIN organisations o ON o.id = s.organisation_id
             WHERE s.revoked_at IS NULL AND s.valid_until > $1 AND s.organisation_id IN ({})
             GROUP BY i.id, p.display_name, o.name ORDER BY p.display_name",
            marks.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now.to_string());
        for o in organisations {
            q = q.bind(o.clone());
        }
        self.read_all(q).await
    }
}

/// A referral from the luisterloket to a partner, with its answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    pub id: String,
    pub intake_id: String,
    /// The resident's name, for the partner's list.
    pub person_name: String,
    pub organisation_id: String,
    pub organisation: String,
    pub domains: Vec<String>,
    pub reason: String,
    /// Compared by the use cases, never sent.
    #[serde(skip)]
    pub referred_by: Option<String>,
    pub referred_by_name: String,
    pub referred_at: String,
    /// `open`, `accepted` or `declined`.
    pub status: String,
    pub answer: String,
    pub answered_by_name: String,
    pub answered_at: Option<String>,
}

fn list(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    Ok(text(row, col)?.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
}

fn name(row: &AnyRow, col: &str) -> Result<String> {
    Ok(opt_text(row, col)?.unwrap_or_default())
}

from_row! { Referral {
    id: text, intake_id: text, person_name: text, organisation_id: text, organisation: text, domains: list,
    reason: text, referred_by: opt_text, referred_by_name: name, referred_at: text, status: text, answer: text, answered_by_name: name,
    answered_at: opt_text,
} }

const REFERRAL: &str =
    "SELECT r.id, r.intake_id, p.display_name AS person_name, r.organisation_id, o.name AS organisation,
    r.domains, r.reason, r.referred_by, b.display_name AS referred_by_name, r.referred_at, r.status, r.answer,
    a.display_name AS answered_by_name, r.answered_at
    FROM referrals r JOIN intakes i ON i.id = r.intake_id JOIN persons p ON p.id = i.person_id
    JOIN organisations o ON o.id = r.organisation_id
    LEFT JOIN persons b ON b.id = r.referred_by LEFT JOIN persons a ON a.id = r.answered_by";

impl Store {
    pub async fn refer(
        &self,
        intake_id: &str,
        organisation_id: &str,
        domains: &[String],
        reason: &str,
        by: &str,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO referrals (id, intake_id, organisation_id, domains, reason, referred_by, referred_at, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')",
        )
        .bind(&id)
        .bind(intake_id)
        .bind(organisation_id)
        .bind(domains.join(","))
        .bind(reason)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    pub async fn referral(&self, id: &str) -> Result<Option<Referral>> {
        self.one_where(format!("{REFERRAL} WHERE r.id = $1"), id).await
    }

    /// The referrals of an intake, newest first.
    pub async fn referrals_of(&self, intake_id: &str) -> Result<Vec<Referral>> {
        self.all_where(
            format!("{REFERRAL} WHERE r.intake_id = $1 ORDER BY r.referred_at DESC, r.id"),
            intake_id,
        )
        .await
    }

    /// Referrals to any of these organisations, open ones first, newest first.
    pub async fn referrals_to(&self, organisations: &[String]) -> Result<Vec<Referral>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=organisations.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{REFERRAL} WHERE r.organisation_id IN ({}) ORDER BY CASE WHEN r.status = 'open' THEN 0 ELSE 1 END,
             r.referred_at DESC, r.id",
            marks.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for o in organisations {
            q = q.bind(o.clone());
        }
        self.read_all(q).await
    }

    /// The partner's answer, once: only an open referral changes.
    pub async fn answer_referral(&self, id: &str, accepted: bool, answer: &str, by: &str) -> Result<()> {
        let n = sqlx::query(
            "UPDATE referrals SET status = $1, answer = $2, answered_by = $3, answered_at = $4
             WHERE id = $5 AND status = 'open'",
        )
        .bind(if accepted { "accepted" } else { "declined" })
        .bind(answer)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .bind(id)
        .execute(&self.write)
        .await?
        .rows_affected();
        if n == 0 { Err(StoreError::Conflict("referral-answered")) } else { Ok(()) }
    }
}

/// A professional's note on a domain of a resident's intake, with the
/// resident's own view on it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntakeNote {
    pub id: String,
    pub domain: String,
    pub author_name: String,
    #[serde(skip)]
    pub organisation_id: Option<String>,
    pub organisation: String,
    pub text: String,
    pub written_at: String,
    pub reply: String,
    pub replied_at: Option<String>,
}
from_row! { IntakeNote {
    id: text, domain: text, author_name: name, organisation_id: opt_text, organisation: name, text: text,
    written_at: text, reply: text, replied_at: opt_text,
} }

impl Store {
    pub async fn add_intake_note(
        &self,
        intake_id: &str,
        domain: &str,
        author: &str,
        organisation_id: Option<&str>,
        text: &str,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO intake_notes (id, intake_id, domain, author_id, organisation_id, text, written_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(intake_id)
        .bind(domain)
        .bind(author)
        .bind(organisation_id)
        .bind(text)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// Every note in the intake, oldest first.
    pub async fn intake_notes(&self, intake_id: &str) -> Result<Vec<IntakeNote>> {
        self.read_all(
            sqlx::query(
                "SELECT n.id, n.domain, p.display_name AS author_name, n.organisation_id, o.name AS organisation, n.text,
                 n.written_at, n.reply, n.replied_at
                 FROM intake_notes n LEFT JOIN persons p ON p.id = n.author_id
                 LEFT JOIN organisations o ON o.id = n.organisation_id
                 WHERE n.intake_id = $1 ORDER BY n.written_at, n.id",
            )
            .bind(intake_id),
        )
        .await
    }

    /// The resident's own view on a note of their intake (replacing an earlier one).
    pub async fn reply_to_intake_note(&self, intake_id: &str, note_id: &str, reply: &str) -> Result<()> {
        let n = sqlx::query(
            "UPDATE intake_notes SET reply = $1, replied_at = $2 WHERE id = $3 AND intake_id = $4",
        )
        .bind(reply)
        .bind(Timestamp::now().to_rfc3339())
        .bind(note_id)
        .bind(intake_id)
        .execute(&self.write)
        .await?
        .rows_affected();
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
