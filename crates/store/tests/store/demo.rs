//! The demo municipality, complete on every engine.

use super::*;

#[tokio::test]
async fn demo_municipality_is_complete() {
    for TestDb { store, .. } in fresh_stores().await {
        assert!(!store.has_demo().await.unwrap());
        let mut steps = Vec::new();
        store.seed_demo(&mut |s| steps.push(s.to_string())).await.unwrap();
        assert!(steps.len() >= 4, "progress is reported");
        assert!(store.has_demo().await.unwrap());

        let wijken = store.children("GM9601").await.unwrap();
        assert!(wijken.len() >= 4);
        for w in &wijken {
            assert!(w.code.starts_with("WK9601"));
            let buurten = store.children(&w.code).await.unwrap();
            assert!(buurten.len() >= 3, "{} has {} buurten", w.name, buurten.len());
            assert!(buurten.iter().all(|b| b.code.starts_with(&format!("BU{}", &w.code[2..]))));
        }
        for a in wijkwerk_store::demo::demo_accounts() {
            let p = store
                .check_credentials(a.email, wijkwerk_store::demo::DEMO_PASSWORD)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{} can sign in", a.email));
            assert!(store.actor(&p.id).await.unwrap().has_role(a.role));
        }
        let counts = store.children_with_residents("WK960102").await.unwrap();
        assert!(counts.iter().any(|(_, n)| *n < 10), "some buurt falls under the minimum");
        assert!(!store.organisations_in("WK960102").await.unwrap().is_empty());
    }
}
