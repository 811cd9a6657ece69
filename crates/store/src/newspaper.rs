//! The wijkkrant: editors, editions, items and paper responses (rules in
//! `wijkwerk_domain::newspaper`, use cases in `wijkwerk_app::newspaper`).

use crate::rows::{Membership, from_row};
use crate::{Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edition {
    pub id: String,
    pub place_code: String,
    pub place_name: String,
    pub period: String,
    pub title: String,
    pub published_at: Option<String>,
    pub items: i64,
    pub responses: i64,
}
from_row! { Edition {
    id: text, place_code: text, place_name: text, period: text, title: text, published_at: opt_text, items: int,
    responses: int,
} }

const EDITION_COLUMNS: &str = "e.id, e.place_code, p.name AS place_name, e.period, e.title, e.published_at,
    (SELECT COUNT(*) FROM newspaper_items i WHERE i.edition_id = e.id) AS items,
    (SELECT COUNT(*) FROM newspaper_responses r WHERE r.edition_id = e.id) AS responses";

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub position: i64,
    pub kind: String,
    pub ref_id: String,
    pub title: String,
    pub body: String,
}
from_row! { Item { id: text, position: int, kind: text, ref_id: text, title: text, body: text } }

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub id: String,
    pub text: String,
    pub entered_at: String,
}
from_row! { Response { id: text, text: text, entered_at: text } }

/// A person's place in an editorial group, as their export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditorRecord {
    pub place_code: String,
    pub place_name: String,
    pub joined_at: String,
}
from_row! { EditorRecord { place_code: text, place_name: text, joined_at: text } }

impl Store {
    pub async fn is_editor(&self, place_code: &str, person_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM newspaper_editors WHERE place_code = $1 AND person_id = $2",
        )
        .bind(place_code)
        .bind(person_id)
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }

    pub async fn editor_count(&self, place_code: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM newspaper_editors WHERE place_code = $1")
            .bind(place_code)
            .fetch_one(&self.read)
            .await?)
    }

    /// Joins or leaves the editorial group; doing it twice changes nothing.
    pub async fn set_editor(&self, place_code: &str, person_id: &str, editor: bool) -> Result<()> {
        const MEMBERS: Membership =
            Membership { table: "newspaper_editors", group_column: "place_code", since_column: "joined_at" };
        self.set_member(&MEMBERS, place_code, person_id, editor).await
    }

    /// A new edition; one per wijk and month (`edition-exists` otherwise).
    pub async fn create_edition(&self, place_code: &str, period: &str, title: &str) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        let taken: Option<String> =
            sqlx::query_scalar("SELECT id FROM newspaper_editions WHERE place_code = $1 AND period = $2")
                .bind(place_code)
                .bind(period)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("edition-exists"));
        }
        sqlx::query("INSERT INTO newspaper_editions (id, place_code, period, title, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(place_code)
            .bind(period)
            .bind(title)
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The editions of a place, newest month first.
    pub async fn editions_of(&self, place_code: &str) -> Result<Vec<Edition>> {
        self.all_where(
            format!(
                "SELECT {EDITION_COLUMNS} FROM newspaper_editions e JOIN places p ON p.code = e.place_code
                 WHERE e.place_code = $1 ORDER BY e.period DESC"
            ),
            place_code,
        )
        .await
    }

    pub async fn edition(&self, id: &str) -> Result<Option<(Edition, Vec<Item>)>> {
        let found: Option<Edition> = self.one_where(format!(
                    "SELECT {EDITION_COLUMNS} FROM newspaper_editions e JOIN places p ON p.code = e.place_code WHERE e.id = $1"
                ), id)
            .await?;
        let Some(edition) = found else { return Ok(None) };
        let items = self
            .read_all(
                sqlx::query(
                    "SELECT id, position, kind, ref_id, title, body FROM newspaper_items WHERE edition_id = $1
                     ORDER BY position, created_at",
                )
                .bind(id),
            )
            .await?;
        Ok(Some((edition, items)))
    }

    /// Adds an item at the end; at most `max` items (`edition-full`), and
    /// an item from the platform once (`item-taken`).
    #[allow(clippy::too_many_arguments)]
    pub async fn add_item(
        &self,
        edition_id: &str,
        kind: &str,
        ref_id: &str,
        title: &str,
        body: &str,
        by: &str,
        max: usize,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        // The edition's row lock, so two editors adding at once keep positions and the limit.
        let n =
            sqlx::query("UPDATE newspaper_editions SET title = title WHERE id = $1 AND published_at IS NULL")
                .bind(edition_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("edition-published"));
        }
        let (count, last): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM newspaper_items WHERE edition_id = $1",
        )
        .bind(edition_id)
        .fetch_one(&mut *tx)
        .await?;
        if count as usize >= max {
            return Err(StoreError::Conflict("edition-full"));
        }
        if !ref_id.is_empty() {
            let taken: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM newspaper_items WHERE edition_id = $1 AND kind = $2 AND ref_id = $3",
            )
            .bind(edition_id)
            .bind(kind)
            .bind(ref_id)
            .fetch_one(&mut *tx)
            .await?;
            if taken > 0 {
                return Err(StoreError::Conflict("item-taken"));
            }
        }
        sqlx::query(
            "INSERT INTO newspaper_items (id, edition_id, position, kind, ref_id, title, body, written_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(edition_id)
        .bind(last + 1)
        .bind(kind)
        .bind(ref_id)
        .bind(title)
        .bind(body)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes an item out of an edition not yet published.
    pub async fn remove_item(&self, edition_id: &str, item_id: &str) -> Result<bool> {
        let n = sqlx::query(
            "DELETE FROM newspaper_items WHERE id = $1 AND edition_id = $2
             AND edition_id IN (SELECT id FROM newspaper_editions WHERE published_at IS NULL)",
        )
        .bind(item_id)
        .bind(edition_id)
        .execute(&self.write)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    pub async fn publish_edition(&self, id: &str, now: Timestamp) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE newspaper_editions SET published_at = $1 WHERE id = $2 AND published_at IS NULL",
        )
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&self.write)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    pub async fn add_response(&self, edition_id: &str, text: &str, by: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO newspaper_responses (id, edition_id, text, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(edition_id)
        .bind(text)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn responses_to(&self, edition_id: &str) -> Result<Vec<Response>> {
        self.all_where(
            "SELECT id, text, entered_at FROM newspaper_responses WHERE edition_id = $1 ORDER BY entered_at"
                .into(),
            edition_id,
        )
        .await
    }

    /// The wijken whose editorial group the person is in, for "Mijn gegevens".
    pub async fn editor_of(&self, person_id: &str) -> Result<Vec<EditorRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT e.place_code, p.name AS place_name, e.joined_at FROM newspaper_editors e
                 JOIN places p ON p.code = e.place_code WHERE e.person_id = $1 ORDER BY p.name",
            )
            .bind(person_id),
        )
        .await
    }
}
