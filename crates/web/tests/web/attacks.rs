//! What an attacker tries, through the real router on every engine: return
//! paths that leave the site, bursts of parallel guesses, locking the owner
//! out, forms posted from a look-alike origin.

use super::*;
use axum::extract::ConnectInfo;
use std::net::SocketAddr;

/// A sign-in form post from `addr` (the address the server sees).
fn sign_in_request(b: &Browser, addr: &str, email: &str, password: &str) -> Request<Body> {
    let body = format!("email={}&password={}&csrf={}", urlencode(email), urlencode(password), b.csrf);
    let mut req = Request::post("/inloggen")
        .header(header::COOKIE, b.cookie_header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
    req
}

#[tokio::test]
async fn return_paths_never_leave_the_site() {
    for app in apps().await {
        let sneaky = [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            " /evil",
            "/%0a",
        ];
        for back in sneaky {
            let mut b = Browser::default();
            b.get(&app, "/inloggen").await;
            let r = b
                .post(
                    &app,
                    "/inloggen",
                    &[("email", email_of(Role::Bewoner)), ("password", DEMO_PASSWORD), ("terug", back)],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {back:?}", app.label());
            let to = r.location();
            assert!(
                to.starts_with('/') && !to.starts_with("//") && to.bytes().all(|c| c.is_ascii_graphic()),
                "{back:?} → {to:?}"
            );
            if back != "/%0a" {
                assert_eq!(to, "/", "{back:?} falls back to the home page");
            }
            let lang = b.get(&app, &format!("/taal/en?terug={}", urlencode(back))).await;
            assert_eq!(lang.status, StatusCode::SEE_OTHER, "{back:?}");
            assert!(
                !lang.location().starts_with("//") && !lang.location().contains("evil"),
                "{back:?} → {}",
                lang.location()
            );
        }
    }
}

#[tokio::test]
async fn a_burst_of_guesses_gets_no_more_tries_than_a_patient_guesser() {
    for app in apps().await {
        let mut b = Browser::default();
        b.get(&app, "/inloggen").await;
        let email = email_of(Role::Coach);
        let burst: Vec<_> = (0..30)
            .map(|i| {
                let (router, req) = (
                    app.router.clone(),
                    sign_in_request(&b, "203.0.113.9:4000", email, &format!("guess-{i}-wrong")),
                );
                tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
            })
            .collect();
        let mut checked = 0;
        for task in burst {
            match task.await.unwrap() {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::TOO_MANY_REQUESTS => {}
                other => panic!("{other}"),
            }
        }
        assert_eq!(checked, 5, "{}: passwords checked in a burst of 30", app.label());
    }
}

#[tokio::test]
async fn guessers_cannot_lock_the_owner_out() {
    for app in apps().await {
        let email = email_of(Role::Wijkwerker);
        // The owner signed in from this browser before.
        let mut owner = Browser::default();
        owner.get(&app, "/inloggen").await;
        let first =
            send(&app.router, sign_in_request(&owner, "198.51.100.7:5000", email, DEMO_PASSWORD)).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER);
        owner.keep_cookies(&first);
        assert!(owner.cookie_header().contains("wijkwerk_device="), "the browser is remembered");
        owner.get(&app, "/").await;
        owner.post(&app, "/uitloggen", &[]).await;
        owner.get(&app, "/inloggen").await;

        // Guessers at many addresses (and one behind the owner's own proxy).
        let mut guesser = Browser::default();
        guesser.get(&app, "/inloggen").await;
        for i in 0..60 {
            let addr =
                if i % 2 == 0 { "198.51.100.7:6000".to_string() } else { format!("192.0.2.{}:7000", i % 50) };
            send(&app.router, sign_in_request(&guesser, &addr, email, "wrong-wrong-wrong")).await;
        }
        let stranger =
            send(&app.router, sign_in_request(&guesser, "192.0.2.99:7000", email, DEMO_PASSWORD)).await;
        assert_eq!(stranger.status, StatusCode::TOO_MANY_REQUESTS, "{}: a new browser waits", app.label());
        let back =
            send(&app.router, sign_in_request(&owner, "198.51.100.7:5000", email, DEMO_PASSWORD)).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}: the owner's browser still gets in", app.label());

        // Someone else behind the same address is not locked out by them.
        let mut neighbour = Browser::default();
        neighbour.get(&app, "/inloggen").await;
        let other = send(
            &app.router,
            sign_in_request(&neighbour, "198.51.100.7:6001", email_of(Role::Coach), DEMO_PASSWORD),
        )
        .await;
        assert_eq!(other.status, StatusCode::SEE_OTHER, "{}: another account at that address", app.label());
    }
}

#[tokio::test]
async fn forms_from_another_scheme_are_refused_and_https_is_kept() {
    for app in apps().await {
        let mut b = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let post = |origin: &str, proto: &str, b: &Browser| {
            Request::post("/uitloggen")
                .header(header::COOKIE, b.cookie_header())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "wijkwerk.example")
                .header("x-forwarded-proto", proto)
                .header(header::ORIGIN, origin)
                .body(Body::from(format!("csrf={}", b.csrf)))
                .unwrap()
        };
        let http_origin = send(&app.router, post("http://wijkwerk.example", "https", &b)).await;
        assert_eq!(
            http_origin.status,
            StatusCode::FORBIDDEN,
            "{}: an http page posting to https",
            app.label()
        );
        let page = send(
            &app.router,
            Request::get("/").header("x-forwarded-proto", "https").body(Body::empty()).unwrap(),
        )
        .await;
        assert!(page.header("strict-transport-security").starts_with("max-age="));
        let plain = send(&app.router, Request::get("/").body(Body::empty()).unwrap()).await;
        assert_eq!(plain.header("strict-transport-security"), "", "not over plain http");
        let same = send(&app.router, post("https://wijkwerk.example", "https", &b)).await;
        assert_eq!(same.status, StatusCode::SEE_OTHER, "the site's own origin passes");
        b.get(&app, "/").await;
    }
}

#[tokio::test]
async fn a_wijk_gemeente_role_reads_only_its_own_books() {
    use wijkwerk_domain::coin::{AccountKind, ProgrammeInput};
    for app in apps().await {
        let store = &app.store;
        let wijk_official = store.add_person("Wijkambtenaar", None).await.unwrap();
        store.assign_role(&wijk_official.id, Role::Gemeente, "WK960101", None).await.unwrap();
        let token = store.create_api_token(&wijk_official.id, "test").await.unwrap();
        let input = ProgrammeInput {
            name: "Centrum-munt".into(),
            description: String::new(),
            limits: Default::default(),
        };
        let own = store.create_programme("WK960101", &input).await.unwrap();
        let code_of = |accounts: Vec<wijkwerk_store::coin::Account>| accounts[0].code.clone();
        let own_escrow = code_of(store.coin_accounts_of_kind(&own.id, AccountKind::Escrow).await.unwrap());
        let city = store.programmes().await.unwrap().into_iter().find(|p| p.place_code == "GM9601").unwrap();
        let city_escrow = code_of(store.coin_accounts_of_kind(&city.id, AccountKind::Escrow).await.unwrap());

        let books = api(&app, Method::GET, "/api/v1/coin/ledger.beancount", Some(&token), None).await;
        assert_eq!(books.status, StatusCode::OK, "{}", app.label());
        assert!(books.body.contains(&own_escrow), "{}: its own programme", app.label());
        assert!(!books.body.contains(&city_escrow), "{}: not the city's programme", app.label());
        // The city's gemeente role still sees both.
        let city_token = token_for(&app, email_of(Role::Gemeente)).await;
        let all = api(&app, Method::GET, "/api/v1/coin/ledger.beancount", Some(&city_token), None).await;
        assert!(all.body.contains(&own_escrow) && all.body.contains(&city_escrow), "{}", app.label());
    }
}

#[tokio::test]
async fn a_body_with_a_key_twice_is_refused() {
    for app in apps().await {
        let token = token_for(&app, email_of(Role::Bewoner)).await;
        let req = Request::post("/api/v1/goals")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                r#"{"domain":"werk","domain":"leren","title":"Twee keer","hoursPerWeek":2,"weeks":4}"#,
            ))
            .unwrap();
        let r = send(&app.router, req).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}: {}", app.label(), r.body);
        assert_eq!(r.header("content-type"), "application/problem+json");
        assert!(r.body.contains("twice"), "{}", r.body);
        assert!(
            app.store
                .goals_of(&app.person_id(email_of(Role::Bewoner)).await, wijkwerk_domain::Timestamp::now())
                .await
                .unwrap()
                .iter()
                .all(|g| g.goal.title != "Twee keer")
        );
    }
}

#[tokio::test]
async fn household_codes_cannot_be_guessed_or_used_alone() {
    for app in apps().await {
        let mut guesser = Browser::sign_in(&app, email_of(Role::Ondernemer)).await;
        guesser.get(&app, "/gezin").await;
        let mut statuses = Vec::new();
        for i in 0..12 {
            let r = guesser
                .post(&app, "/gezin/meedoen", &[("code", &format!("ZZZZ{i:04}")), ("relation", "anders")])
                .await;
            statuses.push(r.status);
        }
        assert!(statuses[..10].iter().all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
        assert!(
            statuses[10..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
            "{}: {statuses:?}",
            app.label()
        );
        // Even the right code is not tried any more this hour.
        let fatima = app.person_id(email_of(Role::Bewoner)).await;
        let household = app.store.households_of(&fatima).await.unwrap().remove(0);
        let right = guesser
            .post(&app, "/gezin/meedoen", &[("code", &household.join_code), ("relation", "anders")])
            .await;
        assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
        let mehmet = app.person_id(email_of(Role::Ondernemer)).await;
        assert!(app.store.join_requests(Some(&household.id), Some(&mehmet)).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn one_source_cannot_pour_answers_into_a_survey() {
    use wijkwerk_app::surveys::RESPONSES_PER_SOURCE_PER_HOUR;
    for app in apps().await {
        let id = super::surveys::make_survey(&app, json!({})).await;
        let post = |addr: &str| {
            let body = json!({ "buurt": super::surveys::NOORD, "answers": { "keuze": ["a"], "cijfer": ["4"], "punten": ["werk", "groen"] } });
            let mut req = Request::post(format!("/api/v1/surveys/{id}/responses"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            req.extensions_mut().insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
            req
        };
        for _ in 0..RESPONSES_PER_SOURCE_PER_HOUR {
            assert_eq!(send(&app.router, post("203.0.113.5:1000")).await.status, StatusCode::CREATED);
        }
        let refused = send(&app.router, post("203.0.113.5:1001")).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}: {}", app.label(), refused.body);
        assert_eq!(refused.header("retry-after"), "3600");
        assert_eq!(refused.header("content-type"), "application/problem+json");
        let total = app.store.survey_group_sizes(&id, "buurt").await.unwrap();
        assert_eq!(
            total.iter().map(|(_, n)| n).sum::<u64>(),
            RESPONSES_PER_SOURCE_PER_HOUR as u64,
            "the refused one changed nothing"
        );
        // Someone else answers as before.
        assert_eq!(send(&app.router, post("198.51.100.20:1000")).await.status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn security_txt_says_where_to_report() {
    for app in apps().await {
        let r =
            send(&app.router, Request::get("/.well-known/security.txt").body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header("content-type").starts_with("text/plain"));
        assert!(r.body.contains("Contact: mailto:"), "{}", r.body);
        let expires = r.body.lines().find_map(|l| l.strip_prefix("Expires: ")).unwrap();
        let expires = wijkwerk_domain::Timestamp::parse(expires).unwrap();
        let now = wijkwerk_domain::Timestamp::now();
        assert!(
            expires > now && expires < now.plus_seconds(365 * 86_400),
            "RFC 9116: less than a year ahead"
        );
    }
}

#[tokio::test]
async fn bad_queries_are_problems_too() {
    for app in apps().await {
        let id = super::surveys::make_survey(&app, json!({})).await;
        let twice = api(
            &app,
            Method::GET,
            &format!("/api/v1/surveys/{id}/results?by=buurt&by=respondentType"),
            None,
            None,
        )
        .await;
        assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
        assert_eq!(twice.header("content-type"), "application/problem+json");
        assert_eq!(twice.json()["invalidParams"][0]["name"], "by");
        let hsds =
            send(&app.router, Request::get("/api/hsds/v3/services?page=een").body(Body::empty()).unwrap())
                .await;
        assert_eq!(hsds.status, StatusCode::BAD_REQUEST, "{}", hsds.body);
        assert_eq!(hsds.header("content-type"), "application/problem+json");
        assert_eq!(hsds.json()["invalidParams"][0]["name"], "page", "{}", hsds.body);
    }
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    for app in apps().await {
        let email = email_of(Role::Bewoner);
        let mut phone = Browser::sign_in(&app, email).await;
        let mut laptop = Browser::sign_in(&app, email).await;
        let page = laptop.get(&app, "/mijn-gegevens").await;
        assert!(page.body.contains("Waar u bent ingelogd"));
        assert_eq!(page.body.matches("Ingelogd sinds").count(), 2, "{}: both sessions listed", app.label());
        assert_eq!(page.body.matches("deze telefoon of computer").count(), 1);
        let out = laptop.post(&app, "/mijn-gegevens/uitloggen-overal", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        for b in [&mut phone, &mut laptop] {
            let r = b.get(&app, "/mijn-gegevens").await;
            assert!(r.location().starts_with("/inloggen"), "{}: signed out", app.label());
        }
    }
}

/// Groups of a results table: (key, published size).
fn published_sizes(results: &Value) -> Vec<(String, Option<u64>)> {
    results["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_string(), g["size"].as_u64()))
        .collect()
}

async fn published(app: &TestApp, id: &str, by: &str) -> Value {
    super::surveys::results(app, id, by).await
}

#[tokio::test]
async fn adding_answers_does_not_reveal_a_hidden_buurt() {
    use super::surveys::{NOORD, ZUID, answer};
    // A buurt of four answers is hidden. An attacker adds answers of their
    // own until it shows, then subtracts what they added. With counts
    // published as they are (perturbed by cell key), that lands on the true
    // four only by chance; over twenty tries it cannot keep doing so.
    let app = apps().await.remove(0);
    let mut exact = 0;
    for _ in 0..20 {
        let id = super::surveys::make_survey(&app, json!({})).await;
        for _ in 0..12 {
            answer(&app, &id, NOORD, "a").await;
        }
        for _ in 0..4 {
            answer(&app, &id, ZUID, "b").await;
        }
        let zuid = |r: &Value| published_sizes(r).into_iter().find(|(k, _)| k == ZUID).and_then(|(_, n)| n);
        assert_eq!(zuid(&published(&app, &id, "?by=buurt").await), None, "four answers never show");
        let mut added = 0;
        let shown = loop {
            answer(&app, &id, ZUID, "b").await;
            added += 1;
            if let Some(n) = zuid(&published(&app, &id, "?by=buurt").await) {
                break n;
            }
            assert!(added < 12, "shows once well above the minimum");
        };
        assert!(shown >= 10 && shown.abs_diff(4 + added) <= 2, "shown {shown} after adding {added}");
        exact += usize::from(shown - added == 4);
    }
    assert!(exact < 20, "shown − added gave the hidden size every time");
}

#[tokio::test]
async fn differencing_the_published_tables_does_not_reveal_a_hidden_buurt() {
    use super::surveys::{NOORD, ZUID, answer};
    // Noord 12, Zuid 3 (hidden), BU96010203 11. Every table of the survey:
    // the total, sizes by buurt, option counts overall and by buurt. Any
    // hidden group comes with a second one hidden, and every shown number is
    // perturbed: the total minus what is shown never pins Zuid's three down
    // in every try.
    let app = apps().await.remove(0);
    let midden = "BU96010203";
    let mut pinned = 0;
    for _ in 0..20 {
        let id = super::surveys::make_survey(&app, json!({})).await;
        for (buurt, n, choice) in [(NOORD, 12, "a"), (ZUID, 3, "b"), (midden, 11, "a")] {
            for _ in 0..n {
                answer(&app, &id, buurt, choice).await;
            }
        }
        let overall = published(&app, &id, "").await;
        let by_buurt = published(&app, &id, "?by=buurt").await;
        let sizes = published_sizes(&by_buurt);
        assert!(sizes.iter().any(|(k, n)| k == ZUID && n.is_none()), "Zuid is hidden");
        let hidden = sizes.iter().filter(|(_, n)| n.is_none()).count();
        assert!(hidden != 1, "never one hidden group alone: {sizes:?}");
        let shown_sum: u64 = sizes.iter().filter_map(|(_, n)| *n).sum();
        // Every pair of tables that could be subtracted: the total and the
        // buurt sizes, the overall and per-buurt counts of each option.
        let mut differences = Vec::new();
        if let Some(total) = overall["respondents"].as_u64() {
            differences.push(total as i64 - shown_sum as i64);
        }
        for (q_all, q_buurt) in
            overall["questions"].as_array().unwrap().iter().zip(by_buurt["questions"].as_array().unwrap())
        {
            for (o_all, o_buurt) in
                q_all["options"].as_array().unwrap().iter().zip(q_buurt["options"].as_array().unwrap())
            {
                if let Some(all) = o_all["count"].as_u64() {
                    let shown: u64 =
                        o_buurt["byGroup"].as_array().unwrap().iter().filter_map(Value::as_u64).sum();
                    differences.push(all as i64 - shown as i64);
                }
            }
        }
        pinned += usize::from(differences.contains(&3));
    }
    assert!(pinned < 20, "a difference of published tables gave Zuid's 3 every time");
}

#[tokio::test]
async fn privileged_actions_leave_an_audit_trail_nobody_can_change() {
    for app in apps().await {
        // The gemeente funds the demo programme and gives a role; a coördinator approves an entry.
        let token = token_for(&app, email_of(Role::Gemeente)).await;
        let programme =
            app.store.programmes().await.unwrap().into_iter().find(|p| p.place_code == "GM9601").unwrap();
        let funded = super::coin::api_key(
            &app,
            &format!("/api/v1/coin/programmes/{}/fundings", programme.id),
            &token,
            Some("audit-1"),
            json!({ "amount": 12_345, "memo": "subsidie" }),
        )
        .await;
        assert_eq!(funded.status, StatusCode::CREATED, "{}", funded.body);
        let role = app
            .api_post(
                "/api/v1/places/WK960102/roles",
                &token,
                json!({ "role": "coach", "email": email_of(Role::Partner) }),
            )
            .await;
        assert_eq!(role.status, StatusCode::CREATED, "{}", role.body);

        let mut ellen = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let place = ellen.get(&app, "/plaatsen/GM9601").await;
        assert!(place.body.contains("/plaatsen/GM9601/logboek"), "the gemeente finds the trail");
        let trail = ellen.get(&app, "/plaatsen/GM9601/logboek").await;
        assert_eq!(trail.status, StatusCode::OK);
        assert!(trail.body.contains("Geld op de regeling gezet"), "{}", app.label());
        assert!(trail.body.contains("€ 123,45"), "{}", app.label());
        assert!(
            trail.body.contains("Rol gegeven aan") && trail.body.contains("Karin Bakker"),
            "{}",
            app.label()
        );
        // A wijk's trail holds only that wijk.
        let wijk = ellen.get(&app, "/plaatsen/WK960101/logboek").await;
        assert!(!wijk.body.contains("Karin Bakker"));
        // Residents and coördinators do not read it.
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        assert_eq!(fatima.get(&app, "/plaatsen/GM9601/logboek").await.status, StatusCode::FORBIDDEN);
        // Ellen's own actions are in her export.
        let export = app.store.export_person(&app.person_id(email_of(Role::Gemeente)).await).await.unwrap();
        assert!(export.audited_actions.iter().any(|a| a.action == "programme-funded"), "{}", app.label());
    }
}

#[tokio::test]
async fn hidden_and_control_characters_are_refused_everywhere() {
    for app in apps().await {
        let token = token_for(&app, email_of(Role::Bewoner)).await;
        let sneaky = json!({ "domain": "werk", "title": "Werk\u{202E}kaerb", "hoursPerWeek": 2, "weeks": 4 });
        let r = app.api_post("/api/v1/goals", &token, sneaky).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["invalidParams"][0]["name"], "title");
        let nul = json!({ "domain": "werk", "title": "a\u{0}b", "hoursPerWeek": 2, "weeks": 4 });
        assert_eq!(app.api_post("/api/v1/goals", &token, nul).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A page form alike, before any handler sees it.
        let mut b = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        b.get(&app, "/gezin").await;
        let r = b.post(&app, "/gezin", &[("name", "Familie\u{200B}Stil"), ("relation", "ouder")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        let me = app.person_id(email_of(Role::Bewoner)).await;
        assert!(app.store.households_of(&me).await.unwrap().iter().all(|h| !h.name.contains("Stil")));
        // A byte-order mark at the start (a spreadsheet's paste) is dropped, not refused.
        let r = b.post(&app, "/gezin", &[("name", "\u{feff}Familie Plak"), ("relation", "ouder")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), r.body);
        assert!(app.store.households_of(&me).await.unwrap().iter().any(|h| h.name == "Familie Plak"));
        // Line breaks in a text are fine.
        let ok = json!({ "domain": "werk", "title": "Werk\nzoeken", "hoursPerWeek": 2, "weeks": 4 });
        assert_eq!(app.api_post("/api/v1/goals", &token, ok).await.status, StatusCode::CREATED);
    }
}

#[tokio::test]
async fn dates_far_outside_a_life_are_refused() {
    for app in apps().await {
        let token = token_for(&app, email_of(Role::Bewoner)).await;
        for start in ["0143-05-01", "9999-12-31"] {
            let body =
                json!({ "domain": "werk", "title": "Ooit", "hoursPerWeek": 2, "weeks": 4, "start": start });
            let r = app.api_post("/api/v1/goals", &token, body).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{start}: {}", r.body);
            assert_eq!(r.json()["invalidParams"][0]["name"], "start");
        }
        let coach = app.person_id(email_of(Role::Coach)).await;
        let consent = json!({ "granteeId": coach, "scope": "profile", "purpose": "Coaching", "validUntil": "9999-12-31" });
        let r = app.api_post("/api/v1/me/consents", &token, consent).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
}

/// An online answer from home number `home` (each home stays under the limit
/// of answers per source).
async fn answer_from(app: &TestApp, survey: &str, home: usize, body: Value) {
    let mut req = Request::post(format!("/api/v1/surveys/{survey}/responses"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(format!("192.0.2.{}:4000", home + 1).parse::<SocketAddr>().unwrap()));
    let reply = send(&app.router, req).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", app.label(), reply.body);
}

/// A survey with a respondent-type question (`wie`) and one choice (`keuze`).
async fn survey_with_types(app: &TestApp) -> String {
    let extra = json!({ "questions": [
        { "code": "wie", "kind": "respondent-type", "text": { "nl": "Wie bent u?" } },
        { "code": "keuze", "kind": "single", "text": { "nl": "A of B?" },
          "options": [{ "code": "a", "label": { "nl": "A" } }, { "code": "b", "label": { "nl": "B" } }] },
    ] });
    super::surveys::make_survey(app, extra).await
}

#[tokio::test]
async fn the_leads_export_shows_no_buurt_and_type_pair_under_the_minimum() {
    use super::surveys::{NOORD, ZUID};
    // Both buurten and both types are large on their own (17, 19; 19, 17),
    // but Noord × business holds 5 people and Zuid × resident 7. An export
    // that blanks only small buurten and small types would name those pairs
    // beside their answers; every combination a row shows must hold 10.
    for app in apps().await {
        let id = survey_with_types(&app).await;
        let groups =
            [(NOORD, "resident", 12), (NOORD, "business", 5), (ZUID, "business", 12), (ZUID, "resident", 7)];
        for (i, (buurt, kind, n)) in groups.into_iter().enumerate() {
            for _ in 0..n {
                let body = json!({ "buurt": buurt, "answers": { "wie": [kind], "keuze": ["a"] } });
                answer_from(&app, &id, i, body).await;
            }
        }
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let csv = petra.get(&app, &format!("/enquetes/{id}/export.csv")).await;
        assert_eq!(csv.status, StatusCode::OK);
        let mut groups: std::collections::BTreeMap<(String, String), usize> = Default::default();
        for line in csv.body.lines().skip(1) {
            let cells: Vec<&str> = line.split(';').collect();
            assert_eq!(cells[4], cells[5], "the type column and the answer to 'wie' agree: {line}");
            *groups.entry((cells[3].to_string(), cells[4].to_string())).or_default() += 1;
        }
        assert_eq!(groups.values().sum::<usize>(), 36);
        for ((buurt, kind), n) in &groups {
            assert!(*n >= 10, "{}: {n} rows show buurt {buurt:?} and type {kind:?}", app.label());
        }
        assert_eq!(groups.get(&(NOORD.to_string(), "resident".to_string())), Some(&12), "large pairs stay");
        assert!(!groups.contains_key(&(NOORD.to_string(), "business".to_string())));
        assert!(!groups.contains_key(&(ZUID.to_string(), "resident".to_string())));
    }
}

#[tokio::test]
async fn differencing_the_buurt_and_type_tables_does_not_reveal_a_hidden_group() {
    use super::surveys::{NOORD, ZUID};
    // Zuid's three are the only ones who chose "b", and all businesses. The
    // survey publishes the total, a table by buurt and a table by type. Every
    // way of subtracting one published sum from another (the total and each
    // table's shown sizes; each option overall and its shown cells in each
    // table) must not give Zuid's three, or their "b", every time.
    let app = apps().await.remove(0);
    let midden = "BU96010203";
    let mut pinned = 0;
    for _ in 0..20 {
        let id = survey_with_types(&app).await;
        let groups = [
            (NOORD, "resident", 12, "a"),
            (NOORD, "business", 10, "a"),
            (midden, "resident", 11, "a"),
            (ZUID, "business", 3, "b"),
        ];
        for (i, (buurt, kind, n, choice)) in groups.into_iter().enumerate() {
            for _ in 0..n {
                let body = json!({ "buurt": buurt, "answers": { "wie": [kind], "keuze": [choice] } });
                answer_from(&app, &id, i, body).await;
            }
        }
        let overall = published(&app, &id, "").await;
        let tables =
            [published(&app, &id, "?by=buurt").await, published(&app, &id, "?by=respondentType").await];
        assert!(published_sizes(&tables[0]).iter().any(|(k, n)| k == ZUID && n.is_none()), "Zuid is hidden");
        let option = |results: &Value, code: &str| -> Value {
            let q = results["questions"].as_array().unwrap().iter().find(|q| q["code"] == "keuze").unwrap();
            q["options"].as_array().unwrap().iter().find(|o| o["code"] == code).unwrap().clone()
        };
        // Sums that describe the same people: [respondents], [each option overall], [each option's shown cells].
        let mut sizes: Vec<i64> = overall["respondents"].as_i64().into_iter().collect();
        let mut overall_options: Vec<i64> = Vec::new();
        let mut cells: Vec<i64> = Vec::new();
        for code in ["a", "b"] {
            overall_options.extend(option(&overall, code)["count"].as_i64());
        }
        for table in &tables {
            sizes.push(published_sizes(table).iter().filter_map(|(_, n)| n.map(|n| n as i64)).sum());
            for code in ["a", "b"] {
                cells.push(
                    option(table, code)["byGroup"].as_array().unwrap().iter().filter_map(Value::as_i64).sum(),
                );
            }
        }
        let mut differences = Vec::new();
        for (xs, ys) in [(&sizes, &sizes), (&overall_options, &cells), (&cells, &cells)] {
            for x in xs {
                for y in ys {
                    differences.push(x - y);
                }
            }
        }
        pinned += usize::from(differences.contains(&3));
    }
    assert!(pinned < 20, "a difference of published tables gave Zuid's 3 every time");
}

#[tokio::test]
async fn giving_a_role_does_not_tell_who_has_an_account() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let give = |email: &'static str| {
            let petra = petra.clone();
            let app = &app;
            async move {
                let body = json!({ "role": "coach", "email": email });
                app.api_post("/api/v1/places/WK960102/roles", &petra, body).await
            }
        };
        // Karin has an account; nieuw@example.nl has none. The answers look alike.
        let known = give("karin@demo.wijkwerk.nl").await;
        let unknown = give("nieuw@example.nl").await;
        assert_eq!(known.status, StatusCode::CREATED, "{}: {}", app.label(), known.body);
        assert_eq!(unknown.status, known.status, "{}: {}", app.label(), unknown.body);
        let keys = |r: &Reply| r.json().as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&known), keys(&unknown), "{}", app.label());
        assert!(known.json().get("personId").is_none(), "no person id by e-mail address");
        // Twice is a conflict either way.
        assert_eq!(give("karin@demo.wijkwerk.nl").await.status, StatusCode::CONFLICT);
        assert_eq!(give("nieuw@example.nl").await.status, StatusCode::CONFLICT);
        // The role waits for the account and comes with it.
        let account = wijkwerk_domain::person::NewAccount {
            email: "Nieuw@Example.nl".into(),
            display_name: "Nina Nieuw".into(),
            password: "een-lang-wachtwoord".into(),
            language: "nl".into(),
            home_place_code: None,
        };
        let nina = app.store.create_account(account).await.unwrap();
        let roles = app.store.roles_of(&nina.id).await.unwrap();
        assert!(
            roles.iter().any(|r| r.role == Role::Coach && r.place_code == "WK960102"),
            "{}: {roles:?}",
            app.label()
        );
    }
}
