//! The sociale kaart: services of organisations, their life domains, the
//! places they serve, where and when.

mod search;

pub use search::ServiceQuery;
use search::write_words;

use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::socialmap::{CheckedService, Opening, search_text};
use wijkwerk_domain::{Timestamp, new_id};

/// A service as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceSummary {
    pub id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub status: String,
    pub review_status: String,
    pub confirmed_at: String,
    pub updated_at: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub who_to_ask: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Location {
    pub id: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    pub id: String,
    pub weekdays: String,
    pub opens_at: String,
    pub closes_at: String,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub summary: ServiceSummary,
    pub domains: Vec<String>,
    pub areas: Vec<(String, String)>,
    pub locations: Vec<Location>,
    pub schedules: Vec<Schedule>,
}

const SUMMARY_COLUMNS: &str = "s.id, s.organisation_id, o.name AS organisation, s.name, s.description, s.kind, s.status, \
     s.review_status, s.confirmed_at, s.updated_at, s.url, s.email, s.phone, s.who_to_ask";

fn summary_from_row(r: &AnyRow) -> Result<ServiceSummary> {
    Ok(ServiceSummary {
        id: text(r, "id")?,
        organisation_id: text(r, "organisation_id")?,
        organisation: text(r, "organisation")?,
        name: text(r, "name")?,
        description: text(r, "description")?,
        kind: text(r, "kind")?,
        status: text(r, "status")?,
        review_status: text(r, "review_status")?,
        confirmed_at: text(r, "confirmed_at")?,
        updated_at: text(r, "updated_at")?,
        url: opt_text(r, "url")?,
        email: opt_text(r, "email")?,
        phone: opt_text(r, "phone")?,
        who_to_ask: text(r, "who_to_ask")?,
    })
}

impl Store {
    /// Adds a service, or replaces an existing one's details (`id`), in one
    /// transaction. Every change waits for a coördinator's review again,
    /// unless `approved_by` is given.
    pub async fn save_service(
        &self,
        id: Option<&str>,
        organisation_id: &str,
        s: &CheckedService,
        approved_by: Option<&str>,
    ) -> Result<String> {
        let org_name: Option<String> = sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1")
            .bind(organisation_id)
            .fetch_optional(&self.read)
            .await?;
        let org_name = org_name.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        let id = write_service(&mut tx, id, organisation_id, &org_name, s, approved_by).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A resident's own initiative on the map, in one transaction: a new
    /// organisation of kind `initiative` at `place_code`, the resident as its
    /// keeper, and its first entry, waiting for a coördinator's review.
    /// Answers the entry's id.
    pub async fn propose_initiative(
        &self,
        person_id: &str,
        name: &str,
        place_code: &str,
        s: &CheckedService,
    ) -> Result<String> {
        let now = Timestamp::now().to_rfc3339();
        let organisation_id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO organisations (id, name, kind, place_code, description, website, created_at)
             VALUES ($1, $2, 'initiative', $3, '', NULL, $4)",
        )
        .bind(&organisation_id)
        .bind(name)
        .bind(place_code)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO organisation_keepers (organisation_id, person_id, added_at) VALUES ($1, $2, $3)",
        )
        .bind(&organisation_id)
        .bind(person_id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let id = write_service(&mut tx, None, &organisation_id, name, s, None).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds many services at once, a thousand per transaction (for loading
    /// a large register, and for the benchmark). `(organisation id, name)`
    /// with each service.
    pub async fn add_services_in_bulk(
        &self,
        services: &[((String, String), CheckedService)],
        approved_by: Option<&str>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        let mut done = 0;
        for chunk in services.chunks(1000) {
            let mut tx = self.begin_write().await?;
            for ((org_id, org_name), s) in chunk {
                write_service(&mut tx, None, org_id, org_name, s, approved_by).await?;
            }
            tx.commit().await?;
            done += chunk.len();
            progress(done, services.len());
        }
        Ok(())
    }
}

/// Writes one service and its parts inside `tx`.
async fn write_service(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: Option<&str>,
    organisation_id: &str,
    org_name: &str,
    s: &CheckedService,
    approved_by: Option<&str>,
) -> Result<String> {
    let now = Timestamp::now().to_rfc3339();
    let search = search_text(&[&s.name, &s.description, org_name, &s.who_to_ask]);
    let review = if approved_by.is_some() { "approved" } else { "pending" };
    let id = match id {
        Some(existing) => {
            let done = sqlx::query(
                    "UPDATE sk_services SET name = $1, description = $2, kind = $3, status = $4, url = $5, email = $6,
                     phone = $7, who_to_ask = $8, review_status = $9, reviewed_by = $10, confirmed_at = $11,
                     updated_at = $11, search_text = $12
                     WHERE id = $13 AND organisation_id = $14",
                )
                .bind(&s.name)
                .bind(&s.description)
                .bind(s.kind.as_str())
                .bind(&s.status)
                .bind(&s.url)
                .bind(&s.email)
                .bind(&s.phone)
                .bind(&s.who_to_ask)
                .bind(review)
                .bind(approved_by)
                .bind(&now)
                .bind(&search)
                .bind(existing)
                .bind(organisation_id)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            for table in
                ["sk_service_domains", "sk_service_areas", "sk_locations", "sk_schedules", "sk_service_words"]
            {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE service_id = $1")))
                    .bind(existing)
                    .execute(&mut **tx)
                    .await?;
            }
            existing.to_string()
        }
        None => {
            let id = new_id();
            sqlx::query(
                    "INSERT INTO sk_services (id, organisation_id, name, description, kind, status, url, email, phone,
                     who_to_ask, review_status, reviewed_by, confirmed_at, updated_at, created_at, search_text)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13, $14)",
                )
                .bind(&id)
                .bind(organisation_id)
                .bind(&s.name)
                .bind(&s.description)
                .bind(s.kind.as_str())
                .bind(&s.status)
                .bind(&s.url)
                .bind(&s.email)
                .bind(&s.phone)
                .bind(&s.who_to_ask)
                .bind(review)
                .bind(approved_by)
                .bind(&now)
                .bind(&search)
                .execute(&mut **tx)
                .await?;
            id
        }
    };
    for d in &s.domains {
        sqlx::query("INSERT INTO sk_service_domains (service_id, domain) VALUES ($1, $2)")
            .bind(&id)
            .bind(d)
            .execute(&mut **tx)
            .await?;
    }
    for a in &s.areas {
        sqlx::query("INSERT INTO sk_service_areas (service_id, place_code) VALUES ($1, $2)")
            .bind(&id)
            .bind(a)
            .execute(&mut **tx)
            .await?;
    }
    if let Some((address, postal_code, city)) = &s.address {
        sqlx::query("INSERT INTO sk_locations (id, service_id, address, postal_code, city) VALUES ($1, $2, $3, $4, $5)")
                .bind(new_id())
                .bind(&id)
                .bind(address)
                .bind(postal_code)
                .bind(city)
                .execute(&mut **tx)
                .await?;
    }
    for Opening { days, opens_at, closes_at, note } in &s.openings {
        sqlx::query(
                "INSERT INTO sk_schedules (id, service_id, weekdays, opens_at, closes_at, note) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(days.join(","))
            .bind(opens_at)
            .bind(closes_at)
            .bind(note)
            .execute(&mut **tx)
            .await?;
    }
    write_words(tx, &id).await?;
    Ok(id)
}

impl Store {
    /// "Still correct": the entry counts as fresh for another year.
    pub async fn confirm_service(&self, id: &str) -> Result<()> {
        let done = sqlx::query("UPDATE sk_services SET confirmed_at = $1 WHERE id = $2")
            .bind(Timestamp::now().to_rfc3339())
            .bind(id)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn approve_service(&self, id: &str, reviewer: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE sk_services SET review_status = 'approved', reviewed_by = $1 WHERE id = $2")
                .bind(reviewer)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        write_words(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn service(&self, id: &str) -> Result<Option<ServiceDetail>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM sk_services s JOIN organisations o ON o.id = s.organisation_id WHERE s.id = $1"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.read).await?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let domains: Vec<String> =
            sqlx::query_scalar("SELECT domain FROM sk_service_domains WHERE service_id = $1 ORDER BY domain")
                .bind(id)
                .fetch_all(&self.read)
                .await?;
        let areas = sqlx::query(
            "SELECT a.place_code, p.name FROM sk_service_areas a JOIN places p ON p.code = a.place_code
             WHERE a.service_id = $1 ORDER BY p.name",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((text(r, "place_code")?, text(r, "name")?)))
        .collect::<Result<_>>()?;
        let locations =
            sqlx::query("SELECT id, address, postal_code, city FROM sk_locations WHERE service_id = $1")
                .bind(id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    Ok(Location {
                        id: text(r, "id")?,
                        address: text(r, "address")?,
                        postal_code: text(r, "postal_code")?,
                        city: text(r, "city")?,
                    })
                })
                .collect::<Result<_>>()?;
        let schedules = sqlx::query(
            "SELECT id, weekdays, opens_at, closes_at, note FROM sk_schedules WHERE service_id = $1 ORDER BY opens_at",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Schedule {
                id: text(r, "id")?,
                weekdays: text(r, "weekdays")?,
                opens_at: text(r, "opens_at")?,
                closes_at: text(r, "closes_at")?,
                note: text(r, "note")?,
            })
        })
        .collect::<Result<_>>()?;
        Ok(Some(ServiceDetail { summary, domains, areas, locations, schedules }))
    }

    /// The life domains of many services at once.
    pub async fn service_domains(&self, ids: &[String]) -> Result<Vec<(String, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT service_id, domain FROM sk_service_domains WHERE service_id IN ({}) ORDER BY domain",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((text(r, "service_id")?, text(r, "domain")?)))
            .collect()
    }

    /// Active, approved services per life domain serving the place (for vraag en aanbod).
    pub async fn supply_by_domain(&self, place: &str) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT sd.domain, COUNT(DISTINCT s.id) AS n
             FROM sk_services s JOIN sk_service_domains sd ON sd.service_id = s.id
             WHERE s.review_status = 'approved' AND s.status = 'active'
               AND EXISTS (SELECT 1 FROM sk_service_areas a WHERE a.service_id = s.id AND (
                    a.place_code IN (SELECT ancestor FROM place_tree WHERE descendant = $1)
                    OR a.place_code IN (SELECT descendant FROM place_tree WHERE ancestor = $1)))
             GROUP BY sd.domain",
        )
        .bind(place)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "domain")?, int(r, "n")?))).collect()
    }

    /// Organisations by name, one page, with the total.
    pub async fn organisations_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<crate::places::Organisation>, i64)> {
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(&self.read).await?;
        let per_page = per_page.clamp(1, 200);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, name, kind, place_code, description, website FROM organisations ORDER BY name, id
             LIMIT {per_page} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        let list = rows
            .iter()
            .map(|r| {
                Ok(crate::places::Organisation {
                    id: text(r, "id")?,
                    name: text(r, "name")?,
                    kind: text(r, "kind")?,
                    place_code: text(r, "place_code")?,
                    description: text(r, "description")?,
                    website: opt_text(r, "website")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok((list, total))
    }

    pub async fn organisation(&self, id: &str) -> Result<Option<crate::places::Organisation>> {
        let row = sqlx::query(
            "SELECT id, name, kind, place_code, description, website FROM organisations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(crate::places::Organisation {
                id: text(&r, "id")?,
                name: text(&r, "name")?,
                kind: text(&r, "kind")?,
                place_code: text(&r, "place_code")?,
                description: text(&r, "description")?,
                website: opt_text(&r, "website")?,
            })
        })
        .transpose()
    }

    /// The organisations a person acts for (through their roles).
    pub async fn organisations_of(&self, person_id: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT o.id, o.name FROM organisations o
             WHERE o.id IN (SELECT organisation_id FROM role_assignments WHERE person_id = $1)
                OR o.id IN (SELECT organisation_id FROM organisation_keepers WHERE person_id = $1)
             ORDER BY o.name",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "id")?, text(r, "name")?))).collect()
    }
}

impl Store {
    /// `(location id, service id)` pairs of approved services, one page, with the total.
    pub async fn service_locations_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<(String, String)>, i64)> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sk_locations l JOIN sk_services s ON s.id = l.service_id WHERE s.review_status = 'approved'",
        )
        .fetch_one(&self.read)
        .await?;
        let per_page = per_page.clamp(1, 200);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT l.id, l.service_id FROM sk_locations l JOIN sk_services s ON s.id = l.service_id
             WHERE s.review_status = 'approved' ORDER BY l.id LIMIT {per_page} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        Ok((rows.iter().map(|r| Ok((text(r, "id")?, text(r, "service_id")?))).collect::<Result<_>>()?, total))
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCount {
    pub created: usize,
    pub updated: usize,
    pub organisations_created: usize,
}

impl Store {
    /// The organisation with this name (any case), made at `place` if new.
    async fn organisation_named(&self, name: &str, place: &str, count: &mut ImportCount) -> Result<String> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT id FROM organisations WHERE lower(name) = lower($1) ORDER BY id LIMIT 1",
        )
        .bind(name.trim())
        .fetch_optional(&self.read)
        .await?;
        match found {
            Some(id) => Ok(id),
            None => {
                count.organisations_created += 1;
                Ok(self.add_organisation(name, "partner", place, "", None).await?.id)
            }
        }
    }

    /// Imports checked services: a service with the same name in the same
    /// organisation is updated, so running an import twice changes nothing
    /// more. `progress` hears `(done, total)` after each one.
    pub async fn import_services(
        &self,
        services: &[(String, CheckedService)],
        place: &str,
        approved_by: Option<&str>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportCount> {
        let mut count = ImportCount::default();
        for (i, (organisation, service)) in services.iter().enumerate() {
            let org = self.organisation_named(organisation, place, &mut count).await?;
            let existing: Option<String> = sqlx::query_scalar(
                "SELECT id FROM sk_services WHERE organisation_id = $1 AND name = $2 ORDER BY id LIMIT 1",
            )
            .bind(&org)
            .bind(&service.name)
            .fetch_optional(&self.read)
            .await?;
            if existing.is_some() {
                count.updated += 1;
            } else {
                count.created += 1;
            }
            self.save_service(existing.as_deref(), &org, service, approved_by).await?;
            progress(i + 1, services.len());
        }
        Ok(count)
    }
}
