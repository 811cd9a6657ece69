//! The sociale kaart's HSDS import.

use super::*;

#[tokio::test]
async fn hsds_imports_update_what_they_made_before() {
    use wijkwerk_domain::socialmap::check_service;
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let doc = serde_json::json!({ "contents": [
            { "name": "Taalcafé", "description": "Nederlands oefenen.", "organization": { "name": "Bibliotheek" },
              "service_areas": [{ "name": "Binnenstad" }], "attributes": [{ "taxonomy_term": { "code": "leren" } }], "schedules": [{ "byday": "WE", "opens_at": "19:00", "closes_at": "21:00" }] },
            { "name": "Schuldhulp", "description": "Hulp bij geldzaken.", "organization": { "name": "bibliotheek" },
              "service_areas": [{ "description": "WK960101" }], "attributes": [{ "taxonomy_term": { "code": "werk" } }] },
        ]});
        let places: Vec<(String, String)> =
            store.all_places().await.unwrap().into_iter().map(|p| (p.code, p.name)).collect();
        let codes: Vec<&str> = places.iter().map(|(c, _)| c.as_str()).collect();
        let read = wijkwerk_domain::hsds_import::services_in(&doc, &places, "public").unwrap();
        let checked: Vec<(String, _)> = read
            .into_iter()
            .map(|s| (s.organisation.unwrap(), check_service(&s.input, &["leren", "werk"], &codes).unwrap()))
            .collect();
        let mut seen = Vec::new();
        let first =
            store.import_services(&checked, "GM9601", None, &mut |d, t| seen.push((d, t))).await.unwrap();
        assert_eq!(
            (first.created, first.updated, first.organisations_created),
            (2, 0, 1),
            "one organisation, any case"
        );
        assert_eq!(seen, [(1, 2), (2, 2)], "progress after each service");
        let again = store.import_services(&checked, "GM9601", None, &mut |_, _| {}).await.unwrap();
        assert_eq!((again.created, again.updated, again.organisations_created), (0, 2, 0));
        let q = wijkwerk_store::socialmap::ServiceQuery { page: 1, per_page: 10, ..Default::default() };
        let (found, total) = store.search_services(&q).await.unwrap();
        assert_eq!(total, 2);
        assert!(
            found.iter().all(|s| s.review_status == "pending"),
            "imports wait for review unless approved"
        );
    }
}
