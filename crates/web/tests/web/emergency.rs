//! The luisterloket's emergency budget through the API and the pages, on
//! every engine: the demo's requests without names in the list, every way
//! around the four eyes refused (own request, one person twice, an old
//! amount, no key), a third independent approval above the gemeente's
//! amount, the coins on the resident's card, the resident's own view and
//! access log, and the same answers from the pages.

use super::coin::api_key;
use super::*;

async fn get(app: &TestApp, path: &str, token: &str) -> Reply {
    api(app, Method::GET, path, Some(token), None).await
}

#[tokio::test]
async fn four_eyes_decide_and_the_resident_sees_every_read() {
    for app in apps().await {
        let [ahmed, petra, sanne, ellen, fatima, karim, mehmet] = [
            token_for(&app, "ahmed@demo.wijkwerk.nl").await,
            token_for(&app, "petra@demo.wijkwerk.nl").await,
            token_for(&app, "sanne@demo.wijkwerk.nl").await,
            token_for(&app, "ellen@demo.wijkwerk.nl").await,
            token_for(&app, "fatima@demo.wijkwerk.nl").await,
            token_for(&app, "karim@demo.wijkwerk.nl").await,
            token_for(&app, "mehmet@demo.wijkwerk.nl").await,
        ];
        let list = get(&app, "/api/v1/places/WK960102/emergency-requests", &ahmed).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let json = list.json();
        let states: Vec<&str> =
            json["requests"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(states.len(), 3, "{}", app.label());
        for s in ["paid", "refused", "open"] {
            assert!(states.contains(&s), "{s} in {states:?}");
        }
        assert!(json["requests"].as_array().unwrap().iter().all(|r| r["beneficiaryName"] == ""), "no names");
        assert_eq!(
            (json["budgets"][0]["allocated"].clone(), json["budgets"][0]["paid"].clone()),
            (json!(1_500_000), json!(6_000))
        );
        let denied = get(&app, "/api/v1/places/WK960102/emergency-requests", &mehmet).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        // Ahmed asks for Fatima; every field is named when wrong.
        let path = "/api/v1/places/WK960102/emergency-requests";
        let bad = app.api_post(path, &ahmed, json!({ "amount": 300_000, "payout": "cash" })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.invalid_names(), ["what", "amount", "why", "payout"]);
        let body = json!({ "resident": "fatima@demo.wijkwerk.nl", "what": "Nieuwe bril", "amount": 4_500,
            "why": "Zonder bril kan ze niet naar haar werk.", "payout": "coin" });
        let made = app.api_post(path, &ahmed, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let id = made.json()["id"].as_str().unwrap().to_string();
        let approvals = format!("/api/v1/emergency-requests/{id}/approvals");

        // Every way around the four eyes.
        let own = api_key(&app, &approvals, &ahmed, Some("a1"), json!({ "amount": 4_500 })).await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "{}: self-approval", app.label());
        let no_key = api_key(&app, &approvals, &petra, None, json!({ "amount": 4_500 })).await;
        assert_eq!(no_key.invalid_names(), ["Idempotency-Key"]);
        let first = api_key(&app, &approvals, &petra, Some("p1"), json!({ "amount": 4_500 })).await;
        assert_eq!(
            (first.status, first.json()["counting"].clone()),
            (StatusCode::CREATED, json!(1)),
            "{}",
            first.body
        );
        let replay = api_key(&app, &approvals, &petra, Some("p1"), json!({ "amount": 4_500 })).await;
        assert_eq!(
            (replay.status, replay.json()["counting"].clone()),
            (StatusCode::CREATED, json!(1)),
            "a retry"
        );
        let twice = api_key(&app, &approvals, &petra, Some("p2"), json!({ "amount": 4_500 })).await;
        assert_eq!(twice.status, StatusCode::FORBIDDEN, "one person twice");
        let changed = app
            .api_put(&format!("/api/v1/emergency-requests/{id}/amount"), &ahmed, json!({ "amount": 5_000 }))
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(
            (changed.json()["counting"].clone(), changed.json()["approvals"][0]["counts"].clone()),
            (json!(0), json!(false))
        );
        let old = api_key(&app, &approvals, &sanne, Some("s1"), json!({ "amount": 4_500 })).await;
        assert_eq!(old.status, StatusCode::CONFLICT, "an approval of the old amount");
        assert_eq!(
            api_key(&app, &approvals, &sanne, Some("s2"), json!({ "amount": 5_000 })).await.status,
            StatusCode::CREATED
        );
        let decided = api_key(&app, &approvals, &petra, Some("p3"), json!({ "amount": 5_000 })).await;
        assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
        assert_eq!(decided.json()["request"]["status"], "paid", "{}: coins the same day", app.label());
        let card = app.store.programmes().await.unwrap().remove(0);
        let fatima_id = app.person_id("fatima@demo.wijkwerk.nl").await;
        assert_eq!(app.store.holder_account(&card.id, &fatima_id).await.unwrap().balance, 3_152 + 5_000);

        // The resident sees her request and who read it; another resident does not.
        let mine = get(&app, &format!("/api/v1/emergency-requests/{id}"), &fatima).await;
        assert_eq!(
            (mine.status, mine.json()["forMe"].clone(), mine.json()["mayApprove"].clone()),
            (StatusCode::OK, json!(true), json!(false))
        );
        assert_eq!(
            get(&app, &format!("/api/v1/emergency-requests/{id}"), &karim).await.status,
            StatusCode::NOT_FOUND
        );
        let log = get(&app, "/api/v1/me/access-log", &fatima).await.json();
        let readers: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["what"] == "emergency-request")
            .map(|e| e["actorName"].as_str().unwrap())
            .collect();
        for who in ["Ahmed Yilmaz", "Petra Jansen", "Sanne Visser"] {
            assert!(readers.contains(&who), "{}: {who} in {readers:?}", app.label());
        }

        // Above the gemeente's € 500 a third from another organisation.
        let body = json!({ "resident": "fatima@demo.wijkwerk.nl", "what": "Achterstand energie", "amount": 80_000,
            "why": "Anders wordt het gas afgesloten.", "payout": "creditor", "creditor": "Energiebedrijf, factuur 1" });
        let big = app.api_post(path, &ahmed, body).await.json();
        let approvals = format!("/api/v1/emergency-requests/{}/approvals", big["id"].as_str().unwrap());
        api_key(&app, &approvals, &petra, Some("p4"), json!({ "amount": 80_000 })).await;
        let two = api_key(&app, &approvals, &sanne, Some("s3"), json!({ "amount": 80_000 })).await.json();
        assert_eq!(
            (two["needed"].clone(), two["counting"].clone(), two["request"]["status"].clone()),
            (json!(3), json!(2), json!("open"))
        );
        let third = api_key(&app, &approvals, &ellen, Some("e1"), json!({ "amount": 80_000 })).await;
        assert_eq!(third.json()["request"]["status"], "paid", "{}", third.body);
        let budget = get(&app, "/api/v1/places/WK960102/emergency-requests", &ellen).await.json();
        assert_eq!(budget["budgets"][0]["left"], 1_500_000 - 6_000 - 5_000 - 80_000);
        assert!(app.store.check_budgets().await.unwrap().is_empty());

        // Follow the money: the wijk's budget shows; what was paid to three
        // residents stays hidden under the minimum of ten.
        let year = wijkwerk_domain::Timestamp::now().dutch_date()[..4].to_string();
        let money = get(&app, &format!("/api/v1/places/WK960102/money?year={year}"), &ellen).await.json();
        assert_eq!(
            money["emergency"],
            json!({ "allocatedCents": 1_500_000, "paidCents": null }),
            "{}",
            app.label()
        );
        let gemeente = get(&app, &format!("/api/v1/places/GM9601/money?year={year}"), &ellen).await.json();
        assert_eq!(gemeente["emergency"]["paidCents"], json!(null), "not by adding the wijken either");
    }
}

#[tokio::test]
async fn the_pages_ask_approve_and_refuse_with_the_same_rules() {
    for app in apps().await {
        let mut ahmed = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        let page = ahmed.get(&app, "/plaatsen/WK960102/noodbudget").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains("Huurachterstand van één maand") && !page.body.contains("Karim El Amrani")
        );
        let rent = app.store.emergency_requests_under("WK960102").await.unwrap();
        let rent = rent.iter().find(|r| r.status == "open").unwrap();
        let shown = ahmed.get(&app, &format!("/noodbudget/{}", rent.id)).await;
        assert!(shown.body.contains("Een bewoner zonder account"), "{}", shown.body);
        let key = wijkwerk_domain::new_id();
        let ok = ahmed
            .post(&app, &format!("/noodbudget/{}/akkoord", rent.id), &[("amount", "31250"), ("key", &key)])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let after = ahmed.get(&app, &format!("/noodbudget/{}", rent.id)).await;
        assert!(after.body.contains("goedgekeurd en betaald"), "{}: {}", app.label(), after.body);
        let again =
            ahmed.post(&app, &format!("/noodbudget/{}/akkoord", rent.id), &[("amount", "31250")]).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "decided");

        // Asking with gaps names them; a resident cannot ask for herself.
        let bad = ahmed.post(&app, "/plaatsen/WK960102/noodbudget", &[("payout", "creditor")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["what-error", "amount-error", "why-error", "creditor-error"] {
            assert!(bad.body.contains(field), "{field}");
        }
        let made = ahmed
            .post(
                &app,
                "/plaatsen/WK960102/noodbudget",
                &[
                    ("resident", "karim@demo.wijkwerk.nl"),
                    ("what", "Rijbewijs"),
                    ("amount", "450"),
                    ("why", "Werk als bezorger."),
                    ("payout", "coin"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let id = made.location().trim_start_matches("/noodbudget/").to_string();
        let mut petra = Browser::sign_in(&app, "petra@demo.wijkwerk.nl").await;
        petra.get(&app, &format!("/noodbudget/{id}")).await;
        let empty = petra.post(&app, &format!("/noodbudget/{id}/afwijzen"), &[("reason", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let why = "Eerst samen naar het UWV voor een vergoeding.";
        let refused = petra.post(&app, &format!("/noodbudget/{id}/afwijzen"), &[("reason", why)]).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        // Karim reads the refusal and its reason on his own page.
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let mine = karim.get(&app, "/mijn-gegevens").await;
        assert!(mine.body.contains("Rijbewijs") && mine.body.contains("Afgewezen"), "{}", app.label());
        let his = karim.get(&app, &format!("/noodbudget/{id}")).await;
        assert!(his.body.contains(why) && !his.body.contains("/akkoord"));
    }
}
