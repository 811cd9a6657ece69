//! The application through its HTTP router, on every available engine
//! (SQLite always, PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set),
//! with the demo municipality loaded.

#[path = "web/api.rs"]
mod api;
#[path = "web/architecture.rs"]
mod architecture;
#[path = "web/attacks.rs"]
mod attacks;
#[path = "web/auth.rs"]
mod auth;
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
#[path = "web/places.rs"]
mod places;
#[path = "web/privacy.rs"]
mod privacy;
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

impl TestApp {
    /// `POST` a JSON body to the API with a bearer token.
    async fn api_post(&self, path: &str, token: &str, body: Value) -> Reply {
        api(self, Method::POST, path, Some(token), Some(body)).await
    }

    /// `PUT` a JSON body to the API with a bearer token.
    async fn api_put(&self, path: &str, token: &str, body: Value) -> Reply {
        api(self, Method::PUT, path, Some(token), Some(body)).await
    }
}

async fn token_for(app: &TestApp, email: &str) -> String {
    app.store.create_api_token(&app.person_id(email).await, "test").await.unwrap()
}
