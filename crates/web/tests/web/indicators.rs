//! Figures and effects: the CBS import (JSON and CSV, shifted keys, missing
//! values), the public figures, the gemeente's dashboard, the 0-meting,
//! targets and values entered by hand, the maps and the money, on pages and
//! in the API.

use super::*;

const OOSTERPARK: &str = "WK960102";

fn indicator<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["indicators"].as_array().unwrap().iter().find(|i| i["indicator"] == code).unwrap()
}

#[tokio::test]
async fn the_demo_tables_import_through_their_metadata_and_keep_missing_values_missing() {
    for app in apps().await {
        // The demo imported three years; import them again and read what the reports say.
        let reports =
            wijkwerk_app::indicators::import_cbs(&app.store, wijkwerk_app::demo::cbs_tables(), &mut |_| {})
                .await
                .unwrap();
        let years: Vec<&str> = reports.iter().map(|r| r.year.as_str()).collect();
        assert_eq!(years, ["2022", "2023", "2024"], "{}", app.label());
        let woz = |i: usize| reports[i].matched.iter().find(|(c, _)| c == "woz").unwrap().1.clone();
        // The WOZ column moved from _35 to _39; both are found.
        assert_eq!(woz(0), "GemiddeldeWOZWaardeVanWoningen_35");
        assert_eq!(woz(2), "GemiddeldeWOZWaardeVanWoningen_39");
        assert_eq!(reports[2].boundary_changes, 2);
        assert_eq!(reports[0].count.places_created, 0, "the places exist already");
        assert!(reports.iter().all(|r| r.missing_values > 0 && r.unmatched.is_empty()));
        // Het Veld (45 inhabitants): CBS keeps its income secret; it stays null, never 0.
        let p = api(&app, Method::GET, "/api/v1/places/BU96010204/indicators", None, None).await;
        assert_eq!(p.status, StatusCode::OK);
        let income = indicator(&p.json(), "inkomen").clone();
        assert!(income["series"].as_array().unwrap().iter().all(|s| s["value"].is_null()), "{income}");
        let residents = indicator(&p.json(), "inwoners").clone();
        assert!(residents["latest"]["value"].as_f64().unwrap() > 0.0);
    }
}

#[tokio::test]
async fn a_wijk_shows_its_change_since_the_baseline_against_the_rest_of_the_city() {
    for app in apps().await {
        let p = api(&app, Method::GET, &format!("/api/v1/places/{OOSTERPARK}/indicators"), None, None).await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        let json = p.json();
        assert_eq!(json["baselineYear"], "2022");
        // CBS's three years, and this year's week tests and coins.
        assert_eq!(json["years"].as_array().unwrap()[..3], [json!("2022"), json!("2023"), json!("2024")]);
        let low = indicator(&json, "laag-inkomen");
        assert_eq!(low["latestYear"], "2024");
        assert_eq!(low["effect"]["conclusion"], "better", "{low}");
        let wijk_change = low["effect"]["wijkChange"].as_f64().unwrap();
        let rest_change = low["effect"]["restChange"].as_f64().unwrap();
        assert!(wijk_change < -1.0 && rest_change.abs() < 0.5, "{low}");
        assert_eq!(low["target"]["value"], 11.0);
        // A poll carries its margin; De Beemden's new boundaries carry no conclusion.
        let safe = indicator(&json, "veilig-gevoel");
        assert!(safe["effect"]["margin"].as_f64().unwrap() > 5.0, "{safe}");
        let beemden = api(&app, Method::GET, "/api/v1/places/WK960104/indicators", None, None).await.json();
        assert_eq!(indicator(&beemden, "laag-inkomen")["effect"]["conclusion"], "boundary-changed");
        assert_eq!(indicator(&beemden, "laag-inkomen")["boundaryChanges"], json!(["2024"]));
        // Eikendonk's loneliness rests on 6 and 7 people: hidden, and no conclusion.
        let eikendonk = api(&app, Method::GET, "/api/v1/places/WK960105/indicators", None, None).await.json();
        let lonely = indicator(&eikendonk, "eenzaamheid");
        assert!(lonely["latest"]["value"].is_null(), "{lonely}");
        assert_eq!(lonely["effect"]["conclusion"], "too-little-data");

        // The page says it in words, and works for a visitor.
        let page = Browser::default().get(&app, &format!("/plaatsen/{OOSTERPARK}/cijfers")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("In Oosterpark daalde het van"), "{}", app.label());
        assert!(page.body.contains("Dat is beter dan in de rest van de stad."));
        assert!(page.body.contains("De 0-meting is van 2022."));
        assert!(!page.body.contains("/effecten\""), "no dashboard link for a visitor");
        let het_veld = Browser::default().get(&app, "/plaatsen/BU96010204/cijfers").await;
        assert!(het_veld.body.contains("Niet bekend of geheim"));
    }
}

#[tokio::test]
async fn only_the_gemeente_reads_the_dashboard_and_fixes_the_baseline() {
    for app in apps().await {
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let landelijk = token_for(&app, email_of(Role::Landelijk)).await;
        let coordinator = token_for(&app, email_of(Role::Coordinator)).await;
        // Asked for a wijk, the dashboard is its gemeente's.
        let d =
            api(&app, Method::GET, &format!("/api/v1/places/{OOSTERPARK}/effects"), Some(&gemeente), None)
                .await;
        assert_eq!(d.status, StatusCode::OK, "{}", d.body);
        assert_eq!(d.json()["code"], "GM9601");
        assert_eq!(d.json()["wijken"].as_array().unwrap().len(), 5);
        // Oosterpark's wijkplan goals come along, measured by the wijk: how far, no effect.
        let oosterpark =
            d.json()["wijken"].as_array().unwrap().iter().find(|w| w["code"] == OOSTERPARK).cloned().unwrap();
        let goals = oosterpark["planGoals"].as_array().unwrap();
        assert_eq!(goals.len(), 3, "{oosterpark}");
        // CO₂: from 8,200 ton to 0; measured last at 6,900 on 2026-07-01.
        assert_eq!(goals[0]["latest"], json!({ "date": "2026-07-01", "value": 6900.0 }));
        assert_eq!(goals[0]["progressPercent"], ((8200.0 - 6900.0) / 8200.0 * 100.0_f64).round() as i64);
        let centrum =
            d.json()["wijken"].as_array().unwrap().iter().find(|w| w["code"] == "WK960101").cloned().unwrap();
        assert_eq!(centrum["planGoals"], json!([]), "Centrum has no wijkplan");
        let l = api(&app, Method::GET, "/api/v1/places/GM9601/effects", Some(&landelijk), None).await;
        assert_eq!(l.status, StatusCode::OK);
        let c = api(&app, Method::GET, "/api/v1/places/GM9601/effects", Some(&coordinator), None).await;
        assert_eq!(c.status, StatusCode::FORBIDDEN);

        // Bad input: every field named, nothing changed.
        let bad = app
            .api_post(
                "/api/v1/places/WK960101/targets",
                &gemeente,
                json!({
            "indicator": "geluk", "target": "veel", "year": "ooit" }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let names: Vec<String> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["indicator", "target", "year"]);
        let no_year =
            app.api_post("/api/v1/places/WK960101/baseline", &gemeente, json!({ "year": "2019" })).await;
        assert_eq!(no_year.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(no_year.json()["invalidParams"][0]["code"], "year-without-data");
        let cbs_by_hand = app
            .api_post(
                "/api/v1/places/WK960101/indicator-values",
                &gemeente,
                json!({
            "indicator": "inwoners", "year": "2024", "value": 1, "source": "geteld" }),
            )
            .await;
        assert_eq!(cbs_by_hand.json()["invalidParams"][0]["code"], "indicator-not-manual");

        // Fixing Centrum's baseline on 2023 moves its effect to "since 2023".
        let fixed =
            app.api_post("/api/v1/places/WK960101/baseline", &gemeente, json!({ "year": "2023" })).await;
        assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.body);
        let centrum = api(&app, Method::GET, "/api/v1/places/WK960101/indicators", None, None).await.json();
        assert_eq!(centrum["baselineYear"], "2023");
        // Landelijk reads, but does not fix.
        let refused =
            app.api_post("/api/v1/places/WK960101/baseline", &landelijk, json!({ "year": "2022" })).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // It is in the audit trail.
        let trail = app.store.audit_trail("WK960101", 50).await.unwrap();
        assert!(trail.iter().any(|e| e.action == "baseline.fixed"), "{trail:?}");

        // A value from a poll entered on the page, with its respondents.
        let mut ellen = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let page = ellen.get(&app, "/plaatsen/GM9601/effecten?indicator=veilig-gevoel").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("0-meting vastleggen"));
        let wrong = ellen
            .post(
                &app,
                "/plaatsen/GM9601/effecten/waarden",
                &[
                    ("place", "WK960103"),
                    ("indicator", "veilig-gevoel"),
                    ("year", ""),
                    ("value", "82"),
                    ("respondents", "140"),
                    ("source", ""),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("id=\"year-error\"") && wrong.body.contains("id=\"source-error\""));
        let saved = ellen
            .post(
                &app,
                "/plaatsen/GM9601/effecten/waarden",
                &[
                    ("place", "WK960103"),
                    ("indicator", "veilig-gevoel"),
                    ("year", "2025"),
                    ("value", "82,5"),
                    ("respondents", "140"),
                    ("source", "Eigen peiling 2025"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let molenwijk = api(&app, Method::GET, "/api/v1/places/WK960103/indicators", None, None).await.json();
        let safe = indicator(&molenwijk, "veilig-gevoel");
        assert_eq!(safe["latestYear"], "2025");
        assert_eq!(safe["latest"], json!({ "value": 82.5, "respondents": 140 }));
    }
}

#[tokio::test]
async fn one_indicator_compares_over_every_wijk() {
    for app in apps().await {
        let r =
            api(&app, Method::GET, "/api/v1/indicators/laag-inkomen/places?year=2024&level=wijk", None, None)
                .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let items = r.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 5);
        assert!(items.iter().any(|i| i["code"] == OOSTERPARK && i["value"].as_f64().is_some()));
        let bad = api(
            &app,
            Method::GET,
            "/api/v1/indicators/veilig-gevoel/places?year=twee&level=land",
            None,
            None,
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let catalogue = api(&app, Method::GET, "/api/v1/indicators", None, None).await;
        assert!(catalogue.json()["items"].as_array().unwrap().len() >= 15);
    }
}

#[tokio::test]
async fn boundaries_import_from_geojson_and_draw_the_map() {
    for app in apps().await {
        // The demo's made-up boundaries are in: the gemeente page draws its wijken.
        let page = Browser::default().get(&app, "/plaatsen/GM9601/cijfers?kaart=arbeidsparticipatie").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("<path d=\"M").count(), 5, "{}", app.label());
        assert!(page.body.contains("Mensen met betaald werk per plek op de kaart"));
        // A feature of an unknown place is left out and counted; one that is not an area stops it all.
        let doc = json!({ "type": "FeatureCollection", "features": [
            { "type": "Feature", "properties": { "statcode": "BU96010101" },
              "geometry": { "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
            { "type": "Feature", "properties": { "statcode": "BU00000000" },
              "geometry": { "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
        ]});
        let r = wijkwerk_app::indicators::import_shapes(&app.store, "t.geojson", &doc.to_string(), "test")
            .await
            .unwrap();
        assert_eq!((r.features, r.imported, r.unknown), (2, 1, 1));
        let bad = json!({ "type": "FeatureCollection", "features": [
            { "type": "Feature", "properties": { "statcode": "BU96010102" }, "geometry": { "type": "Point", "coordinates": [0, 0] } },
        ]});
        let err = wijkwerk_app::indicators::import_shapes(&app.store, "t.geojson", &bad.to_string(), "test")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("feature 1: Point is not an area"), "{err}");
        assert_eq!(app.store.shapes_under("WK960101", 1).await.unwrap().len(), 3, "nothing changed");
    }
}

#[tokio::test]
async fn week_test_figures_hide_small_wijken_and_the_gemeente_total_does_not_give_them_away() {
    for app in apps().await {
        let get = |code: &str| {
            let path = format!("/api/v1/places/{code}/indicators");
            let app = &app;
            async move { api(app, Method::GET, &path, None, None).await }
        };
        let oosterpark = get(OOSTERPARK).await.json();
        let werk = indicator(&oosterpark, "weektest-werk").clone();
        let n = werk["latest"]["respondents"].as_u64().unwrap();
        assert!(n >= 10, "{}: {werk}", app.label());
        assert!(
            werk["baseline"]["value"].as_f64().unwrap() > werk["latest"]["value"].as_f64().unwrap(),
            "{werk}"
        );
        assert!(werk["effect"]["margin"].as_f64().is_some(), "a share of people asked has a margin: {werk}");
        // Eikendonk has fewer than ten residents with a week test: hidden.
        let eikendonk = get("WK960105").await.json();
        let small = indicator(&eikendonk, "weektest-werk");
        assert!(small["latest"]["value"].is_null(), "{small}");
        let may_2024 = small["series"].as_array().unwrap().iter().find(|s| s["year"] == "2024").unwrap();
        assert!(may_2024["value"].is_null() && may_2024["respondents"].as_u64().unwrap() < 10, "{small}");
        // The gemeente's figure counts only the wijken that are shown.
        let mut shown = 0;
        for wijk in ["WK960101", "WK960102", "WK960103", "WK960104", "WK960105"] {
            let w = get(wijk).await.json();
            let latest = &indicator(&w, "weektest-werk")["latest"];
            if latest["value"].is_number() {
                shown += latest["respondents"].as_u64().unwrap();
            }
        }
        let gemeente = get("GM9601").await.json();
        assert_eq!(indicator(&gemeente, "weektest-werk")["latest"]["respondents"].as_u64(), Some(shown));
    }
}

#[tokio::test]
async fn the_money_of_a_wijk_shows_where_it_comes_from_and_what_it_achieved() {
    for app in apps().await {
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let m = api(
            &app,
            Method::GET,
            &format!("/api/v1/places/{OOSTERPARK}/money?year=2024"),
            Some(&gemeente),
            None,
        )
        .await;
        assert_eq!(m.status, StatusCode::OK, "{}", m.body);
        let m = m.json();
        let payer =
            |p: &str| m["byPayer"].as_array().unwrap().iter().find(|x| x["payer"] == p).cloned().unwrap();
        assert_eq!(payer("corporatie")["spentCents"], 4_000_000);
        assert_eq!(payer("gemeente")["budgetCents"], 19_000_000);
        // Werkcoaches: 172.400 + 185.900 spent since the 0-meting (2022), against a clear rise in work.
        let coaches = m["interventions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == "Werkcoaches in de wijk")
            .unwrap()
            .clone();
        assert_eq!(coaches["spentSinceBaselineCents"], 35_830_000);
        assert_eq!(coaches["conclusion"], "better");
        let per_point = coaches["eurosPerPoint"].as_f64().unwrap();
        let difference = coaches["difference"].as_f64().unwrap();
        assert!((per_point - 358_300.0 / difference.abs()).abs() < 1.0, "{coaches}");

        // The gemeente sees every wijk; a coördinator sees none of it.
        let all = api(&app, Method::GET, "/api/v1/places/GM9601/money?year=2024", Some(&gemeente), None)
            .await
            .json();
        assert_eq!(all["perWijk"].as_array().unwrap().len(), 5);
        let coordinator = token_for(&app, email_of(Role::Coordinator)).await;
        let refused = api(&app, Method::GET, "/api/v1/places/GM9601/money", Some(&coordinator), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // A sheet with a wrong line: every field named by line, nothing written.
        let sheet = "wijk;jaar;soort;betaler;domein;bedrag\nWK960101;2025;besteed;gemeente;werk;100\nWK999999;2025;gift;bank;werk;-3\n";
        let bad =
            app.api_post("/api/v1/places/GM9601/money/sheets", &gemeente, json!({ "sheet": sheet })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let names: Vec<String> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["lines.3.place", "lines.3.kind", "lines.3.payer", "lines.3.amount"]);
        let none = api(&app, Method::GET, "/api/v1/places/WK960101/money?year=2025", Some(&gemeente), None)
            .await
            .json();
        assert_ne!(none["year"], "2025", "nothing of the refused sheet was written");
        // The right sheet, twice: counted once.
        let good = "wijk;jaar;soort;betaler;domein;bedrag\nWK960101;2025;besteed;gemeente;werk;€ 1.000,50\n";
        for _ in 0..2 {
            let ok =
                app.api_post("/api/v1/places/GM9601/money/sheets", &gemeente, json!({ "sheet": good })).await;
            assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
        }
        let centrum =
            api(&app, Method::GET, "/api/v1/places/WK960101/money?year=2025", Some(&gemeente), None)
                .await
                .json();
        assert_eq!(centrum["flows"].as_array().unwrap().len(), 1);
        assert_eq!(centrum["flows"][0]["cents"], 100_050);

        // On the page, with the caveat in words.
        let mut ellen = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let page = ellen.get(&app, &format!("/plaatsen/{OOSTERPARK}/geld?jaar=2024")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("euro per punt zegt niet dat het geld het verschil maakte"));
        let refused =
            ellen.post(&app, &format!("/plaatsen/{OOSTERPARK}/geld/blad"), &[("sheet", sheet)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Regel 3"), "{}", refused.body);
    }
}

#[tokio::test]
async fn the_wijkscan_compares_rounds_by_group_and_suggests_chances() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let rounds = app.store.wijkscan_rounds("GM9601").await.unwrap();
        assert_eq!(rounds.len(), 2, "{}", app.label());
        let r =
            api(&app, Method::GET, &format!("/api/v1/wijkscan/{}", rounds[1].id), Some(&petra), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = r.json();
        assert_eq!(r["all"]["people"], 3);
        let groups: Vec<&str> =
            r["groups"].as_array().unwrap().iter().map(|g| g["group"].as_str().unwrap()).collect();
        assert_eq!(groups, ["wijkcoordinator", "wijkregisseur", "bestuur"]);
        assert_eq!(r["previous"]["id"], json!(rounds[0].id));
        let tasks = r["all"]["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), 10);
        assert_eq!(
            tasks
                .iter()
                .map(|t| t["chances"].as_u64().unwrap() + t["pitfalls"].as_u64().unwrap())
                .sum::<u64>(),
            97
        );
        // The second round sees more chances than the first.
        let chances = |report: &Value| -> f64 {
            report["tasks"].as_array().unwrap().iter().map(|t| t["chancesPresent"].as_f64().unwrap()).sum()
        };
        assert!(chances(&r["all"]) > chances(&r["previous"]["all"]), "{}", r["all"]);
        assert_eq!(r["mine"]["group"], "wijkcoordinator");

        // Petra changes her answer; a wrong group and point are both named.
        let bad = app
            .api_post(
                &format!("/api/v1/wijkscan/{}/answers", rounds[1].id),
                &petra,
                json!({ "group": "baas", "items": [1, 98] }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json()["invalidParams"].as_array().unwrap().len(), 2);
        let ok = app
            .api_post(
                &format!("/api/v1/wijkscan/{}/answers", rounds[1].id),
                &petra,
                json!({ "group": "wijkcoordinator", "items": [8] }),
            )
            .await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
        let after = api(&app, Method::GET, &format!("/api/v1/wijkscan/{}", rounds[1].id), Some(&petra), None)
            .await
            .json();
        assert_eq!(after["mine"]["items"], json!([8]));
        assert_eq!(after["all"]["people"], 3, "an answer again replaces the earlier one");
        // Pitfall 8 (seen by one in three) is not among the suggestions; one seen by half or more is.
        assert!(after["suggestions"].as_array().unwrap().iter().all(|s| s["pitfall"] != 8));

        // Her answer is in her export, and gone when she is erased.
        let export = api(&app, Method::GET, "/api/v1/me/export", Some(&petra), None).await.json();
        assert_eq!(export["wijkscanAnswers"].as_array().unwrap().len(), 2);
        let petra_id = app.person_id(email_of(Role::Coordinator)).await;
        app.store.erase_person(&petra_id).await.unwrap();
        assert_eq!(app.store.wijkscan_answers(&rounds[1].id).await.unwrap().len(), 2);

        // Someone without a role in Lindenhoven cannot see a round.
        let outsider = app
            .store
            .create_account(wijkwerk_domain::person::NewAccount {
                email: "buiten@example.org".into(),
                display_name: "Buiten".into(),
                password: "een lang wachtwoord".into(),
                language: "nl".into(),
                home_place_code: None,
            })
            .await
            .unwrap();
        let token = app.store.create_api_token(&outsider.id, "t").await.unwrap();
        let hidden =
            api(&app, Method::GET, &format!("/api/v1/wijkscan/{}", rounds[1].id), Some(&token), None).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);

        // The page: the report and the form, printable.
        let mut ellen = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let page = ellen.get(&app, &format!("/wijkscan/{}", rounds[1].id)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Er wordt snel besloten (uiterlijk 3 dagen)"));
        assert!(page.body.contains("Wat kunt u doen?"));
    }
}

#[tokio::test]
async fn housing_projects_are_scored_on_broad_prosperity_with_advice() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/GM9601/housing-projects", None, None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let items = list.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 2, "{}", app.label());
        let linde = items.iter().find(|p| p["name"].as_str().unwrap().starts_with("De Linde")).unwrap();
        let molen = items.iter().find(|p| p["name"] == "Molenkwartier").unwrap();
        assert!(linde["total"].as_u64().unwrap() < molen["total"].as_u64().unwrap());
        assert_eq!(linde["themes"].as_array().unwrap().len(), 10);
        let land = api(&app, Method::GET, "/api/v1/places/NL/housing-projects", None, None).await.json();
        assert_eq!(land["perGemeente"][0]["projects"], 2);
        assert_eq!(land["perGemeente"][0]["homes"], 168);
        // Lindenhoven lies in Utrecht (the demo's CBS list of gemeenten): the land groups it there.
        assert_eq!(land["perGemeente"][0]["province"], "Utrecht");
        assert_eq!(
            land["perProvince"],
            json!([{ "code": "PV26", "name": "Utrecht", "projects": 2, "homes": 168,
            "averageScore": land["perGemeente"][0]["averageScore"] }])
        );
        // A list whose line is wrong changes nothing; a gemeente the platform does not know is counted.
        let wrong = "Gemeentecode;Provinciecode;Provincienaam\n9601;25;Gelderland\nx;1;Y\n";
        assert!(wijkwerk_app::indicators::import_provinces(&app.store, "wrong.csv", wrong).await.is_err());
        let again = api(&app, Method::GET, "/api/v1/places/NL/housing-projects", None, None).await.json();
        assert_eq!(again["perProvince"][0]["name"], "Utrecht", "nothing changed");
        let moved = "Gemeentecode;Provinciecode;Provincienaam\n9601;25;Gelderland\n363;27;Noord-Holland\n";
        let report = wijkwerk_app::indicators::import_provinces(&app.store, "ok.csv", moved).await.unwrap();
        assert_eq!((report.lines, report.imported, report.unknown), (2, 1, 1));
        let now = api(&app, Method::GET, "/api/v1/places/NL/housing-projects", None, None).await.json();
        assert_eq!(now["perProvince"][0]["code"], "PV25");
        assert_eq!(now["perProvince"][0]["name"], "Gelderland");

        let detail = api(
            &app,
            Method::GET,
            &format!("/api/v1/housing-projects/{}", linde["id"].as_str().unwrap()),
            None,
            None,
        )
        .await
        .json();
        assert!(!detail["advice"].as_array().unwrap().is_empty());
        assert_eq!(detail["advice"][0]["score"], 0, "the lowest first");

        // The gemeente adds one and scores it; a missing criterion is named.
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let added = app
            .api_post(
                "/api/v1/places/WK960101/housing-projects",
                &gemeente,
                json!({ "name": "Havenfront", "homes": 30, "status": "plan" }),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
        let id = added.json()["id"].as_str().unwrap().to_string();
        let bad = app
            .api_post(
                &format!("/api/v1/housing-projects/{id}/scores"),
                &gemeente,
                json!({ "scores": { "welzijn.ontmoeten": 5 } }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let names: Vec<String> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names[0], "welzijn.ontmoeten");
        assert!(names.len() > 10, "every criterion not scored is named: {names:?}");
        let coordinator = token_for(&app, email_of(Role::Coordinator)).await;
        let refused = app
            .api_post(
                "/api/v1/places/WK960101/housing-projects",
                &coordinator,
                json!({ "name": "X", "homes": 1, "status": "plan" }),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let page = Browser::default().get(&app, "/plaatsen/GM9601/wonen").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Molenkwartier") && page.body.contains("Havenfront"));
        let card = Browser::default().get(&app, &format!("/wonen/{}", linde["id"].as_str().unwrap())).await;
        assert!(card.body.contains("Zo wordt de score hoger"));
    }
}

#[tokio::test]
async fn the_figures_download_as_a_spreadsheet_with_unknown_values_left_empty() {
    for app in apps().await {
        let csv = Browser::default().get(&app, &format!("/cijfers/{OOSTERPARK}.csv")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").starts_with("text/csv"));
        let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "code;plek;niveau;cijfer;naam;jaar;waarde;eenheid;aantal mensen gevraagd");
        // Oosterpark's low incomes in 2024, and Het Veld's secret income empty.
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("WK960102;Oosterpark;wijk;laag-inkomen;") && l.contains(";2024;")),
            "{}",
            app.label()
        );
        let het_veld: Vec<&&str> =
            lines.iter().filter(|l| l.starts_with("BU96010204;") && l.contains(";inkomen;")).collect();
        assert!(
            !het_veld.is_empty() && het_veld.iter().all(|l| l.contains(";;thousand-euros;")),
            "{het_veld:?}"
        );
        let xlsx = Browser::default().get(&app, "/cijfers/GM9601.xlsx").await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.body.as_bytes().starts_with(b"PK"), "an XLSX file is a zip");
        let missing = Browser::default().get(&app, "/cijfers/GM9601.pdf").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn one_figure_compares_over_the_country_on_a_page_and_as_a_spreadsheet() {
    for app in apps().await {
        let page = Browser::default().get(&app, "/indicatoren/laag-inkomen?niveau=wijk&jaar=2024").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.label());
        assert!(page.body.contains("5 plekken in 2024"), "{}", page.body);
        assert!(page.body.contains("De 5 laagste") && page.body.contains("Oosterpark"));
        let csv = Browser::default().get(&app, "/indicatoren/laag-inkomen.csv?niveau=buurt&jaar=2024").await;
        assert_eq!(csv.status, StatusCode::OK);
        let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 1 + 16, "a header and every buurt");
        assert!(
            lines.iter().any(|l| l.starts_with("BU96010204;Het Veld;2024;;")),
            "a secret value stays empty"
        );
        // Figures entered by hand are not measured alike everywhere: no national list.
        let manual = Browser::default().get(&app, "/indicatoren/veilig-gevoel").await;
        assert_eq!(manual.status, StatusCode::NOT_FOUND);
    }
}

/// The share per wijk as the API shows it: `(value, respondents)` in `year`.
fn share_in(json: &Value, code: &str, year: &str) -> (Option<f64>, Option<u64>) {
    let found =
        indicator(json, code)["series"].as_array().unwrap().iter().find(|s| s["year"] == year).cloned();
    found.map_or((None, None), |s| (s["value"].as_f64(), s["respondents"].as_u64()))
}

#[tokio::test]
async fn a_survey_question_measures_an_indicator_per_wijk_and_hides_small_ones() {
    for app in apps().await {
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let coordinator = token_for(&app, email_of(Role::Coordinator)).await;
        // The demo's buurtpeilingen of 2022 and 2024 measure "prettig-wonen".
        let listed =
            api(&app, Method::GET, "/api/v1/places/GM9601/survey-indicators", Some(&gemeente), None).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        let links = listed.json()["links"].as_array().unwrap().clone();
        let years: Vec<&str> = links.iter().map(|l| l["year"].as_str().unwrap()).collect();
        assert_eq!(years, ["2022", "2024"], "{}", app.label());
        assert!(links.iter().all(|l| l["answers"] == json!(["4", "5"])));
        // Oosterpark's own survey offers its questions with choices; free text and "who are you" not.
        let oosterpark_survey = app
            .store
            .surveys_in(&["WK960102".to_string()])
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.def.title["nl"].contains("Oosterpark"))
            .unwrap()
            .id;
        let offered: Vec<String> = listed.json()["questions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q["surveyId"] == oosterpark_survey.as_str())
            .map(|q| q["question"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(offered, ["prettig", "hoelang", "punten", "meedoen"]);

        // Oosterpark in 2022: 43 + 34 + 19 + 3 of 90 + 76 + 38 + 5 said 4 or 5 (the demo's spread).
        let op = api(&app, Method::GET, &format!("/api/v1/places/{OOSTERPARK}/indicators"), None, None)
            .await
            .json();
        let (value, n) = share_in(&op, "prettig-wonen", "2022");
        assert_eq!(n, Some(209));
        assert!((value.unwrap() - 99.0 / 209.0 * 100.0).abs() < 1e-9, "{value:?}");
        let pleasant = indicator(&op, "prettig-wonen");
        assert_eq!(pleasant["effect"]["conclusion"], "better", "{pleasant}");
        assert!(pleasant["effect"]["margin"].as_f64().unwrap() > 0.0);
        // Eikendonk: 8 answers in 2022, under the minimum: hidden, and not in the gemeente's total.
        let ek = api(&app, Method::GET, "/api/v1/places/WK960105/indicators", None, None).await.json();
        assert_eq!(share_in(&ek, "prettig-wonen", "2022"), (None, Some(8)));
        let gm = api(&app, Method::GET, "/api/v1/places/GM9601/indicators", None, None).await.json();
        let mut shown = 0;
        for w in ["WK960101", "WK960102", "WK960103", "WK960104", "WK960105"] {
            let j =
                api(&app, Method::GET, &format!("/api/v1/places/{w}/indicators"), None, None).await.json();
            if let (Some(_), Some(n)) = share_in(&j, "prettig-wonen", "2022") {
                shown += n;
            }
        }
        assert_eq!(share_in(&gm, "prettig-wonen", "2022").1, Some(shown));
        assert!(shown > 0);

        // Bad links: every field named, nothing stored.
        let bad = app
            .api_post(
                "/api/v1/places/GM9601/survey-indicators",
                &gemeente,
                json!({ "indicator": "veilig-gevoel", "surveyId": oosterpark_survey, "question": "nog",
                         "answers": ["x"], "year": "twintig" }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let problems: Vec<(String, String)> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().to_string(), p["code"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(
            problems,
            [
                ("indicator".to_string(), "indicator-not-survey".to_string()),
                ("question".to_string(), "question-not-countable".to_string()),
                ("year".to_string(), "year-invalid".to_string())
            ]
        );
        let all = app
            .api_post(
                "/api/v1/places/GM9601/survey-indicators",
                &gemeente,
                json!({ "indicator": "prettig-wonen", "surveyId": oosterpark_survey, "question": "prettig",
                         "answers": [1, 2, 3, 4, 5], "year": 2026 }),
            )
            .await;
        assert_eq!(all.json()["invalidParams"][0]["code"], "answers-all");
        let elsewhere = app
            .api_post(
                "/api/v1/places/GM9601/survey-indicators",
                &gemeente,
                json!({ "indicator": "prettig-wonen", "surveyId": "bestaat-niet", "question": "prettig",
                         "answers": ["4"], "year": "2026" }),
            )
            .await;
        assert_eq!(elsewhere.json()["invalidParams"][0]["code"], "survey-unknown");
        let not_theirs = app
            .api_post(
                "/api/v1/places/GM9601/survey-indicators",
                &coordinator,
                json!({ "indicator": "prettig-wonen", "surveyId": oosterpark_survey, "question": "prettig",
                         "answers": ["4", "5"], "year": "2026" }),
            )
            .await;
        assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
        let still =
            api(&app, Method::GET, "/api/v1/places/GM9601/survey-indicators", Some(&gemeente), None).await;
        assert_eq!(still.json()["links"].as_array().unwrap().len(), 2, "nothing stored");

        // Oosterpark's own survey of this year, linked: 285 answered with a buurt.
        let linked = app
            .api_post(
                "/api/v1/places/WK960102/survey-indicators",
                &gemeente,
                json!({ "indicator": "prettig-wonen", "surveyId": oosterpark_survey, "question": "prettig",
                         "answers": ["4", "5"], "year": "2026" }),
            )
            .await;
        assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.body);
        assert_eq!(linked.json()["questionText"]["nl"], "Hoe prettig vindt u het in uw buurt?");
        let op = api(&app, Method::GET, &format!("/api/v1/places/{OOSTERPARK}/indicators"), None, None)
            .await
            .json();
        let (value, n) = share_in(&op, "prettig-wonen", "2026");
        assert_eq!(n, Some(128 + 104 + 47 + 6));
        // Counted again from the answers themselves.
        let answers = app
            .store
            .survey_counts(&oosterpark_survey, Some("buurt"))
            .await
            .unwrap()
            .0
            .into_iter()
            .filter(|c| c.question == "prettig" && c.value >= 4 && c.group_key.starts_with("BU960102"))
            .map(|c| c.n)
            .sum::<u64>();
        assert!((value.unwrap() - answers as f64 / 285.0 * 100.0).abs() < 1e-9, "{value:?} vs {answers}");

        // Unlinked, the value goes; a second time there is nothing to unlink.
        let path = format!("/api/v1/places/GM9601/survey-indicators/prettig-wonen/{oosterpark_survey}");
        let gone = api(&app, Method::DELETE, &path, Some(&gemeente), None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
        assert_eq!(
            api(&app, Method::DELETE, &path, Some(&gemeente), None).await.status,
            StatusCode::NOT_FOUND
        );
        let op = api(&app, Method::GET, &format!("/api/v1/places/{OOSTERPARK}/indicators"), None, None)
            .await
            .json();
        assert_eq!(share_in(&op, "prettig-wonen", "2026"), (None, None));

        // On the page: pick a question, then its answers; no answer ticked is named.
        let mut b = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let step = b.get(&app, &format!("/plaatsen/GM9601/effecten?vraag={oosterpark_survey}/meedoen")).await;
        assert_eq!(step.status, StatusCode::OK, "{}", step.body);
        assert!(step.body.contains("Taalmaatje worden") && step.body.contains("name=\"answers\""));
        let none = b
            .post(
                &app,
                "/plaatsen/GM9601/effecten/enquetes",
                &[
                    ("survey", &oosterpark_survey),
                    ("question", "meedoen"),
                    ("indicator", "prettig-wonen"),
                    ("year", "2026"),
                ],
            )
            .await;
        assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(none.body.contains("answers-error"), "the answers are named");
        let done = b
            .post(
                &app,
                "/plaatsen/GM9601/effecten/enquetes",
                &[
                    ("survey", &oosterpark_survey),
                    ("question", "meedoen"),
                    ("indicator", "prettig-wonen"),
                    ("answers", "koffie"),
                    ("answers", "buurtklus"),
                    ("year", "2026"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let page = b.get(&app, "/plaatsen/GM9601/effecten").await;
        assert!(page.body.contains("Koffie-ochtend in het buurthuis"), "the link is listed with its answers");
        let trail = app.store.audit_trail("GM9601", 50).await.unwrap();
        assert!(trail.iter().any(|e| e.action == "indicator.survey-linked"));
    }
}
