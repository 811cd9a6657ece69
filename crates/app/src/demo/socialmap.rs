//! The demo sociale kaart: an Open Referral HSDS 3.0 file of 46 services,
//! taken in by `socialmap::import_hsds` exactly as `wijkwerk hsds import`
//! takes a gemeente's file, so every demo start exercises it (and
//! `scripts/check-hsds` validates the file against the HSDS schemas).

use crate::Result;
use crate::socialmap::{HsdsImport, HsdsOutcome, import_hsds};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::hsds_import::Defaults;
use wijkwerk_store::Store;

const SERVICES: &str = include_str!("sociale-kaart.hsds.json");

/// Services of the demo organisations, formal and informal, over every
/// wijk, approved by the coördinator. Every seventh waits for review again;
/// every fifth has not been confirmed for over a year.
pub(super) async fn seed_social_map(store: &Store) -> Result<()> {
    let doc: serde_json::Value = serde_json::from_str(SERVICES).expect("the demo HSDS file is JSON");
    let how = HsdsImport {
        kind: "public",
        defaults: Defaults { place: wijkwerk_store::demo::GEMEENTE_CODE, domain: None, organisation: None },
        reviewer_email: Some("petra@demo.wijkwerk.nl"),
    };
    let services = match import_hsds(store, &doc, how, &mut |_, _| {}).await? {
        HsdsOutcome::Imported { services, .. } => services,
        HsdsOutcome::NoServices => panic!("the demo HSDS file holds no services"),
        HsdsOutcome::Refused(problems) => panic!("the demo HSDS file: {problems:?}"),
    };
    let long_ago = Timestamp::now().minus_seconds(420 * 86_400).to_rfc3339();
    for (i, (_, service)) in services.iter().enumerate() {
        if i % 7 != 6 && i % 5 != 4 {
            continue;
        }
        let (id, organisation) = store.demo_service_named(&service.name).await?.expect("just imported");
        if i % 7 == 6 {
            // Changed since by someone who is not a reviewer: back in the queue.
            store.save_service(Some(&id), &organisation, service, None).await?;
        }
        if i % 5 == 4 {
            store.demo_set_confirmed_at(&id, &long_ago).await?;
        }
    }
    Ok(())
}
