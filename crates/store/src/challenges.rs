//! Right to challenge: rules per gemeente, interventions and challenges
//! (rules in `wijkwerk_domain::challenges`, use cases in
//! `wijkwerk_app::challenges`).

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::challenges::{ChallengeInput, ChallengeRules, InterventionInput, Outcome};
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intervention {
    pub id: String,
    pub place_code: String,
    pub place_name: String,
    pub title: String,
    pub description: String,
    pub budget: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub taakveld: String,
    pub domain: String,
    pub announced_at: String,
    pub challenges: i64,
}
from_row! { Intervention {
    id: text, place_code: text, place_name: text, title: text, description: text, budget: int, starts_on: text,
    ends_on: text, taakveld: text, domain: text, announced_at: text, challenges: int,
} }

const INTERVENTION_COLUMNS: &str =
    "i.id, i.place_code, p.name AS place_name, i.title, i.description, i.budget,
    i.starts_on, i.ends_on, i.taakveld, i.domain, i.announced_at,
    (SELECT COUNT(*) FROM challenges c WHERE c.intervention_id = i.id) AS challenges";

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Challenge {
    pub id: String,
    pub intervention_id: String,
    pub kind: String,
    pub name: String,
    pub plan: String,
    pub bid: i64,
    pub why_better: String,
    #[serde(skip)]
    pub submitted_by: Option<String>,
    pub submitted_at: String,
    pub answer_due: String,
    pub outcome: Option<String>,
    pub reason: String,
    pub answered_at: Option<String>,
}
from_row! { Challenge {
    id: text, intervention_id: text, kind: text, name: text, plan: text, bid: int, why_better: text,
    submitted_by: opt_text, submitted_at: text, answer_due: text, outcome: opt_text, reason: text, answered_at: opt_text,
} }

/// A person's challenges, as their export shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeRecord {
    pub challenge_id: String,
    pub intervention: String,
    pub name: String,
    pub submitted_at: String,
}
from_row! { ChallengeRecord { challenge_id: text, intervention: text, name: text, submitted_at: text } }

impl Store {
    pub async fn challenge_rules(&self, gemeente: &str) -> Result<Option<ChallengeRules>> {
        let row = sqlx::query("SELECT answer_days, regulation FROM challenge_rules WHERE place_code = $1")
            .bind(gemeente)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r: AnyRow| {
            Ok(ChallengeRules {
                answer_days: int(&r, "answer_days")?.max(1) as u32,
                regulation: text(&r, "regulation")?,
            })
        })
        .transpose()
    }

    pub async fn set_challenge_rules(&self, gemeente: &str, r: &ChallengeRules) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM challenge_rules WHERE place_code = $1")
            .bind(gemeente)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO challenge_rules (place_code, answer_days, regulation, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(gemeente)
            .bind(i64::from(r.answer_days))
            .bind(&r.regulation)
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn announce_intervention(
        &self,
        place_code: &str,
        i: &InterventionInput,
        by: &str,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO interventions (id, place_code, title, description, budget, starts_on, ends_on, taakveld, domain,
                 announced_at, announced_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(place_code)
        .bind(&i.title)
        .bind(&i.description)
        .bind(i.budget)
        .bind(&i.starts_on)
        .bind(&i.ends_on)
        .bind(&i.taakveld)
        .bind(&i.domain)
        .bind(Timestamp::now().to_rfc3339())
        .bind(by)
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// The interventions at a place and inside it, newest first.
    pub async fn interventions_under(&self, ancestor: &str) -> Result<Vec<Intervention>> {
        self.all_where(format!(
                "SELECT {INTERVENTION_COLUMNS} FROM place_tree t JOIN interventions i ON i.place_code = t.descendant
                 JOIN places p ON p.code = i.place_code WHERE t.ancestor = $1 ORDER BY i.announced_at DESC, i.id"
            ), ancestor)
        .await
    }

    pub async fn intervention(&self, id: &str) -> Result<Option<Intervention>> {
        self.one_where(format!(
                "SELECT {INTERVENTION_COLUMNS} FROM interventions i JOIN places p ON p.code = i.place_code WHERE i.id = $1"
            ), id)
        .await
    }

    pub async fn challenges_of(&self, intervention_id: &str) -> Result<Vec<Challenge>> {
        self.read_all(
            sqlx::query(
                "SELECT id, intervention_id, kind, name, plan, bid, why_better, submitted_by, submitted_at, answer_due,
                        outcome, reason, answered_at
                 FROM challenges WHERE intervention_id = $1 ORDER BY submitted_at, id",
            )
            .bind(intervention_id),
        )
        .await
    }

    pub async fn submit_challenge(
        &self,
        intervention_id: &str,
        c: &ChallengeInput,
        by: &str,
        now: Timestamp,
        answer_due: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO challenges (id, intervention_id, kind, name, plan, bid, why_better, submitted_by, submitted_at,
                 answer_due) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(intervention_id)
        .bind(&c.kind)
        .bind(&c.name)
        .bind(&c.plan)
        .bind(c.bid)
        .bind(&c.why_better)
        .bind(by)
        .bind(now.to_rfc3339())
        .bind(answer_due.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// The gemeente's answer; a challenge is answered once (a second answer
    /// is refused with `challenge-answered`).
    pub async fn answer_challenge(
        &self,
        id: &str,
        outcome: Outcome,
        reason: &str,
        now: Timestamp,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE challenges SET outcome = $1, reason = $2, answered_at = $3 WHERE id = $4 AND outcome IS NULL",
        )
        .bind(outcome.as_str())
        .bind(reason)
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("challenge-answered"));
        }
        let intervention: String = sqlx::query_scalar("SELECT intervention_id FROM challenges WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(intervention)
    }

    pub async fn challenge(&self, id: &str) -> Result<Option<Challenge>> {
        self.read_one(
            sqlx::query(
                "SELECT id, intervention_id, kind, name, plan, bid, why_better, submitted_by, submitted_at, answer_due,
                        outcome, reason, answered_at FROM challenges WHERE id = $1",
            )
            .bind(id),
        )
        .await
    }

    /// The challenges the person submitted, for "Mijn gegevens".
    pub async fn challenges_by(&self, person_id: &str) -> Result<Vec<ChallengeRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT c.id AS challenge_id, i.title AS intervention, c.name, c.submitted_at
                 FROM challenges c JOIN interventions i ON i.id = c.intervention_id
                 WHERE c.submitted_by = $1 ORDER BY c.submitted_at",
            )
            .bind(person_id),
        )
        .await
    }
}
