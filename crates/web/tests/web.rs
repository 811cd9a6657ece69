//! The application through its HTTP router, on every available engine
//! (SQLite always, PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set),
//! with the demo municipality loaded.

#[path = "web/coin.rs"]
mod coin;
#[path = "web/openapi_check.rs"]
mod openapi_check;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// Passed authorization (any status but 401/403 and the sign-in redirect, and no 5xx).
    Yes,
    /// Must sign in first.
    SignIn,
    /// Signed in but refused.
    No,
}

/// Actors in the matrix: anonymous, then one demo account per role.
const ACTORS: [Option<Role>; 9] = [
    None,
    Some(Role::Bewoner),
    Some(Role::Coach),
    Some(Role::Wijkwerker),
    Some(Role::Coordinator),
    Some(Role::Partner),
    Some(Role::Ondernemer),
    Some(Role::Gemeente),
    Some(Role::Landelijk),
];

/// What each actor may do on each route, written out by hand (not derived
/// from the routes' gates, so the two can disagree and fail the test).
/// Columns follow [`ACTORS`]: anon, bewoner, coach, wijkwerker, coördinator,
/// partner, ondernemer, gemeente, landelijk.
fn expected() -> Vec<(&'static str, &'static str, [Access; 9])> {
    use Access::{No as N, SignIn as S, Yes as Y};
    let everyone = [Y; 9];
    let signed_in = [S, Y, Y, Y, Y, Y, Y, Y, Y];
    vec![
        ("GET", "/healthz", everyone),
        ("GET", "/static/{file}", everyone),
        ("GET", "/", everyone),
        ("GET", "/inloggen", everyone),
        ("POST", "/inloggen", everyone),
        ("POST", "/uitloggen", signed_in),
        ("GET", "/taal/{lang}", everyone),
        ("GET", "/plaatsen", everyone),
        ("GET", "/plaatsen/{code}", everyone),
        ("GET", "/mijn-gegevens", signed_in),
        ("GET", "/mijn-gegevens/export.json", signed_in),
        ("POST", "/mijn-gegevens/toestemmingen", signed_in),
        ("POST", "/mijn-gegevens/toestemmingen/{id}/intrekken", signed_in),
        ("GET", "/mijn-gegevens/verwijderen", signed_in),
        ("POST", "/mijn-gegevens/verwijderen", signed_in),
        ("GET", "/gegevens-verwijderd", everyone),
        // Fatima's profile: only her coach has consent (the wijkwerker's was revoked).
        ("GET", "/personen/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/api/v1/openapi.json", everyone),
        ("GET", "/api/v1/me", signed_in),
        ("GET", "/api/v1/me/export", signed_in),
        ("GET", "/api/v1/me/access-log", signed_in),
        ("GET", "/api/v1/me/consents", signed_in),
        ("POST", "/api/v1/me/consents", signed_in),
        ("DELETE", "/api/v1/me/consents/{id}", signed_in),
        ("GET", "/api/v1/places/{code}", everyone),
        // Oosterpark's team: its wijkwerker and coördinator, the gemeente, landelijk.
        ("GET", "/api/v1/places/{code}/team", [S, N, N, Y, Y, N, N, Y, Y]),
        // Giving the coach role in Oosterpark: coördinator, gemeente, landelijk.
        ("POST", "/api/v1/places/{code}/roles", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/v1/persons/{id}", [S, N, Y, N, N, N, N, N, N]),
        ("GET", "/weektest", signed_in),
        // Fatima's latest week test: hers, and her coach's under consent.
        ("GET", "/weektest/uitslag/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/weektest/{template}", signed_in),
        ("POST", "/weektest/{template}", signed_in),
        ("GET", "/weektest/{template}/rooster", signed_in),
        ("POST", "/weektest/{template}/rooster", signed_in),
        ("GET", "/api/v1/weektest-templates", everyone),
        ("GET", "/api/v1/weektests", signed_in),
        ("POST", "/api/v1/weektests", signed_in),
        ("GET", "/api/v1/weektests/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/weektest/verloop", signed_in),
        ("GET", "/weektest/doelen/nieuw", signed_in),
        ("POST", "/weektest/doelen", signed_in),
        // Fatima's goal: she and her coach may look; only she may change it.
        ("GET", "/weektest/doelen/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("POST", "/weektest/doelen/{id}/uren", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/weektest/doelen/{id}/beoordeling", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/personen/{id}/weektest", [S, Y, Y, N, N, N, N, N, N]),
        ("GET", "/gezin", signed_in),
        ("POST", "/gezin", signed_in),
        ("POST", "/gezin/meedoen", signed_in),
        // The El Amrani household: only its members.
        ("GET", "/gezin/{id}", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/leden", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/delen", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/gezin/{id}/naast-elkaar", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezin/{id}/plan", [S, Y, N, N, N, N, N, N, N]),
        // Its plan: the family, and the wijkwerker both adults let in.
        ("GET", "/gezinsplan/{plan}", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/doelen", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/acties", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/acties/{action}", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/evaluaties", [S, Y, N, Y, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/netwerk", [S, Y, N, Y, N, N, N, N, N]),
        // Inviting, consenting and choosing the lead: adult members only.
        ("POST", "/gezinsplan/{plan}/professionals", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/toestemming", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/gezinsplan/{plan}/regisseur", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/goals", signed_in),
        ("POST", "/api/v1/goals", signed_in),
        ("GET", "/api/v1/goals/{id}", [S, Y, Y, N, N, N, N, N, N]),
        ("POST", "/api/v1/goals/{id}/logs", [S, Y, N, N, N, N, N, N, N]),
        ("POST", "/api/v1/goals/{id}/ratings", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/households", signed_in),
        ("GET", "/api/v1/households/{id}/side-by-side", [S, Y, N, N, N, N, N, N, N]),
        ("GET", "/api/v1/family-plans/{id}", [S, Y, N, Y, N, N, N, N, N]),
        ("GET", "/plaatsen/{code}/wijkplan", everyone),
        // Oosterpark's plan: its coördinator, the gemeente, landelijk.
        ("GET", "/plaatsen/{code}/wijkplan/bewerken", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/doelen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/bijdragen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/plaatsen/{code}/wijkplan/metingen", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/sociale-kaart", everyone),
        // Keeping the map: partners, businesses and the wijk's leads.
        ("GET", "/sociale-kaart/beheer", [S, N, N, N, Y, Y, Y, Y, Y]),
        ("GET", "/sociale-kaart/nieuw", [S, N, N, N, Y, Y, Y, Y, Y]),
        ("POST", "/sociale-kaart/nieuw", [S, N, N, N, Y, Y, Y, Y, Y]),
        ("GET", "/sociale-kaart/lijst/{code}", everyone),
        ("GET", "/sociale-kaart/{id}", everyone),
        // The wijkteam's entry: its wijk's coördinator, the gemeente, landelijk.
        ("GET", "/sociale-kaart/{id}/bewerken", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/bewerken", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/bevestigen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/sociale-kaart/{id}/goedkeuren", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/hsds/v3/services", everyone),
        ("GET", "/api/hsds/v3/services/{id}", everyone),
        ("GET", "/api/hsds/v3/organizations", everyone),
        ("GET", "/api/hsds/v3/organizations/{id}", everyone),
        ("GET", "/api/hsds/v3/service_at_locations", everyone),
        ("GET", "/api/hsds/v3/taxonomies", everyone),
        ("GET", "/api/hsds/v3/taxonomy_terms", everyone),
        ("GET", "/plaatsen/{code}/vraag-en-aanbod", everyone),
        // Oosterpark's survey: built and exported by its leads.
        ("GET", "/enquetes", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/vragen", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/status", [S, N, N, N, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/codes", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/poster/{buurt}", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/export.csv", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/enquetes/{id}/export.xlsx", [S, N, N, N, Y, N, N, Y, Y]),
        // Paper forms: the leads and Oosterpark's wijkwerker.
        ("GET", "/enquetes/{id}/papier", [S, N, N, Y, Y, N, N, Y, Y]),
        ("POST", "/enquetes/{id}/papier", [S, N, N, Y, Y, N, N, Y, Y]),
        // Answering and results are for everyone, without signing in.
        ("GET", "/enquetes/{id}/uitslag", everyone),
        ("GET", "/enquete/{id}", everyone),
        ("POST", "/enquete/{id}", everyone),
        ("GET", "/enquete/{id}/bedankt", everyone),
        ("GET", "/enquete/qr/{id}/{buurt}", everyone),
        ("GET", "/e/{code}", everyone),
        ("POST", "/api/v1/surveys", [S, N, N, N, Y, N, N, Y, Y]),
        ("GET", "/api/v1/surveys/{id}", everyone),
        ("POST", "/api/v1/surveys/{id}/responses", everyone),
        ("GET", "/api/v1/surveys/{id}/results", everyone),
        ("GET", "/api/v1/places/{code}/demand-supply", everyone),
        ("GET", "/api/v1/places/{code}/wijkplan", everyone),
        // The social coin: wallets for everyone signed in; the till for
        // ondernemers; programmes and the books for the gemeente alone.
        ("GET", "/munt", signed_in),
        ("GET", "/munt/betalen", signed_in),
        ("POST", "/munt/betalen", signed_in),
        ("GET", "/munt/pas", signed_in),
        ("POST", "/munt/pas", signed_in),
        ("GET", "/munt/qr/{code}", everyone),
        ("GET", "/munt/zaak/{code}", everyone),
        ("GET", "/munt/kassa", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/pas", [S, N, N, N, N, N, Y, N, N]),
        ("GET", "/munt/kassa/pin/{id}", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/pin/{id}", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/voordeel", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/munt/kassa/inwisselen", [S, N, N, N, N, N, Y, N, N]),
        ("GET", "/munt/regelingen", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/regelingen/{id}", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/storten", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/uitgeven", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/bulk", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/zaken", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/munt/regelingen/{id}/grenzen", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/munt/boekhouding.beancount", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/coin/programmes/{id}", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes/{id}/fundings", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/programmes/{id}/businesses", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/issuances", [S, N, N, N, N, N, N, Y, N]),
        ("POST", "/api/v1/coin/payments", signed_in),
        ("POST", "/api/v1/coin/redemptions", [S, N, N, N, N, N, Y, N, N]),
        ("POST", "/api/v1/coin/reversals", [S, N, N, N, N, N, N, Y, N]),
        ("GET", "/api/v1/coin/accounts/{id}", signed_in),
        ("GET", "/api/v1/coin/ledger.beancount", [S, N, N, N, N, N, N, Y, N]),
    ]
}

/// Fatima's person id and the id of her latest week test.
struct Fixtures {
    fatima: String,
    fatima_test: String,
    fatima_goal: String,
    household: String,
    plan: String,
    action: String,
    service: String,
    organisation: String,
    survey: String,
}

fn concrete_path(path: &str, f: &Fixtures) -> String {
    path.replace("{file}", "app.css")
        .replace("{lang}", "en")
        .replace("{code}", "WK960102")
        .replace("{template}", "basis")
        .replace("/personen/{id}", &format!("/personen/{}", f.fatima))
        .replace("/persons/{id}", &format!("/persons/{}", f.fatima))
        .replace("/uitslag/{id}", &format!("/uitslag/{}", f.fatima_test))
        .replace("/weektests/{id}", &format!("/weektests/{}", f.fatima_test))
        .replace("/doelen/{id}", &format!("/doelen/{}", f.fatima_goal))
        .replace("/goals/{id}", &format!("/goals/{}", f.fatima_goal))
        .replace("/households/{id}", &format!("/households/{}", f.household))
        .replace("/family-plans/{id}", &format!("/family-plans/{}", f.plan))
        .replace("/gezin/{id}", &format!("/gezin/{}", f.household))
        .replace("{plan}", &f.plan)
        .replace("/sociale-kaart/{id}", &format!("/sociale-kaart/{}", f.service))
        .replace("/services/{id}", &format!("/services/{}", f.service))
        .replace("/organizations/{id}", &format!("/organizations/{}", f.organisation))
        .replace("{action}", &f.action)
        .replace("/enquetes/{id}", &format!("/enquetes/{}", f.survey))
        .replace("/enquete/{id}", &format!("/enquete/{}", f.survey))
        .replace("/enquete/qr/{id}", &format!("/enquete/qr/{}", f.survey))
        .replace("/surveys/{id}", &format!("/surveys/{}", f.survey))
        .replace("{buurt}", "BU96010201")
        .replace("{id}", "0190f0f0-0000-7000-8000-000000000000")
}

#[tokio::test]
async fn authorization_matrix_covers_every_route_and_role() {
    let table = expected();
    let declared: BTreeSet<(String, String)> =
        route_specs().iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
    let listed: BTreeSet<(String, String)> =
        table.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    assert_eq!(declared, listed, "every route has a row in the matrix, and every row a route");

    for app in apps().await {
        let fatima = app.person_id(email_of(Role::Bewoner)).await;
        let fatima_test = app.store.weektests_of(&fatima).await.unwrap().pop().unwrap().id;
        let fatima_goal =
            app.store.goals_of(&fatima, wijkwerk_domain::Timestamp::now()).await.unwrap()[0].goal.id.clone();
        let household = app.store.households_of(&fatima).await.unwrap()[0].id.clone();
        let plan = app.store.plan_id_of(&household).await.unwrap().unwrap();
        let action = app.store.family_plan(&plan).await.unwrap().unwrap().actions[0].id.clone();
        let query = wijkwerk_store::socialmap::ServiceQuery {
            text: "inloopspreekuur wijkteam".into(),
            page: 1,
            per_page: 5,
            ..Default::default()
        };
        let found = app.store.search_services(&query).await.unwrap().0.remove(0);
        let (service, organisation) = (found.id, found.organisation_id);
        let survey = app.store.surveys_in(&["WK960102".to_string()]).await.unwrap()[0].id.clone();
        let fixtures = Fixtures {
            fatima,
            fatima_test,
            fatima_goal,
            household,
            plan,
            action,
            service,
            organisation,
            survey,
        };
        for (method, path, row) in &table {
            let spec =
                route_specs().into_iter().find(|r| r.method.as_str() == *method && r.path == *path).unwrap();
            let uri = concrete_path(path, &fixtures);
            for (actor, want) in ACTORS.iter().zip(row) {
                let reply = match (spec.kind, actor) {
                    (RouteKind::Api, _) => {
                        let token = match actor {
                            Some(role) => Some(token_for(&app, email_of(*role)).await),
                            None => None,
                        };
                        let body = (*method == "POST").then(|| {
                            if path.ends_with("/roles") {
                                json!({ "role": "coach", "email": email_of(Role::Bewoner) })
                            } else {
                                json!({})
                            }
                        });
                        api(&app, method.parse().unwrap(), &uri, token.as_deref(), body).await
                    }
                    (_, Some(role)) => {
                        // A fresh session per request, so signing out does not spoil the next one.
                        let mut b = Browser::default();
                        let id = app.person_id(email_of(*role)).await;
                        let s = app.store.create_session(&id, 3600, None).await.unwrap();
                        b.cookies.push(("wijkwerk_session".into(), s.token));
                        b.csrf = s.csrf_token;
                        if *method == "POST" {
                            b.post(&app, &uri, &[]).await
                        } else {
                            b.get(&app, &uri).await
                        }
                    }
                    (_, None) => {
                        let mut b = Browser::default();
                        b.get(&app, "/inloggen").await;
                        if *method == "POST" {
                            b.post(&app, &uri, &[]).await
                        } else {
                            b.get(&app, &uri).await
                        }
                    }
                };
                let got = match reply.status {
                    StatusCode::UNAUTHORIZED if spec.kind == RouteKind::Api => Access::SignIn,
                    StatusCode::SEE_OTHER if reply.location().starts_with("/inloggen?terug=") => {
                        Access::SignIn
                    }
                    StatusCode::FORBIDDEN => Access::No,
                    s if s.is_server_error() => {
                        panic!("{}: {method} {uri} as {actor:?}: {s} {}", app.label(), reply.body)
                    }
                    _ => Access::Yes,
                };
                assert_eq!(
                    got,
                    *want,
                    "{}: {method} {uri} as {actor:?} gave {} {}",
                    app.label(),
                    reply.status,
                    &reply.body.chars().take(300).collect::<String>()
                );
            }
        }
    }
}

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
        assert_eq!(names, ["role", "personId"], "every invalid field is listed");
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
        assert_eq!(export["accessLog"].as_array().unwrap().len(), 4, "three demo reads and one API read");

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
        let wrong_pw = b
            .post(&app, "/mijn-gegevens/verwijderen", &[("confirm", "ja"), ("password", "fout-fout-fout")])
            .await;
        assert_eq!(wrong_pw.status, StatusCode::UNPROCESSABLE_ENTITY);
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
        assert_eq!(log["items"].as_array().unwrap().len(), 3);
        assert_eq!(log["items"][0]["actorName"], "Sanne Visser");
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
    for dir in ["domain/src", "store/src", "web/src"] {
        for entry in std::fs::read_dir(root.join(dir))
            .unwrap()
            .chain(std::fs::read_dir(root.join(dir).join("api")).into_iter().flatten())
        {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            // Codes appear as the second argument of `.add("field", "code")` and `Invalid::single("field", "code")`.
            let calls = [".add(\"", "Invalid::single(\"", " invalid(\"", "(invalid(\"", "refusal(\""];
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

fn week_body(template: &str, rows: &[(&str, f64, f64, u8)]) -> Value {
    json!({
        "template": template,
        "domains": rows.iter().map(|(d, h, w, s)| json!({"domain": d, "hours": h, "wishedHours": w, "satisfaction": s})).collect::<Vec<_>>(),
    })
}

const WEEK: [(&str, f64, f64, u8); 9] = [
    ("slaap-en-verzorging", 63.0, 63.0, 4),
    ("werk", 36.0, 32.0, 2),
    ("leren", 2.0, 4.0, 3),
    ("huishouden-en-zorg", 20.0, 20.0, 4),
    ("vrijwilligerswerk-en-wijk", 0.0, 2.0, 3),
    ("sociaal-leven", 10.0, 10.0, 4),
    ("sport-en-bewegen", 2.0, 4.0, 3),
    ("hobbys-en-media", 30.0, 28.0, 3),
    ("reizen-en-overig", 5.0, 5.0, 4),
];

#[tokio::test]
async fn week_tests_through_the_api() {
    for app in apps().await {
        let templates = api(&app, Method::GET, "/api/v1/weektest-templates", None, None).await.json();
        let codes: Vec<&str> =
            templates["items"].as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["basis", "jongere", "mantelzorger", "ondernemer", "ouder", "werkzoekende"]);

        let jan = token_for(&app, email_of(Role::Ondernemer)).await;
        let made =
            api(&app, Method::POST, "/api/v1/weektests", Some(&jan), Some(week_body("basis", &WEEK))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}: {}", app.label(), made.body);
        let body = made.json();
        assert_eq!(body["priority"]["domain"], "werk", "(5−2)×4 = 12 beats (5−3)×2 = 6");
        assert_eq!(body["priority"]["reason"], "highest-score");
        assert_eq!(body["ranking"][0]["score"], 12.0);
        assert_eq!(body["ranking"].as_array().unwrap().len(), 9);
        assert!(body["takenAt"].as_str().unwrap().ends_with('Z'));
        let id = body["id"].as_str().unwrap().to_string();

        let again = api(&app, Method::GET, &format!("/api/v1/weektests/{id}"), Some(&jan), None).await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(again.json()["domains"][1]["wishedHours"], 32.0);
        let stranger = token_for(&app, email_of(Role::Partner)).await;
        let refused = api(&app, Method::GET, &format!("/api/v1/weektests/{id}"), Some(&stranger), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Everything wrong at once; nothing stored.
        let mut bad = WEEK.to_vec();
        bad[1].1 = 36.3;
        bad[3].3 = 7;
        bad.pop();
        let before = api(&app, Method::GET, "/api/v1/weektests", Some(&jan), None).await.json()["items"]
            .as_array()
            .unwrap()
            .len();
        let reply =
            api(&app, Method::POST, "/api/v1/weektests", Some(&jan), Some(week_body("basis", &bad))).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = reply.json();
        let fields: Vec<(&str, &str)> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap(), p["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("domains[1].hours", "hours-half-steps"),
                ("domains[3].satisfaction", "satisfaction-range"),
                ("domains.reizen-en-overig", "domain-missing")
            ]
        );
        let mut off = WEEK.to_vec();
        off[0].1 = 64.0;
        let sums = api(&app, Method::POST, "/api/v1/weektests", Some(&jan), Some(week_body("basis", &off)))
            .await
            .json();
        assert_eq!(sums["invalidParams"][0]["name"], "hours");
        assert_eq!(sums["invalidParams"][0]["code"], "hours-sum-not-168");
        let unknown =
            api(&app, Method::POST, "/api/v1/weektests", Some(&jan), Some(week_body("bestaat-niet", &WEEK)))
                .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let after = api(&app, Method::GET, "/api/v1/weektests", Some(&jan), None).await.json()["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(before, after, "rejected tests leave no trace");

        // In balance: every score zero.
        let balanced: Vec<(&str, f64, f64, u8)> = WEEK.iter().map(|(d, h, _, _)| (*d, *h, *h, 4)).collect();
        let calm =
            api(&app, Method::POST, "/api/v1/weektests", Some(&jan), Some(week_body("basis", &balanced)))
                .await
                .json();
        assert_eq!(calm["priority"], Value::Null);
        assert_eq!(calm["inBalance"], true);

        // The coach reads Fatima's test under consent, and Fatima sees that in her log.
        let fatima = app.person_id(email_of(Role::Bewoner)).await;
        let test = app.store.weektests_of(&fatima).await.unwrap().pop().unwrap();
        let coach = token_for(&app, email_of(Role::Coach)).await;
        let read =
            api(&app, Method::GET, &format!("/api/v1/weektests/{}", test.id), Some(&coach), None).await;
        assert_eq!(read.status, StatusCode::OK);
        let log = app.store.access_log_for(&fatima, 1).await.unwrap();
        assert_eq!((log[0].actor_name.as_str(), log[0].what.as_str()), ("Sanne Visser", "weektests"));
        // The wijkwerker has no such consent.
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await;
        assert_eq!(
            api(&app, Method::GET, &format!("/api/v1/weektests/{}", test.id), Some(&ahmed), None)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn week_test_in_the_browser_flow() {
    for app in apps().await {
        let mut b = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let form = b.get(&app, "/weektest/basis").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("name=\"werk.hours\""));

        // A wrong sum: the form comes back with what was typed and the sum explained.
        let mut fields: Vec<(String, String)> = Vec::new();
        for (d, h, w, s) in WEEK {
            fields.push((format!("{d}.hours"), h.to_string().replace('.', ",")));
            fields.push((format!("{d}.wishedHours"), w.to_string()));
            fields.push((format!("{d}.satisfaction"), s.to_string()));
        }
        fields[0].1 = "60".into();
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let wrong = b.post(&app, "/weektest/basis", &borrowed).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("tellen op tot 165"), "the sum is shown");
        assert!(wrong.body.contains("value=\"60\""), "typed values are kept");

        fields[0].1 = "63".into();
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let done = b.post(&app, "/weektest/basis", &borrowed).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let result = b.get(&app, done.location()).await;
        assert_eq!(result.status, StatusCode::OK);
        assert!(result.body.contains("Jouw prioriteit nu: Werk"));
        assert!(result.body.contains("SCP"), "the source of the averages is cited");

        // The grid fills the totals: nights are sleep, the rest counts as travel and other.
        let grid = b.get(&app, "/weektest/basis/rooster").await;
        assert_eq!(grid.status, StatusCode::OK);
        let mut cells: Vec<(String, String)> = Vec::new();
        for day in 0..7 {
            for hour in 0..24 {
                let v = if !(7..23).contains(&hour) {
                    "slaap-en-verzorging"
                } else if (9..17).contains(&hour) && day < 5 {
                    "werk"
                } else {
                    ""
                };
                cells.push((format!("c{day}-{hour}"), v.to_string()));
            }
        }
        let borrowed: Vec<(&str, &str)> = cells.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let filled = b.post(&app, "/weektest/basis/rooster", &borrowed).await;
        assert_eq!(filled.status, StatusCode::OK);
        assert!(filled.body.contains(
            "name=\"slaap-en-verzorging.hours\" inputmode=\"decimal\" autocomplete=\"off\" value=\"56\""
        ));
        assert!(
            filled
                .body
                .contains("name=\"werk.hours\" inputmode=\"decimal\" autocomplete=\"off\" value=\"40\"")
        );
        assert!(filled.body.contains(
            "name=\"reizen-en-overig.hours\" inputmode=\"decimal\" autocomplete=\"off\" value=\"72\""
        ));
    }
}

#[tokio::test]
async fn goals_log_hours_and_show_the_effect() {
    for app in apps().await {
        let mut b = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let form = b.get(&app, "/weektest/doelen/nieuw").await;
        assert_eq!(form.status, StatusCode::OK);
        let bad = b
            .post(
                &app,
                "/weektest/doelen",
                &[
                    ("domain", "vissen"),
                    ("title", ""),
                    ("hours_per_week", "2,3"),
                    ("weeks", "99"),
                    ("start", "gisteren"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        for id in ["domain-error", "title-error", "hoursPerWeek-error", "weeks-error", "start-error"] {
            assert!(bad.body.contains(&format!("id=\"{id}\"")), "{id} shown");
        }
        let today = wijkwerk_domain::goals::this_monday(wijkwerk_domain::Timestamp::now());
        let made = b
            .post(
                &app,
                "/weektest/doelen",
                &[
                    ("domain", "sport-en-bewegen"),
                    ("title", "Elke dag wandelen"),
                    ("hours_per_week", "3,5"),
                    ("weeks", "4"),
                    ("start", &today),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let goal_url = made.location().to_string();
        let page = b.get(&app, &goal_url).await;
        assert!(page.body.contains("Elke dag wandelen"));
        assert!(page.body.contains("3.5 uur per week, 4 weken"));

        let logged = b
            .post(
                &app,
                &format!("{goal_url}/uren"),
                &[("week", &today), ("hours", "4"), ("note", "Met de buurvrouw")],
            )
            .await;
        assert_eq!(logged.status, StatusCode::SEE_OTHER);
        let again = b
            .post(&app, &format!("{goal_url}/uren"), &[("week", &today), ("hours", "3,5"), ("note", "")])
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "a week can be corrected");
        let future =
            b.post(&app, &format!("{goal_url}/uren"), &[("week", "2099-01-05"), ("hours", "1")]).await;
        assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
        let rated =
            b.post(&app, &format!("{goal_url}/beoordeling"), &[("score", "1"), ("note", "Gaat goed")]).await;
        assert_eq!(rated.status, StatusCode::SEE_OTHER);
        let bad_rating = b.post(&app, &format!("{goal_url}/beoordeling"), &[("score", "5")]).await;
        assert_eq!(bad_rating.status, StatusCode::UNPROCESSABLE_ENTITY);

        let id = goal_url.rsplit('/').next().unwrap();
        let progress = app
            .store
            .progress(app.store.goal(id).await.unwrap().unwrap(), wijkwerk_domain::Timestamp::now())
            .await
            .unwrap();
        assert_eq!(progress.logged_half_hours, 7, "the correction replaced the first log");
        assert_eq!(progress.planned_half_hours_so_far, 7);
        assert_eq!(progress.attainment_from_hours, Some(0));
        assert_eq!(progress.ratings.len(), 1);

        // Fatima's demo timeline: three tests, her goals, the charts.
        let mut f = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let timeline = f.get(&app, "/weektest/verloop").await;
        assert_eq!(timeline.status, StatusCode::OK);
        assert!(timeline.body.contains("Het effect op: Werk"), "the latest priority is shown first");
        assert_eq!(timeline.body.matches("<svg role=\"img\"").count(), 2);
        assert!(timeline.body.contains("Werkervaring opdoen bij Bakkerij Kaya"));
        let leren = f.get(&app, "/weektest/verloop?domein=leren").await;
        assert!(leren.body.contains("Het effect op: Leren"));

        // Her coach sees it read-only, and the read is in Fatima's log.
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let mut coach = Browser::sign_in(&app, email_of(Role::Coach)).await;
        let before = app.store.access_log_for(&fatima_id, 1000).await.unwrap().len();
        let shared = coach.get(&app, &format!("/personen/{fatima_id}/weektest")).await;
        assert_eq!(shared.status, StatusCode::OK);
        assert!(shared.body.contains("Hoe het verandert voor Fatima El Amrani"));
        assert!(!shared.body.contains("/weektest/doelen/nieuw"), "no editing for the coach");
        assert_eq!(app.store.access_log_for(&fatima_id, 1000).await.unwrap().len(), before + 1);
        // The wijkwerker, whose consent was revoked, gets nothing.
        let mut ahmed = Browser::sign_in(&app, email_of(Role::Wijkwerker)).await;
        assert_eq!(
            ahmed.get(&app, &format!("/personen/{fatima_id}/weektest")).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.store.access_log_for(&fatima_id, 1000).await.unwrap().len(),
            before + 1,
            "a refused read is not a read"
        );
    }
}

#[tokio::test]
async fn households_share_by_choice_and_plans_need_every_adult() {
    for app in apps().await {
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let karim_id = app.person_id("karim@demo.wijkwerk.nl").await;
        let household = app.store.households_of(&fatima_id).await.unwrap().remove(0);
        let plan = app.store.plan_id_of(&household.id).await.unwrap().unwrap();

        // Side by side: Fatima sees Karim (he shares) and the children she manages.
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let side = fatima.get(&app, &format!("/gezin/{}/naast-elkaar", household.id)).await;
        assert_eq!(side.status, StatusCode::OK);
        for name in ["Fatima El Amrani", "Karim El Amrani", "Noah", "Lina"] {
            assert!(
                side.body
                    .contains(&format!("<th class=\"utrecht-table__header-cell\" scope=\"col\">{name}</th>")),
                "{name} shown"
            );
        }
        let karim_reads = app.store.access_log_for(&karim_id, 100).await.unwrap();
        assert_eq!(karim_reads.len(), 1, "Karim sees that Fatima looked");
        assert_eq!(karim_reads[0].what, "weektests");

        // Karim stops sharing; Fatima no longer sees his test.
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let stop = karim
            .post(&app, &format!("/gezin/{}/delen", household.id), &[("with", &fatima_id), ("share", "nee")])
            .await;
        assert_eq!(stop.status, StatusCode::SEE_OTHER);
        let side = fatima.get(&app, &format!("/gezin/{}/naast-elkaar", household.id)).await;
        assert!(!side.body.contains("scope=\"col\">Karim El Amrani</th>"));
        assert!(side.body.contains("Deelt de weektest (nog) niet met jou."));

        // Fatima fills in a test for Noah; she may, a stranger may not.
        let noah = household.members.iter().find(|m| m.name == "Noah").unwrap().person_id.clone();
        let form = fatima.get(&app, &format!("/weektest/basis?voor={noah}")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Weektest voor Noah"));
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        assert_eq!(
            petra.get(&app, &format!("/weektest/basis?voor={noah}")).await.status,
            StatusCode::FORBIDDEN
        );
        let mut fields: Vec<(String, String)> = Vec::new();
        for (d, h, w, s) in WEEK {
            fields.push((format!("{d}.hours"), h.to_string()));
            fields.push((format!("{d}.wishedHours"), w.to_string()));
            fields.push((format!("{d}.satisfaction"), s.to_string()));
        }
        fields.push(("voor".into(), noah.clone()));
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = fatima.post(&app, "/weektest/basis", &borrowed).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(app.store.weektests_of(&noah).await.unwrap().len(), 3, "the test is Noah's");
        let result = fatima.get(&app, saved.location()).await;
        assert!(result.body.contains("Uitslag van Noah"));

        // The plan: Ahmed is in (both adults said yes); Nadia waits for Karim.
        let mut ahmed = Browser::sign_in(&app, email_of(Role::Wijkwerker)).await;
        let seen = ahmed.get(&app, &format!("/gezinsplan/{plan}")).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("Gezinsplan Familie El Amrani"));
        assert!(seen.body.contains("wacht op toestemming van Karim El Amrani"));
        assert!(
            app.store.access_log_for(&karim_id, 100).await.unwrap().iter().any(|r| r.what == "family-plan"),
            "the professional's read is logged for the adults"
        );
        assert!(
            app.store.access_log_for(&noah, 100).await.unwrap().iter().any(|r| r.what == "family-plan"),
            "and for the children"
        );
        // The professional works in the plan: adds an action.
        let goal = app.store.family_plan(&plan).await.unwrap().unwrap().goals[0].id.clone();
        let added = ahmed
            .post(
                &app,
                &format!("/gezinsplan/{plan}/acties"),
                &[
                    ("goalId", &goal),
                    ("who", "Ahmed Yilmaz"),
                    ("what", "Sollicitatiebrief samen maken"),
                    ("plannedHours", "2"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let bad = ahmed
            .post(
                &app,
                &format!("/gezinsplan/{plan}/acties"),
                &[("goalId", "nope"), ("who", ""), ("what", ""), ("plannedHours", "x")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        // But cannot invite others or pick the lead.
        assert_eq!(
            ahmed
                .post(&app, &format!("/gezinsplan/{plan}/regisseur"), &[("person", &ahmed_id(&app).await)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Karim withdraws his consent: Ahmed is out at once.
        let consent = app
            .store
            .consents_given(&karim_id)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.active && c.consent.scope == wijkwerk_domain::privacy::Scope::FamilyPlan)
            .unwrap();
        let revoked = karim
            .post(&app, &format!("/mijn-gegevens/toestemmingen/{}/intrekken", consent.consent.id), &[])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_eq!(ahmed.get(&app, &format!("/gezinsplan/{plan}")).await.status, StatusCode::FORBIDDEN);
        // Karim says yes again from the plan page.
        let yes = karim
            .post(&app, &format!("/gezinsplan/{plan}/toestemming"), &[("person", &ahmed_id(&app).await)])
            .await;
        assert_eq!(yes.status, StatusCode::SEE_OTHER);
        assert_eq!(ahmed.get(&app, &format!("/gezinsplan/{plan}")).await.status, StatusCode::OK);

        // Joining by code: Petra joins, and only then sees the household.
        assert_eq!(petra.get(&app, &format!("/gezin/{}", household.id)).await.status, StatusCode::FORBIDDEN);
        let wrong = petra.post(&app, "/gezin/meedoen", &[("code", "XXXXXXXX"), ("relation", "anders")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let joined = petra
            .post(
                &app,
                "/gezin/meedoen",
                &[("code", &household.join_code.to_lowercase()), ("relation", "anders")],
            )
            .await;
        assert_eq!(joined.status, StatusCode::SEE_OTHER);
        assert_eq!(petra.get(&app, &format!("/gezin/{}", household.id)).await.status, StatusCode::OK);
    }
}

async fn ahmed_id(app: &TestApp) -> String {
    app.person_id(email_of(Role::Wijkwerker)).await
}

#[tokio::test]
async fn goals_and_households_through_the_api() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let bad = api(
            &app,
            Method::POST,
            "/api/v1/goals",
            Some(&petra),
            Some(json!({"domain": "vissen", "hoursPerWeek": 0, "weeks": 60})),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let names: Vec<String> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["domain", "title", "hoursPerWeek", "weeks"]);
        let made = api(&app, Method::POST, "/api/v1/goals", Some(&petra), Some(json!({"domain": "sport-en-bewegen", "title": "Fietsen naar het werk", "hoursPerWeek": 2.5, "weeks": 8}))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let goal = made.json();
        assert_eq!(goal["hoursPerWeek"], 2.5);
        let id = goal["id"].as_str().unwrap();
        let week = goal["start"].as_str().unwrap();
        let logged = api(
            &app,
            Method::POST,
            &format!("/api/v1/goals/{id}/logs"),
            Some(&petra),
            Some(json!({"week": week, "hours": 3})),
        )
        .await;
        assert_eq!(logged.status, StatusCode::OK);
        assert_eq!(logged.json()["loggedHours"], 3.0);
        assert_eq!(logged.json()["attainmentFromHours"], 1, "3 of 2.5 planned hours is 120 %");
        let rated = api(
            &app,
            Method::POST,
            &format!("/api/v1/goals/{id}/ratings"),
            Some(&petra),
            Some(json!({"score": -3})),
        )
        .await;
        assert_eq!(rated.status, StatusCode::UNPROCESSABLE_ENTITY);
        let rated = api(
            &app,
            Method::POST,
            &format!("/api/v1/goals/{id}/ratings"),
            Some(&petra),
            Some(json!({"score": 1, "note": "Lekker"})),
        )
        .await;
        assert_eq!(rated.status, StatusCode::CREATED);
        let list = api(&app, Method::GET, "/api/v1/goals", Some(&petra), None).await.json();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        // Households: Fatima sees all four; Karim withholds nothing from her in the demo.
        let fatima = token_for(&app, email_of(Role::Bewoner)).await;
        let households = api(&app, Method::GET, "/api/v1/households", Some(&fatima), None).await.json();
        let household = households["items"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(households["items"][0]["members"].as_array().unwrap().len(), 4);
        let side = api(
            &app,
            Method::GET,
            &format!("/api/v1/households/{household}/side-by-side"),
            Some(&fatima),
            None,
        )
        .await
        .json();
        let shown: Vec<bool> =
            side["members"].as_array().unwrap().iter().map(|m| m["weektest"].is_object()).collect();
        assert_eq!(shown, [true, true, true, true]);
        assert_eq!(
            api(
                &app,
                Method::GET,
                &format!("/api/v1/households/{household}/side-by-side"),
                Some(&petra),
                None
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        let plan = app.store.plan_id_of(&household).await.unwrap().unwrap();
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await;
        let seen = api(&app, Method::GET, &format!("/api/v1/family-plans/{plan}"), Some(&ahmed), None).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.json()["viewer"], "professional");
        assert_eq!(seen.json()["goals"].as_array().unwrap().len(), 5);
        let sanne = token_for(&app, email_of(Role::Coach)).await;
        assert_eq!(
            api(&app, Method::GET, &format!("/api/v1/family-plans/{plan}"), Some(&sanne), None).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

// ---------------------------------------------------------------------------
// Surveys

const NOORD: &str = "BU96010201";
const ZUID: &str = "BU96010202";

/// A survey in Oosterpark made by its coördinator through the API.
async fn make_survey(app: &TestApp, extra: Value) -> String {
    let petra = token_for(app, email_of(Role::Coordinator)).await;
    let mut body = json!({
        "title": { "nl": "Proef", "en": "Trial" },
        "places": ["WK960102"],
        "status": "open",
        "questions": [
            { "code": "keuze", "kind": "single", "text": { "nl": "A of B?" }, "required": true,
              "options": [{ "code": "a", "label": { "nl": "A" } }, { "code": "b", "label": { "nl": "B" } }] },
            { "code": "cijfer", "kind": "scale", "text": { "nl": "Hoe prettig?" } },
            { "code": "punten", "kind": "ranking", "text": { "nl": "Top 2" }, "top": 2,
              "options": [{ "code": "werk", "label": { "nl": "Werk" }, "theme": "werk" },
                          { "code": "groen", "label": { "nl": "Groen" }, "theme": "sport-en-bewegen" },
                          { "code": "taal", "label": { "nl": "Taal" }, "theme": "leren" }] },
            { "code": "nog", "kind": "text", "text": { "nl": "Nog iets?" } },
        ],
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    let reply = api(app, Method::POST, "/api/v1/surveys", Some(&petra), Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", app.label(), reply.body);
    reply.json()["id"].as_str().unwrap().to_string()
}

async fn answer(app: &TestApp, survey: &str, buurt: &str, choice: &str) {
    let body = json!({ "buurt": buurt, "answers": { "keuze": [choice], "cijfer": ["4"], "punten": ["werk", "groen"] } });
    let reply =
        api(app, Method::POST, &format!("/api/v1/surveys/{survey}/responses"), None, Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", app.label(), reply.body);
}

async fn results(app: &TestApp, survey: &str, by: &str) -> Value {
    let reply = api(app, Method::GET, &format!("/api/v1/surveys/{survey}/results{by}"), None, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}: {}", app.label(), reply.body);
    reply.json()["results"].clone()
}

fn option_counts(results: &Value, question: &str) -> Vec<Value> {
    let q = results["questions"].as_array().unwrap().iter().find(|q| q["code"] == question).unwrap();
    q["options"].as_array().unwrap().iter().map(|o| o["count"].clone()).collect()
}

fn group_sizes(results: &Value) -> Vec<(String, Value)> {
    results["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_string(), g["size"].clone()))
        .collect()
}

#[tokio::test]
async fn survey_results_hide_small_groups_at_the_edges() {
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        // Minimum − 1 respondents: nothing at all.
        for i in 0..9 {
            answer(&app, &id, NOORD, if i < 5 { "a" } else { "b" }).await;
        }
        let r = results(&app, &id, "").await;
        assert_eq!(r["respondents"], Value::Null, "{}: 9 respondents are too few", app.label());
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // The minimum: the total shows; a = 6 and b = 4 are each under it.
        answer(&app, &id, NOORD, "a").await;
        let r = results(&app, &id, "").await;
        assert_eq!(r["respondents"], 10, "{}: 10 respondents are enough", app.label());
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // Nine in Zuid: hidden, and Noord with it, since the total would reveal Zuid.
        for i in 0..9 {
            answer(&app, &id, ZUID, if i < 5 { "a" } else { "b" }).await;
        }
        let r = results(&app, &id, "?by=buurt").await;
        assert_eq!(r["respondents"], 19);
        assert_eq!(
            group_sizes(&r),
            [(NOORD.to_string(), Value::Null), (ZUID.to_string(), Value::Null)],
            "{}: a lone hidden group takes the smallest shown one with it",
            app.label()
        );
        // a = 11, b = 8: b is hidden, and a too, or 19 − 11 would give b away.
        let r = results(&app, &id, "").await;
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // Zuid at the minimum and b at the minimum: now everything at or above it shows.
        answer(&app, &id, ZUID, "b").await;
        answer(&app, &id, NOORD, "b").await;
        let r = results(&app, &id, "?by=buurt").await;
        assert_eq!(group_sizes(&r), [(NOORD.to_string(), json!(11)), (ZUID.to_string(), json!(10))]);
        let r = results(&app, &id, "").await;
        assert_eq!(
            option_counts(&r, "keuze"),
            [json!(11), json!(10)],
            "{}: exactly the minimum shows",
            app.label()
        );
        // Every per-buurt cell is under ten people: none shows.
        let r = results(&app, &id, "?by=buurt").await;
        let keuze = r["questions"].as_array().unwrap().iter().find(|q| q["code"] == "keuze").unwrap().clone();
        for o in keuze["options"].as_array().unwrap() {
            assert!(o["byGroup"].as_array().unwrap().iter().all(Value::is_null), "{}: {o}", app.label());
        }
        // The page says so too, and shows the counts that may be shown.
        let page = Browser::default().get(&app, &format!("/enquetes/{id}/uitslag?per=buurt")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("21 mensen deden mee"), "{}", app.label());
        assert!(page.body.contains("niet getoond"));
        // Respondent types: no such question, so no groups; an unknown breakdown is refused.
        let bad =
            api(&app, Method::GET, &format!("/api/v1/surveys/{id}/results?by=leeftijd"), None, None).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json()["invalidParams"][0]["name"], "by");
    }
}

#[tokio::test]
async fn survey_answers_are_checked_and_every_problem_listed() {
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        let path = format!("/api/v1/surveys/{id}/responses");
        let body = json!({ "buurt": "BU96010101", "answers": {
            "cijfer": ["7"], "punten": ["werk", "werk"], "onbekend": ["x"], "nog": [{ "nested": true }] } });
        let reply = api(&app, Method::POST, &path, None, Some(body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert_eq!(reply.header("content-type"), "application/problem+json");
        // The wrongly typed answer is reported first; fix it and the rest shows.
        let problem = reply.json();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["answers.nog"], "{}", app.label());
        let body = json!({ "buurt": "BU96010101", "answers": { "cijfer": ["7"], "punten": ["werk", "werk"], "onbekend": ["x"] } });
        let reply = api(&app, Method::POST, &path, None, Some(body)).await;
        let mut got: Vec<(String, String)> = reply.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().to_string(), p["code"].as_str().unwrap().to_string()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("answers.cijfer".to_string(), "scale-range".to_string()),
                ("answers.keuze".into(), "required".into()),
                ("answers.onbekend".into(), "question-unknown".into()),
                ("answers.punten".into(), "ranking-repeat".into()),
                ("buurt".into(), "place-unknown".into()),
            ],
            "{}: a buurt outside the survey's wijken, every bad answer",
            app.label()
        );
        // Nothing was stored.
        let r = results(&app, &id, "").await;
        assert_eq!(r["respondents"], Value::Null);
        let (_, totals) = app.store.survey_counts(&id, None).await.unwrap();
        assert!(totals.iter().all(|(_, _, n)| *n == 0), "{}: {totals:?}", app.label());

        // A draft does not exist for others; a closed survey takes no answers.
        let draft = make_survey(&app, json!({ "status": "draft" })).await;
        let reply = api(&app, Method::GET, &format!("/api/v1/surveys/{draft}"), None, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let reply = api(&app, Method::GET, &format!("/api/v1/surveys/{draft}"), Some(&petra), None).await;
        assert_eq!(reply.status, StatusCode::OK);
        app.store.set_survey_status(&id, "closed").await.unwrap();
        let ok_body = json!({ "answers": { "keuze": ["a"] } });
        let reply = api(&app, Method::POST, &path, None, Some(ok_body)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", app.label());
        // And never back to draft.
        assert!(app.store.set_survey_status(&id, "draft").await.is_err());

        // A coördinator of another wijk cannot make one for Oosterpark; bad definitions list every problem.
        let karin = token_for(&app, email_of(Role::Partner)).await;
        let body = json!({ "title": { "nl": "X" }, "places": ["WK960102"], "questions": [] });
        assert_eq!(
            api(&app, Method::POST, "/api/v1/surveys", Some(&karin), Some(body)).await.status,
            StatusCode::FORBIDDEN
        );
        let body = json!({ "title": { "nl": "" }, "places": ["WK960101"], "questions": [
            { "code": "x", "kind": "single", "text": { "nl": "?" }, "options": [{ "code": "a", "label": { "nl": "A" } }] } ] });
        let reply = api(&app, Method::POST, "/api/v1/surveys", Some(&petra), Some(body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let names: BTreeSet<String> = reply.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            BTreeSet::from(["title".into(), "places".into(), "questions[0].options".into()]),
            "{}: Centrum is not Petra's wijk",
            app.label()
        );
    }
}

#[tokio::test]
async fn posters_carry_a_short_link_to_their_buurt() {
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let poster = petra.get(&app, &format!("/enquetes/{id}/poster/{NOORD}")).await;
        assert_eq!(poster.status, StatusCode::OK, "{}", app.label());
        let body = poster.body.replace("&#x2f;", "/");
        let at = body.find("/e/").expect("a short link on the poster") + 3;
        let code: String = body[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert_eq!(code.len(), 6, "{body}");
        assert!(!code.contains(['0', 'O', '1', 'I', 'L', '5', 'S']), "no look-alike characters: {code}");
        assert!(!body.contains(&format!("/enquete/{id}?buurt=")), "no survey id to type");
        // The same poster printed again has the same link; another buurt another.
        let again = petra.get(&app, &format!("/enquetes/{id}/poster/{NOORD}")).await;
        assert!(again.body.replace("&#x2f;", "/").contains(&format!("/e/{code}")));
        let other = app.store.survey_link(&id, "BU96010202").await.unwrap();
        assert_ne!(other, code);
        // Typed in lower case, it leads to the survey for that buurt.
        let visitor = Browser::default().get(&app, &format!("/e/{}", code.to_lowercase())).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{}", app.label());
        assert_eq!(visitor.location(), format!("/enquete/{id}?buurt={NOORD}"));
        let unknown = Browser::default().get(&app, "/e/ZZZZZZ").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        // The QR code holds the same short link.
        let qr = Browser::default().get(&app, &format!("/enquete/qr/{id}/{NOORD}")).await;
        assert_eq!(qr.status, StatusCode::OK);
        assert_eq!(app.store.survey_link(&id, NOORD).await.unwrap(), code);
    }
}

#[tokio::test]
async fn survey_codes_are_single_use_and_fix_the_buurt() {
    for app in apps().await {
        let id = make_survey(&app, json!({ "useTokens": true })).await;
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        petra.get(&app, &format!("/enquetes/{id}")).await;
        let reply =
            petra.post(&app, &format!("/enquetes/{id}/codes"), &[("buurt", ZUID), ("count", "3")]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}: {}", app.label(), reply.body);
        assert!(reply.header("content-type").starts_with("text/csv"));
        let codes: Vec<String> =
            reply.body.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().to_string()).collect();
        assert_eq!(codes.len(), 3);
        let path = format!("/api/v1/surveys/{id}/responses");
        // Without a code: refused.
        let body = json!({ "answers": { "keuze": ["a"] } });
        let reply = api(&app, Method::POST, &path, None, Some(body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json()["invalidParams"][0]["name"], "code");
        // With one: taken, and counted in the code's buurt whatever the body says.
        let body = json!({ "code": codes[0], "buurt": NOORD, "answers": { "keuze": ["a"] } });
        assert_eq!(
            api(&app, Method::POST, &path, None, Some(body.clone())).await.status,
            StatusCode::CREATED
        );
        let rows = app.store.survey_group_sizes(&id, "buurt").await.unwrap();
        assert_eq!(rows, [(ZUID.to_string(), 1)], "{}", app.label());
        // The same code again: refused, nothing stored.
        let reply = api(&app, Method::POST, &path, None, Some(body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json()["invalidParams"][0]["code"], "code-used-or-unknown");
        // Codes are not case-sensitive for people typing them from a letter.
        let body = json!({ "code": codes[1].to_lowercase(), "answers": { "keuze": ["b"] } });
        assert_eq!(
            api(&app, Method::POST, &path, None, Some(body)).await.status,
            StatusCode::CREATED,
            "{}",
            app.label()
        );
        // The form does the same, with the error at the field.
        let mut visitor = Browser::default();
        visitor.get(&app, &format!("/enquete/{id}?code={}", codes[0])).await;
        let reply =
            visitor.post(&app, &format!("/enquete/{id}"), &[("code", &codes[0]), ("q.keuze", "a")]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("Deze code kennen we niet, of hij is al gebruikt."));
        let reply =
            visitor.post(&app, &format!("/enquete/{id}"), &[("code", &codes[2]), ("q.keuze", "a")]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        assert_eq!(reply.location(), format!("/enquete/{id}/bedankt"));
        assert_eq!(app.store.survey_group_sizes(&id, "buurt").await.unwrap(), [(ZUID.to_string(), 3)]);
    }
}

#[tokio::test]
async fn paper_forms_are_marked_and_open_answers_stay_with_the_leads() {
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        // Ahmed, Oosterpark's wijkwerker, enters a paper form.
        let mut ahmed = Browser::sign_in(&app, email_of(Role::Wijkwerker)).await;
        let form = ahmed.get(&app, &format!("/enquetes/{id}/papier")).await;
        assert_eq!(form.status, StatusCode::OK);
        let fields = [
            ("buurt", NOORD),
            ("q.keuze", "b"),
            ("q.cijfer", "2"),
            ("q.punten.1", "taal"),
            ("q.punten.2", "werk"),
            ("q.nog", "De lantaarn bij nummer 12 is kapot"),
        ];
        let reply = ahmed.post(&app, &format!("/enquetes/{id}/papier"), &fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        assert_eq!(reply.location(), format!("/enquetes/{id}/papier?klaar=1"));
        // A form with an error keeps what was typed and says where.
        let reply = ahmed
            .post(&app, &format!("/enquetes/{id}/papier"), &[("q.cijfer", "3"), ("q.nog", "bewaar mij")])
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.contains("bewaar mij") && reply.body.contains("id=\"err-keuze\""),
            "{}",
            app.label()
        );
        // Online, anonymous.
        let mut visitor = Browser::default();
        visitor.get(&app, &format!("/enquete/{id}")).await;
        let reply = visitor
            .post(&app, &format!("/enquete/{id}"), &[("q.keuze", "a"), ("q.nog", "Meer groen graag")])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);

        // The export has one row each, the channel, the ranking in order.
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let csv = petra.get(&app, &format!("/enquetes/{id}/export.csv")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
        let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 3, "{}: {lines:?}", app.label());
        assert!(lines[0].starts_with("nummer;datum;kanaal;buurt;type;A of B?"));
        assert!(lines.iter().any(|l| l.contains(";paper;") && l.contains("Taal > Werk")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains(";online;")));
        // Two respondents is under the minimum: no buurt in the export.
        assert!(!csv.body.contains(NOORD), "{}: the buurt of a small group is left out", app.label());

        // Open answers: on the results page for the coördinator only.
        let public = Browser::default().get(&app, &format!("/enquetes/{id}/uitslag")).await;
        assert!(!public.body.contains("Meer groen graag") && !public.body.contains("lantaarn"));
        let lead = petra.get(&app, &format!("/enquetes/{id}/uitslag")).await;
        assert!(lead.body.contains("Meer groen graag") && lead.body.contains("lantaarn"), "{}", app.label());
        let api_results = api(&app, Method::GET, &format!("/api/v1/surveys/{id}/results"), None, None).await;
        assert!(!api_results.body.contains("lantaarn"));
    }
}

#[tokio::test]
async fn survey_exports_stream_csv_and_xlsx_without_small_groups() {
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        for _ in 0..12 {
            answer(&app, &id, NOORD, "a").await;
        }
        for _ in 0..3 {
            answer(&app, &id, ZUID, "b").await;
        }
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let csv = petra.get(&app, &format!("/enquetes/{id}/export.csv")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-disposition").contains(".csv"));
        let lines: Vec<&str> = csv.body.lines().skip(1).collect();
        assert_eq!(lines.len(), 15);
        // Zuid (3) is hidden, and Noord with it: otherwise the blank rows would be Zuid's.
        assert!(lines.iter().all(|l| l.split(';').nth(3) == Some("")), "{}: {lines:?}", app.label());
        for _ in 0..10 {
            answer(&app, &id, "BU96010203", "a").await;
        }
        let csv = petra.get(&app, &format!("/enquetes/{id}/export.csv")).await;
        let buurten: Vec<&str> = csv.body.lines().skip(1).map(|l| l.split(';').nth(3).unwrap()).collect();
        assert_eq!(buurten.iter().filter(|b| **b == NOORD).count(), 12, "{}", app.label());
        assert_eq!(
            buurten.iter().filter(|b| **b == "BU96010203").count(),
            0,
            "the smallest shown goes with Zuid"
        );
        assert_eq!(buurten.iter().filter(|b| **b == ZUID).count(), 0);

        let req = Request::get(format!("/enquetes/{id}/export.xlsx"))
            .header(header::COOKIE, petra.cookie_header())
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "an XLSX is a zip file");
    }
}

// ---------------------------------------------------------------------------
// Sociale kaart and wijkplan

fn first_option_of(html: &str, select: &str) -> String {
    let at = html.find(&format!("name=\"{select}\"")).unwrap();
    let rest = &html[at..];
    let v = rest.find("value=\"").unwrap() + "value=\"".len();
    rest[v..v + rest[v..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn a_search_finding_thousands_says_more_than_and_still_pages() {
    use wijkwerk_domain::socialmap::{ServiceInput, check_service};
    for app in apps().await {
        let org = app.store.add_organisation("Zoekproef", "partner", "GM9601", "", None).await.unwrap();
        let entries: Vec<_> = (0..1030)
            .map(|i| {
                let input = ServiceInput {
                    name: format!("Leesclub {i:04}"),
                    description: "Samen lezen".into(),
                    kind: "informal".into(),
                    domains: vec!["leren".into()],
                    areas: vec![NOORD.into()],
                    ..Default::default()
                };
                ((org.id.clone(), org.name.clone()), check_service(&input, &["leren"], &[NOORD]).unwrap())
            })
            .collect();
        let reviewer = app.person_id(email_of(Role::Coordinator)).await;
        app.store.add_services_in_bulk(&entries, Some(&reviewer), &mut |_, _| {}).await.unwrap();
        let first = Browser::default().get(&app, "/sociale-kaart?q=leesclub").await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("Meer dan 1000 gevonden"), "{}: {}", app.label(), first.body);
        assert!(first.body.contains("Pagina 1 van meer dan 50"), "{}", app.label());
        assert!(first.body.contains("Leesclub 0000") && !first.body.contains("Leesclub 0020"));
        // Further on the count goes further too, and is exact once it can be.
        let later = Browser::default().get(&app, "/sociale-kaart?q=leesclub&pagina=51").await;
        assert!(later.body.contains("1030 gevonden") && !later.body.contains("Meer dan"), "{}", later.body);
        assert!(later.body.contains("Leesclub 1000") && later.body.contains("Leesclub 1019"));
        assert!(later.body.contains("Pagina 51 van 52"), "{}", app.label());
        // The API's pages promise an exact number.
        let hsds =
            api(&app, Method::GET, "/api/hsds/v3/services?search=leesclub&per_page=10", None, None).await;
        assert_eq!(hsds.status, StatusCode::OK);
        assert_eq!(hsds.json()["total_items"], 1030, "{}", app.label());
    }
}

#[tokio::test]
async fn hsds_carries_who_runs_a_service_and_filters_on_it() {
    for app in apps().await {
        let terms = api(&app, Method::GET, "/api/hsds/v3/taxonomy_terms", None, None).await.json();
        let informal = terms["contents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["taxonomy"] == "wijkwerk-aanbieders" && t["code"] == "informal")
            .expect("a term for services run by residents")["id"]
            .as_str()
            .unwrap()
            .to_string();
        let q = wijkwerk_store::socialmap::ServiceQuery {
            kind: Some("informal".into()),
            approved_only: true,
            page: 1,
            per_page: 200,
            ..Default::default()
        };
        let (expected, n) = app.store.search_services(&q).await.unwrap();
        assert!(n > 0 && expected.iter().all(|s| s.kind == "informal"), "{}", app.label());
        let all = api(&app, Method::GET, "/api/hsds/v3/services?per_page=200", None, None).await.json();
        assert!(all["total_items"].as_i64().unwrap() > n, "not every service is informal");
        let page = api(
            &app,
            Method::GET,
            &format!("/api/hsds/v3/services?taxonomy_term_id={informal}&per_page=200"),
            None,
            None,
        )
        .await
        .json();
        assert_eq!(page["total_items"], n, "{}", app.label());
        let first = page["contents"][0]["id"].as_str().unwrap();
        let full = api(&app, Method::GET, &format!("/api/hsds/v3/services/{first}"), None, None).await.json();
        let kinds: Vec<&Value> = full["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["taxonomy_term"]["taxonomy"] == "wijkwerk-aanbieders")
            .map(|a| &a["taxonomy_term"]["code"])
            .collect();
        assert_eq!(kinds, [&Value::from("informal")]);
        let unknown = api(
            &app,
            Method::GET,
            "/api/hsds/v3/services?taxonomy_term_id=00000000-0000-8000-a000-000000000000",
            None,
            None,
        )
        .await
        .json();
        assert_eq!(unknown["total_items"], 0, "a term nobody has finds nothing");
    }
}

#[tokio::test]
async fn partners_keep_their_entries_and_coordinators_review_them() {
    for app in apps().await {
        let mut karin = Browser::sign_in(&app, email_of(Role::Partner)).await;
        let form = karin.get(&app, "/sociale-kaart/nieuw").await;
        assert_eq!(form.status, StatusCode::OK);
        let organisation = first_option_of(&form.body, "organisation");
        let count = |app: &TestApp| {
            let store = app.store.clone();
            async move {
                let q =
                    wijkwerk_store::socialmap::ServiceQuery { page: 1, per_page: 100, ..Default::default() };
                store.search_services(&q).await.unwrap().1
            }
        };
        let before = count(&app).await;
        // Every problem at once, and nothing saved.
        let bad = [
            ("organisation", organisation.as_str()),
            ("name", ""),
            ("kind", "informal"),
            ("status", "active"),
            ("domains", "toveren"),
            ("areas", NOORD),
            ("opening_hours", "maandag de hele dag"),
        ];
        let reply = karin.post(&app, "/sociale-kaart/nieuw", &bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(
            reply.body.contains("id=\"name-error\"") || reply.body.contains("Vul dit in."),
            "{}",
            reply.body
        );
        assert_eq!(count(&app).await, before);

        let good = [
            ("organisation", organisation.as_str()),
            ("name", "Repaircafé Het Schroefje"),
            ("description", "Samen kleding maken en herstellen. Naaimachines zijn er."),
            ("kind", "informal"),
            ("status", "active"),
            ("domains", "sociaal-leven"),
            ("areas", NOORD),
            ("who_to_ask", "Vraag naar Ria"),
            ("opening_hours", "di 13:30-16:00"),
        ];
        let reply = karin.post(&app, "/sociale-kaart/nieuw", &good).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        let id = reply.location().trim_start_matches("/sociale-kaart/").to_string();
        // Waiting for review: not in public search nor in HSDS.
        let search = Browser::default().get(&app, "/sociale-kaart?q=schroefje").await;
        assert!(
            !search.body.contains("Repaircafé Het Schroefje"),
            "{}: a pending entry is not public",
            app.label()
        );
        let hsds = api(&app, Method::GET, &format!("/api/hsds/v3/services/{id}"), None, None).await;
        assert_eq!(hsds.status, StatusCode::NOT_FOUND);
        // Petra, Oosterpark's coördinator, sees it waiting and approves it.
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let manage = petra.get(&app, "/sociale-kaart/beheer").await;
        assert!(manage.body.contains("Repaircafé Het Schroefje"), "{}", app.label());
        let reply = petra.post(&app, &format!("/sociale-kaart/{id}/goedkeuren"), &[]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let search = Browser::default().get(&app, "/sociale-kaart?q=schroefje").await;
        assert!(search.body.contains("Repaircafé Het Schroefje"), "{}", app.label());
        let hsds = api(&app, Method::GET, &format!("/api/hsds/v3/services/{id}"), None, None).await;
        assert_eq!(hsds.status, StatusCode::OK);
        assert_eq!(hsds.json()["name"], "Repaircafé Het Schroefje");
        // The printable list of the buurt has it, with who to ask.
        let list = Browser::default().get(&app, &format!("/sociale-kaart/lijst/{NOORD}")).await;
        assert!(list.body.contains("Repaircafé Het Schroefje") && list.body.contains("Vraag naar Ria"));
        // Keeping entries is not reviewing them: a business owner may not approve.
        let mut mehmet = Browser::sign_in(&app, email_of(Role::Ondernemer)).await;
        mehmet.get(&app, "/sociale-kaart/beheer").await;
        let reply = mehmet.post(&app, &format!("/sociale-kaart/{id}/goedkeuren"), &[]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", app.label());
    }
}

#[tokio::test]
async fn the_wijkplan_is_kept_by_the_leads_and_read_by_everyone() {
    for app in apps().await {
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        petra.get(&app, "/plaatsen/WK960102/wijkplan/bewerken").await;
        // A goal with every field wrong: all listed, nothing saved.
        let before = app.store.wijkplan("WK960102").await.unwrap().unwrap().goals.len();
        let reply = petra
            .post(
                &app,
                "/plaatsen/WK960102/wijkplan/doelen",
                &[
                    ("title", ""),
                    ("indicator", ""),
                    ("unit", "ton"),
                    ("baseline", "veel"),
                    ("target", "5"),
                    ("target_date", "morgen"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert_eq!(app.store.wijkplan("WK960102").await.unwrap().unwrap().goals.len(), before);
        let reply = petra
            .post(
                &app,
                "/plaatsen/WK960102/wijkplan/doelen",
                &[
                    ("title", "Meer groen in de straat"),
                    ("indicator", "Geveltuinen"),
                    ("unit", "tuinen"),
                    ("baseline", "12"),
                    ("target", "60"),
                    ("target_date", "2028-06-30"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        let plan = app.store.wijkplan("WK960102").await.unwrap().unwrap();
        let goal = plan.goals.iter().find(|g| g.title == "Meer groen in de straat").unwrap().id.clone();
        let reply = petra
            .post(
                &app,
                "/plaatsen/WK960102/wijkplan/metingen",
                &[("goal", &goal), ("measured_on", "2026-10-01"), ("value", "36"), ("note", "")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        // Public page and API: 12 → 36 of 60 is half way.
        let page = Browser::default().get(&app, "/plaatsen/WK960102/wijkplan").await;
        assert!(
            page.body.contains("Meer groen in de straat") && page.body.contains("50 procent"),
            "{}",
            app.label()
        );
        let json = api(&app, Method::GET, "/api/v1/places/WK960102/wijkplan", None, None).await.json();
        let g = json["goals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["title"] == "Meer groen in de straat")
            .unwrap()
            .clone();
        assert_eq!(g["progressPercent"], 50);
        assert_eq!(g["measurements"][0]["value"], 36.0);
        assert_eq!(
            api(&app, Method::GET, "/api/v1/places/WK960101/wijkplan", None, None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn demand_and_supply_come_from_surveys_and_the_map() {
    for app in apps().await {
        let json = api(&app, Method::GET, "/api/v1/places/WK960102/demand-supply", None, None).await.json();
        assert_eq!(json["respondents"], 302, "{}: the demo survey", app.label());
        let row =
            |d: &str| json["domains"].as_array().unwrap().iter().find(|r| r["domain"] == d).unwrap().clone();
        // Every demand figure is a shown count or hidden, never under the minimum.
        for r in json["domains"].as_array().unwrap() {
            assert!(r["demand"].is_null() || r["demand"] == 0 || r["demand"].as_u64().unwrap() >= 10, "{r}");
        }
        assert!(
            row("werk")["demand"].as_u64().unwrap() > row("slaap-en-verzorging")["demand"].as_u64().unwrap()
        );
        let supply_before = row("sociaal-leven")["supply"].as_i64().unwrap();
        // A new approved service for the wijk adds to supply.
        let petra = app.person_id(email_of(Role::Coordinator)).await;
        let org = app.store.organisations_in("WK960102").await.unwrap()[0].id.clone();
        let input = wijkwerk_domain::socialmap::ServiceInput {
            name: "Koffie-ochtend".into(),
            description: "Elke woensdag koffie in het buurthuis.".into(),
            kind: "informal".into(),
            status: "active".into(),
            domains: vec!["sociaal-leven".into()],
            areas: vec!["WK960102".into()],
            ..Default::default()
        };
        let places = app.store.all_places().await.unwrap();
        let codes: Vec<&str> = places.iter().map(|p| p.code.as_str()).collect();
        let checked = wijkwerk_domain::socialmap::check_service(&input, &["sociaal-leven"], &codes).unwrap();
        app.store.save_service(None, &org, &checked, Some(&petra)).await.unwrap();
        let json = api(&app, Method::GET, "/api/v1/places/WK960102/demand-supply", None, None).await.json();
        let after = json["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["domain"] == "sociaal-leven")
            .unwrap()["supply"]
            .as_i64()
            .unwrap();
        assert_eq!(after, supply_before + 1, "{}", app.label());
        let page = Browser::default().get(&app, "/plaatsen/WK960102/vraag-en-aanbod").await;
        assert!(page.body.contains("Veel vraag, weinig aanbod"), "{}", app.label());
    }
}
