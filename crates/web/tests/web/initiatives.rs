//! Initiatives end to end, on every engine: the demo's register in every
//! state, submitting on a page, deciding with a reason (never one's own),
//! money that moves once per key and never past the budget, support as the
//! person's own data, and the decider's start page.

use super::coin::api_key;
use super::*;

fn find<'a>(list: &'a Value, title: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("{title} in {list}"))
}

#[tokio::test]
async fn the_register_shows_every_state_and_the_budget_adds_up() {
    for app in apps().await {
        let r = api(&app, Method::GET, "/api/v1/places/WK960102/initiatives", None, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let json = r.json();
        let list = &json["initiatives"];
        let states: Vec<&str> =
            list.as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
        for s in ["submitted", "approved", "rejected", "paid", "accounted"] {
            assert!(states.contains(&s), "{}: {s} in {states:?}", app.label());
        }
        let moestuin = find(list, "Moestuinbakken bij De Linde");
        assert_eq!(
            (moestuin["status"].clone(), moestuin["byDefault"].clone()),
            (json!("approved"), json!(true))
        );
        let bankjes = find(list, "Bankjes bij de speeltuin");
        assert_eq!(bankjes["route"], "small");
        assert_eq!(bankjes["clock"]["state"], "running");
        assert_eq!((bankjes["supporters"].clone(), bankjes["paperSupport"].clone()), (json!(1), json!(14)));
        assert_eq!(find(list, "Buurtfeest Oosterpark-Zuid")["route"], "large");
        assert!(bankjes.get("submittedBy").is_none(), "the submitter is never shown");
        let b = &json["budget"][0];
        assert_eq!(
            (b["allocated"].clone(), b["granted"].clone(), b["returned"].clone()),
            (json!(500_000), json!(60_000), json!(1_500))
        );
        let sum = ["granted", "paid", "left"].iter().map(|k| b[k].as_i64().unwrap()).sum::<i64>();
        assert_eq!(sum, 500_000, "granted + paid + left = allocated");

        // The page: rules up front, the clock in words, the reason of a default approval.
        let page = Browser::default().get(&app, "/plaatsen/WK960102/initiatieven").await;
        assert_eq!(page.status, StatusCode::OK);
        for text in [
            "Tot € 1.500,00: besluit binnen 3 werkdagen",
            "Besluit uiterlijk",
            "Niemand besliste binnen de termijn",
            "Nog te besteden",
        ] {
            assert!(page.body.contains(text), "{}: {text}", app.label());
        }
        let ledger = api(&app, Method::GET, "/api/v1/places/WK960102/wijkbudget", None, None).await.json();
        assert_eq!(
            ledger["movements"].as_array().unwrap().len(),
            7,
            "allocate, 3 grants, 2 payments, 1 return"
        );
    }
}

#[tokio::test]
async fn a_resident_submits_and_the_coordinator_decides_once_within_the_budget() {
    for app in apps().await {
        // Fatima submits on the page; errors name every field and change nothing.
        let mut fatima = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        fatima.get(&app, "/plaatsen/WK960102/initiatieven").await;
        let bad = fatima
            .post(&app, "/plaatsen/WK960102/initiatieven", &[("amount", "-5"), ("needs", "raket")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        for field in ["title", "description", "needs", "amount"] {
            assert!(
                bad.body.contains(&format!("id=\"{field}-error\""))
                    || bad.body.contains(&format!("href=\"#{field}\"")),
                "{field}"
            );
        }
        let ok = fatima
            .post(
                &app,
                "/plaatsen/WK960102/initiatieven",
                &[
                    ("title", "Buurtbieb"),
                    ("description", "Een kastje met boeken bij de bushalte."),
                    ("needs", "geld"),
                    ("needs", "plek"),
                    ("amount", "250"),
                    ("groupName", "Lezers van Oosterpark"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let id = ok.location().trim_start_matches("/initiatieven/").to_string();
        let page = fatima.get(&app, &format!("/initiatieven/{id}")).await;
        assert!(page.body.contains("Besluit uiterlijk"), "the clock is on the resident's page");
        // Her own idea: she cannot decide it, even with a role that could.
        let fatima_token = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let path = format!("/api/v1/initiatives/{id}/decision");
        let own =
            api_key(&app, &path, &fatima_token, Some("k0"), json!({ "verdict": "approve", "reason": "x" }))
                .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN);

        // Petra decides: a key is required, the reason too, never more than asked.
        let petra = token_for(&app, "petra@demo.wijkwerk.nl").await;
        let no_key =
            api_key(&app, &path, &petra, None, json!({ "verdict": "approve", "reason": "Mooi" })).await;
        assert_eq!(no_key.invalid_names(), ["Idempotency-Key"], "{}", no_key.body);
        let more =
            api_key(&app, &path, &petra, Some("k1"), json!({ "verdict": "approve", "amount": 30_000 })).await;
        assert_eq!(more.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", more.body);
        assert_eq!(more.invalid_names(), ["reason", "amount"]);
        let body = json!({ "verdict": "approve", "amount": 20_000, "reason": "Goed idee, voor iedereen." });
        let yes = api_key(&app, &path, &petra, Some("k2"), body.clone()).await;
        assert_eq!(yes.status, StatusCode::CREATED, "{}", yes.body);
        assert_eq!(
            (yes.json()["status"].clone(), yes.json()["granted"].clone()),
            (json!("approved"), json!(20_000))
        );
        // A retry moves nothing again; a second decision is refused.
        let again = api_key(&app, &path, &petra, Some("k2"), body).await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
        let budget = api(&app, Method::GET, "/api/v1/places/WK960102/wijkbudget", None, None).await.json();
        assert_eq!(budget["budget"][0]["granted"], 80_000, "{}: granted once", app.label());
        let twice =
            api_key(&app, &path, &petra, Some("k3"), json!({ "verdict": "reject", "reason": "Toch niet" }))
                .await;
        assert_eq!(twice.status, StatusCode::CONFLICT);

        // The long route is the gemeente's, and no grant may pass what is left.
        let feest = api(&app, Method::GET, "/api/v1/places/WK960102/initiatives", None, None).await.json();
        let feest_id =
            find(&feest["initiatives"], "Buurtfeest Oosterpark-Zuid")["id"].as_str().unwrap().to_string();
        let fpath = format!("/api/v1/initiatives/{feest_id}/decision");
        let not_hers =
            api_key(&app, &fpath, &petra, Some("k4"), json!({ "verdict": "approve", "reason": "Ja" })).await;
        assert_eq!(not_hers.status, StatusCode::FORBIDDEN, "the long route is not the coördinator's");
        let ellen = token_for(&app, "ellen@demo.wijkwerk.nl").await;
        let grant =
            api_key(&app, &fpath, &ellen, Some("k5"), json!({ "verdict": "approve", "reason": "Feest!" }))
                .await;
        assert_eq!(grant.status, StatusCode::CREATED, "{}", grant.body);
        let more_money = json!({ "year": 2026, "amount": 1_000, "memo": "Extra" });
        let alloc = api_key(&app, "/api/v1/places/WK960102/wijkbudget", &ellen, Some("k6"), more_money).await;
        assert_eq!(alloc.status, StatusCode::CREATED, "{}", alloc.body);
        let b = &alloc.json()["budget"][0];
        assert_eq!(b["left"], 500_000 + 1_000 - 60_000 - 61_500 - 20_000 - 250_000);

        // Support is the person's own: in the export.
        let karim = token_for(&app, "karim@demo.wijkwerk.nl").await;
        let s =
            api(&app, Method::POST, &format!("/api/v1/initiatives/{id}/support"), Some(&karim), None).await;
        assert_eq!(s.json()["supporters"], 1);
        let mut karim_b = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let export = karim_b.get(&app, "/mijn-gegevens/export.json").await.json();
        let supported: Vec<&str> = export["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["relation"] == "supported")
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        assert!(
            supported.contains(&"Buurtbieb") && supported.contains(&"Bankjes bij de speeltuin"),
            "{supported:?}"
        );

        // Saving the rest: refused while the wijk's rules do not allow it, kept once they do.
        let pay =
            api_key(&app, &format!("/api/v1/initiatives/{id}/payment"), &petra, Some("k7"), json!({})).await;
        assert_eq!(pay.status, StatusCode::CREATED, "{}", pay.body);
        let apath = format!("/api/v1/initiatives/{id}/account");
        let account = json!({ "report": "Het kastje staat er.", "spent": 15_000, "keep": true });
        let refused = api_key(&app, &apath, &fatima_token, Some("k8"), account.clone()).await;
        assert_eq!(refused.invalid_names(), ["keep"]);
        let mut ellen_b = Browser::sign_in(&app, "ellen@demo.wijkwerk.nl").await;
        ellen_b.get(&app, "/plaatsen/WK960102/initiatieven").await;
        let rules = [
            ("smallLimit", "1500"),
            ("smallDays", "3"),
            ("largeDays", "30"),
            ("onTimeout", "approve"),
            ("groupsMaySave", "1"),
        ];
        let set = ellen_b.post(&app, "/plaatsen/WK960102/initiatieven/regels", &rules).await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
        let kept = api_key(&app, &apath, &fatima_token, Some("k9"), account).await;
        assert_eq!(kept.status, StatusCode::CREATED, "{}", kept.body);
        assert_eq!(kept.json()["kept"], 5_000);
        let after = api(&app, Method::GET, "/api/v1/places/WK960102/wijkbudget", None, None).await.json();
        assert_eq!(after["budget"][0]["returned"], 1_500, "{}: what is kept does not come back", app.label());
    }
}

#[tokio::test]
async fn the_decider_is_told_and_pays_and_the_group_accounts_on_paper() {
    for app in apps().await {
        let mut petra = Browser::sign_in(&app, "petra@demo.wijkwerk.nl").await;
        let home = petra.get(&app, "/").await;
        assert!(
            home.body.contains("wachten") && home.body.contains("op uw besluit"),
            "{}: the start page tells the decider",
            app.label()
        );
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/initiatives", None, None).await.json();
        let moestuin =
            find(&list["initiatives"], "Moestuinbakken bij De Linde")["id"].as_str().unwrap().to_string();
        // The page's payment form carries a key: a double tap pays once.
        let page = petra.get(&app, &format!("/initiatieven/{moestuin}")).await;
        assert!(page.body.contains("is uitbetaald"), "the pay button is there");
        let at = page.body.find("name=\"key\" value=\"").unwrap() + 18;
        let key = page.body[at..at + 36].to_string();
        for _ in 0..2 {
            let r = petra.post(&app, &format!("/initiatieven/{moestuin}/betaald"), &[("key", &key)]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let budget = api(&app, Method::GET, "/api/v1/places/WK960102/wijkbudget", None, None).await.json();
        assert_eq!(budget["budget"][0]["paid"], 61_500 + 60_000, "{}: paid once", app.label());
        // Ahmed enters the group's paper account: what it spent, the rest returns.
        let mut ahmed = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        ahmed.get(&app, &format!("/initiatieven/{moestuin}")).await;
        let too_much = ahmed
            .post(
                &app,
                &format!("/initiatieven/{moestuin}/verantwoording"),
                &[("key", &key), ("report", "Bakken staan er"), ("spent", "700")],
            )
            .await;
        assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fresh = "0190f0f0-0000-7000-8000-00000000abcd";
        let done = ahmed
            .post(
                &app,
                &format!("/initiatieven/{moestuin}/verantwoording"),
                &[
                    ("key", fresh),
                    ("report", "Zes bakken staan er, de school zaait in maart."),
                    ("spent", "540"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let after =
            api(&app, Method::GET, &format!("/api/v1/initiatives/{moestuin}"), None, None).await.json();
        assert_eq!((after["status"].clone(), after["spent"].clone()), (json!("accounted"), json!(54_000)));
        let budget = api(&app, Method::GET, "/api/v1/places/WK960102/wijkbudget", None, None).await.json();
        assert_eq!(budget["budget"][0]["returned"], 1_500 + 6_000);
        assert!(app.store.check_budgets().await.unwrap().is_empty());
        // Paper signatures: a wijkwerker adds a count, a resident may not.
        let r = ahmed.post(&app, &format!("/initiatieven/{moestuin}/papier"), &[("count", "0")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut fatima = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        fatima.get(&app, &format!("/initiatieven/{moestuin}")).await;
        let refused = fatima.post(&app, &format!("/initiatieven/{moestuin}/papier"), &[("count", "5")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_person_submits_a_few_ideas_a_day_not_dozens() {
    for app in apps().await {
        let p = app.store.add_person("Veel Ideeën", Some("BU96010201")).await.unwrap();
        let token = app.store.create_api_token(&p.id, "test").await.unwrap();
        let idea = json!({ "title": "Idee", "description": "Iets voor de buurt.", "needs": ["hulp"] });
        let path = "/api/v1/places/WK960102/initiatives";
        for n in 1..=5 {
            let r = app.api_post(path, &token, idea.clone()).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}: idea {n}: {}", app.label(), r.body);
        }
        let sixth = app.api_post(path, &token, idea).await;
        assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS, "{}", sixth.body);
        // A mistake in the form does not use up the day.
        let q = app.store.add_person("Typfout", Some("BU96010201")).await.unwrap();
        let t2 = app.store.create_api_token(&q.id, "test").await.unwrap();
        for _ in 0..8 {
            let r = app.api_post(path, &t2, json!({ "title": "" })).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
}
