//! Surveys: results without small groups, answers checked, posters, codes, paper forms, exports.

use super::*;

pub(crate) const NOORD: &str = "BU96010201";
pub(crate) const ZUID: &str = "BU96010202";

/// A survey in Oosterpark made by its coördinator through the API.
pub(crate) async fn make_survey(app: &TestApp, extra: Value) -> String {
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
    let reply = app.api_post("/api/v1/surveys", &petra, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", app.label(), reply.body);
    reply.json()["id"].as_str().unwrap().to_string()
}

pub(crate) async fn answer(app: &TestApp, survey: &str, buurt: &str, choice: &str) {
    let body = json!({ "buurt": buurt, "answers": { "keuze": [choice], "cijfer": ["4"], "punten": ["werk", "groen"] } });
    let reply =
        api(app, Method::POST, &format!("/api/v1/surveys/{survey}/responses"), None, Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", app.label(), reply.body);
}

pub(crate) async fn results(app: &TestApp, survey: &str, by: &str) -> Value {
    let reply = api(app, Method::GET, &format!("/api/v1/surveys/{survey}/results{by}"), None, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}: {}", app.label(), reply.body);
    reply.json()["results"].clone()
}

fn option_counts(results: &Value, question: &str) -> Vec<Value> {
    let q = results["questions"].as_array().unwrap().iter().find(|q| q["code"] == question).unwrap();
    q["options"].as_array().unwrap().iter().map(|o| o["count"].clone()).collect()
}

/// A published count: at least the minimum (10), within two of the truth.
fn near(shown: &Value, truth: u64) -> bool {
    shown.as_u64().is_some_and(|n| n >= 10 && n.abs_diff(truth) <= 2)
}

fn hidden_or_near(shown: &Value, truth: u64) -> bool {
    shown.is_null() || near(shown, truth)
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
    // Published counts are perturbed (the cell key method): a count shows
    // only when it is at least ten in truth and after perturbation, and then
    // within two of the truth. So below the minimum nothing ever shows, and
    // at or just above it a count shows perturbed or not at all.
    for app in apps().await {
        let id = make_survey(&app, json!({})).await;
        // Minimum − 1 respondents: nothing at all.
        for i in 0..9 {
            answer(&app, &id, NOORD, if i < 5 { "a" } else { "b" }).await;
        }
        let r = results(&app, &id, "").await;
        assert_eq!(r["respondents"], Value::Null, "{}: 9 respondents are too few", app.label());
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // The minimum: the total may show; a = 6 and b = 4 are each under it.
        answer(&app, &id, NOORD, "a").await;
        let r = results(&app, &id, "").await;
        assert!(hidden_or_near(&r["respondents"], 10), "{}: {}", app.label(), r["respondents"]);
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // Nine in Zuid: hidden, and Noord with it, since the total would reveal Zuid.
        for i in 0..9 {
            answer(&app, &id, ZUID, if i < 5 { "a" } else { "b" }).await;
        }
        let r = results(&app, &id, "?by=buurt").await;
        assert!(near(&r["respondents"], 19), "{}", r["respondents"]);
        assert_eq!(
            group_sizes(&r),
            [(NOORD.to_string(), Value::Null), (ZUID.to_string(), Value::Null)],
            "{}: a lone hidden group takes the smallest shown one with it",
            app.label()
        );
        // a = 11, b = 8: b is hidden, and a too, or 19 − 11 would give b away.
        let r = results(&app, &id, "").await;
        assert_eq!(option_counts(&r, "keuze"), [Value::Null, Value::Null]);
        // Zuid at the minimum and b at the minimum: both show (perturbed), or
        // neither, never one alone.
        answer(&app, &id, ZUID, "b").await;
        answer(&app, &id, NOORD, "b").await;
        let r = results(&app, &id, "?by=buurt").await;
        let sizes = group_sizes(&r);
        assert!(
            (sizes[0].1.is_null() && sizes[1].1.is_null())
                || (near(&sizes[0].1, 11) && near(&sizes[1].1, 10)),
            "{}: {sizes:?}",
            app.label()
        );
        let r = results(&app, &id, "").await;
        let counts = option_counts(&r, "keuze");
        assert!(
            (counts[0].is_null() && counts[1].is_null()) || (near(&counts[0], 11) && near(&counts[1], 10)),
            "{}: {counts:?}",
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
        let shown: u64 = page
            .body
            .split(" mensen deden mee")
            .next()
            .unwrap()
            .rsplit(['>', ' '])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(shown.abs_diff(21) <= 2, "{}: {shown} for 21", app.label());
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
        assert!(totals.iter().all(|t| t.n == 0), "{}: {totals:?}", app.label());

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
        assert_eq!(app.api_post("/api/v1/surveys", &karin, body).await.status, StatusCode::FORBIDDEN);
        let body = json!({ "title": { "nl": "" }, "places": ["WK960101"], "questions": [
            { "code": "x", "kind": "single", "text": { "nl": "?" }, "options": [{ "code": "a", "label": { "nl": "A" } }] } ] });
        let reply = app.api_post("/api/v1/surveys", &petra, body).await;
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
        // The results say that only letter codes could answer.
        let page = Browser::default().get(&app, &format!("/enquetes/{id}/uitslag")).await;
        assert!(page.body.contains("Alleen wie een brief met een eigen code kreeg"), "{}", app.label());
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
            reply.body.contains("bewaar mij") && reply.body.contains("id=\"answers.keuze-error\""),
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
