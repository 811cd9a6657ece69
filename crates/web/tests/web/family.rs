//! Households and family plans through the pages and the API.

use super::*;
use crate::weektests::*;

#[tokio::test]
async fn households_share_by_choice_and_plans_need_every_adult() {
    for app in apps().await {
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let karim_id = app.person_id("karim@demo.wijkwerk.nl").await;
        let household = app.store.households_of(&fatima_id).await.unwrap().remove(0);
        let plan = app.store.plan_id_of(&household.id).await.unwrap().unwrap();

        // Side by side: Fatima sees Karim (he shares) and the children she manages.
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let side = fatima.get(&app, &format!("/gezin/{}/naast-elkaar", household.id)).await;
        assert_eq!(side.status, StatusCode::OK);
        for name in ["Fatima El Amrani", "Karim El Amrani", "Noah", "Lina"] {
            assert!(
                side.body
                    .contains(&format!("<th class=\"utrecht-table__header-cell\" scope=\"col\">{name}</th>")),
                "{name} shown"
            );
        }
        // His week tests (the luisterloket's reads of his intake are in his log too).
        let karim_reads: Vec<_> = app
            .store
            .access_log_for(&karim_id, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.what == "weektests")
            .collect();
        assert_eq!(karim_reads.len(), 1, "Karim sees that Fatima looked");
        assert_eq!(karim_reads[0].actor_name, "Fatima El Amrani");

        // Karim stops sharing; Fatima no longer sees his test.
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let stop = karim
            .post(&app, &format!("/gezin/{}/delen", household.id), &[("with", &fatima_id), ("share", "nee")])
            .await;
        assert_eq!(stop.status, StatusCode::SEE_OTHER);
        let side = fatima.get(&app, &format!("/gezin/{}/naast-elkaar", household.id)).await;
        assert!(!side.body.contains("scope=\"col\">Karim El Amrani</th>"));
        assert!(side.body.contains("Deelt de weektest (nog) niet met u."));

        // Fatima fills in a test for Noah; she may, a stranger may not.
        let noah = household.members.iter().find(|m| m.name == "Noah").unwrap().person_id.clone();
        let form = fatima.get(&app, &format!("/weektest/basis?voor={noah}")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Weektest voor Noah"));
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        assert_eq!(
            petra.get(&app, &format!("/weektest/basis?voor={noah}")).await.status,
            StatusCode::FORBIDDEN
        );
        let mut fields: Vec<(String, String)> = Vec::new();
        for (d, h, w, s) in WEEK {
            fields.push((format!("{d}.hours"), h.to_string()));
            fields.push((format!("{d}.wishedHours"), w.to_string()));
            fields.push((format!("{d}.satisfaction"), s.to_string()));
        }
        fields.push(("voor".into(), noah.clone()));
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = fatima.post(&app, "/weektest/basis", &borrowed).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(app.store.weektests_of(&noah).await.unwrap().len(), 3, "the test is Noah's");
        let result = fatima.get(&app, saved.location()).await;
        assert!(result.body.contains("Uitslag van Noah"));

        // The plan: Ahmed is in (both adults said yes); Nadia waits for Karim.
        let mut ahmed = Browser::sign_in(&app, email_of(Role::Wijkwerker)).await;
        let seen = ahmed.get(&app, &format!("/gezinsplan/{plan}")).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("Gezinsplan Familie El Amrani"));
        assert!(seen.body.contains("wacht op toestemming van Karim El Amrani"));
        assert!(
            app.store.access_log_for(&karim_id, 100).await.unwrap().iter().any(|r| r.what == "family-plan"),
            "the professional's read is logged for the adults"
        );
        assert!(
            app.store.access_log_for(&noah, 100).await.unwrap().iter().any(|r| r.what == "family-plan"),
            "and for the children"
        );
        // The professional works in the plan: adds an action.
        let goal = app.store.family_plan(&plan).await.unwrap().unwrap().goals[0].id.clone();
        let added = ahmed
            .post(
                &app,
                &format!("/gezinsplan/{plan}/acties"),
                &[
                    ("goalId", &goal),
                    ("who", "Ahmed Yilmaz"),
                    ("what", "Sollicitatiebrief samen maken"),
                    ("plannedHours", "2"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let bad = ahmed
            .post(
                &app,
                &format!("/gezinsplan/{plan}/acties"),
                &[("goalId", "nope"), ("who", ""), ("what", ""), ("plannedHours", "x")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Every action's progress in one form: all or nothing.
        let actions = app.store.family_plan(&plan).await.unwrap().unwrap().actions;
        assert!(actions.len() >= 2, "{}", app.label());
        let (first, second) = (actions[0].id.clone(), actions[1].id.clone());
        let form = |second_hours: &str| {
            vec![
                (format!("spent-{first}"), "3".to_string()),
                (format!("status-{first}"), "klaar".to_string()),
                (format!("spent-{second}"), second_hours.to_string()),
                (format!("status-{second}"), "bezig".to_string()),
            ]
        };
        let send = |fields: Vec<(String, String)>| {
            let plan = plan.clone();
            let mut ahmed = ahmed.clone();
            let app = &app;
            async move {
                let borrowed: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                ahmed.post(app, &format!("/gezinsplan/{plan}/voortgang"), &borrowed).await
            }
        };
        let refused = send(form("veel")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(
            refused.body.contains(&format!("id=\"spentHours-{second}-error\"")),
            "the problem sits at its action"
        );
        let unchanged = app.store.family_plan(&plan).await.unwrap().unwrap().actions;
        assert_eq!(unchanged[0].status, actions[0].status, "{}: nothing saved", app.label());
        let saved = send(form("1,5")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), saved.body);
        let now = app.store.family_plan(&plan).await.unwrap().unwrap().actions;
        let by_id = |id: &str| now.iter().find(|a| a.id == id).unwrap().clone();
        assert_eq!((by_id(&first).spent_half_hours, by_id(&first).status.as_str()), (6, "klaar"));
        assert_eq!((by_id(&second).spent_half_hours, by_id(&second).status.as_str()), (3, "bezig"));
        // But cannot invite others or pick the lead.
        assert_eq!(
            ahmed
                .post(&app, &format!("/gezinsplan/{plan}/regisseur"), &[("person", &ahmed_id(&app).await)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Karim withdraws his consent: Ahmed is out at once.
        let consent = app
            .store
            .consents_given(&karim_id)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.active && c.consent.scope == wijkwerk_domain::privacy::Scope::FamilyPlan)
            .unwrap();
        let revoked = karim
            .post(&app, &format!("/mijn-gegevens/toestemmingen/{}/intrekken", consent.consent.id), &[])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_eq!(ahmed.get(&app, &format!("/gezinsplan/{plan}")).await.status, StatusCode::FORBIDDEN);
        // Karim says yes again from the plan page.
        let yes = karim
            .post(&app, &format!("/gezinsplan/{plan}/toestemming"), &[("person", &ahmed_id(&app).await)])
            .await;
        assert_eq!(yes.status, StatusCode::SEE_OTHER);
        assert_eq!(ahmed.get(&app, &format!("/gezinsplan/{plan}")).await.status, StatusCode::OK);

        // Joining by code: Petra joins, and only then sees the household.
        assert_eq!(petra.get(&app, &format!("/gezin/{}", household.id)).await.status, StatusCode::FORBIDDEN);
        let wrong = petra.post(&app, "/gezin/meedoen", &[("code", "XXXXXXXX"), ("relation", "anders")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let joined = petra
            .post(
                &app,
                "/gezin/meedoen",
                &[("code", &household.join_code.to_lowercase()), ("relation", "anders")],
            )
            .await;
        assert_eq!(joined.status, StatusCode::SEE_OTHER);
        // The code only asks: Petra waits until an adult lets her in.
        assert_eq!(petra.get(&app, &format!("/gezin/{}", household.id)).await.status, StatusCode::FORBIDDEN);
        let waiting = petra.get(&app, "/gezin").await;
        assert!(waiting.body.contains("U vroeg om mee te doen met"), "{}", app.label());
        let petra_id = app.person_id(email_of(Role::Coordinator)).await;
        let page = fatima.get(&app, &format!("/gezin/{}", household.id)).await;
        assert!(
            page.body.contains("Wil meedoen met dit huishouden")
                && page.body.contains("pas weer als die persoon ook toestemming geeft"),
            "the plan's professionals are mentioned"
        );
        let admitted = fatima
            .post(
                &app,
                &format!("/gezin/{}/aanvragen", household.id),
                &[("person", &petra_id), ("admit", "ja")],
            )
            .await;
        assert_eq!(admitted.status, StatusCode::SEE_OTHER);
        assert_eq!(petra.get(&app, &format!("/gezin/{}", household.id)).await.status, StatusCode::OK);
        // A new code: the old one no longer asks anything.
        let old_code = household.join_code.clone();
        fatima.get(&app, &format!("/gezin/{}", household.id)).await;
        assert_eq!(
            fatima.post(&app, &format!("/gezin/{}/code", household.id), &[]).await.status,
            StatusCode::SEE_OTHER
        );
        let mut sanne = Browser::sign_in(&app, email_of(Role::Coach)).await;
        sanne.get(&app, "/gezin").await;
        let stale = sanne.post(&app, "/gezin/meedoen", &[("code", &old_code), ("relation", "anders")]).await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
    }
}

pub(crate) async fn ahmed_id(app: &TestApp) -> String {
    app.person_id(email_of(Role::Wijkwerker)).await
}

#[tokio::test]
async fn goals_and_households_through_the_api() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let bad = app
            .api_post("/api/v1/goals", &petra, json!({"domain": "vissen", "hoursPerWeek": 0, "weeks": 60}))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let names: Vec<String> = bad.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["domain", "title", "hoursPerWeek", "weeks"]);
        let made = app.api_post("/api/v1/goals", &petra, json!({"domain": "sport-en-bewegen", "title": "Fietsen naar het werk", "hoursPerWeek": 2.5, "weeks": 8})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let goal = made.json();
        assert_eq!(goal["hoursPerWeek"], 2.5);
        let id = goal["id"].as_str().unwrap();
        let week = goal["start"].as_str().unwrap();
        let logged = app
            .api_post(&format!("/api/v1/goals/{id}/logs"), &petra, json!({"week": week, "hours": 3}))
            .await;
        assert_eq!(logged.status, StatusCode::OK);
        assert_eq!(logged.json()["loggedHours"], 3.0);
        assert_eq!(logged.json()["attainmentFromHours"], 1, "3 of 2.5 planned hours is 120 %");
        let rated = app.api_post(&format!("/api/v1/goals/{id}/ratings"), &petra, json!({"score": -3})).await;
        assert_eq!(rated.status, StatusCode::UNPROCESSABLE_ENTITY);
        let rated = app
            .api_post(&format!("/api/v1/goals/{id}/ratings"), &petra, json!({"score": 1, "note": "Lekker"}))
            .await;
        assert_eq!(rated.status, StatusCode::CREATED);
        let list = api(&app, Method::GET, "/api/v1/goals", Some(&petra), None).await.json();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        // Households: Fatima sees all four; Karim withholds nothing from her in the demo.
        let fatima = token_for(&app, email_of(Role::Bewoner)).await;
        let households = api(&app, Method::GET, "/api/v1/households", Some(&fatima), None).await.json();
        let household = households["items"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(households["items"][0]["members"].as_array().unwrap().len(), 4);
        let side = api(
            &app,
            Method::GET,
            &format!("/api/v1/households/{household}/side-by-side"),
            Some(&fatima),
            None,
        )
        .await
        .json();
        let shown: Vec<bool> =
            side["members"].as_array().unwrap().iter().map(|m| m["weektest"].is_object()).collect();
        assert_eq!(shown, [true, true, true, true]);
        assert_eq!(
            api(
                &app,
                Method::GET,
                &format!("/api/v1/households/{household}/side-by-side"),
                Some(&petra),
                None
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        let plan = app.store.plan_id_of(&household).await.unwrap().unwrap();
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await;
        let seen = api(&app, Method::GET, &format!("/api/v1/family-plans/{plan}"), Some(&ahmed), None).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.json()["viewer"], "professional");
        assert_eq!(seen.json()["goals"].as_array().unwrap().len(), 5);
        let sanne = token_for(&app, email_of(Role::Coach)).await;
        assert_eq!(
            api(&app, Method::GET, &format!("/api/v1/family-plans/{plan}"), Some(&sanne), None).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_family_plan_api_writes_through_the_same_rules_as_its_page() {
    for app in apps().await {
        let label = app.label();
        let fatima = token_for(&app, email_of(Role::Bewoner)).await;
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let households = api(&app, Method::GET, "/api/v1/households", Some(&fatima), None).await.json();
        let household = households["items"][0]["id"].as_str().unwrap().to_string();
        let opened = api(
            &app,
            Method::POST,
            &format!("/api/v1/households/{household}/family-plan"),
            Some(&fatima),
            None,
        )
        .await;
        assert_eq!(opened.status, StatusCode::OK, "{label}: {}", opened.body);
        let plan = opened.json()["id"].as_str().unwrap().to_string();
        assert_eq!(
            Some(plan.clone()),
            app.store.plan_id_of(&household).await.unwrap(),
            "{label}: the same plan"
        );
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let other = api(
            &app,
            Method::POST,
            &format!("/api/v1/households/{household}/family-plan"),
            Some(&petra),
            None,
        )
        .await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "{label}: not her household");

        let at = |what: &str| format!("/api/v1/family-plans/{plan}/{what}");
        // Every wrong field listed, nothing saved.
        let goals_before = opened.json()["goals"].as_array().unwrap().len();
        let bad = json!({ "title": "", "domain": "nergens", "members": [] });
        let reply = app.api_post(&at("goals"), &fatima, bad).await;
        assert_eq!(reply.invalid_names(), ["title", "domain", "members"], "{label}");
        let domain = opened.json()["goals"][0]["domain"].as_str().unwrap().to_string();
        let goal = json!({ "title": "Fatima vindt werk", "domain": domain, "members": [fatima_id] });
        let reply = app.api_post(&at("goals"), &fatima, goal).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        let goals = reply.json()["goals"].as_array().unwrap().clone();
        assert_eq!(goals.len(), goals_before + 1, "{label}");
        let goal_id = goals.iter().find(|g| g["title"] == "Fatima vindt werk").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();

        // The wijkwerker both adults let in writes too.
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await;
        let action = json!({ "goalId": goal_id, "who": "Ahmed", "what": "Samen naar het Werkplein", "plannedHours": 1.5, "due": "2027-01-15" });
        let reply = app.api_post(&at("actions"), &ahmed, action).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        let actions = reply.json()["actions"].as_array().unwrap().clone();
        let made = actions.iter().find(|a| a["what"] == "Samen naar het Werkplein").unwrap();
        assert_eq!(
            (made["plannedHours"].as_f64(), made["status"].as_str()),
            (Some(1.5), Some("open")),
            "{label}"
        );
        let action_id = made["id"].as_str().unwrap().to_string();
        let progress = at(&format!("actions/{action_id}/progress"));
        let bad = json!({ "spentHours": 0.3, "status": "half" });
        let reply = app.api_put(&progress, &ahmed, bad).await;
        assert_eq!(reply.invalid_names(), ["spentHours", "status"], "{label}");
        let reply = app.api_put(&progress, &ahmed, json!({ "spentHours": 1, "status": "bezig" })).await;
        assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.body);
        let now = reply.json()["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == action_id.as_str())
            .unwrap()
            .clone();
        assert_eq!(
            (now["spentHours"].as_f64(), now["status"].as_str()),
            (Some(1.0), Some("bezig")),
            "{label}"
        );
        let unknown = at("actions/0190f0f0-0000-7000-8000-00000000abcd/progress");
        let reply = app.api_put(&unknown, &ahmed, json!({ "spentHours": 1, "status": "bezig" })).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{label}: {}", reply.body);

        // The evaluation's date is `heldOn` here, also in its problem.
        let reply =
            app.api_post(&at("evaluations"), &ahmed, json!({ "heldOn": "gisteren", "summary": "" })).await;
        assert_eq!(reply.invalid_names(), ["heldOn", "summary"], "{label}");
        let evaluation =
            json!({ "heldOn": "2026-11-20", "summary": "Eerste gesprek bij het Werkplein ging goed." });
        let reply = app.api_post(&at("evaluations"), &ahmed, evaluation).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        let neighbour = json!({ "name": "Buurvrouw Anja", "relation": "buurvrouw", "contact": "" });
        let reply = app.api_post(&at("network"), &ahmed, neighbour).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        // What the API wrote, the page shows.
        let page = Browser::sign_in(&app, email_of(Role::Bewoner))
            .await
            .get(&app, &format!("/gezinsplan/{plan}"))
            .await;
        assert!(
            page.body.contains("Samen naar het Werkplein") && page.body.contains("Buurvrouw Anja"),
            "{label}"
        );

        // Inviting and choosing the lead: adult members only, as on the page.
        let sanne_id = app.person_id(email_of(Role::Coach)).await;
        let invite = json!({ "personId": sanne_id });
        let reply = app.api_post(&at("professionals"), &ahmed, invite.clone()).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{label}");
        let karim_id = app.person_id("karim@demo.wijkwerk.nl").await;
        let reply = app.api_post(&at("professionals"), &fatima, json!({ "personId": karim_id })).await;
        assert_eq!(reply.invalid_names(), ["personId"], "{label}: a resident is no professional");
        let reply = app.api_post(&at("professionals"), &fatima, invite).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        // Sanne sees the plan once Karim, the other adult, consents too.
        let sanne = token_for(&app, email_of(Role::Coach)).await;
        let read = |token: String| {
            let (app, plan) = (&app, plan.clone());
            async move {
                api(app, Method::GET, &format!("/api/v1/family-plans/{plan}"), Some(&token), None)
                    .await
                    .status
            }
        };
        assert_eq!(read(sanne.clone()).await, StatusCode::FORBIDDEN, "{label}");
        let karim = token_for(&app, "karim@demo.wijkwerk.nl").await;
        let reply =
            api(&app, Method::POST, &at(&format!("professionals/{sanne_id}/consent")), Some(&karim), None)
                .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{label}: {}", reply.body);
        assert_eq!(read(sanne).await, StatusCode::OK, "{label}");

        let reply = app.api_put(&at("regisseur"), &fatima, json!({ "personId": "niemand" })).await;
        assert_eq!(reply.invalid_names(), ["personId"], "{label}");
        let reply = app.api_put(&at("regisseur"), &fatima, json!({ "personId": sanne_id })).await;
        assert_eq!(reply.status, StatusCode::OK, "{label}: {}", reply.body);
        assert_eq!(reply.json()["regisseurId"], sanne_id.as_str(), "{label}");
    }
}
