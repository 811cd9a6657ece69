//! The sociale kaart, HSDS, the wijkplan and vraag en aanbod.

use super::*;
use crate::surveys::*;

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
async fn residents_put_their_own_initiative_on_the_map_for_review() {
    for app in apps().await {
        // Fatima keeps no organisation: the form asks for her initiative's name.
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let form = fatima.get(&app, "/sociale-kaart/nieuw").await;
        assert_eq!(form.status, StatusCode::OK, "{}", app.label());
        assert!(form.body.contains("name=\"initiative\""), "{}", app.label());
        let mut entry = vec![
            ("organisation", "new"),
            ("initiative", ""),
            ("name", "Naaiclub Het Veld"),
            ("kind", "informal"),
            ("status", "active"),
            ("domains", "sociaal-leven"),
            ("areas", NOORD),
            ("opening_hours", "maandag 19:00-21:00 in het buurthuis"),
        ];
        let reply = fatima.post(&app, "/sociale-kaart/nieuw", &entry).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: the initiative needs a name",
            app.label()
        );
        assert!(reply.body.contains("id=\"initiative-error\""), "{}", app.label());
        entry[1] = ("initiative", "Naaiclub Het Veld");
        let reply = fatima.post(&app, "/sociale-kaart/nieuw", &entry).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), reply.body);
        let id = reply.location().trim_start_matches("/sociale-kaart/").to_string();
        // Not public until the coördinator approves it; she sees it waiting.
        let search = Browser::default().get(&app, "/sociale-kaart?q=naaiclub").await;
        assert!(!search.body.contains("Naaiclub Het Veld"), "{}", app.label());
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        assert!(petra.get(&app, "/sociale-kaart/beheer").await.body.contains("Naaiclub Het Veld"));
        // Fatima keeps it: she may change it; another resident may not.
        assert_eq!(fatima.get(&app, &format!("/sociale-kaart/{id}/bewerken")).await.status, StatusCode::OK);
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        assert_eq!(
            karim.get(&app, &format!("/sociale-kaart/{id}/bewerken")).await.status,
            StatusCode::FORBIDDEN
        );
        // Her export names it; erasing her leaves the club on the map, without her.
        let me = app.person_id(email_of(Role::Bewoner)).await;
        let export = app.store.export_person(&me).await.unwrap();
        assert_eq!(export.kept_initiatives.len(), 1, "{}", app.label());
        assert_eq!(export.kept_initiatives[0].organisation, "Naaiclub Het Veld");
        app.store.erase_person(&me).await.unwrap();
        let org = app.store.service(&id).await.unwrap().expect("the entry stays").summary.organisation_id;
        assert!(app.store.organisation(&org).await.unwrap().is_some());
        assert!(app.store.organisations_of(&me).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_search_for_a_need_finds_what_helps_with_it() {
    for app in apps().await {
        // No entry says "eenzaam", but the buurtmaaltijd and the koffieochtend help.
        let page = Browser::default().get(&app, "/sociale-kaart?q=eenzaam").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Buurtmaaltijd") && page.body.contains("Koffieochtend"),
            "{}",
            app.label()
        );
        assert!(
            page.body.contains("Familie en vrienden"),
            "{}: the page says which need it searched",
            app.label()
        );
        // A word that finds entries by itself is searched as typed.
        let page = Browser::default().get(&app, "/sociale-kaart?q=naaiclub").await;
        assert!(page.body.contains("Naaiclub") && !page.body.contains("Geen aanbod met het woord"));
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
async fn the_wijkplan_api_writes_through_the_same_rules_as_its_page() {
    for app in apps().await {
        let label = app.label();
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let base = "/api/v1/places/WK960102/wijkplan";
        let goals_before = app.store.wijkplan("WK960102").await.unwrap().unwrap().goals.len();
        // Every wrong field listed at once, and nothing saved.
        let bad =
            json!({ "title": "", "indicator": "", "baseline": "veel", "target": 5, "targetDate": "morgen" });
        let reply = app.api_post(&format!("{base}/goals"), &petra, bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {}", reply.body);
        assert_eq!(reply.invalid_names(), ["title", "indicator", "baseline", "targetDate"], "{label}");
        assert_eq!(app.store.wijkplan("WK960102").await.unwrap().unwrap().goals.len(), goals_before);

        let goal = json!({ "title": "Minder eenzaamheid", "indicator": "Eenzaam (GGD)", "unit": "procent",
            "baseline": 48, "target": 40, "targetDate": "2028-12-31" });
        let reply = app.api_post(&format!("{base}/goals"), &petra, goal).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        let created = reply.json();
        assert_eq!(
            (created["baseline"].as_f64(), created["progressPercent"].clone()),
            (Some(48.0), Value::Null)
        );
        let goal_id = created["id"].as_str().unwrap().to_string();

        let who = json!({ "who": "iedereen", "name": "", "what": "Koffie-ochtenden" });
        let reply = app.api_post(&format!("{base}/goals/{goal_id}/contributions"), &petra, who).await;
        assert_eq!(reply.invalid_names(), ["who", "name"], "{label}");
        let who = json!({ "who": "bewoners", "name": "Buurthuis De Linde", "what": "Koffie-ochtenden" });
        let reply = app.api_post(&format!("{base}/goals/{goal_id}/contributions"), &petra, who).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        assert_eq!(reply.json()["contributions"][0]["name"], "Buurthuis De Linde");

        // 48 → 44 of the way to 40 is half way, as on the page.
        let measured = json!({ "measuredOn": "2026-11-01", "value": 44, "note": "Gezondheidsmonitor" });
        let reply = app.api_post(&format!("{base}/goals/{goal_id}/measurements"), &petra, measured).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        assert_eq!(reply.json()["progressPercent"], 50, "{label}");
        let page = Browser::default().get(&app, "/plaatsen/WK960102/wijkplan").await;
        assert!(page.body.contains("Minder eenzaamheid") && page.body.contains("50 procent"), "{label}");

        // A goal of no plan, or of another wijk's plan, is not there.
        let measured = json!({ "measuredOn": "2026-11-01", "value": 44 });
        for path in [
            format!("{base}/goals/0190f0f0-0000-7000-8000-00000000abcd/measurements"),
            format!("/api/v1/places/WK960101/wijkplan/goals/{goal_id}/measurements"),
        ] {
            let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
            let reply = app.api_post(&path, &gemeente, measured.clone()).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{label}: {path}: {}", reply.body);
        }
        // The coördinator of one wijk does not write another's; a resident none.
        let ambition = json!({ "ambition": "Samen een groene, veilige wijk", "description": "" });
        let reply = app.api_put("/api/v1/places/WK960101/wijkplan", &petra, ambition.clone()).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{label}: {}", reply.body);
        let fatima = token_for(&app, email_of(Role::Bewoner)).await;
        let reply = app.api_put(base, &fatima, ambition.clone()).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{label}");
        // The gemeente, above the wijk, makes Centrum's first plan.
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let reply = app.api_put("/api/v1/places/WK960101/wijkplan", &gemeente, ambition).await;
        assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.body);
        assert_eq!(
            (reply.json()["ambition"].as_str(), reply.json()["goals"].clone()),
            (Some("Samen een groene, veilige wijk"), json!([]))
        );
        let read = api(&app, Method::GET, "/api/v1/places/WK960101/wijkplan", None, None).await;
        assert_eq!(read.json()["ambition"], "Samen een groene, veilige wijk", "{label}");
    }
}

#[tokio::test]
async fn demand_and_supply_come_from_surveys_and_the_map() {
    for app in apps().await {
        let json = api(&app, Method::GET, "/api/v1/places/WK960102/demand-supply", None, None).await.json();
        let respondents = json["respondents"].as_u64().unwrap();
        assert!(
            respondents.abs_diff(302) <= 2,
            "{}: the demo survey's 302, perturbed: {respondents}",
            app.label()
        );
        let row =
            |d: &str| json["domains"].as_array().unwrap().iter().find(|r| r["domain"] == d).unwrap().clone();
        // Every demand figure is a shown count or hidden, never under the minimum.
        for r in json["domains"].as_array().unwrap() {
            assert!(r["demand"].is_null() || r["demand"] == 0 || r["demand"].as_u64().unwrap() >= 10, "{r}");
        }
        assert!(
            row("werk")["demand"].as_u64().unwrap() > row("slaap-en-verzorging")["demand"].as_u64().unwrap()
        );
        // The cooperative's open requests and offers beside them, per domain:
        // the demo's 40 open posts, and the team's offer.
        let market = json["market"].as_array().unwrap();
        let open: i64 =
            market.iter().map(|m| m["requests"].as_i64().unwrap() + m["offers"].as_i64().unwrap()).sum();
        assert_eq!(open, 41, "{}", app.label());
        let care = market.iter().find(|m| m["domain"] == "huishouden-en-zorg").unwrap();
        assert!(care["requests"].as_i64().unwrap() > 0 && care["offers"].as_i64().unwrap() > 0, "{care}");
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
