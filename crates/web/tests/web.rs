//! The application through its HTTP router, on every available engine
//! (SQLite always, PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set),
//! with the demo municipality loaded.

#[path = "web/architecture.rs"]
mod architecture;
#[path = "web/attacks.rs"]
mod attacks;
#[path = "web/challenges.rs"]
mod challenges;
#[path = "web/coin.rs"]
mod coin;
#[path = "web/cooperative.rs"]
mod cooperative;
#[path = "web/emergency.rs"]
mod emergency;
#[path = "web/family.rs"]
mod family;
#[path = "web/files.rs"]
mod files;
#[path = "web/indicators.rs"]
mod indicators;
#[path = "web/initiatives.rs"]
mod initiatives;
#[path = "web/intake.rs"]
mod intake;
#[path = "web/mail.rs"]
mod mail;
#[path = "web/matrix.rs"]
mod matrix;
#[path = "web/meetings.rs"]
mod meetings;
#[path = "web/newspaper.rs"]
mod newspaper;
#[path = "web/openapi_check.rs"]
mod openapi_check;
#[path = "web/surveys.rs"]
mod surveys;
#[path = "web/weektests.rs"]
mod weektests;
#[path = "web/wijk.rs"]
mod wijk;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use tower::ServiceExt;
use wijkwerk_domain::Role;
use wijkwerk_store::demo::{ACCOUNTS, DEMO_PASSWORD};
use wijkwerk_store::testing::{TestDb, fresh_stores};
use wijkwerk_store::{Store, StoreOptions};
use wijkwerk_web::{AppState, RouteKind, WebConfig, app, route_specs};

struct TestApp {
    router: Router,
    store: Store,
    url: String,
}

impl TestApp {
    fn label(&self) -> &'static str {
        self.store.engine().name()
    }

    async fn person_id(&self, email: &str) -> String {
        self.store.person_by_email(email).await.unwrap().unwrap_or_else(|| panic!("{email} exists")).id
    }
}

async fn apps() -> Vec<TestApp> {
    let mut out = Vec::new();
    for TestDb { store, url } in fresh_stores().await {
        store.seed_demo(&mut |_| {}).await.unwrap();
        wijkwerk_app::demo::seed_indicators(&store).await.unwrap();
        let router = app(AppState::new(store.clone(), WebConfig::default()));
        out.push(TestApp { router, store, url });
    }
    out
}

fn email_of(role: Role) -> &'static str {
    ACCOUNTS.iter().find(|a| a.0 == role).map(|a| a.2).unwrap()
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The names of the fields a problem+json refusal lists, in its order.
    fn invalid_names(&self) -> Vec<String> {
        self.json()["invalidParams"]
            .as_array()
            .unwrap_or_else(|| panic!("no invalidParams: {}", self.body))
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    fn location(&self) -> &str {
        self.header("location")
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect()
    }

    /// The value a `Set-Cookie` gives `name`, if any.
    fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies().iter().find_map(|c| {
            c.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap().to_string())
        })
    }
}

/// Sends a request through the router. Every `/api/v1` reply is checked
/// against the OpenAPI document's schema for it.
async fn send(router: &Router, req: Request<Body>) -> Reply {
    let (method, path) = (req.method().to_string(), req.uri().to_string());
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let reply = Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() };
    openapi_check::check_reply(&method, &path, status.as_u16(), reply.header("content-type"), &reply.body);
    reply
}

/// A browser: cookies it holds and the CSRF token from the last form.
#[derive(Default, Clone)]
struct Browser {
    cookies: Vec<(String, String)>,
    csrf: String,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, reply: &Reply) {
        for c in reply.set_cookies() {
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() && !c.contains("Max-Age=0") {
                self.cookies.push((k.into(), v.into()));
            }
        }
        if let Some(token) = form_csrf(&reply.body) {
            self.csrf = token;
        }
    }

    async fn get(&mut self, app: &TestApp, path: &str) -> Reply {
        let req =
            Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty()).unwrap();
        let reply = send(&app.router, req).await;
        self.keep_cookies(&reply);
        reply
    }

    /// Posts a form with the current CSRF token (unless the fields set one).
    async fn post(&mut self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect();
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            body.push(format!("csrf={}", self.csrf));
        }
        let req = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body.join("&")))
            .unwrap();
        let reply = send(&app.router, req).await;
        self.keep_cookies(&reply);
        reply
    }

    /// A form with a file, as a browser sends it (`multipart/form-data`).
    async fn post_file(&mut self, app: &TestApp, path: &str, fields: &[(&str, &str)], file: &[u8]) -> Reply {
        let req = self.file_request(path, fields, file);
        let reply = send(&app.router, req).await;
        self.keep_cookies(&reply);
        reply
    }

    fn file_request(&self, path: &str, fields: &[(&str, &str)], file: &[u8]) -> Request<Body> {
        let boundary = "----wijkwerkTestBoundary7MA4YWxk";
        let mut body = Vec::new();
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            fields.push(("csrf", &self.csrf));
        }
        for (k, v) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"foto.jpg\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .unwrap()
    }

    async fn sign_in(app: &TestApp, email: &str) -> Browser {
        let mut b = Browser::default();
        b.get(app, "/inloggen").await;
        let reply = b.post(app, "/inloggen", &[("email", email), ("password", DEMO_PASSWORD)]).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{}: sign-in of {email}: {}",
            app.label(),
            reply.body
        );
        b.get(app, "/").await; // pick up the session's CSRF token
        b
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form_csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let token = &html[at..at + html[at..].find('"')?];
    (!token.is_empty()).then(|| token.to_string())
}

async fn api(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    send(&app.router, req.unwrap()).await
}

async fn token_for(app: &TestApp, email: &str) -> String {
    app.store.create_api_token(&app.person_id(email).await, "test").await.unwrap()
}

// ---------------------------------------------------------------------------
// Authorization matrix

#[tokio::test]
async fn place_roles_are_scoped_to_their_place() {
    for app in apps().await {
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await; // wijkwerker in WK960102
        let inside = api(&app, Method::GET, "/api/v1/places/BU96010201/team", Some(&ahmed), None).await;
        assert_eq!(inside.status, StatusCode::OK, "{}: a buurt inside his wijk", app.label());
        let other = api(&app, Method::GET, "/api/v1/places/WK960101/team", Some(&ahmed), None).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "{}: another wijk", app.label());

        let petra = token_for(&app, email_of(Role::Coordinator)).await; // coördinator in WK960102
        let fatima = email_of(Role::Bewoner);
        let own = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960102/roles",
            Some(&petra),
            Some(json!({"role": "coach", "email": fatima})),
        )
        .await;
        assert_eq!(own.status, StatusCode::CREATED, "{}: {}", app.label(), own.body);
        assert_eq!(own.json()["role"], "coach");
        let again = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960102/roles",
            Some(&petra),
            Some(json!({"role": "coach", "email": fatima})),
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.header("content-type"), "application/problem+json");
        let elsewhere = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960101/roles",
            Some(&petra),
            Some(json!({"role": "coach", "email": fatima})),
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
        let too_high = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960102/roles",
            Some(&petra),
            Some(json!({"role": "wijkwerker", "email": fatima})),
        )
        .await;
        assert_eq!(too_high.status, StatusCode::FORBIDDEN);
        let bad = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960102/roles",
            Some(&petra),
            Some(json!({"role": "koning", "email": "niemand@example.nl"})),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = bad.json();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        // An unknown address is not an error (that would tell who has an
        // account): the role waits for it. Every other invalid field is listed.
        assert_eq!(names, ["role"], "every invalid field is listed");
        let nobody = api(
            &app,
            Method::POST,
            "/api/v1/places/WK960102/roles",
            Some(&petra),
            Some(json!({"role": "coach", "personId": "0190f0f0-0000-7000-8000-000000000000"})),
        )
        .await;
        assert_eq!(nobody.json()["invalidParams"][0]["name"], "personId", "an unknown id is still refused");
    }
}

// ---------------------------------------------------------------------------
// Sign-in, sessions, CSRF

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

// ---------------------------------------------------------------------------
// Pages

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

#[tokio::test]
async fn place_pages_suppress_small_groups() {
    for app in apps().await {
        let mut b = Browser::default();
        let wijk = b.get(&app, "/plaatsen/WK960102").await;
        assert_eq!(wijk.status, StatusCode::OK);
        // Het Veld has 7 residents: hidden, and with the total shown the next
        // smallest buurt (Bloemenbuurt, 35) is hidden too.
        assert!(wijk.body.contains("Het Veld"));
        assert!(!wijk.body.contains(">7<"));
        assert!(!wijk.body.contains(">35<"), "complementary suppression");
        // 88 and 72 demo residents, plus the El Amrani family (Noord: Fatima, Karim,
        // Noah, Lina) and Petra (Zuid).
        assert!(wijk.body.contains(">92<") && wijk.body.contains(">73<"));
        assert!(wijk.body.contains(">207<"), "total of 92 + 73 + 35 + 7");
        assert!(wijk.body.contains("Buurtvaders Oosterpark"));
        assert!(wijk.body.contains("<svg role=\"img\""));

        let json = api(&app, Method::GET, "/api/v1/places/WK960102", None, None).await.json();
        let cells: Vec<Value> =
            json["children"].as_array().unwrap().iter().map(|c| c["residents"].clone()).collect();
        // By name: Bloemenbuurt (35, hidden to protect Het Veld), Het Veld (7), Noord, Zuid.
        assert_eq!(cells, [Value::Null, Value::Null, json!(92), json!(73)]);
        assert_eq!(json["residentsTotal"], 207);
        assert_eq!(json["minGroupSize"], 10);

        let missing = b.get(&app, "/plaatsen/WK000000").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("Deze pagina bestaat niet"));
    }
}

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

// ---------------------------------------------------------------------------
// API

#[tokio::test]
async fn api_speaks_problem_json() {
    for app in apps().await {
        let unknown = api(&app, Method::GET, "/api/v1/bestaat-niet", None, None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.header("content-type"), "application/problem+json");
        let p = unknown.json();
        assert_eq!(p["status"], 404);
        assert!(p["title"].is_string() && p["detail"].is_string());

        let anon = api(&app, Method::GET, "/api/v1/me", None, None).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
        assert_eq!(anon.header("www-authenticate"), "Bearer");
        let bogus = api(&app, Method::GET, "/api/v1/me", Some("not-a-token"), None).await;
        assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);

        let token = token_for(&app, email_of(Role::Bewoner)).await;
        let me = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.header("api-version"), "1.0.0");
        let me = me.json();
        assert_eq!(me["roles"][0]["role"], "bewoner");
        assert_eq!(me["roles"][0]["placeName"], "Oosterpark-Noord");
        assert!(me["createdAt"].as_str().unwrap().ends_with('Z'), "UTC timestamps");

        let invalid =
            api(&app, Method::POST, "/api/v1/me/consents", Some(&token), Some(json!({"scope": "alles"})))
                .await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.header("content-type"), "application/problem+json");
        let params: Vec<(String, String)> = invalid.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().into(), p["code"].as_str().unwrap().into()))
            .collect();
        assert_eq!(
            params,
            [
                ("granteeId".into(), "grantee-unknown".into()),
                ("scope".into(), "scope-unknown".into()),
                ("purpose".into(), "required".into())
            ]
        );
        let count_before = app.store.consents_given(&me["id"].as_str().unwrap()).await.unwrap().len();

        let malformed = send(
            &app.router,
            Request::post("/api/v1/me/consents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.header("content-type"), "application/problem+json");
        let form = send(
            &app.router,
            Request::post("/api/v1/me/consents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("x"))
                .unwrap(),
        )
        .await;
        assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let too_big = api(
            &app,
            Method::POST,
            "/api/v1/me/consents",
            Some(&token),
            Some(json!({"purpose": "x".repeat(100_000)})),
        )
        .await;
        assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
        let wrong_method = api(&app, Method::PATCH, "/api/v1/me", Some(&token), None).await;
        assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(wrong_method.header("content-type"), "application/problem+json");
        assert_eq!(
            app.store.consents_given(&me["id"].as_str().unwrap()).await.unwrap().len(),
            count_before,
            "bad input changed nothing"
        );

        // Access only to a professional around one's home, as the page offers:
        // not to another resident, nor to the gemeente.
        for other in [Role::Ondernemer, Role::Gemeente] {
            let other_id = app.person_id(email_of(other)).await;
            let body = json!({"granteeId": other_id, "scope": "profile", "purpose": "Kijken"});
            let refused = api(&app, Method::POST, "/api/v1/me/consents", Some(&token), Some(body)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{other:?}: {}", refused.body);
            assert_eq!(refused.invalid_names(), ["granteeId"], "{other:?}");
        }

        // A consent made and revoked through the API.
        let coach_id = app.person_id(email_of(Role::Coordinator)).await;
        let made = api(&app, Method::POST, "/api/v1/me/consents", Some(&token), Some(json!({"granteeId": coach_id, "scope": "profile", "purpose": "Wijkplan", "validUntil": "2099-12-31"}))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let id = made.json()["id"].as_str().unwrap().to_string();
        assert_eq!(made.json()["validUntil"], "2099-12-31T23:59:59.000Z");
        let gone = api(&app, Method::DELETE, &format!("/api/v1/me/consents/{id}"), Some(&token), None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT);
        let twice = api(&app, Method::DELETE, &format!("/api/v1/me/consents/{id}"), Some(&token), None).await;
        assert_eq!(twice.status, StatusCode::NOT_FOUND);

        let log = api(&app, Method::GET, "/api/v1/me/access-log", Some(&token), None).await.json();
        let profile: Vec<&Value> =
            log["items"].as_array().unwrap().iter().filter(|r| r["what"] == "profile").collect();
        assert_eq!(profile.len(), 3);
        assert_eq!(profile[0]["actorName"], "Sanne Visser");
    }
}

#[tokio::test]
async fn health_check_touches_the_database() {
    for app in apps().await {
        let reply = api(&app, Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        assert_eq!(body["database"]["ok"], true);
        assert_eq!(body["database"]["engine"], app.label());
        app.store.close().await;
        let down = api(&app, Method::GET, "/healthz", None, None).await;
        assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE, "a closed database is reported");
    }
}

#[tokio::test]
async fn openapi_lists_exactly_the_api_routes() {
    let doc = wijkwerk_web::openapi_document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), format!("/api/v1{path}")));
        }
    }
    let routed: BTreeSet<(String, String)> = route_specs()
        .iter()
        .filter(|r| r.kind == RouteKind::Api && r.path.starts_with("/api/v1/"))
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, routed);
    // Every documented response names a schema that exists.
    let text = doc.to_string();
    for reference in text.split("#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "schema {name} exists");
    }
}

#[test]
fn every_error_code_has_a_translation() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let i18n = wijkwerk_web::i18n::I18n::load();
    let mut missing = Vec::new();
    for dir in ["domain/src", "store/src", "app/src", "web/src"] {
        for (path, source) in architecture::rust_sources(&root.join(dir)) {
            // Codes appear as the second argument of `.add("field", "code")` and `Invalid::single("field", "code")`.
            let calls =
                [".add(\"", "Invalid::single(\"", " invalid(\"", "(invalid(\"", "::invalid(\"", "refusal(\""];
            for call in calls.iter().flat_map(|c| source.split(c).skip(1)) {
                let Some(rest) = call.split_once("\", \"").map(|(_, r)| r) else {
                    continue;
                };
                let code = rest.split('"').next().unwrap();
                for lang in ["nl", "en"] {
                    if !i18n.has(lang, &format!("error-{code}")) {
                        missing.push(format!("{lang}: error-{code} ({})", path.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

// ---------------------------------------------------------------------------
// Week test
