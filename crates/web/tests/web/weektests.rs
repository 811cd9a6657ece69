//! The week test and goals through the API and the pages.

use super::*;

pub(crate) fn week_body(template: &str, rows: &[(&str, f64, f64, u8)]) -> Value {
    json!({
        "template": template,
        "domains": rows.iter().map(|(d, h, w, s)| json!({"domain": d, "hours": h, "wishedHours": w, "satisfaction": s})).collect::<Vec<_>>(),
    })
}

pub(crate) const WEEK: [(&str, f64, f64, u8); 9] = [
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
        let made = app.api_post("/api/v1/weektests", &jan, week_body("basis", &WEEK)).await;
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
        let reply = app.api_post("/api/v1/weektests", &jan, week_body("basis", &bad)).await;
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
        let sums = app.api_post("/api/v1/weektests", &jan, week_body("basis", &off)).await.json();
        assert_eq!(sums["invalidParams"][0]["name"], "hours");
        assert_eq!(sums["invalidParams"][0]["code"], "hours-sum-not-168");
        let unknown = app.api_post("/api/v1/weektests", &jan, week_body("bestaat-niet", &WEEK)).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let after = api(&app, Method::GET, "/api/v1/weektests", Some(&jan), None).await.json()["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(before, after, "rejected tests leave no trace");

        // In balance: every score zero.
        let balanced: Vec<(&str, f64, f64, u8)> = WEEK.iter().map(|(d, h, _, _)| (*d, *h, *h, 4)).collect();
        let calm = app.api_post("/api/v1/weektests", &jan, week_body("basis", &balanced)).await.json();
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
        assert!(result.body.contains("Uw prioriteit nu: Werk"));
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

        // The lighter way: one ordinary weekday and one weekend day, in blocks.
        let days = b.get(&app, "/weektest/basis/rooster?dagen").await;
        assert_eq!(days.status, StatusCode::OK);
        assert!(days.body.matches("<select").count() < 40, "a few blocks, not 168 hours");
        let typical = [
            ("mode", "days"),
            ("weekday-0-from", "9"),
            ("weekday-0-to", "17"),
            ("weekday-0-what", "werk"),
            ("weekend-0-from", "22"),
            ("weekend-0-to", "9"),
            ("weekend-0-what", "slaap-en-verzorging"),
        ];
        let filled = b.post(&app, "/weektest/basis/rooster", &typical).await;
        assert_eq!(filled.status, StatusCode::OK);
        let hours = |domain: &str, n: u32| {
            filled.body.contains(&format!(
                "name=\"{domain}.hours\" inputmode=\"decimal\" autocomplete=\"off\" value=\"{n}\""
            ))
        };
        // Work 8 × 5; sleep 8 × 5 on weekdays and 11 × 2 at the weekend (22:00–9:00).
        assert!(hours("werk", 40), "{}", app.label());
        assert!(hours("slaap-en-verzorging", 62), "{}", app.label());
        assert!(hours("reizen-en-overig", 168 - 40 - 62), "{}", app.label());
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
