//! Accounts, roles per place, sessions, API tokens and sign-in attempts.

use super::*;

#[tokio::test]
async fn accounts_sign_in_and_hold_roles_per_place() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let p = store.create_account(account(" Fatima@Example.NL", "Fatima")).await.unwrap();
        assert_eq!(p.email.as_deref(), Some("fatima@example.nl"));
        let again = store.create_account(account("fatima@example.nl", "Ander")).await.unwrap_err();
        assert_eq!(fields(again), [("email".into(), "email-taken")]);

        assert!(store.check_credentials("FATIMA@example.nl", "een-goed-wachtwoord").await.unwrap().is_some());

        // An account with a role at an unknown place is not created at all.
        let err = store
            .create_account_with_roles(account("b@example.nl", ""), &[(Role::Coach, "WK000000")])
            .await
            .unwrap_err();
        assert_eq!(fields(err), [("displayName".into(), "required"), ("placeCode".into(), "place-unknown")]);
        let err = store
            .create_account_with_roles(account("b@example.nl", "B"), &[(Role::Coach, "WK000000")])
            .await
            .unwrap_err();
        assert_eq!(fields(err), [("placeCode".into(), "place-unknown")]);
        assert!(store.person_by_email("b@example.nl").await.unwrap().is_none(), "nothing stored");
        let b = store
            .create_account_with_roles(
                account("b@example.nl", "B"),
                &[(Role::Coach, "WK960101"), (Role::Bewoner, "BU96010101")],
            )
            .await
            .unwrap();
        assert_eq!(store.roles_of(&b.id).await.unwrap().len(), 2);
        assert!(store.check_credentials("fatima@example.nl", "fout-wachtwoord").await.unwrap().is_none());
        assert!(
            store.check_credentials("niemand@example.nl", "een-goed-wachtwoord").await.unwrap().is_none()
        );

        store.assign_role(&p.id, Role::Wijkwerker, "WK960101", None).await.unwrap();
        store.assign_role(&p.id, Role::Bewoner, "BU96010102", None).await.unwrap();
        let dup = store.assign_role(&p.id, Role::Bewoner, "BU96010102", None).await.unwrap_err();
        assert!(matches!(dup, StoreError::Conflict("role-already-held")));
        let err = store.assign_role(&p.id, Role::Coach, "WK000000", None).await.unwrap_err();
        assert_eq!(fields(err), [("placeCode".into(), "place-unknown")]);
        let actor = store.actor(&p.id).await.unwrap();
        assert_eq!(actor.roles.len(), 2);
        let team = store.team_at("WK960101").await.unwrap();
        let roles: Vec<(Role, &str)> = team.iter().map(|m| (m.role, m.display_name.as_str())).collect();
        assert_eq!(roles, [(Role::Coach, "B"), (Role::Wijkwerker, "Fatima")], "by role, then name");
    }
}

#[tokio::test]
async fn sessions_rotate_and_end_everywhere() {
    for TestDb { store, url } in fresh_stores().await {
        let p = store.create_account(account("a@example.nl", "A")).await.unwrap();
        // A second app server on the same database sees the same sessions.
        let other = Store::connect(&url, StoreOptions::default()).await.unwrap();
        let first = store.create_session(&p.id, 3600, None).await.unwrap();
        let seen = other.session(&first.token).await.unwrap().expect("other server sees the session");
        assert_eq!(seen.person_id, p.id);
        assert_eq!(seen.csrf_token, first.csrf_token);

        let second = store.create_session(&p.id, 3600, Some(&first.token)).await.unwrap();
        assert!(store.session(&first.token).await.unwrap().is_none(), "the old session is gone");
        assert!(store.session(&second.token).await.unwrap().is_some());

        other.end_session(&second.token).await.unwrap();
        assert!(store.session(&second.token).await.unwrap().is_none(), "sign-out holds on every server");

        let expired = store.create_session(&p.id, -1, None).await.unwrap();
        assert!(store.session(&expired.token).await.unwrap().is_none());
        assert!(store.session("nonsense").await.unwrap().is_none());
        other.close().await;
    }
}

#[tokio::test]
async fn api_tokens_and_sign_in_attempts() {
    for TestDb { store, .. } in fresh_stores().await {
        let p = store.create_account(account("a@example.nl", "A")).await.unwrap();
        let token = store.create_api_token(&p.id, "test").await.unwrap();
        assert_eq!(store.api_token_owner(&token).await.unwrap(), Some((p.id.clone(), "all".to_string())));
        assert_eq!(store.api_token_owner("x").await.unwrap(), None);

        let keys = [("account:a@example.nl", 900), ("address:127.0.0.1", 900)];
        for n in 1..=3 {
            assert_eq!(store.count_attempts(&keys).await.unwrap(), [n, n]);
        }
        store.forget_attempts(&["account:a@example.nl"], &["address:127.0.0.1"]).await.unwrap();
        assert_eq!(store.count_attempts(&keys).await.unwrap(), [1, 3], "one reset, one attempt taken back");
        // A window that is over starts again.
        assert_eq!(store.count_attempts(&[("account:a@example.nl", 0)]).await.unwrap(), [1]);

        // Counted atomically: forty attempts at once each get their own number.
        let burst: Vec<_> = (0..40)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.count_attempts(&[("pair:burst", 900)]).await.unwrap()[0] })
            })
            .collect();
        let mut got = Vec::new();
        for task in burst {
            got.push(task.await.unwrap());
        }
        got.sort();
        assert_eq!(got, (1..=40).collect::<Vec<i64>>(), "{:?}", store.engine());

        // Known browsers: a token per browser and account.
        let device = store.remember_device(&p.id, None).await.unwrap();
        assert_eq!(store.device_owner(&device).await.unwrap().as_deref(), Some(p.id.as_str()));
        assert_eq!(store.remember_device(&p.id, Some(&device)).await.unwrap(), device, "kept");
        let q = store.create_account(account("q@example.nl", "Q")).await.unwrap();
        assert_ne!(store.remember_device(&q.id, Some(&device)).await.unwrap(), device, "not another's");
        assert_eq!(store.device_owner("nonsense").await.unwrap(), None);
    }
}
