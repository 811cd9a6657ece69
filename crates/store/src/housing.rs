//! Housing projects and their broad-prosperity scores (rules in
//! `wijkwerk_domain::housing`, use cases in `wijkwerk_app::housing`).

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, int, text};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;
use wijkwerk_domain::{Timestamp, new_id};

fn scores(row: &AnyRow, col: &str) -> Result<Option<BTreeMap<String, u8>>> {
    let raw: Option<String> = row.try_get(col)?;
    Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
}

fn opt(row: &AnyRow, col: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Project {
    pub id: String,
    pub place_code: String,
    pub name: String,
    pub homes: i64,
    pub status: String,
    pub scores: Option<BTreeMap<String, u8>>,
    pub scored_at: Option<String>,
    pub place_name: String,
    /// The gemeente the project lies in (for the overview per gemeente).
    pub gemeente_code: Option<String>,
}
from_row! { Project {
    id: text, place_code: text, name: text, homes: int, status: text, scores: scores, scored_at: opt,
    place_name: text, gemeente_code: opt,
} }

/// The project's columns, with its place's name and its gemeente read in
/// the same statement.
const COLUMNS: &str = "p.id, p.place_code, p.name, p.homes, p.status, p.scores, p.scored_at,
    (SELECT name FROM places WHERE code = p.place_code) AS place_name,
    (SELECT a.ancestor FROM place_tree a JOIN places g ON g.code = a.ancestor AND g.level = 'gemeente'
     WHERE a.descendant = p.place_code) AS gemeente_code";

impl Store {
    pub async fn add_housing_project(
        &self,
        place: &str,
        name: &str,
        homes: i64,
        status: &str,
        by: &str,
    ) -> Result<Project> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO housing_projects (id, place_code, name, homes, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(place)
        .bind(name)
        .bind(homes)
        .bind(status)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(self.housing_project(&id).await?.expect("just added"))
    }

    pub async fn score_housing_project(&self, id: &str, scores: &BTreeMap<String, u8>) -> Result<()> {
        let json = serde_json::to_string(scores).expect("scores serialise");
        sqlx::query("UPDATE housing_projects SET scores = $1, scored_at = $2 WHERE id = $3")
            .bind(json)
            .bind(Timestamp::now().to_rfc3339())
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn housing_project(&self, id: &str) -> Result<Option<Project>> {
        let sql = format!("SELECT {COLUMNS} FROM housing_projects p WHERE p.id = $1");
        Ok(self.read_all(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id)).await?.pop())
    }

    /// Every project at the place and inside it.
    pub async fn housing_projects_under(&self, ancestor: &str) -> Result<Vec<Project>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM place_tree t JOIN housing_projects p ON p.place_code = t.descendant
             WHERE t.ancestor = $1 ORDER BY p.place_code, p.name"
        );
        self.read_all(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ancestor)).await
    }
}
