//! "Mijn gegevens": what a person sees, exports and erases.

use super::*;

#[tokio::test]
async fn a_person_sees_exports_and_erases_their_data() {
    for app in apps().await {
        // The coach reads Fatima's profile twice more through the API.
        let coach = token_for(&app, email_of(Role::Coach)).await;
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let read = api(&app, Method::GET, &format!("/api/v1/persons/{fatima_id}"), Some(&coach), None).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(read.json()["displayName"], "Fatima El Amrani");
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await;
        let refused =
            api(&app, Method::GET, &format!("/api/v1/persons/{fatima_id}"), Some(&ahmed), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "revoked consent gives nothing");

        let mut b = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let page = b.get(&app, "/mijn-gegevens").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("Sanne Visser").count() >= 4, true, "coach in consents and in the log");
        assert!(page.body.contains("Coaching bij mijn weekplan"));

        let download = b.get(&app, "/mijn-gegevens/export.json").await;
        assert!(download.header("content-disposition").starts_with("attachment"));
        let export: Value = serde_json::from_str(&download.body).unwrap();
        assert_eq!(export["person"]["email"], email_of(Role::Bewoner));
        // Of her profile (the luisterloket's reads of her intake and request are there too).
        let profile_reads =
            export["accessLog"].as_array().unwrap().iter().filter(|r| r["what"] == "profile").count();
        assert_eq!(profile_reads, 4, "three demo reads and one API read");

        // Grant consent to the wijkwerker through the form: bad input first.
        let bad = b
            .post(
                &app,
                "/mijn-gegevens/toestemmingen",
                &[
                    ("granteeId", "iemand"),
                    ("scope", "profile"),
                    ("purpose", ""),
                    ("validUntil", "2001-01-01"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains("id=\"granteeId-error\"")
                && bad.body.contains("id=\"purpose-error\"")
                && bad.body.contains("id=\"validUntil-error\"")
        );
        let ahmed_id = app.person_id(email_of(Role::Wijkwerker)).await;
        let good = b
            .post(
                &app,
                "/mijn-gegevens/toestemmingen",
                &[
                    ("granteeId", &ahmed_id),
                    ("scope", "profile"),
                    ("purpose", "Hulp bij formulieren"),
                    ("validUntil", ""),
                ],
            )
            .await;
        assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
        let allowed =
            api(&app, Method::GET, &format!("/api/v1/persons/{fatima_id}"), Some(&ahmed), None).await;
        assert_eq!(allowed.status, StatusCode::OK);

        // Erasure needs the box and the password.
        let no_box = b.post(&app, "/mijn-gegevens/verwijderen", &[("password", DEMO_PASSWORD)]).await;
        assert_eq!(no_box.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(no_box.body.contains("Zet een vinkje als u echt alles wilt verwijderen."), "{}", no_box.body);
        let wrong_pw = b
            .post(&app, "/mijn-gegevens/verwijderen", &[("confirm", "ja"), ("password", "fout-fout-fout")])
            .await;
        assert_eq!(wrong_pw.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong_pw.body.contains("Het wachtwoord klopt niet."), "{}", wrong_pw.body);
        assert!(app.store.person(&fatima_id).await.unwrap().is_some());
        let gone = b
            .post(&app, "/mijn-gegevens/verwijderen", &[("confirm", "ja"), ("password", DEMO_PASSWORD)])
            .await;
        assert_eq!(gone.status, StatusCode::SEE_OTHER);
        assert_eq!(gone.location(), "/gegevens-verwijderd");
        assert!(app.store.person(&fatima_id).await.unwrap().is_none());
        assert_eq!(b.get(&app, "/mijn-gegevens").await.status, StatusCode::SEE_OTHER, "signed out");
        let after = api(&app, Method::GET, &format!("/api/v1/persons/{fatima_id}"), Some(&coach), None).await;
        assert_eq!(after.status, StatusCode::FORBIDDEN);
    }
}
