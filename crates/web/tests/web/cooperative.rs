//! The wijk cooperative and its marketplace through the API, on every
//! engine: the demo's cooperative in public numbers, posting with every
//! field named when wrong, members only (a professional posts for a
//! resident only with consent, and the resident sees it), an agreement from
//! proposal to hours both sides confirmed, the hours moved once, and an
//! agreement hidden from everyone but its two sides.

use super::*;

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Reply {
    api(app, Method::GET, path, token, None).await
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Reply {
    app.api_post(path, token, body).await
}

#[tokio::test]
async fn a_request_becomes_an_agreement_and_its_hours_move_once() {
    for app in apps().await {
        let [fatima, karim, ahmed, sanne, joost] = [
            token_for(&app, "fatima@demo.wijkwerk.nl").await,
            token_for(&app, "karim@demo.wijkwerk.nl").await,
            token_for(&app, "ahmed@demo.wijkwerk.nl").await,
            token_for(&app, "sanne@demo.wijkwerk.nl").await,
            token_for(&app, "joost@demo.wijkwerk.nl").await,
        ];
        let coop = get(&app, "/api/v1/places/WK960102/cooperative", None).await;
        assert_eq!(coop.status, StatusCode::OK, "{}", coop.body);
        let c = coop.json();
        assert_eq!(
            (c["members"].clone(), c["teams"][0]["members"].clone()),
            (json!(60), json!(6)),
            "{}",
            app.label()
        );
        assert_eq!(c["board"].as_array().unwrap().len(), 3);
        assert_eq!(
            (c["hoursTransfers"].clone(), c["hoursMinutes"].clone()),
            (json!(11), json!(960)),
            "ten agreements in Oosterpark and one helped from Centrum"
        );
        assert!(!coop.body.contains("@"), "no e-mail addresses in public");

        let list = get(&app, "/api/v1/places/WK960102/market-posts", Some(&fatima)).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.json()["posts"].as_array().unwrap().len(), 30);
        // The next page follows on from the last post of this one, without overlap.
        let next = list.json()["next"].as_str().unwrap().to_string();
        let path = format!("/api/v1/places/WK960102/market-posts?before={}", next.replace(':', "%3A"));
        let second = get(&app, &path, Some(&fatima)).await;
        assert_eq!(second.status, StatusCode::OK, "{}", second.body);
        let first_ids: Vec<Value> =
            list.json()["posts"].as_array().unwrap().iter().map(|p| p["id"].clone()).collect();
        let second_posts = second.json()["posts"].as_array().unwrap().clone();
        assert!(!second_posts.is_empty() && second_posts.iter().all(|p| !first_ids.contains(&p["id"])));
        assert_eq!(
            first_ids.len() + second_posts.len(),
            44,
            "all open posts of Oosterpark and Centrum, its ally"
        );
        assert!(second.json()["next"].is_null());
        let bad = get(&app, "/api/v1/places/WK960102/market-posts?before=gisteren", Some(&fatima)).await;
        assert_eq!(bad.invalid_names(), ["before"]);
        let offers =
            get(&app, "/api/v1/places/WK960102/market-posts?kind=offer&q=fiets", Some(&fatima)).await;
        let titles: Vec<String> = offers.json()["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().into())
            .collect();
        assert_eq!(titles, ["Fietsen repareren"]);

        // Every wrong field named; then Fatima asks for help with her balcony.
        let path = "/api/v1/places/WK960102/market-posts";
        let bad =
            post(&app, path, &fatima, json!({ "kind": "swap", "buurt": "BU96010101", "daysOpen": 400 }))
                .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(
            bad.invalid_names(),
            ["kind", "title", "description", "domain", "reward", "daysOpen", "buurt"]
        );
        let body = json!({ "kind": "request", "title": "Balkon opruimen", "description": "Veel spullen, ik til niet zwaar.",
            "domain": "huishouden-en-zorg", "buurt": "BU96010201", "when": "zaterdag", "reward": "hours",
            "skills": ["sjouwen"] });
        let made = post(&app, path, &fatima, body.clone()).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let post_id = made.json()["id"].as_str().unwrap().to_string();
        let view = get(&app, &format!("/api/v1/market-posts/{post_id}"), Some(&fatima)).await;
        let suggested: Vec<String> = view.json()["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["post"]["kind"].as_str().unwrap().to_string())
            .collect();
        assert!(!suggested.is_empty() && suggested.iter().all(|k| *k == "offer"), "{suggested:?}");

        // Not a member: refused. A professional for a resident: only with consent.
        assert_eq!(post(&app, path, &sanne, body.clone()).await.status, StatusCode::FORBIDDEN);
        let mut for_her = body.clone();
        for_her["resident"] = json!("fatima@demo.wijkwerk.nl");
        assert_eq!(post(&app, path, &ahmed, for_her.clone()).await.invalid_names(), ["consent"]);
        for_her["consent"] = json!(true);
        let placed = post(&app, path, &ahmed, for_her).await;
        assert_eq!(placed.json()["postedByName"], "Ahmed Yilmaz", "{}", placed.body);
        let mine = get(&app, "/api/v1/me/marketplace", Some(&fatima)).await;
        assert!(
            mine.json()["posts"].as_array().unwrap().iter().any(|p| p["onMyBehalf"] == true),
            "{}",
            mine.body
        );
        // She can take it down herself; nobody else but the professional can.
        let placed_id = placed.json()["id"].as_str().unwrap().to_string();
        let withdrawal = format!("/api/v1/market-posts/{placed_id}/withdrawal");
        assert_eq!(post(&app, &withdrawal, &karim, json!({})).await.status, StatusCode::NOT_FOUND);
        let renewal = format!("/api/v1/market-posts/{placed_id}/renewal");
        assert_eq!(
            post(&app, &renewal, &fatima, json!({ "daysOpen": 400 })).await.invalid_names(),
            ["daysOpen"]
        );
        let gone = post(&app, &withdrawal, &fatima, json!({})).await;
        assert_eq!(gone.json()["status"], "withdrawn", "{}", gone.body);
        assert_eq!(post(&app, &withdrawal, &fatima, json!({})).await.status, StatusCode::CONFLICT);

        // Karim offers to help; Fatima accepts; both confirm the hours.
        let before =
            get(&app, "/api/v1/me/marketplace", Some(&karim)).await.json()["balance"].as_i64().unwrap();
        let answer = format!("/api/v1/market-posts/{post_id}/agreements");
        let wrong = post(&app, &answer, &karim, json!({ "what": "", "when": "za", "minutes": 45 })).await;
        assert_eq!(wrong.invalid_names(), ["what", "minutes"]);
        let own = post(&app, &answer, &fatima, json!({ "what": "x", "when": "y", "minutes": 60 })).await;
        assert_eq!(own.status, StatusCode::CONFLICT);
        let proposed =
            post(&app, &answer, &karim, json!({ "what": "Balkon leeg", "when": "za 10 uur", "minutes": 90 }))
                .await;
        assert_eq!(proposed.status, StatusCode::CREATED, "{}", proposed.body);
        let id = proposed.json()["id"].as_str().unwrap().to_string();
        let agreement = format!("/api/v1/market-agreements/{id}");
        assert_eq!(get(&app, &agreement, Some(&joost)).await.status, StatusCode::NOT_FOUND);
        let self_answer = post(&app, &format!("{agreement}/answer"), &karim, json!({ "accept": true })).await;
        assert_eq!(self_answer.status, StatusCode::CONFLICT, "the proposer does not answer");
        let accepted = post(&app, &format!("{agreement}/answer"), &fatima, json!({ "accept": true })).await;
        assert_eq!(accepted.json()["agreement"]["status"], "agreed", "{}", accepted.body);
        let hours = format!("{agreement}/hours");
        post(&app, &hours, &karim, json!({ "minutes": 90, "thanks": "Graag gedaan" })).await;
        let differs = post(&app, &hours, &fatima, json!({ "minutes": 60 })).await;
        assert_eq!(differs.json()["confirmation"]["state"], "differs", "{}", differs.body);
        let done = post(&app, &hours, &fatima, json!({ "minutes": 90, "thanks": "Dank je wel!" })).await;
        assert_eq!(done.json()["confirmation"], json!({ "state": "agreed", "minutes": 90 }), "{}", done.body);
        let again = post(&app, &hours, &fatima, json!({ "minutes": 90, "thanks": "Dank je wel!" })).await;
        assert_eq!(again.status, StatusCode::CREATED, "the same word again changes nothing");
        let after =
            get(&app, "/api/v1/me/marketplace", Some(&karim)).await.json()["balance"].as_i64().unwrap();
        assert_eq!(after - before, 90, "{}", app.label());
        let closed = get(&app, &format!("/api/v1/market-posts/{post_id}"), Some(&fatima)).await;
        assert_eq!(closed.json()["post"]["status"], "closed");
    }
}

#[tokio::test]
async fn allied_wijken_see_each_others_posts_and_the_desk_serves_initiatives() {
    for app in apps().await {
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let found = get(&app, "/api/v1/places/WK960102/market-posts?q=mentor", Some(&fatima)).await;
        let posts = found.json()["posts"].as_array().unwrap().clone();
        assert_eq!(posts.len(), 1, "{}: {}", app.label(), found.body);
        assert_eq!(posts[0]["placeCode"], "WK960101", "Centrum's mentor is seen in Oosterpark, its ally");

        // The alliance is public; one exchange is fewer than the minimum, so no number.
        let coop = get(&app, "/api/v1/places/WK960102/cooperative", None).await.json();
        assert_eq!(coop["partners"].as_array().unwrap().len(), 5);
        let alliance = coop["alliances"][0]["id"].as_str().unwrap().to_string();
        let mut visitor = Browser::default();
        let page = visitor.get(&app, &format!("/allianties/{alliance}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Coöperatie Centrum Werkt") && page.body.contains("minder dan"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("1,5"), "the hours of one transfer are not shown");

        // Proposing needs wijken with a cooperative; only those who run it may.
        let mut petra = Browser::sign_in(&app, "petra@demo.wijkwerk.nl").await;
        petra.get(&app, "/plaatsen/WK960102/cooperatie").await;
        let fields = [
            ("allianceName", "Samen"),
            ("alliancePurpose", "Leren"),
            ("allianceOffers", "Uren"),
            ("allianceInvited", "WK960103"),
        ];
        let refused = petra.post(&app, "/plaatsen/WK960102/cooperatie/allianties", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("allianceInvited-error"), "{}", refused.body);
        let mut sanne = Browser::sign_in(&app, "sanne@demo.wijkwerk.nl").await;
        sanne.get(&app, "/plaatsen/WK960102/cooperatie").await;
        let denied = sanne.post(&app, "/plaatsen/WK960102/cooperatie/allianties", &fields).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        // The desk: Fatima sees her own request, the coach nothing; the chair answers.
        let mut her = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let desk = her.get(&app, "/plaatsen/WK960102/cooperatie/loket").await;
        assert!(desk.body.contains("Moestuinbakken bij De Linde"), "{}", desk.body);
        let id = desk.body.split("/loket/").nth(1).map(|s| s[..36].to_string());
        assert!(id.is_none(), "Fatima cannot handle requests");
        let hers = sanne.get(&app, "/plaatsen/WK960102/cooperatie/loket").await;
        assert!(!hers.body.contains("Moestuinbakken"), "a coach who does not run the cooperative sees none");
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let desk = karim.get(&app, "/plaatsen/WK960102/cooperatie/loket").await;
        let id = desk
            .body
            .split("action=\"/loket/")
            .nth(1)
            .map(|s| s[..36].to_string())
            .expect("the chair handles");
        assert_eq!(
            sanne.post(&app, &format!("/loket/{id}"), &[("status", "done")]).await.status,
            StatusCode::NOT_FOUND
        );
        let no_answer =
            karim.post(&app, &format!("/loket/{id}"), &[("status", "done"), ("answer", "")]).await;
        assert_eq!(no_answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = karim
            .post(
                &app,
                &format!("/loket/{id}"),
                &[("status", "done"), ("answer", "Verantwoording ingediend.")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let after = her.get(&app, "/plaatsen/WK960102/cooperatie/loket").await;
        assert!(after.body.contains("Verantwoording ingediend."));
        let export = get(&app, "/api/v1/me/export", Some(&fatima)).await;
        assert_eq!(export.json()["serviceRequests"][0]["status"], "done", "{}", app.label());
    }
}
