//! Right to challenge, on every engine: the demo's plans with the gemeente's
//! own spending beside the bid, challenging with every field checked, the
//! gemeente's answer once and only by the gemeente, and the challenger's
//! export.

use super::*;

#[tokio::test]
async fn a_plan_is_challenged_and_answered_in_public() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/interventions", None, None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let json = list.json();
        assert_eq!(json["rules"]["answerDays"], 40);
        let coaches = json["interventions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"].as_str().unwrap().starts_with("Werkcoaches in Oosterpark"))
            .expect("the demo's plan")
            .clone();
        let id = coaches["id"].as_str().unwrap().to_string();
        let detail = api(&app, Method::GET, &format!("/api/v1/interventions/{id}"), None, None).await.json();
        // The gemeente's own spending on taakveld 6.1 in Oosterpark, newest first, partners' money left out.
        let spent: Vec<(String, i64)> = detail["spending"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["year"].as_str().unwrap().to_string(), s["cents"].as_i64().unwrap()))
            .collect();
        assert_eq!(
            spent,
            [("2024".to_string(), 18_590_000), ("2023".to_string(), 17_240_000)],
            "{}",
            app.label()
        );
        let c = &detail["challengeList"][0];
        assert_eq!(
            (c["outcome"].clone(), c["difference"].clone(), c["percent"].clone()),
            (json!("accepted"), json!(-4_000_000), json!(-21))
        );
        assert!(c.get("submittedBy").is_none());
        // The last day to answer is the Dutch day before the instant it is due
        // (Dutch midnight is the evening before in UTC).
        assert_eq!(c["lastDay"].as_str().unwrap(), &c["answerDue"].as_str().unwrap()[..10]);

        // Anyone signed in may challenge; every field is named when wrong.
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let path = format!("/api/v1/interventions/{id}/challenges");
        let bad = app.api_post(&path, &fatima, json!({ "kind": "bedrijf", "bid": -1 })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.invalid_names(), ["kind", "name", "plan", "bid", "whyBetter"]);
        let body = json!({ "kind": "bewoners", "name": "Buren aan het werk", "plan": "Maatjes uit de straat.", "bid": 12_000_000, "whyBetter": "Dichtbij." });
        let ok = app.api_post(&path, &fatima, body).await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
        let cid = ok.json()["id"].as_str().unwrap().to_string();
        assert!(ok.json()["answerDue"].as_str().unwrap() > ok.json()["submittedAt"].as_str().unwrap());

        // Only the gemeente answers, with reasons, once.
        let answer = format!("/api/v1/challenges/{cid}/answer");
        let petra = token_for(&app, "petra@demo.wijkwerk.nl").await;
        let refused = app.api_post(&answer, &petra, json!({ "outcome": "accepted", "reason": "Ja" })).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let ellen = token_for(&app, "ellen@demo.wijkwerk.nl").await;
        let no_reason = app.api_post(&answer, &ellen, json!({ "outcome": "rejected" })).await;
        assert_eq!(no_reason.invalid_names(), ["reason"]);
        let done = app
            .api_post(
                &answer,
                &ellen,
                json!({ "outcome": "rejected", "reason": "Al aangenomen van de coöperatie." }),
            )
            .await;
        assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
        let again =
            app.api_post(&answer, &ellen, json!({ "outcome": "accepted", "reason": "Toch wel" })).await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        // The page shows both answers and the bid against the budget.
        let page = Browser::default().get(&app, &format!("/interventies/{id}")).await;
        for text in [
            "Al aangenomen van de coöperatie.",
            "€ 40.000,00 goedkoper, 21%",
            "Wat de gemeente er nu aan uitgeeft",
        ] {
            assert!(page.body.contains(text), "{}: {text}", app.label());
        }
        // The challenge is in Fatima's export.
        let mut b = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let export = b.get(&app, "/mijn-gegevens/export.json").await.json();
        let names: Vec<&str> =
            export["challenges"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"Buren aan het werk") && names.contains(&"Groene buren Zuid"), "{names:?}");
        // Once the work has started, the plan is no longer open to challenge.
        let starts = coaches["startsOn"].as_str().unwrap();
        let first_day = wijkwerk_domain::Timestamp::parse(&format!("{starts}T12:00:00.000Z")).unwrap();
        let fatima = app.store.actor(&app.person_id("fatima@demo.wijkwerk.nl").await).await.unwrap();
        let bid = ("bewoners", "Te laat", "Een plan.", "1.000", "Beter.");
        let late = wijkwerk_app::challenges::challenge(&app.store, &fatima, &id, bid, first_day).await;
        assert!(
            matches!(late, Err(wijkwerk_app::Error::Conflict("intervention-started"))),
            "{}",
            app.label()
        );
    }
}

#[tokio::test]
async fn the_gemeente_announces_on_the_page_and_errors_name_their_fields() {
    for app in apps().await {
        let mut ellen = Browser::sign_in(&app, "ellen@demo.wijkwerk.nl").await;
        ellen.get(&app, "/plaatsen/WK960102/uitdaagrecht").await;
        let bad = ellen
            .post(
                &app,
                "/plaatsen/WK960102/uitdaagrecht",
                &[("startsOn", "2027-05-01"), ("endsOn", "2027-01-01")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        for id in ["title-error", "budget-error", "endsOn-error"] {
            assert!(bad.body.contains(&format!("id=\"{id}\"")), "{}: {id}", app.label());
        }
        let ok = ellen
            .post(
                &app,
                "/plaatsen/WK960102/uitdaagrecht",
                &[
                    ("title", "Buurthuis beheer"),
                    ("description", "Beheer van het buurthuis."),
                    ("budget", "30.000"),
                    ("startsOn", "2027-01-01"),
                    ("endsOn", "2027-12-31"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = ellen.get(&app, ok.location()).await;
        assert!(page.body.contains("Nog niemand heeft dit plan uitgedaagd."));
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let refused = karim.post(&app, "/plaatsen/WK960102/uitdaagrecht", &[("title", "x")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}
