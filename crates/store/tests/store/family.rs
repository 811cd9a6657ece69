//! Households: join codes ask and expire.

use super::*;

#[tokio::test]
async fn join_codes_ask_and_expire() {
    use wijkwerk_domain::family::Relation;
    for TestDb { store, .. } in fresh_stores().await {
        let a = store.create_account(account("a@example.nl", "A")).await.unwrap();
        let b = store.create_account(account("b@example.nl", "B")).await.unwrap();
        let h = store.create_household(&a.id, "Huis", Relation::Ouder).await.unwrap();
        assert_eq!(
            store.request_to_join(&h.join_code, &b.id, Relation::Partner).await.unwrap(),
            Some(h.id.clone())
        );
        assert_eq!(store.household(&h.id).await.unwrap().unwrap().members.len(), 1, "asking is not joining");
        assert_eq!(store.join_requests(Some(&h.id), None).await.unwrap()[0].person_id, b.id);
        assert!(store.decide_join(&h.id, &b.id, true).await.unwrap());
        assert_eq!(store.household(&h.id).await.unwrap().unwrap().members.len(), 2);
        assert!(!store.decide_join(&h.id, &b.id, true).await.unwrap(), "the request is gone");
        // A member asking again changes nothing; an expired code asks nothing.
        store.request_to_join(&h.join_code, &b.id, Relation::Partner).await.unwrap();
        assert!(store.join_requests(Some(&h.id), None).await.unwrap().is_empty());
        sqlx::query("UPDATE households SET join_code_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = $1")
            .bind(&h.id)
            .execute(store.writer())
            .await
            .unwrap();
        let c = store.create_account(account("c@example.nl", "C")).await.unwrap();
        assert_eq!(store.request_to_join(&h.join_code, &c.id, Relation::Anders).await.unwrap(), None);
        store.renew_join_code(&h.id).await.unwrap();
        let renewed = store.household(&h.id).await.unwrap().unwrap();
        assert_ne!(renewed.join_code, h.join_code);
        assert!(store.request_to_join(&renewed.join_code, &c.id, Relation::Anders).await.unwrap().is_some());
        // The request is the asker's data: in their export, gone with them.
        assert_eq!(store.export_person(&c.id).await.unwrap().join_requests[0].household, "Huis");
        store.erase_person(&c.id).await.unwrap();
        assert!(store.join_requests(Some(&h.id), None).await.unwrap().is_empty());
    }
}
