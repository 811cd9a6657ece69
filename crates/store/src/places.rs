//! Places and what is in them.

use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::place::{self, Place, PlaceLevel};
use wijkwerk_domain::{Invalid, Timestamp};

fn place_from_row(row: &AnyRow) -> Result<Place> {
    let level = text(row, "level")?;
    Ok(Place {
        code: text(row, "code")?,
        level: PlaceLevel::parse(&level)
            .ok_or_else(|| StoreError::Database(sqlx::Error::Decode(format!("bad level {level}").into())))?,
        name: text(row, "name")?,
        parent_code: opt_text(row, "parent_code")?,
    })
}

/// An organisation active in a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub place_code: String,
    pub description: String,
    pub website: Option<String>,
}

pub const ORGANISATION_KINDS: [&str; 5] = ["partner", "business", "initiative", "gemeente", "federation"];

impl Store {
    /// Adds a place under `parent_code` (none for a land), checking its code.
    pub async fn add_place(
        &self,
        code: &str,
        level: PlaceLevel,
        name: &str,
        parent_code: Option<&str>,
    ) -> Result<Place> {
        let mut invalid = Invalid::new();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            invalid.add("name", if name.is_empty() { "required" } else { "too-long" });
        }
        let parent = match parent_code {
            Some(p) => match self.place(p).await? {
                Some(parent) => Some(parent),
                None => {
                    invalid.add("parentCode", "place-unknown");
                    None
                }
            },
            None => None,
        };
        if parent_code.is_none() || parent.is_some() {
            let parent_ref = parent.as_ref().map(|p| (p.code.as_str(), p.level));
            if let Err(e) = place::check_code(code, level, parent_ref) {
                invalid.add("code", e.code());
            }
        }
        invalid.into_result(())?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO places (code, level, name, parent_code, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code)
        .bind(level.as_str())
        .bind(name)
        .bind(parent_code)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        // The new place sits below everything its parent sits below.
        sqlx::query(
            "INSERT INTO place_tree (ancestor, descendant, depth)
             SELECT ancestor, $1, depth + 1 FROM place_tree WHERE descendant = $2
             UNION ALL SELECT $1, $1, 0",
        )
        .bind(code)
        .bind(parent_code)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Place { code: code.into(), level, name: name.into(), parent_code: parent_code.map(String::from) })
    }

    pub async fn place(&self, code: &str) -> Result<Option<Place>> {
        let row = sqlx::query("SELECT code, level, name, parent_code FROM places WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(place_from_row).transpose()
    }

    /// The chain from the land down to the place itself; empty when unknown.
    pub async fn place_path(&self, code: &str) -> Result<Vec<Place>> {
        let rows = sqlx::query(
            "SELECT p.code, p.level, p.name, p.parent_code
             FROM place_tree t JOIN places p ON p.code = t.ancestor
             WHERE t.descendant = $1 ORDER BY t.depth DESC",
        )
        .bind(code)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(place_from_row).collect()
    }

    pub async fn children(&self, code: &str) -> Result<Vec<Place>> {
        let rows = sqlx::query(
            "SELECT code, level, name, parent_code FROM places WHERE parent_code = $1 ORDER BY name",
        )
        .bind(code)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(place_from_row).collect()
    }

    /// All lands (places without a parent).
    pub async fn lands(&self) -> Result<Vec<Place>> {
        let rows = sqlx::query(
            "SELECT code, level, name, parent_code FROM places WHERE parent_code IS NULL ORDER BY name",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(place_from_row).collect()
    }

    /// The children of `code` by name, each with the number of registered
    /// residents living in it or anywhere below it. Raw counts: callers must
    /// suppress small ones before showing them.
    pub async fn children_with_residents(&self, code: &str) -> Result<Vec<(Place, u64)>> {
        let rows = sqlx::query(
            "SELECT c.code, c.level, c.name, c.parent_code, COUNT(pe.id) AS n
             FROM places c
             JOIN place_tree t ON t.ancestor = c.code
             LEFT JOIN persons pe ON pe.home_place_code = t.descendant
             WHERE c.parent_code = $1
             GROUP BY c.code, c.level, c.name, c.parent_code
             ORDER BY c.name",
        )
        .bind(code)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((place_from_row(r)?, int(r, "n")? as u64))).collect()
    }

    pub async fn add_organisation(
        &self,
        name: &str,
        kind: &str,
        place_code: &str,
        description: &str,
        website: Option<&str>,
    ) -> Result<Organisation> {
        let mut invalid = Invalid::new();
        if name.trim().is_empty() {
            invalid.add("name", "required");
        }
        if !ORGANISATION_KINDS.contains(&kind) {
            invalid.add("kind", "kind-unknown");
        }
        if self.place(place_code).await?.is_none() {
            invalid.add("placeCode", "place-unknown");
        }
        invalid.into_result(())?;
        let org = Organisation {
            id: wijkwerk_domain::new_id(),
            name: name.trim().into(),
            kind: kind.into(),
            place_code: place_code.into(),
            description: description.trim().into(),
            website: website.map(String::from),
        };
        sqlx::query(
            "INSERT INTO organisations (id, name, kind, place_code, description, website, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&org.id)
        .bind(&org.name)
        .bind(&org.kind)
        .bind(&org.place_code)
        .bind(&org.description)
        .bind(&org.website)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(org)
    }

    /// Organisations based in the place or anywhere below it, by name.
    pub async fn organisations_in(&self, code: &str) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(
            "SELECT o.id, o.name, o.kind, o.place_code, o.description, o.website
             FROM place_tree t JOIN organisations o ON o.place_code = t.descendant
             WHERE t.ancestor = $1
             ORDER BY o.name",
        )
        .bind(code)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Organisation {
                    id: text(r, "id")?,
                    name: text(r, "name")?,
                    kind: text(r, "kind")?,
                    place_code: text(r, "place_code")?,
                    description: text(r, "description")?,
                    website: opt_text(r, "website")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Every place below the lands (gemeenten, wijken, buurten), in code order:
    /// for pickers and filters.
    pub async fn all_places(&self) -> Result<Vec<Place>> {
        let rows = sqlx::query(
            "SELECT code, level, name, parent_code FROM places WHERE parent_code IS NOT NULL ORDER BY code LIMIT 5000",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(place_from_row).collect()
    }
}
