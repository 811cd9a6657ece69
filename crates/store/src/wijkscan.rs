//! The wijkscan's rounds and answers (rules in `wijkwerk_domain::wijkscan`,
//! use cases in `wijkwerk_app::wijkscan`).

use crate::rows::from_row;
use crate::{Result, Store, text};
use serde::Serialize;
use std::collections::BTreeSet;
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Round {
    pub id: String,
    pub place_code: String,
    pub name: String,
    pub opened_at: String,
}
from_row! { Round { id: text, place_code: text, name: text, opened_at: text } }

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub person_id: String,
    pub group: String,
    pub items: BTreeSet<u8>,
    pub answered_at: String,
}

fn items_of(row: &crate::AnyRow, col: &str) -> Result<BTreeSet<u8>> {
    Ok(text(row, col)?.split(',').filter_map(|n| n.trim().parse().ok()).collect())
}
from_row! { Answer { person_id: text, group: text("grp"), items: items_of, answered_at: text } }

/// A person's answer as their export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerRecord {
    pub round: String,
    pub place_code: String,
    pub group: String,
    pub items: String,
    pub answered_at: String,
}
from_row! { AnswerRecord { round: text, place_code: text, group: text("grp"), items: text, answered_at: text } }

impl Store {
    pub async fn open_wijkscan_round(
        &self,
        place_code: &str,
        name: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<Round> {
        let round = Round {
            id: new_id(),
            place_code: place_code.to_string(),
            name: name.to_string(),
            opened_at: at.to_rfc3339(),
        };
        sqlx::query("INSERT INTO wijkscan_rounds (id, place_code, name, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5)")
            .bind(&round.id)
            .bind(&round.place_code)
            .bind(&round.name)
            .bind(&round.opened_at)
            .bind(by)
            .execute(&self.write)
            .await?;
        Ok(round)
    }

    /// The rounds of a place, oldest first.
    pub async fn wijkscan_rounds(&self, place_code: &str) -> Result<Vec<Round>> {
        self.all_where("SELECT id, place_code, name, opened_at FROM wijkscan_rounds WHERE place_code = $1 ORDER BY opened_at, id".into(), place_code)
        .await
    }

    pub async fn wijkscan_round(&self, id: &str) -> Result<Option<Round>> {
        Ok(self
            .read_all(
                sqlx::query("SELECT id, place_code, name, opened_at FROM wijkscan_rounds WHERE id = $1")
                    .bind(id),
            )
            .await?
            .pop())
    }

    /// A person's answer in a round, replacing their earlier one.
    pub async fn answer_wijkscan(
        &self,
        round_id: &str,
        person_id: &str,
        group: &str,
        items: &BTreeSet<u8>,
        at: Timestamp,
    ) -> Result<()> {
        let list: Vec<String> = items.iter().map(u8::to_string).collect();
        sqlx::query(
            "INSERT INTO wijkscan_answers (round_id, person_id, grp, items, answered_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (round_id, person_id) DO UPDATE SET grp = excluded.grp, items = excluded.items,
             answered_at = excluded.answered_at",
        )
        .bind(round_id)
        .bind(person_id)
        .bind(group)
        .bind(list.join(","))
        .bind(at.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn wijkscan_answers(&self, round_id: &str) -> Result<Vec<Answer>> {
        self.all_where("SELECT person_id, grp, items, answered_at FROM wijkscan_answers WHERE round_id = $1 ORDER BY grp, answered_at".into(), round_id)
        .await
    }

    /// Everything a person answered, for their export.
    pub async fn wijkscan_answers_of(&self, person_id: &str) -> Result<Vec<AnswerRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT r.name AS round, r.place_code, a.grp, a.items, a.answered_at FROM wijkscan_answers a
                 JOIN wijkscan_rounds r ON r.id = a.round_id WHERE a.person_id = $1 ORDER BY a.answered_at",
            )
            .bind(person_id),
        )
        .await
    }
}
