//! Follow the money: budgets and spending per place (see
//! `wijkwerk_domain::money`; the use cases in `wijkwerk_app::money`).

use crate::rows::{from_row, insert_rows};
use crate::{AnyRow, Result, Store, text};
use serde::Serialize;
use sqlx::Row;
use wijkwerk_domain::money::Flow;
use wijkwerk_domain::{Timestamp, new_id};

fn cents(row: &AnyRow, col: &str) -> Result<i64> {
    crate::int(row, col)
}

fn opt(row: &AnyRow, col: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredFlow {
    pub id: String,
    pub place_code: String,
    pub year: String,
    pub kind: String,
    pub payer: String,
    pub taakveld: String,
    pub domain: String,
    pub intervention: String,
    pub indicator: Option<String>,
    pub cents: i64,
    pub note: String,
}
from_row! { StoredFlow {
    id: text, place_code: text, year: text, kind: text, payer: text, taakveld: text, domain: text,
    intervention: text, indicator: opt, cents: cents, note: text,
} }

impl Store {
    /// Writes flows in one transaction. With the sheet they came from (and
    /// the gemeente it was imported for), the flows an earlier import of the
    /// same sheet wrote are replaced: importing a file twice counts it once.
    pub async fn record_flows(&self, flows: &[Flow], sheet: Option<(&str, &str)>, by: &str) -> Result<()> {
        use sha2::Digest;
        let hash = sheet.map(|(gemeente, text)| {
            crate::secrets::hex(&sha2::Sha256::digest(format!("{gemeente}\n{text}").as_bytes()))
        });
        let sheet_hash = hash.as_deref();
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        if let Some(hash) = sheet_hash {
            sqlx::query("DELETE FROM money_flows WHERE sheet_hash = $1").bind(hash).execute(&mut *tx).await?;
        }
        let rows: Vec<(String, &Flow)> = flows.iter().map(|f| (new_id(), f)).collect();
        insert_rows(
            &mut tx,
            self.rows_per_statement(),
            (
                "INSERT INTO money_flows (id, place_code, year, kind, payer, taakveld, domain, intervention, indicator,
                 cents, note, sheet_hash, recorded_by, recorded_at) VALUES",
                14,
                "",
            ),
            &rows,
            |q, (id, f)| {
                q.bind(id)
                    .bind(&f.place)
                    .bind(&f.year)
                    .bind(&f.kind)
                    .bind(&f.payer)
                    .bind(&f.taakveld)
                    .bind(&f.domain)
                    .bind(&f.intervention)
                    .bind(&f.indicator)
                    .bind(f.cents)
                    .bind(&f.note)
                    .bind(sheet_hash)
                    .bind(by)
                    .bind(&now)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every flow of the place and of the places inside it.
    pub async fn flows_under(&self, ancestor: &str) -> Result<Vec<StoredFlow>> {
        self.read_all(
            sqlx::query(
                "SELECT f.id, f.place_code, f.year, f.kind, f.payer, f.taakveld, f.domain, f.intervention, f.indicator,
                        f.cents, f.note
                 FROM place_tree t JOIN money_flows f ON f.place_code = t.descendant
                 WHERE t.ancestor = $1 ORDER BY f.year, f.place_code, f.payer, f.domain, f.intervention",
            )
            .bind(ancestor),
        )
        .await
    }

    /// What was paid with the social coin at businesses in each wijk of a
    /// gemeente, per year, with the number of payers: `(wijk, year, cents, payers)`.
    pub async fn coin_paid_per_wijk(&self, gemeente: &str) -> Result<Vec<(String, String, i64, i64)>> {
        Ok(self
            .platform_figures(gemeente)
            .await?
            .into_iter()
            .filter(|f| f.indicator == "munt-besteed")
            .map(|f| (f.wijk, f.year, f.amount, f.people))
            .collect())
    }
}
