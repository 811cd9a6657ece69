//! The luisterloket's intake through the API and the pages, on every
//! engine: the demo's three intakes; each professional reads only what the
//! resident shared with their organisation (per domain, until a date: an
//! ended share shows nothing), stopping a share works at once, every read is
//! in the resident's log, and the pages answer as the API does.

use super::*;

async fn get(app: &TestApp, path: &str, token: &str) -> Reply {
    api(app, Method::GET, path, Some(token), None).await
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_organisation_reads_only_what_the_resident_shared_with_it() {
    for app in apps().await {
        let [fatima, ahmed, karin, petra, sanne] = [
            token_for(&app, "fatima@demo.wijkwerk.nl").await,
            token_for(&app, "ahmed@demo.wijkwerk.nl").await,
            token_for(&app, "karin@demo.wijkwerk.nl").await,
            token_for(&app, "petra@demo.wijkwerk.nl").await,
            token_for(&app, "sanne@demo.wijkwerk.nl").await,
        ];
        let mine = get(&app, "/api/v1/me/intake", &fatima).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        let mine = mine.json();
        let id = mine["intake"]["id"].as_str().unwrap().to_string();
        assert_eq!(
            (mine["intake"]["started"].clone(), mine["shares"].as_array().unwrap().len()),
            (json!("self"), 4)
        );

        // The wijkteam (Ahmed) sees her own words, money and housing; not work.
        let listed = get(&app, "/api/v1/intakes/shared", &ahmed).await.json();
        let names: Vec<&str> =
            listed["items"].as_array().unwrap().iter().map(|i| i["personName"].as_str().unwrap()).collect();
        assert_eq!(names, ["Fatima El Amrani", "Karim El Amrani"], "{}", app.label());
        let read = get(&app, &format!("/api/v1/intakes/{id}"), &ahmed).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.body);
        let read = read.json();
        assert_eq!(strings(&read["visible"]), ["geld", "own-words", "wonen"]);
        let domains: Vec<&str> = read["intake"]["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["domain"].as_str().unwrap())
            .collect();
        assert_eq!(domains, ["geld", "wonen"]);
        assert!(read["intake"]["happy"].as_str().unwrap().starts_with("Mijn kinderen"));
        // The woonstichting (Karin) sees housing only, not her own words.
        let woon = get(&app, &format!("/api/v1/intakes/{id}"), &karin).await.json();
        assert_eq!(
            (strings(&woon["visible"]), woon["intake"]["happy"].clone()),
            (vec!["wonen".to_string()], json!(""))
        );
        // The cooperative (Petra) was given nothing: not found.
        assert_eq!(get(&app, &format!("/api/v1/intakes/{id}"), &petra).await.status, StatusCode::NOT_FOUND);
        // The neighbour's share with the welzijnsstichting (Sanne) ended last week:
        // listed a fortnight ago, not now, and not readable now.
        let welzijn = app
            .store
            .professional_organisations(&app.person_id("sanne@demo.wijkwerk.nl").await)
            .await
            .unwrap();
        let now = wijkwerk_domain::Timestamp::now();
        let then = app
            .store
            .intakes_shared_with(&welzijn, &now.minus_seconds(14 * 86_400).to_rfc3339())
            .await
            .unwrap();
        let wim = then.iter().find(|i| i.person_name != "Karim El Amrani").expect("listed a fortnight ago");
        let listed_now = app.store.intakes_shared_with(&welzijn, &now.to_rfc3339()).await.unwrap();
        assert!(listed_now.iter().all(|i| i.intake_id != wim.intake_id), "{}", app.label());
        let wim_id = &wim.intake_id;
        assert_eq!(
            get(&app, &format!("/api/v1/intakes/{wim_id}"), &sanne).await.status,
            StatusCode::NOT_FOUND
        );

        // She stops the wijkteam's share of money: gone at once.
        let geld = mine["shares"].as_array().unwrap().iter().find(|s| s["domain"] == "geld").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let stop =
            api(&app, Method::DELETE, &format!("/api/v1/me/intake/shares/{geld}"), Some(&fatima), None).await;
        assert_eq!(stop.status, StatusCode::NO_CONTENT);
        let read = get(&app, &format!("/api/v1/intakes/{id}"), &ahmed).await.json();
        assert_eq!(strings(&read["visible"]), ["own-words", "wonen"]);
        assert_eq!(
            api(&app, Method::DELETE, &format!("/api/v1/me/intake/shares/{geld}"), Some(&karin), None)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "only hers to stop"
        );

        // Sharing names every mistake; a good share holds.
        let bad = app
            .api_post(
                "/api/v1/me/intake/shares",
                &fatima,
                json!({ "domains": ["tuin"], "validUntil": "2020-01-01" }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.invalid_names(), ["domains", "validUntil", "organisationId"]);
        let orgs = mine["organisations"].as_array().unwrap();
        let coop = orgs
            .iter()
            .find(|o| o[1] == "Wijkcoöperatie Oosterpark")
            .or(orgs.iter().find(|o| o[1] == "Gemeente Lindenhoven"))
            .unwrap()[0]
            .as_str()
            .unwrap()
            .to_string();
        let until = wijkwerk_domain::Timestamp::now().plus_seconds(20 * 86_400).dutch_date();
        let ok = app
            .api_post(
                "/api/v1/me/intake/shares",
                &fatima,
                json!({ "organisationId": coop, "domains": ["werk"], "validUntil": until }),
            )
            .await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);

        // Every read by someone else is in her log, with what it was for.
        let log = get(&app, "/api/v1/me/access-log", &fatima).await.json();
        let reads: Vec<(String, String)> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["what"] == "intake")
            .map(|e| (e["actorName"].as_str().unwrap().to_string(), e["why"].as_str().unwrap().to_string()))
            .collect();
        assert!(
            reads
                .iter()
                .any(|(who, why)| who == "Karin Bakker" && why == "Luisterloket: intake lezen (wonen)"),
            "{reads:?}"
        );
        assert_eq!(
            reads.iter().filter(|(who, _)| who == "Ahmed Yilmaz").count(),
            4,
            "the demo's read, his note (written after reading), and two here"
        );

        // Writing: a rating off the scale is named at its field; nothing changes.
        let bad = app
            .api_put("/api/v1/me/intake", &fatima, json!({ "domains": [{ "domain": "geld", "rating": 9 }] }))
            .await;
        assert_eq!(bad.invalid_names(), ["rating-geld"]);
        assert_eq!(
            get(&app, "/api/v1/me/intake", &fatima).await.json()["intake"]["domains"]
                .as_array()
                .unwrap()
                .len(),
            4
        );
    }
}

#[tokio::test]
async fn the_pages_write_share_and_read_with_the_same_rules() {
    for app in apps().await {
        let mut fatima = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let page = fatima.get(&app, "/luisterloket").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Geld en schulden") && page.body.contains("Woonstichting Lindenhoven"));
        let wrong =
            fatima.post(&app, "/luisterloket", &[("happy", "Mijn kinderen"), ("rating-geld", "7")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.body.contains("rating-geld-error") && wrong.body.contains(" open>"),
            "the fold with the mistake is open"
        );
        let saved = fatima
            .post(
                &app,
                "/luisterloket",
                &[
                    ("happy", "Mijn kinderen"),
                    ("needs", "Rust"),
                    ("rating-geld", "3"),
                    ("worries-geld", "Nog één rekening."),
                ],
            )
            .await;
        assert_eq!(
            (saved.status, saved.location()),
            (StatusCode::SEE_OTHER, "/luisterloket?klaar=opgeslagen#mijn-verhaal")
        );
        let share =
            fatima.post(&app, "/luisterloket/delen", &[("organisationId", ""), ("validUntil", "")]).await;
        assert_eq!(share.status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["domains-error", "validUntil-error", "organisationId-error"] {
            assert!(share.body.contains(field), "{field}");
        }
        let id =
            app.store.intake_of(&app.person_id("fatima@demo.wijkwerk.nl").await).await.unwrap().unwrap().id;
        let mut ahmed = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        let list = ahmed.get(&app, "/luisterloket").await;
        assert!(list.body.contains(&format!("/luisterloket/intakes/{id}")), "{}", app.label());
        let read = ahmed.get(&app, &format!("/luisterloket/intakes/{id}")).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(
            read.body.contains("Nog één rekening.") && !read.body.contains("bakkerij"),
            "money shared, work not"
        );
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        assert_eq!(
            karim.get(&app, &format!("/luisterloket/intakes/{id}")).await.status,
            StatusCode::FORBIDDEN,
            "a resident is no reader"
        );
    }
}

#[tokio::test]
async fn a_referral_carries_only_what_is_shared_and_comes_back_answered() {
    for app in apps().await {
        let [fatima, karim, ahmed, karin, petra] = [
            token_for(&app, "fatima@demo.wijkwerk.nl").await,
            token_for(&app, "karim@demo.wijkwerk.nl").await,
            token_for(&app, "ahmed@demo.wijkwerk.nl").await,
            token_for(&app, "karin@demo.wijkwerk.nl").await,
            token_for(&app, "petra@demo.wijkwerk.nl").await,
        ];
        // The demo: Karim declined by the welzijnsstichting, taken on by the gemeente.
        let his = get(&app, "/api/v1/me/intake", &karim).await.json();
        let states: Vec<(&str, &str)> = his["referrals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["organisation"].as_str().unwrap(), r["status"].as_str().unwrap()))
            .collect();
        assert_eq!(states.len(), 2, "{}", app.label());
        assert!(
            states.contains(&("Stichting Welzijn Lindenhoven", "declined"))
                && states.contains(&("Gemeente Lindenhoven", "accepted"))
        );

        let mine = get(&app, "/api/v1/me/intake", &fatima).await.json();
        let id = mine["intake"]["id"].as_str().unwrap().to_string();
        let org_id = |name: &str| {
            mine["organisations"].as_array().unwrap().iter().find(|o| o[1] == name).unwrap()[0]
                .as_str()
                .unwrap()
                .to_string()
        };
        let path = format!("/api/v1/intakes/{id}/referrals");
        let bad =
            app.api_post(&path, &ahmed, json!({ "organisationId": org_id("Gemeente Lindenhoven") })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.invalid_names(), ["reason", "organisationId"], "nothing is shared with the gemeente");
        let body = json!({ "organisationId": org_id("Woonstichting Lindenhoven"), "reason": "Een betalingsregeling voorkomt ontruiming." });
        let made = app.api_post(&path, &ahmed, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let made = made.json();
        assert_eq!(made["domains"], json!(["wonen"]), "exactly what she shares with them");
        let rid = made["id"].as_str().unwrap().to_string();

        // The woonstichting sees it; the cooperative does not; others cannot answer.
        let theirs = get(&app, "/api/v1/referrals", &karin).await.json();
        assert!(theirs["items"].as_array().unwrap().iter().any(|r| r["id"] == rid.as_str()));
        let coop = get(&app, "/api/v1/referrals", &petra).await.json();
        assert!(coop["items"].as_array().unwrap().iter().all(|r| r["id"] != rid.as_str()));
        let answer = format!("/api/v1/referrals/{rid}/answer");
        assert_eq!(
            app.api_post(&answer, &ahmed, json!({ "outcome": "accepted" })).await.status,
            StatusCode::NOT_FOUND
        );
        let no_reason = app.api_post(&answer, &karin, json!({ "outcome": "declined" })).await;
        assert_eq!(no_reason.invalid_names(), ["answer"]);
        let yes = app
            .api_post(&answer, &karin, json!({ "outcome": "accepted", "answer": "We bellen haar morgen." }))
            .await;
        assert_eq!(yes.status, StatusCode::CREATED, "{}", yes.body);
        let again =
            app.api_post(&answer, &karin, json!({ "outcome": "declined", "answer": "Toch niet" })).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        // The answer comes back to her own intake.
        let back = get(&app, "/api/v1/me/intake", &fatima).await.json();
        let r =
            back["referrals"].as_array().unwrap().iter().find(|r| r["id"] == rid.as_str()).unwrap().clone();
        assert_eq!(
            (r["status"].clone(), r["answer"].clone()),
            (json!("accepted"), json!("We bellen haar morgen."))
        );

        // The wijkwerker's page for Karim suggests offers for work, marking his own organisation's.
        let mut browser = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        let karims = back_id(&app, "karim@demo.wijkwerk.nl").await;
        let page = browser.get(&app, &format!("/luisterloket/intakes/{karims}")).await;
        assert!(
            page.body.contains("Aanbod dat past") && page.body.contains("/sociale-kaart/"),
            "{}",
            app.label()
        );
        assert!(
            page.body.contains("Stichting Welzijn Lindenhoven") && page.body.contains("niet aangenomen"),
            "his referrals, declined one first made"
        );
    }
}

async fn back_id(app: &TestApp, email: &str) -> String {
    app.store.intake_of(&app.person_id(email).await).await.unwrap().unwrap().id
}

#[tokio::test]
async fn a_partner_connection_reads_and_answers_its_referrals_only() {
    for app in apps().await {
        let ellen = app.store.actor(&app.person_id("ellen@demo.wijkwerk.nl").await).await.unwrap();
        let petra = app.store.actor(&app.person_id("petra@demo.wijkwerk.nl").await).await.unwrap();
        let orgs = app.store.organisations_in("GM9601").await.unwrap();
        let woon = orgs.iter().find(|o| o.name == "Woonstichting Lindenhoven").unwrap().id.clone();
        let refused =
            wijkwerk_app::intake::connect_organisation(&app.store, &petra, &woon, "koppeling").await;
        assert!(matches!(refused, Err(wijkwerk_app::Error::Forbidden(_))), "only the gemeente connects");
        let token =
            wijkwerk_app::intake::connect_organisation(&app.store, &ellen, &woon, "koppeling").await.unwrap();
        let again =
            wijkwerk_app::intake::connect_organisation(&app.store, &ellen, &woon, "tweede").await.unwrap();
        assert_ne!(token, again, "a second token for the same connection account");

        // Ahmed refers Fatima to the woonstichting; the connection sees and answers it.
        let ahmed = token_for(&app, "ahmed@demo.wijkwerk.nl").await;
        let id = back_id(&app, "fatima@demo.wijkwerk.nl").await;
        let body = json!({ "organisationId": woon, "reason": "Een betalingsregeling." });
        let made = app.api_post(&format!("/api/v1/intakes/{id}/referrals"), &ahmed, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let rid = made.json()["id"].as_str().unwrap().to_string();
        let list = get(&app, "/api/v1/referrals", &token).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert!(list.json()["items"].as_array().unwrap().iter().any(|r| r["id"] == rid.as_str()));
        let read = get(&app, &format!("/api/v1/intakes/{id}"), &token).await.json();
        assert_eq!(read["visible"], json!(["wonen"]), "{}", app.label());
        let answer = json!({ "outcome": "accepted", "answer": "We nemen contact op." });
        let ok = app.api_post(&format!("/api/v1/referrals/{rid}/answer"), &token, answer).await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);

        // Nothing else: not its own data, not what its partner role would reach.
        for path in ["/api/v1/me/intake", "/api/v1/places/WK960102/emergency-requests", "/api/v1/me/export"] {
            assert_eq!(get(&app, path, &token).await.status, StatusCode::UNAUTHORIZED, "{path}");
        }
        let onward = json!({ "organisationId": woon, "reason": "Verder" });
        let refer = app.api_post(&format!("/api/v1/intakes/{id}/referrals"), &token, onward).await;
        assert_eq!(refer.status, StatusCode::UNAUTHORIZED, "referring onwards is the luisterloket's");

        // Fatima sees the connection's read under its name.
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let log = get(&app, "/api/v1/me/access-log", &fatima).await.json();
        assert!(
            log["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["actorName"] == "Koppeling Woonstichting Lindenhoven")
        );
    }
}

#[tokio::test]
async fn what_professionals_write_the_resident_reads_and_answers() {
    for app in apps().await {
        let [fatima, karim, karin] = [
            token_for(&app, "fatima@demo.wijkwerk.nl").await,
            token_for(&app, "karim@demo.wijkwerk.nl").await,
            token_for(&app, "karin@demo.wijkwerk.nl").await,
        ];
        let mine = get(&app, "/api/v1/me/intake", &fatima).await.json();
        let notes = mine["notes"].as_array().unwrap();
        assert_eq!(notes.len(), 1, "{}", app.label());
        assert_eq!(
            (notes[0]["authorName"].clone(), notes[0]["domain"].clone()),
            (json!("Ahmed Yilmaz"), json!("geld"))
        );
        assert!(notes[0]["reply"].as_str().unwrap().contains("drie, niet twee"));

        // The woonstichting writes on housing only, which she shares with it.
        let id = back_id(&app, "fatima@demo.wijkwerk.nl").await;
        let path = format!("/api/v1/intakes/{id}/notes");
        let not_shared = app.api_post(&path, &karin, json!({ "domain": "geld", "text": "Huurschuld" })).await;
        assert_eq!(not_shared.invalid_names(), ["domain"]);
        let body = json!({ "domain": "wonen", "text": "Betalingsregeling voor de huur: 50 euro per maand." });
        let made = app.api_post(&path, &karin, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let nid = made.json()["id"].as_str().unwrap().to_string();

        // Each organisation sees its own notes; the resident sees all and answers.
        let mut ahmed = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        let his = ahmed.get(&app, &format!("/luisterloket/intakes/{id}")).await;
        assert!(
            his.body.contains("open rekeningen") && !his.body.contains("50 euro per maand"),
            "{}",
            app.label()
        );
        let reply = format!("/api/v1/me/intake/notes/{nid}/reply");
        let empty = app.api_put(&reply, &fatima, json!({ "reply": " " })).await;
        assert_eq!(empty.invalid_names(), ["reply"]);
        let ok = app.api_put(&reply, &fatima, json!({ "reply": "Dat lukt, vanaf januari." })).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        assert_eq!(app.api_put(&reply, &karim, json!({ "reply": "x" })).await.status, StatusCode::NOT_FOUND);
        let mut karin_page = Browser::sign_in(&app, "karin@demo.wijkwerk.nl").await;
        let theirs = karin_page.get(&app, &format!("/luisterloket/intakes/{id}")).await;
        assert!(theirs.body.contains("Dat lukt, vanaf januari.") && !theirs.body.contains("open rekeningen"));
        let export = get(&app, "/api/v1/me/export", &fatima).await.json();
        assert_eq!(export["intakeNotes"].as_array().unwrap().len(), 2, "both notes are in her export");
    }
}
