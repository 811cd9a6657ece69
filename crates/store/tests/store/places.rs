//! Places: the tree of land, gemeente, wijk and buurt, and resident counts.

use super::*;

#[tokio::test]
async fn places_nest_and_are_checked() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let path: Vec<String> =
            store.place_path("BU96010102").await.unwrap().into_iter().map(|p| p.code).collect();
        assert_eq!(path, ["NL", "GM9601", "WK960101", "BU96010102"]);
        let kids: Vec<String> =
            store.children("WK960101").await.unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(kids, ["Binnenstad", "Stationsbuurt"], "children by name");
        assert!(store.place_path("BU00000000").await.unwrap().is_empty());

        // Wrong nesting, unknown parent and empty name are all reported at once.
        let err = store.add_place("WK059901", PlaceLevel::Wijk, " ", Some("GM9601")).await.unwrap_err();
        assert_eq!(fields(err), [("name".into(), "required"), ("code".into(), "place-code-not-in-parent")]);
        let err = store.add_place("BU96019999", PlaceLevel::Buurt, "X", Some("WK969999")).await.unwrap_err();
        assert_eq!(fields(err), [("parentCode".into(), "place-unknown")]);
        // A duplicate code changes nothing.
        let err =
            store.add_place("WK960101", PlaceLevel::Wijk, "Nog eens", Some("GM9601")).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)));
        assert_eq!(store.place("WK960101").await.unwrap().unwrap().name, "Centrum");
    }
}

#[tokio::test]
async fn resident_counts_roll_up_to_children() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        for _ in 0..3 {
            store.add_person("Bewoner", Some("BU96010101")).await.unwrap();
        }
        store.add_person("Bewoner", Some("BU96010102")).await.unwrap();
        store.add_person("Dakloos", None).await.unwrap();
        store.add_place("WK960102", PlaceLevel::Wijk, "Leeg", Some("GM9601")).await.unwrap();
        let counts = |rows: Vec<(wijkwerk_domain::Place, u64)>| -> Vec<(String, u64)> {
            rows.into_iter().map(|(p, n)| (p.name, n)).collect()
        };
        assert_eq!(
            counts(store.children_with_residents("GM9601").await.unwrap()),
            [("Centrum".to_string(), 4), ("Leeg".to_string(), 0)],
            "residents of buurten count for their wijk; an empty wijk shows 0"
        );
        assert_eq!(
            counts(store.children_with_residents("WK960101").await.unwrap()),
            [("Binnenstad".to_string(), 3), ("Stationsbuurt".to_string(), 1)]
        );
    }
}
