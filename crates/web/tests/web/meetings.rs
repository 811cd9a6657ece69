//! The open podium: meetings found without signing in, registering with a
//! waiting list (also when many register at once), the iCalendar feeds,
//! organising, and registrations as the person's own data.

use super::*;

/// A resident with an API token, living in Oosterpark.
async fn resident(app: &TestApp, name: &str) -> (String, String) {
    let p = app.store.add_person(name, Some("BU96010201")).await.unwrap();
    let token = app.store.create_api_token(&p.id, "test").await.unwrap();
    (p.id, token)
}

/// The same request by every token at once, on several threads.
async fn all_at_once(app: &TestApp, method: Method, path: &str, tokens: &[String]) -> Vec<Reply> {
    let mut set = tokio::task::JoinSet::new();
    for (i, t) in tokens.iter().enumerate() {
        let (router, method, path, t) = (app.router.clone(), method.clone(), path.to_string(), t.clone());
        set.spawn(async move {
            let req = Request::builder()
                .method(method)
                .uri(path)
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap();
            (i, send(&router, req).await)
        });
    }
    let mut replies: Vec<(usize, Reply)> = set.join_all().await;
    replies.sort_by_key(|(i, _)| *i);
    replies.into_iter().map(|(_, r)| r).collect()
}

fn find<'a>(list: &'a Value, title: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["title"] == title)
        .unwrap_or_else(|| panic!("{title} in {list}"))
}

#[tokio::test]
async fn anyone_finds_the_meetings_and_a_full_one_has_a_waiting_list() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let json = list.json();
        assert_eq!(json["upcoming"].as_array().unwrap().len(), 2, "{}", app.label());
        assert_eq!(json["past"].as_array().unwrap().len(), 3);
        let walk = find(&json["upcoming"], "Wandeling met de wijkagent").clone();
        assert_eq!(
            (walk["capacity"].clone(), walk["registered"].clone(), walk["waiting"].clone()),
            (json!(8), json!(8), json!(3))
        );
        // The gemeente's list holds its wijken's meetings.
        let gm = api(&app, Method::GET, "/api/v1/places/GM9601/meetings", None, None).await.json();
        assert_eq!(gm["upcoming"].as_array().unwrap().len(), 2);
        let id = walk["id"].as_str().unwrap().to_string();
        let detail = api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), None, None).await.json();
        assert_eq!(detail["agenda"][0]["title"], "Rondje lopen");
        assert_eq!(detail["myRegistration"], Value::Null);

        // Fatima's start page reminds her of the walk she registered for.
        let mut b = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let home = b.get(&app, "/").await;
        assert!(
            home.body.contains("U komt naar Wandeling met de wijkagent"),
            "the start page names the meeting ahead"
        );
        // A new resident waits as fourth; asking again answers the same.
        let (_, newcomer) = resident(&app, "Nieuwe Buurvrouw").await;
        let path = format!("/api/v1/meetings/{id}/registration");
        let r = api(&app, Method::POST, &path, Some(&newcomer), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json(), json!({ "status": "waiting", "waitingPlace": 4 }));
        assert_eq!(api(&app, Method::POST, &path, Some(&newcomer), None).await.json()["waitingPlace"], 4);
        // Fatima cannot come after all: the first who waited gets her place.
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let mine =
            api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), Some(&fatima), None).await.json();
        assert_eq!(mine["myRegistration"]["status"], "registered");
        assert_eq!(
            api(&app, Method::DELETE, &path, Some(&fatima), None).await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(api(&app, Method::DELETE, &path, Some(&fatima), None).await.status, StatusCode::NOT_FOUND);
        let after =
            api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), Some(&newcomer), None).await.json();
        assert_eq!((after["registered"].clone(), after["waiting"].clone()), (json!(8), json!(3)));
        assert_eq!(after["myRegistration"], json!({ "status": "waiting", "waitingPlace": 3 }));

        // A meeting that is over takes no one.
        let past = json["past"][0]["id"].as_str().unwrap().to_string();
        let late =
            api(&app, Method::POST, &format!("/api/v1/meetings/{past}/registration"), Some(&newcomer), None)
                .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
        let unknown =
            api(&app, Method::POST, "/api/v1/meetings/bestaat-niet/registration", Some(&newcomer), None)
                .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_registering_at_once_never_take_more_places_than_there_are() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let start = wijkwerk_domain::Timestamp::now().plus_seconds(7 * 86_400);
        let body = json!({
            "title": "Kleine tafel", "purpose": "Met z'n tweeën aan tafel.", "form": "tafelgesprek",
            "address": "Lindenlaan 12, Lindenhoven", "startsAt": start.to_rfc3339(),
            "endsAt": start.plus_seconds(3600).to_rfc3339(), "capacity": 2, "organisers": "Wijkteam",
        });
        let made = app.api_post("/api/v1/places/WK960102/meetings", &petra, body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let id = made.json()["id"].as_str().unwrap().to_string();
        let mut tokens = Vec::new();
        for i in 0..8 {
            tokens.push(resident(&app, &format!("Buur {i}")).await.1);
        }
        let path = format!("/api/v1/meetings/{id}/registration");
        let replies = all_at_once(&app, Method::POST, &path, &tokens).await;
        let statuses: Vec<String> =
            replies.iter().map(|r| r.json()["status"].as_str().unwrap().to_string()).collect();
        assert_eq!(
            statuses.iter().filter(|s| *s == "registered").count(),
            2,
            "{statuses:?} on {}",
            app.label()
        );
        let m = api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), None, None).await.json();
        assert_eq!((m["registered"].clone(), m["waiting"].clone()), (json!(2), json!(6)));
        // Cancelling at once: every freed place goes to a different person.
        let placed: Vec<String> = tokens
            .iter()
            .zip(&statuses)
            .filter(|(_, s)| *s == "registered")
            .map(|(t, _)| t.clone())
            .collect();
        let gone = all_at_once(&app, Method::DELETE, &path, &placed).await;
        assert!(gone.iter().all(|r| r.status == StatusCode::NO_CONTENT));
        let m = api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), None, None).await.json();
        assert_eq!((m["registered"].clone(), m["waiting"].clone()), (json!(2), json!(4)));
    }
}

#[tokio::test]
async fn organising_checks_every_field_and_only_the_wijk_may() {
    for app in apps().await {
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let bad = app
            .api_post(
                "/api/v1/places/WK960102/meetings",
                &petra,
                json!({ "title": "", "purpose": "x", "form": "borrel", "startsAt": "morgen",
                         "endsAt": "2026-12-10T18:00:00Z", "organisers": "Wij", "capacity": 0,
                         "agenda": [{ "title": "", "minutes": 10 }] }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let names = bad.invalid_names();
        assert_eq!(names, ["title", "form", "address", "startsAt", "capacity", "agenda.0.title"]);
        let before = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json();
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let refused = app.api_post("/api/v1/places/WK960102/meetings", &fatima, json!({})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let after = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json();
        assert_eq!(before["upcoming"], after["upcoming"], "nothing changed");

        // On the page, in Dutch time: 19:30 in winter is 18:30 UTC.
        let mut b = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        b.get(&app, "/plaatsen/WK960102/bijeenkomsten").await;
        let made = b
            .post(
                &app,
                "/plaatsen/WK960102/bijeenkomsten",
                &[
                    ("title", "Buurtlunch"),
                    ("purpose", "Samen eten."),
                    ("form", "ontmoeting"),
                    ("address", "Lindenlaan 12"),
                    ("startsAt", "2031-01-15T12:00"),
                    ("endsAt", "2031-01-15T13:30"),
                    ("organisers", "Naaiclub De Draad"),
                    ("agenda.0.title", "Eten"),
                    ("agenda.0.minutes", "60"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let id = made.location().trim_start_matches("/bijeenkomsten/").to_string();
        let m = api(&app, Method::GET, &format!("/api/v1/meetings/{id}"), None, None).await.json();
        assert_eq!(m["startsAt"], "2031-01-15T11:00:00.000Z");
        let wrong = b
            .post(&app, "/plaatsen/WK960102/bijeenkomsten", &[("title", "X"), ("agenda.1.minutes", "veel")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("id=\"agenda-1-minutes-error\""), "the agenda's field is named");
        assert!(wrong.body.contains("value=\"X\""), "what was typed stays");
    }
}

#[tokio::test]
async fn the_calendar_feeds_define_their_time_zone_and_fold_their_lines() {
    for app in apps().await {
        let feed = api(&app, Method::GET, "/plaatsen/WK960102/bijeenkomsten.ics", None, None).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert_eq!(feed.header("content-type"), "text/calendar; charset=utf-8");
        let body = &feed.body;
        assert_eq!(body.matches("BEGIN:VEVENT").count(), 5);
        assert!(body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"));
        assert!(!body.replace("\r\n", "").contains('\n'), "CRLF only");
        assert!(body.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = body.replace("\r\n ", "");
        assert!(
            unfolded.contains("Waar: Buurthuis De Linde\\, Lindenlaan 12\\, Lindenhoven"),
            "the address is in DESCRIPTION"
        );
        let walk =
            api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json()["upcoming"]
                [0]["id"]
                .as_str()
                .unwrap()
                .to_string();
        // The printed invitation: date, place, a short link that leads to the meeting, and its QR code.
        let letter = api(&app, Method::GET, &format!("/bijeenkomsten/{walk}/uitnodiging"), None, None).await;
        assert_eq!(letter.status, StatusCode::OK);
        assert!(letter.body.contains("Oosterplein 1, Lindenhoven"));
        let shown = letter.body.replace("&#x2f;", "/");
        let code = shown.split("localhost/b/").nth(1).and_then(|r| r.get(..6)).unwrap().to_string();
        assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
        let follow = api(&app, Method::GET, &format!("/b/{}", code.to_lowercase()), None, None).await;
        assert_eq!(follow.status, StatusCode::SEE_OTHER);
        assert_eq!(follow.location(), format!("/bijeenkomsten/{walk}"));
        assert_eq!(api(&app, Method::GET, "/b/ZZZZZZ", None, None).await.status, StatusCode::NOT_FOUND);
        let qr = api(&app, Method::GET, &format!("/bijeenkomsten/qr/{walk}"), None, None).await;
        assert_eq!(qr.header("content-type"), "image/svg+xml");
        assert!(qr.body.starts_with("<?xml") && qr.body.contains("<svg"));
        let one = api(&app, Method::GET, &format!("/bijeenkomsten/{walk}.ics"), None, None).await;
        assert_eq!(one.body.matches("BEGIN:VEVENT").count(), 1);
        assert!(one.body.contains(&format!("UID:meeting-{walk}@wijkwerk")));
    }
}

#[tokio::test]
async fn a_registration_is_the_persons_own_and_goes_with_them() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json();
        let walk = find(&list["upcoming"], "Wandeling met de wijkagent")["id"].as_str().unwrap().to_string();
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let export = api(&app, Method::GET, "/api/v1/me/export", Some(&fatima), None).await.json();
        let mine = export["meetingRegistrations"].as_array().unwrap();
        // The two meetings ahead, and the energy evening she went to (and rated).
        assert_eq!(mine.len(), 3, "{export}");
        assert_eq!(export["meetingEvaluations"].as_array().unwrap().len(), 1);
        assert!(mine.iter().all(|r| r["status"] == "registered"));
        assert!(mine.iter().any(|r| r["meetingId"] == walk.as_str()));
        let mut b = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let page = b.get(&app, "/mijn-gegevens").await;
        assert!(page.body.contains("Mijn aanmeldingen voor bijeenkomsten"));
        assert!(
            page.body.contains(&format!("href=\"/bijeenkomsten/{walk}\"")),
            "her registrations are on her page"
        );
        // Erased: her place goes to the first who waited, and her rating goes with her.
        let id = app.person_id("fatima@demo.wijkwerk.nl").await;
        app.store.erase_person(&id).await.unwrap();
        let energy = find(&list["past"], "Energie-avond")["id"].as_str().unwrap().to_string();
        let e = api(&app, Method::GET, &format!("/api/v1/meetings/{energy}"), None, None).await.json();
        assert_eq!(e["evaluation"]["count"], 11);
        let m = api(&app, Method::GET, &format!("/api/v1/meetings/{walk}"), None, None).await.json();
        assert_eq!((m["registered"].clone(), m["waiting"].clone()), (json!(8), json!(2)));
        // Pages show counts, never names.
        let page = Browser::default().get(&app, &format!("/bijeenkomsten/{walk}")).await;
        assert!(page.body.contains("Log in om u aan te melden"));
        assert!(!page.body.contains("Karim"), "no names of who comes");
    }
}

#[tokio::test]
async fn decisions_stay_on_the_agenda_until_done_and_show_publicly() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json();
        // Public: open ones first, then done; the playground is still open.
        let decisions = list["decisions"].as_array().unwrap();
        assert_eq!(decisions.len(), 4, "{}", app.label());
        assert_eq!(decisions[0]["title"], "Speeltuin aan de Lindenlaan repareren");
        assert!(decisions[0]["doneOn"].is_null());
        assert_eq!(decisions.iter().filter(|d| !d["doneOn"].is_null()).count(), 2);
        // The energy evening (the latest past meeting) carries it: twice on the agenda since.
        let energy = find(&list["past"], "Energie-avond")["id"].as_str().unwrap().to_string();
        let e = api(&app, Method::GET, &format!("/api/v1/meetings/{energy}"), None, None).await.json();
        assert_eq!(e["attended"], 31);
        assert_eq!(e["agenda"][0]["notes"], "Tips over tochtstrips en de thermostaat.");
        let carried = e["carriedDecisions"].as_array().unwrap();
        assert_eq!(carried.len(), 1, "{e}");
        assert_eq!(carried[0]["title"], "Speeltuin aan de Lindenlaan repareren");
        assert_eq!(carried[0]["timesCarried"], 2);

        // The coördinator adds a decision and marks the playground done: it leaves the agendas.
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let bad = app
            .api_post(
                &format!("/api/v1/meetings/{energy}/decisions"),
                &petra,
                json!({ "title": "", "owner": "", "dueOn": "morgen" }),
            )
            .await;
        let names = bad.invalid_names();
        assert_eq!(names, ["title", "owner", "dueOn"]);
        let added = app
            .api_post(
                &format!("/api/v1/meetings/{energy}/decisions"),
                &petra,
                json!({ "title": "Folder over isolatie", "owner": "Energiecoaches", "dueOn": "2031-02-01" }),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
        let playground = decisions[0]["id"].as_str().unwrap().to_string();
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let not_hers =
            api(&app, Method::POST, &format!("/api/v1/decisions/{playground}/done"), Some(&fatima), None)
                .await;
        assert_eq!(not_hers.status, StatusCode::FORBIDDEN);
        let done =
            api(&app, Method::POST, &format!("/api/v1/decisions/{playground}/done"), Some(&petra), None)
                .await;
        assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
        assert!(done.json()["doneOn"].is_string());
        let e = api(&app, Method::GET, &format!("/api/v1/meetings/{energy}"), None, None).await.json();
        assert_eq!(e["carriedDecisions"], json!([]));
        assert_eq!(e["decisions"].as_array().unwrap().len(), 2);

        // Minutes through the page: the agenda's notes and the count; a wrong count is named.
        let mut b = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        b.get(&app, &format!("/bijeenkomsten/{energy}")).await;
        let wrong = b
            .post(
                &app,
                &format!("/bijeenkomsten/{energy}/verslag"),
                &[("notes.0", "Goed"), ("notes.1", "Ook"), ("attended", "veel")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("id=\"attended-error\""));
        let ok = b
            .post(
                &app,
                &format!("/bijeenkomsten/{energy}/verslag"),
                &[("notes.0", "Goed"), ("notes.1", "Ook"), ("attended", "33")],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let e = api(&app, Method::GET, &format!("/api/v1/meetings/{energy}"), None, None).await.json();
        assert_eq!((e["attended"].clone(), e["agenda"][1]["notes"].clone()), (json!(33), json!("Ook")));
        let page = Browser::default().get(&app, "/plaatsen/WK960102/bijeenkomsten").await;
        assert!(page.body.contains("U vroeg, wij deden"));
    }
}

#[tokio::test]
async fn those_who_came_say_how_it_was_and_small_groups_stay_hidden() {
    for app in apps().await {
        let list = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json();
        let energy = find(&list["past"], "Energie-avond")["id"].as_str().unwrap().to_string();
        let detail = api(&app, Method::GET, &format!("/api/v1/meetings/{energy}"), None, None).await.json();
        assert_eq!(detail["evaluation"]["count"], 12, "{}", app.label());
        assert_eq!(detail["evaluation"]["average"], 4.2);
        assert_eq!(
            detail["evaluation"]["lines"][0], "Duidelijke uitleg.",
            "lines in alphabetical order, no names"
        );
        // Fatima was there: she changes her score; someone who was not registered may not.
        let fatima = token_for(&app, "fatima@demo.wijkwerk.nl").await;
        let path = format!("/api/v1/meetings/{energy}/evaluation");
        let bad = app.api_post(&path, &fatima, json!({ "score": 9 })).await;
        assert_eq!(bad.invalid_names(), ["score"]);
        let ok = app.api_post(&path, &fatima, json!({ "score": 1, "line": "" })).await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
        assert_eq!((ok.json()["count"].clone(), ok.json()["average"].clone()), (json!(12), json!(3.8)));
        let (_, stranger) = resident(&app, "Niet Geweest").await;
        let refused = app.api_post(&path, &stranger, json!({ "score": 5 })).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // A meeting ahead cannot be rated yet; one with too few ratings shows no average.
        let walk = find(&list["upcoming"], "Wandeling met de wijkagent")["id"].as_str().unwrap().to_string();
        let early = app
            .api_post(&format!("/api/v1/meetings/{walk}/evaluation"), &fatima, json!({ "score": 4 }))
            .await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        let schouw = find(&list["past"], "Wijkschouw Oosterpark-Zuid")["id"].as_str().unwrap().to_string();
        let few = api(&app, Method::GET, &format!("/api/v1/meetings/{schouw}"), None, None).await.json();
        assert_eq!(
            (few["evaluation"]["count"].clone(), few["evaluation"]["average"].clone()),
            (json!(0), Value::Null)
        );
        // The evaluation is Fatima's own: in her export.
        let mut b = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let export = b.get(&app, "/mijn-gegevens/export.json").await.json();
        assert_eq!(export["meetingEvaluations"][0]["score"], 1);
    }
}
