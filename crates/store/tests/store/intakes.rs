//! The luisterloket's intake on every engine: saved whole and replaced
//! whole, shares per organisation, domain and time (an expired or revoked
//! share shows nothing, also in the professionals' list), and the intake
//! in the resident's export and gone with them.

use wijkwerk_domain::intake::{DomainEntry, OWN_WORDS, OwnWords, visible_domains};
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Role, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::testing::{TestDb, fresh_stores};

async fn setup(store: &Store) -> (String, String, String, String) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place("WK960101", PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
    let person = |email: &str| NewAccount {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: Some("WK960101".into()),
    };
    let resident = store.create_account(person("fatima@example.nl")).await.unwrap().id;
    let pro = store.create_account(person("ahmed@example.nl")).await.unwrap().id;
    let schuldhulp = store.add_organisation("Schuldhulp", "partner", "GM9601", "", None).await.unwrap().id;
    let wijkteam = store.add_organisation("Wijkteam", "partner", "WK960101", "", None).await.unwrap().id;
    store.assign_role(&pro, Role::Wijkwerker, "WK960101", Some(&wijkteam)).await.unwrap();
    (resident, pro, schuldhulp, wijkteam)
}

fn entry(domain: &str, rating: i64) -> DomainEntry {
    DomainEntry {
        domain: domain.into(),
        rating: Some(rating),
        strengths: "Ik kook graag".into(),
        worries: String::new(),
    }
}

#[tokio::test]
async fn shares_hold_per_organisation_domain_and_time() {
    for TestDb { store, .. } in fresh_stores().await {
        let (resident, pro, schuldhulp, wijkteam) = setup(&store).await;
        let words = OwnWords { happy: "Mijn kinderen".into(), needs: "Rust".into(), ..Default::default() };
        let id = store
            .save_intake(&resident, Some("WK960101"), "self", &words, &[entry("geld", 1), entry("werk", 3)])
            .await
            .unwrap();
        // Saving again replaces the domains whole and keeps how it started.
        let again =
            store.save_intake(&resident, None, "conversation", &words, &[entry("geld", 2)]).await.unwrap();
        assert_eq!(again, id);
        let intake = store.intake(&id).await.unwrap().unwrap();
        assert_eq!(
            (intake.started.as_str(), intake.domains.len(), intake.domains[0].rating),
            ("self", 1, Some(2))
        );

        let now = Timestamp::now();
        let later = now.plus_seconds(30 * 86_400).to_rfc3339();
        let past = now.minus_seconds(86_400).to_rfc3339();
        store.share_intake(&id, &schuldhulp, &["geld".into()], &later).await.unwrap();
        store.share_intake(&id, &schuldhulp, &["werk".into()], &past).await.unwrap();
        store.share_intake(&id, &wijkteam, &["geld".into(), OWN_WORDS.into()], &later).await.unwrap();
        let shares = store.intake_shares(&id).await.unwrap();
        assert_eq!(shares.len(), 4, "{:?}", store.engine());
        let at = now.to_rfc3339();
        let seen =
            |org: &str| visible_domains(&shares, &[org.to_string()], &at).into_iter().collect::<Vec<_>>();
        assert_eq!(seen(&schuldhulp), ["geld"], "the share of werk expired yesterday");
        assert_eq!(seen(&wijkteam), ["geld", OWN_WORDS]);
        let only = intake.clone().only(&visible_domains(&shares, &[schuldhulp.clone()], &at));
        assert_eq!((only.words.happy.as_str(), only.domains.len()), ("", 1), "no own words for schuldhulp");

        // The professional's organisations, and the list of intakes shared with them.
        let orgs = store.professional_organisations(&pro).await.unwrap();
        assert_eq!(orgs, [wijkteam.clone()]);
        let listed = store.intakes_shared_with(&orgs, &at).await.unwrap();
        assert_eq!((listed.len(), listed[0].domains), (1, 2));
        let wijkteam_geld =
            shares.iter().find(|s| s.organisation_id == wijkteam && s.domain == "geld").unwrap();
        store.revoke_intake_share(&id, &wijkteam_geld.id).await.unwrap();
        assert!(store.revoke_intake_share(&id, &wijkteam_geld.id).await.is_err(), "once");
        let shares = store.intake_shares(&id).await.unwrap();
        assert_eq!(visible_domains(&shares, &orgs, &at).into_iter().collect::<Vec<_>>(), [OWN_WORDS]);
        let listed = store.intakes_shared_with(&orgs, &at).await.unwrap();
        assert_eq!(listed[0].domains, 1, "a revoked share is not counted");

        // Hers in the export; gone with her.
        let export = store.export_person(&resident).await.unwrap();
        assert_eq!((export.intake.unwrap().domains.len(), export.intake_shares.len()), (1, 4));
        store.erase_person(&resident).await.unwrap();
        assert!(store.intake(&id).await.unwrap().is_none());
        let left: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM intake_shares").fetch_one(store.reader()).await.unwrap();
        assert_eq!(left, 0, "{:?}", store.engine());
    }
}
