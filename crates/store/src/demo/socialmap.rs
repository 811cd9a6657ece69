//! What the demo's sociale kaart needs besides the importer (which
//! `wijkwerk_app::demo` runs): an entry found by its name, and a
//! confirmation dated back, so some entries show as not confirmed for over a
//! year.

use crate::{Result, Store, text};

impl Store {
    /// `(id, organisation id)` of the entry with this name, if any.
    pub async fn demo_service_named(&self, name: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT id, organisation_id FROM sk_services WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok((text(&r, "id")?, text(&r, "organisation_id")?))).transpose()
    }

    /// Sets when the entry was last confirmed (an RFC 3339 time).
    pub async fn demo_set_confirmed_at(&self, id: &str, at: &str) -> Result<()> {
        sqlx::query("UPDATE sk_services SET confirmed_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
