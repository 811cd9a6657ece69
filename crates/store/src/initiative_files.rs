//! Photos and receipts with an initiative's account (rules in
//! `wijkwerk_domain::attachments`, use cases in `wijkwerk_app::initiative_files`).

use crate::rows::from_row;
use crate::{Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use sqlx::Row;
use wijkwerk_domain::attachments::{MAX_PER_INITIATIVE, Upload};
use wijkwerk_domain::{Timestamp, new_id};

/// A file without its bytes, as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileMeta {
    pub id: String,
    pub initiative_id: String,
    pub kind: String,
    pub media_type: String,
    pub description: String,
    pub size: i64,
    /// For deciding who may remove it; never sent out, so a public photo
    /// names no person.
    #[serde(skip_serializing)]
    pub uploaded_by: Option<String>,
    pub uploaded_at: String,
}
from_row! { FileMeta {
    id: text, initiative_id: text, kind: text, media_type: text, description: text, size: int,
    uploaded_by: opt_text, uploaded_at: text,
} }

const META: &str = "id, initiative_id, kind, media_type, description, size, uploaded_by, uploaded_at";

/// A file someone uploaded, as their export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileRecord {
    pub initiative_id: String,
    pub initiative: String,
    pub kind: String,
    pub description: String,
    pub uploaded_at: String,
}
from_row! { FileRecord { initiative_id: text, initiative: text, kind: text, description: text, uploaded_at: text } }

impl Store {
    /// Keeps a checked upload; at most [`MAX_PER_INITIATIVE`] per initiative,
    /// counted under the initiative's row lock so parallel uploads cannot
    /// slip past.
    pub async fn add_initiative_file(&self, initiative_id: &str, up: &Upload, by: &str) -> Result<FileMeta> {
        let mut tx = self.begin_write().await?;
        let locked = sqlx::query("UPDATE initiatives SET id = id WHERE id = $1")
            .bind(initiative_id)
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM initiative_files WHERE initiative_id = $1")
            .bind(initiative_id)
            .fetch_one(&mut *tx)
            .await?;
        if n >= MAX_PER_INITIATIVE {
            return Err(StoreError::Conflict("attachments-full"));
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO initiative_files (id, initiative_id, kind, media_type, description, size, content,
                 uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(initiative_id)
        .bind(up.kind.as_str())
        .bind(up.media_type.as_str())
        .bind(&up.description)
        .bind(up.bytes.len() as i64)
        .bind(up.bytes.clone())
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.initiative_file(initiative_id, &id).await?.map(|(m, _)| m).ok_or(StoreError::NotFound)
    }

    pub async fn initiative_files(&self, initiative_id: &str) -> Result<Vec<FileMeta>> {
        self.all_where(
            format!("SELECT {META} FROM initiative_files WHERE initiative_id = $1 ORDER BY uploaded_at, id"),
            initiative_id,
        )
        .await
    }

    pub async fn initiative_file(
        &self,
        initiative_id: &str,
        id: &str,
    ) -> Result<Option<(FileMeta, Vec<u8>)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {META}, content FROM initiative_files WHERE initiative_id = $1 AND id = $2"
        )))
        .bind(initiative_id)
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(row) => {
                use crate::rows::FromRow;
                let bytes: Vec<u8> = row.try_get("content")?;
                Ok(Some((FileMeta::from_row(&row)?, bytes)))
            }
            None => Ok(None),
        }
    }

    pub async fn remove_initiative_file(&self, initiative_id: &str, id: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM initiative_files WHERE initiative_id = $1 AND id = $2")
            .bind(initiative_id)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn initiative_files_by(&self, person_id: &str) -> Result<Vec<FileRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT f.initiative_id, i.title AS initiative, f.kind, f.description, f.uploaded_at
                 FROM initiative_files f JOIN initiatives i ON i.id = f.initiative_id
                 WHERE f.uploaded_by = $1 ORDER BY f.uploaded_at",
            )
            .bind(person_id.to_string()),
        )
        .await
    }
}

/// On erasure: the photos someone uploaded go (they may show them or their
/// family); receipts stay, without them, as the record of public money.
pub(crate) async fn erase_photos_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person_id: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM initiative_files WHERE uploaded_by = $1 AND kind = 'photo'")
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
