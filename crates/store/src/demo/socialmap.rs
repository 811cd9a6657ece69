//! The demo sociale kaart: an Open Referral HSDS 3.0 file of 46 services,
//! read through the same importer as `wijkwerk hsds import`, so every demo
//! start exercises it (and `scripts/check-hsds` validates the file against
//! the HSDS schemas).

use crate::{Result, Store, text};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::hsds_import::{Defaults, check_all, services_in};

const SERVICES: &str = include_str!("sociale-kaart.hsds.json");

impl Store {
    /// Services of the demo organisations, formal and informal, over every
    /// wijk. Every seventh waits for review; every fifth has not been
    /// confirmed for over a year.
    pub(super) async fn seed_demo_social_map(&self, reviewer: &str) -> Result<()> {
        let doc: serde_json::Value = serde_json::from_str(SERVICES).expect("the demo HSDS file is JSON");
        let places: Vec<(String, String)> =
            self.all_places().await?.into_iter().map(|p| (p.code, p.name)).collect();
        let codes: Vec<&str> = places.iter().map(|(c, _)| c.as_str()).collect();
        let basis = self.template("basis", None).await?.expect("the basis week test is seeded");
        let domains: Vec<&str> = basis.domains.iter().map(|d| d.code.as_str()).collect();
        let services = services_in(&doc, &places, "public").expect("the demo HSDS file holds services");
        let defaults = Defaults { place: super::GEMEENTE_CODE, domain: None, organisation: None };
        let checked = check_all(services, defaults, &domains, &codes)
            .unwrap_or_else(|problems| panic!("the demo HSDS file: {problems:?}"));
        self.import_services(&checked, super::GEMEENTE_CODE, Some(reviewer), &mut |_, _| {}).await?;
        let long_ago = Timestamp::now().minus_seconds(420 * 86_400).to_rfc3339();
        for (i, (_, service)) in checked.iter().enumerate() {
            let row = sqlx::query("SELECT id, organisation_id FROM sk_services WHERE name = $1")
                .bind(&service.name)
                .fetch_one(&self.read)
                .await?;
            let (id, organisation) = (text(&row, "id")?, text(&row, "organisation_id")?);
            if i % 7 == 6 {
                // Changed since by someone who is not a reviewer: back in the queue.
                self.save_service(Some(&id), &organisation, service, None).await?;
            }
            if i % 5 == 4 {
                sqlx::query("UPDATE sk_services SET confirmed_at = $1 WHERE id = $2")
                    .bind(&long_ago)
                    .bind(&id)
                    .execute(&self.write)
                    .await?;
            }
        }
        Ok(())
    }
}
