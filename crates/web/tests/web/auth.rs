//! Signing in and out, sessions shared by app servers, CSRF, and the
//! security headers and language every page carries.

use super::*;

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
    for app in apps().await {
        let email = email_of(Role::Bewoner);
        let mut b = Browser::default();
        let form = b.get(&app, "/inloggen").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf_cookie = form.set_cookies().into_iter().find(|c| c.starts_with("wijkwerk_csrf=")).unwrap();
        assert!(
            csrf_cookie.contains("HttpOnly")
                && csrf_cookie.contains("SameSite=Lax")
                && csrf_cookie.contains("Secure")
        );

        let first = b
            .post(&app, "/inloggen", &[("email", email), ("password", DEMO_PASSWORD), ("terug", "/plaatsen")])
            .await;
        assert_eq!(first.status, StatusCode::SEE_OTHER);
        assert_eq!(first.location(), "/plaatsen");
        let session_cookie =
            first.set_cookies().into_iter().find(|c| c.starts_with("wijkwerk_session=")).unwrap();
        assert!(
            session_cookie.contains("HttpOnly")
                && session_cookie.contains("SameSite=Lax")
                && session_cookie.contains("Secure")
        );
        let old_token = first.cookie("wijkwerk_session").unwrap();
        let home = b.get(&app, "/").await;
        assert!(home.body.contains("Welkom, Fatima El Amrani"), "{}", app.label());

        // Signing in again from the same browser replaces the session.
        let second = b.post(&app, "/inloggen", &[("email", email), ("password", DEMO_PASSWORD)]).await;
        let new_token = second.cookie("wijkwerk_session").unwrap();
        assert_ne!(old_token, new_token);
        assert!(app.store.session(&old_token).await.unwrap().is_none(), "old session ended at sign-in");

        b.get(&app, "/").await;
        let out = b.post(&app, "/uitloggen", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(
            app.store.session(&new_token).await.unwrap().is_none(),
            "sign-out ends the session server-side"
        );
        // Replaying the old cookie does not work.
        let mut replay = Browser::default();
        replay.cookies.push(("wijkwerk_session".into(), new_token));
        let page = replay.get(&app, "/mijn-gegevens").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert!(page.location().starts_with("/inloggen"));
    }
}

#[tokio::test]
async fn sign_in_does_not_reveal_which_accounts_exist() {
    for app in apps().await {
        let mut b = Browser::default();
        b.get(&app, "/inloggen").await;
        let wrong = b
            .post(&app, "/inloggen", &[("email", email_of(Role::Coach)), ("password", "fout-fout-fout")])
            .await;
        let unknown = b
            .post(&app, "/inloggen", &[("email", "niemand@example.nl"), ("password", "fout-fout-fout")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        let message =
            |body: &str| body.split("role=\"alert\"").nth(1).map(|s| s[..200.min(s.len())].to_string());
        assert_eq!(message(&wrong.body), message(&unknown.body), "same message for both");
        assert!(wrong.body.contains("klopt niet"));
        assert!(wrong.set_cookies().iter().all(|c| !c.starts_with("wijkwerk_session=")));
    }
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account() {
    for app in apps().await {
        let email = email_of(Role::Gemeente);
        let mut b = Browser::default();
        b.get(&app, "/inloggen").await;
        for _ in 0..5 {
            let r = b.post(&app, "/inloggen", &[("email", email), ("password", "fout-fout-fout")]).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let blocked = b.post(&app, "/inloggen", &[("email", email), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(
            blocked.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: even the right password waits",
            app.label()
        );
        assert!(!blocked.header("retry-after").is_empty());
        // Another account is not affected.
        let other = b
            .post(&app, "/inloggen", &[("email", email_of(Role::Landelijk)), ("password", DEMO_PASSWORD)])
            .await;
        assert_eq!(other.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn forms_refuse_missing_or_foreign_csrf_tokens() {
    for app in apps().await {
        let mut b = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let no_token = b.post(&app, "/uitloggen", &[("csrf", "")]).await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN);
        let wrong = b.post(&app, "/uitloggen", &[("csrf", &"0".repeat(64))]).await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert!(wrong.body.contains("Het formulier is verlopen"));

        let cross_site = Request::post("/uitloggen")
            .header(header::COOKIE, b.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(format!("csrf={}", b.csrf)))
            .unwrap();
        assert_eq!(send(&app.router, cross_site).await.status, StatusCode::FORBIDDEN);
        let foreign_origin = Request::post("/uitloggen")
            .header(header::COOKIE, b.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "wijkwerk.example")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(format!("csrf={}", b.csrf)))
            .unwrap();
        assert_eq!(send(&app.router, foreign_origin).await.status, StatusCode::FORBIDDEN);

        // Still signed in after all that.
        assert_eq!(b.get(&app, "/mijn-gegevens").await.status, StatusCode::OK);
        let ok = b.post(&app, "/uitloggen", &[]).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn two_app_servers_share_sessions() {
    for first in apps().await {
        // A second server process would open its own pool on the same database.
        let store = Store::connect(&first.url, StoreOptions::default()).await.unwrap();
        let second = TestApp {
            router: app(AppState::new(store.clone(), WebConfig::default())),
            store,
            url: first.url.clone(),
        };
        let mut b = Browser::sign_in(&first, email_of(Role::Coach)).await;
        let on_second = b.get(&second, "/mijn-gegevens").await;
        assert_eq!(
            on_second.status,
            StatusCode::OK,
            "{}: the second server knows the session",
            first.label()
        );
        assert!(on_second.body.contains("Sanne Visser"));
        let out = b.post(&second, "/uitloggen", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        let after = b.get(&first, "/mijn-gegevens").await;
        assert_eq!(after.status, StatusCode::SEE_OTHER, "sign-out on one server holds on the other");
        second.store.close().await;
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_language() {
    for app in apps().await {
        let mut b = Browser::default();
        let page = b.get(&app, "/plaatsen/WK960102").await;
        assert_eq!(page.status, StatusCode::OK);
        let csp = page.header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline")
        );
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert_eq!(page.header("referrer-policy"), "same-origin");
        assert!(page.body.contains("<html lang=\"nl\""));
        assert_eq!(page.body.matches("<main").count(), 1, "one main landmark");
        assert!(page.body.contains("href=\"#inhoud\""), "skip link");

        let switch = b.get(&app, "/taal/en?terug=/plaatsen/WK960102").await;
        assert_eq!(switch.status, StatusCode::SEE_OTHER);
        assert_eq!(switch.location(), "/plaatsen/WK960102");
        let english = b.get(&app, "/plaatsen/WK960102").await;
        assert!(english.body.contains("<html lang=\"en\""));
        assert!(english.body.contains("District Oosterpark"));
        // Nobody is sent to another site.
        let away = b.get(&app, "/taal/nl?terug=//evil.example").await;
        assert_eq!(away.location(), "/");
        // Accept-Language is honoured when no choice was made.
        let req =
            Request::get("/").header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9").body(Body::empty()).unwrap();
        assert!(send(&app.router, req).await.body.contains("<html lang=\"en\""));
    }
}
