//! Consent, the access log, export and erasure, and the audit trail.

use super::*;

#[tokio::test]
async fn reads_need_consent_and_are_logged() {
    for TestDb { store, .. } in fresh_stores().await {
        let subject = store.create_account(account("s@example.nl", "Subject")).await.unwrap();
        let coach = store.create_account(account("c@example.nl", "Coach")).await.unwrap();
        let stranger = store.create_account(account("x@example.nl", "Stranger")).await.unwrap();

        // Without consent: nothing read, nothing logged.
        assert!(store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().is_none());
        assert!(store.access_log_for(&subject.id, 100).await.unwrap().is_empty());

        let bad =
            store.grant_consent(&subject.id, &subject.id, "alles", "", Some("2001-01-01")).await.unwrap_err();
        assert_eq!(
            fields(bad),
            [
                ("granteeId".into(), "grantee-self"),
                ("scope".into(), "scope-unknown"),
                ("purpose".into(), "required"),
                ("validUntil".into(), "date-in-past")
            ]
        );
        let consent = store.grant_consent(&subject.id, &coach.id, "profile", "Coaching", None).await.unwrap();

        let (person, used) = store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().unwrap();
        assert_eq!(person.id, subject.id);
        assert_eq!(used.id, consent.id);
        assert!(store.read_profile_with_consent(&stranger.id, &subject.id).await.unwrap().is_none());

        let log = store.access_log_for(&subject.id, 100).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].actor_name, "Coach");
        assert_eq!(log[0].what, "profile");
        assert_eq!(log[0].why, "Coaching");

        // Only the subject can revoke; after that, no more reads.
        assert!(matches!(store.revoke_consent(&coach.id, &consent.id).await, Err(StoreError::NotFound)));
        store.revoke_consent(&subject.id, &consent.id).await.unwrap();
        assert!(store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().is_none());
        assert_eq!(store.access_log_for(&subject.id, 100).await.unwrap().len(), 1);

        let given = store.consents_given(&subject.id).await.unwrap();
        assert_eq!(given.len(), 1);
        assert!(!given[0].active);
        assert_eq!(given[0].other_name, "Coach");
        assert_eq!(store.consents_received(&coach.id).await.unwrap()[0].other_name, "Subject");
    }
}

#[tokio::test]
async fn export_holds_everything_and_erasure_removes_it() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let subject = store.create_account(account("s@example.nl", "Subject")).await.unwrap();
        let coach = store.create_account(account("c@example.nl", "Coach")).await.unwrap();
        let other = store.create_account(account("o@example.nl", "Other")).await.unwrap();
        store.assign_role(&subject.id, Role::Bewoner, "BU96010101", None).await.unwrap();
        store.grant_consent(&subject.id, &coach.id, "profile", "Coaching", None).await.unwrap();
        store.grant_consent(&other.id, &subject.id, "profile", "Buurthulp", None).await.unwrap();
        store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().unwrap();
        store.read_profile_with_consent(&subject.id, &other.id).await.unwrap().unwrap();
        let session = store.create_session(&subject.id, 3600, None).await.unwrap();
        store.create_api_token(&subject.id, "mijn script").await.unwrap();

        let export = store.export_person(&subject.id).await.unwrap();
        assert_eq!(export.person.email.as_deref(), Some("s@example.nl"));
        assert_eq!(export.roles.len(), 1);
        assert_eq!(export.consents_given.len(), 1);
        assert_eq!(export.consents_received.len(), 1);
        assert_eq!(export.access_log.len(), 1);
        assert_eq!(export.sessions.len(), 1);
        assert_eq!(export.api_tokens[0].label, "mijn script");
        let json = serde_json::to_string(&export).unwrap();
        assert!(!json.contains(&session.token), "the export never contains a live secret");

        store.erase_person(&subject.id).await.unwrap();
        assert!(store.person(&subject.id).await.unwrap().is_none());
        assert!(store.person_by_email("s@example.nl").await.unwrap().is_none());
        assert!(store.session(&session.token).await.unwrap().is_none());
        assert!(store.access_log_for(&subject.id, 10).await.unwrap().is_empty());
        // The other person still sees that someone read their data, without a name.
        let theirs = store.access_log_for(&other.id, 10).await.unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].actor_id, None);
        assert_eq!(theirs[0].actor_name, "");
        assert!(matches!(store.erase_person(&subject.id).await, Err(StoreError::NotFound)));
    }
}

#[tokio::test]
async fn erasure_leaves_no_name_in_texts_files_or_cards() {
    for TestDb { store, url } in fresh_stores().await {
        store.seed_demo(&mut |_| {}).await.unwrap();
        let fatima = store.person_by_email("fatima@demo.wijkwerk.nl").await.unwrap().unwrap();
        let karim = store.person_by_email("karim@demo.wijkwerk.nl").await.unwrap().unwrap();
        let household = store.households_of(&karim.id).await.unwrap().remove(0);
        let plan_id = store.plan_id_of(&household.id).await.unwrap().unwrap();
        let card = store.coin_accounts_of_owner(&fatima.id).await.unwrap().remove(0);
        assert!(card.has_pin && card.active);

        store.erase_person(&fatima.id).await.unwrap();

        // The family keeps its plan, without her name in it, and is told.
        let plan = store.family_plan(&plan_id).await.unwrap().unwrap();
        let texts: Vec<String> = plan
            .goals
            .iter()
            .map(|g| g.title.clone())
            .chain(plan.actions.iter().flat_map(|a| [a.who.clone(), a.what.clone()]))
            .chain(plan.evaluations.iter().map(|e| e.summary.clone()))
            .collect();
        assert!(texts.iter().all(|t| !t.contains("Fatima")), "{:?}: {texts:?}", store.engine());
        assert!(texts.iter().any(|t| t.contains("(naam verwijderd)")));
        assert!(plan.evaluations.iter().any(|e| e.summary.contains("gegevens laten verwijderen")));
        // Her card no longer pays; its balance stays on the books.
        let after = store.coin_account(&card.id).await.unwrap().unwrap();
        assert!(!after.active && !after.has_pin && after.balance == card.balance);
        assert!(store.coin_check(&mut |_| {}).await.unwrap().is_empty());

        // Nothing of her in the database file or its write-ahead log.
        if let Some(path) = url.strip_prefix("sqlite://") {
            for file in [path.to_string(), format!("{path}-wal")] {
                let Ok(bytes) = std::fs::read(&file) else { continue };
                for needle in ["fatima@demo.wijkwerk.nl", "Fatima El Amrani"] {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                        "{needle} still in {file}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_audit_trail_is_append_only() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        store.record_audit(None, "role-given", "WK960101", "someone", "coach").await.unwrap();
        assert_eq!(store.audit_trail("GM9601", 10).await.unwrap().len(), 1, "read from above");
        for sql in ["UPDATE audit_trail SET detail = 'x'", "DELETE FROM audit_trail"] {
            let refused = sqlx::query(sql).execute(store.writer()).await;
            assert!(refused.is_err(), "{:?}: {sql}", store.engine());
        }
        assert_eq!(store.audit_trail("WK960101", 10).await.unwrap()[0].detail, "coach");
    }
}
