//! Meeting mail: choices that are the person's (invitations opt-in,
//! reminders on), an organiser's invitation queued once however often it is
//! asked for, reminders the day before, claims that two senders never share,
//! and all of it in the export and gone on erasure. Delivery over SMTP is
//! checked by `scripts/check-mail` against aiosmtpd.

use super::*;
use wijkwerk_domain::Timestamp;

const FATIMA: &str = "fatima@demo.wijkwerk.nl";
const KARIM: &str = "karim@demo.wijkwerk.nl";

#[tokio::test]
async fn mail_is_asked_for_queued_once_claimed_once_and_the_persons_own() {
    for app in apps().await {
        let (fatima, karim) = (token_for(&app, FATIMA).await, token_for(&app, KARIM).await);
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let prefs = api(&app, Method::GET, "/api/v1/me/mail-preferences", Some(&fatima), None).await;
        assert_eq!(
            prefs.json(),
            json!({ "invitations": true, "reminders": true, "marketDigest": false, "email": FATIMA })
        );

        // Wrong choices: every field named, nothing changed.
        let bad = app.api_put("/api/v1/me/mail-preferences", &fatima, json!({ "invitations": "ja" })).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert_eq!(bad.invalid_names(), ["invitations", "reminders"]);
        let same = api(&app, Method::GET, "/api/v1/me/mail-preferences", Some(&fatima), None).await;
        assert_eq!(same.json()["invitations"], true, "{}", app.label());

        // Karim turns invitations off on "Mijn gegevens" (an unticked box is absent).
        let mut b = Browser::sign_in(&app, KARIM).await;
        let page = b.get(&app, "/mijn-gegevens").await;
        assert!(page.body.contains("id=\"mail-invitations\" name=\"invitations\" value=\"1\" checked"));
        let saved = b.post(&app, "/mijn-gegevens/e-mail", &[("reminders", "1")]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(saved.location(), "/mijn-gegevens?klaar=e-mail#e-mail");
        let karims = api(&app, Method::GET, "/api/v1/me/mail-preferences", Some(&karim), None).await.json();
        assert_eq!((karims["invitations"].clone(), karims["reminders"].clone()), (json!(false), json!(true)));

        // Petra plans a meeting and mails the invitation from its page:
        // only Fatima asked for it now.
        // Far from the demo's own meetings (the nearest is a week ahead, at
        // a Dutch evening), so its reminder window holds only this one.
        let start = Timestamp::now().plus_seconds(45 * 86_400);
        let body = json!({
            "title": "Buurtsoep", "purpose": "Soep en praten.", "form": "ontmoeting",
            "address": "Lindenlaan 12, Lindenhoven", "startsAt": start.to_rfc3339(),
            "endsAt": start.plus_seconds(7200).to_rfc3339(), "organisers": "Wijkteam",
        });
        let made = app.api_post("/api/v1/places/WK960102/meetings", &petra, body).await;
        let id = made.json()["id"].as_str().unwrap().to_string();
        let mut organiser = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        organiser.get(&app, &format!("/bijeenkomsten/{id}")).await;
        let invited = organiser.post(&app, &format!("/bijeenkomsten/{id}/e-mail"), &[]).await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
        let shown = organiser.get(&app, &format!("/bijeenkomsten/{id}")).await;
        assert!(shown.body.contains("1 uitnodiging klaargezet, 0 verstuurd."), "{}", app.label());
        // Asking again, by the API this time, queues nobody twice.
        let path = format!("/api/v1/meetings/{id}/invitations");
        let again = api(&app, Method::POST, &path, Some(&petra), None).await;
        assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.body);
        assert_eq!((again.json()["queued"].clone(), again.json()["reachable"].clone()), (json!(1), json!(1)));
        // A resident may not, and a meeting that is over takes no invitations.
        assert_eq!(api(&app, Method::POST, &path, Some(&fatima), None).await.status, StatusCode::FORBIDDEN);
        let past = api(&app, Method::GET, "/api/v1/places/WK960102/meetings", None, None).await.json()["past"][0]
            ["id"]
            .as_str()
            .unwrap()
            .to_string();
        let late =
            api(&app, Method::POST, &format!("/api/v1/meetings/{past}/invitations"), Some(&petra), None)
                .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);

        // Karim registers. Two hours before the start his reminder is due;
        // two senders at once: each message goes to one of them.
        let reg =
            api(&app, Method::POST, &format!("/api/v1/meetings/{id}/registration"), Some(&karim), None).await;
        assert_eq!(reg.status, StatusCode::CREATED);
        let then = start.minus_seconds(2 * 3600);
        let (queued, first) = wijkwerk_app::mail::due(&app.store, then, 100).await.unwrap();
        let (_, second) = wijkwerk_app::mail::due(&app.store, then, 100).await.unwrap();
        assert_eq!(queued, 1, "one reminder: Karim's ({})", app.label());
        let ours: Vec<_> = first.iter().filter(|i| i.meeting_id == id).collect();
        let mut kinds: Vec<(&str, &str)> = ours.iter().map(|i| (i.kind.as_str(), i.email.as_str())).collect();
        kinds.sort();
        assert_eq!(kinds, [("invitation", FATIMA), ("reminder", KARIM)]);
        assert!(second.iter().all(|i| i.meeting_id != id), "claimed messages are not claimed again");
        for item in &ours {
            wijkwerk_app::mail::sent(&app.store, item, then).await.unwrap();
        }
        // Fatima registers after her invitation went; it stays in her export.
        let export = api(&app, Method::GET, "/api/v1/me/export", Some(&fatima), None).await.json();
        let mine: Vec<&Value> =
            export["mails"].as_array().unwrap().iter().filter(|m| m["meetingId"] == id).collect();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["kind"], "invitation");
        assert_eq!(mine[0]["sentAt"], then.to_rfc3339());
        assert_eq!(export["mailPreferences"]["invitations"], true);
        let page = Browser::sign_in(&app, FATIMA).await.get(&app, "/mijn-gegevens").await;
        assert!(page.body.contains("Uitnodiging: <a class=\"utrecht-link\""), "Mijn gegevens lists it");

        // Erased: her choices and messages go with her.
        let fatima_id = app.person_id(FATIMA).await;
        app.store.erase_person(&fatima_id).await.unwrap();
        assert!(app.store.mails_of(&fatima_id).await.unwrap().is_empty());
        assert!(app.store.mail_preferences(&fatima_id).await.is_err(), "no row left");
    }
}

#[tokio::test]
async fn the_weekly_marketplace_mail_is_asked_for_and_goes_once_a_week() {
    for app in apps().await {
        let fatima = token_for(&app, FATIMA).await;
        let now = Timestamp::now();
        // Nobody asked for it yet: nothing queued.
        let (queued, items) = wijkwerk_app::digest::due(&app.store, now, 100).await.unwrap();
        assert_eq!((queued, items.len()), (0, 0), "{}", app.label());

        // Fatima asks on "Mijn gegevens"; the other choices stay hers.
        let mut b = Browser::sign_in(&app, FATIMA).await;
        b.get(&app, "/mijn-gegevens").await;
        let saved = b
            .post(
                &app,
                "/mijn-gegevens/e-mail",
                &[("invitations", "1"), ("reminders", "1"), ("marketDigest", "1")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let prefs = api(&app, Method::GET, "/api/v1/me/mail-preferences", Some(&fatima), None).await.json();
        assert_eq!(prefs["marketDigest"], true);
        let wrong = app
            .api_put(
                "/api/v1/me/mail-preferences",
                &fatima,
                json!({ "invitations": true, "reminders": true, "marketDigest": "ja" }),
            )
            .await;
        assert_eq!(wrong.invalid_names(), ["marketDigest"]);

        // Queued once this week, however often the sender runs.
        let (queued, items) = wijkwerk_app::digest::due(&app.store, now, 100).await.unwrap();
        assert_eq!((queued, items.len()), (1, 1));
        let digest = wijkwerk_app::digest::content(&app.store, &items[0], now).await.unwrap();
        assert!(!digest.nearby.is_empty(), "the demo's posts of this week in her buurt");
        assert!(digest.nearby.iter().all(|p| p.buurt_code == "BU96010201" && p.status == "open"));
        let sender = wijkwerk_web::mail_view::Sender {
            from: "markt@wijkwerk.example".into(),
            site: "https://wijk.example".into(),
        };
        let i18n = wijkwerk_web::i18n::I18n::shared();
        let message = wijkwerk_web::mail_view::compose_digest(&i18n, &sender, &items[0], &digest, now);
        assert!(
            message.body.contains(&format!("https://wijk.example/markt/{}", digest.nearby[0].id)),
            "{}",
            message.body
        );
        wijkwerk_app::digest::done(&app.store, &items[0], false, now).await.unwrap();
        let (queued, items) =
            wijkwerk_app::digest::due(&app.store, now.plus_seconds(3600), 100).await.unwrap();
        assert_eq!((queued, items.len()), (0, 0), "once a week");
        let export = api(&app, Method::GET, "/api/v1/me/export", Some(&fatima), None).await.json();
        assert_eq!(export["marketDigests"].as_array().unwrap().len(), 1);

        // Turned off: next week nothing is queued for her.
        app.api_put(
            "/api/v1/me/mail-preferences",
            &fatima,
            json!({ "invitations": true, "reminders": true, "marketDigest": false }),
        )
        .await;
        let (queued, _) =
            wijkwerk_app::digest::due(&app.store, now.plus_seconds(8 * 86_400), 100).await.unwrap();
        assert_eq!(queued, 0);
    }
}
