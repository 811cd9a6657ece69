//! The wijkkrant, on every engine: last month's edition published and
//! readable by anyone, drafts only for those who make it, suggestions taken
//! once with the platform's own text, long sentences pointed out, slips typed
//! in by a wijkwerker, and a place in the editorial group as one's own data.

use super::*;

async fn editions(app: &TestApp) -> Value {
    api(app, Method::GET, "/api/v1/places/WK960102/newspapers", None, None).await.json()
}

#[tokio::test]
async fn last_months_paper_is_public_and_drafts_are_the_editors() {
    for app in apps().await {
        let list = editions(&app).await;
        assert_eq!(list["editors"], 2, "{}", app.label());
        let published: Vec<&Value> = list["editions"].as_array().unwrap().iter().collect();
        assert_eq!(published.len(), 1, "{}: anyone sees the published one only", app.label());
        let id = published[0]["id"].as_str().unwrap().to_string();
        let paper = api(&app, Method::GET, &format!("/api/v1/newspapers/{id}"), None, None).await.json();
        let kinds: Vec<&str> =
            paper["itemList"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["meeting", "meeting", "story", "story"]);
        let page = Browser::default().get(&app, &format!("/wijkkrant/{id}")).await;
        assert!(page.body.contains("Knip uit en lever in"), "the printed paper carries the slip");
        assert!(!page.body.contains("Graag een bankje bij de bushalte"), "slips are not public");

        // Karim (an editor) sees this month's draft with its hint and the suggestions.
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        let list = karim.get(&app, "/plaatsen/WK960102/wijkkrant").await;
        assert!(list.body.contains("in de maak"));
        let karim_token = token_for(&app, "karim@demo.wijkwerk.nl").await;
        let mine = api(&app, Method::GET, "/api/v1/places/WK960102/newspapers", Some(&karim_token), None)
            .await
            .json();
        let draft = mine["editions"].as_array().unwrap().iter().find(|e| e["publishedAt"].is_null()).unwrap();
        let draft_id = draft["id"].as_str().unwrap().to_string();
        let anonymous = api(&app, Method::GET, &format!("/api/v1/newspapers/{draft_id}"), None, None).await;
        assert_eq!(anonymous.status, StatusCode::NOT_FOUND, "a draft is not public");
        let page = karim.get(&app, &format!("/wijkkrant/{draft_id}")).await;
        assert!(
            page.body.contains("zinnen zijn lang") || page.body.contains("zin is lang"),
            "the long sentence is pointed out"
        );
        // A suggestion is taken with the platform's text, once.
        let at = page.body.find("name=\"ref\" value=\"").expect("a suggestion to take") + 18;
        let ref_id = page.body[at..at + 36].to_string();
        let kind_at = page.body[..at].rfind("name=\"kind\" value=\"").unwrap() + 19;
        let kind = page.body[kind_at..kind_at + page.body[kind_at..].find('"').unwrap()].to_string();
        let took = karim
            .post(&app, &format!("/wijkkrant/{draft_id}/suggesties"), &[("kind", &kind), ("ref", &ref_id)])
            .await;
        assert_eq!(took.status, StatusCode::SEE_OTHER, "{}", took.body);
        let twice = karim
            .post(&app, &format!("/wijkkrant/{draft_id}/suggesties"), &[("kind", &kind), ("ref", &ref_id)])
            .await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
        let story =
            karim.post(&app, &format!("/wijkkrant/{draft_id}/stukken"), &[("title", ""), ("body", "")]).await;
        assert_eq!(story.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Someone outside the editorial group cannot touch it.
        let mut sanne = Browser::sign_in(&app, "sanne@demo.wijkwerk.nl").await;
        sanne.get(&app, "/").await;
        let refused = sanne
            .post(&app, &format!("/wijkkrant/{draft_id}/stukken"), &[("title", "x"), ("body", "y")])
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        let published_again = karim.post(&app, &format!("/wijkkrant/{draft_id}/publiceren"), &[]).await;
        assert_eq!(published_again.status, StatusCode::SEE_OTHER);
        assert_eq!(editions(&app).await["editions"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn slips_come_back_through_the_wijkwerker_and_editors_are_their_own_data() {
    for app in apps().await {
        let id = editions(&app).await["editions"][0]["id"].as_str().unwrap().to_string();
        let mut ahmed = Browser::sign_in(&app, "ahmed@demo.wijkwerk.nl").await;
        let page = ahmed.get(&app, &format!("/wijkkrant/{id}")).await;
        assert!(page.body.contains("Graag een bankje bij de bushalte"), "the wijkwerker sees the slips");
        let empty = ahmed.post(&app, &format!("/wijkkrant/{id}/strookjes"), &[("text", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = ahmed
            .post(&app, &format!("/wijkkrant/{id}/strookjes"), &[("text", "Meer lantaarns in het park.")])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(editions(&app).await["editions"][0]["responses"], 2);
        // A new resident joins the editorial group: it is in their export and on "Mijn gegevens".
        let mut fatima = Browser::sign_in(&app, "fatima@demo.wijkwerk.nl").await;
        let export = fatima.get(&app, "/mijn-gegevens/export.json").await.json();
        assert_eq!(export["newspaperEditorOf"][0]["placeCode"], "WK960102", "{}", app.label());
        let my = fatima.get(&app, "/mijn-gegevens").await;
        assert!(my.body.contains("redactie van de wijkkrant van Oosterpark"));
        fatima.get(&app, "/plaatsen/WK960102/wijkkrant").await;
        let left = fatima.post(&app, "/plaatsen/WK960102/wijkkrant/redactie", &[("join", "0")]).await;
        assert_eq!(left.status, StatusCode::SEE_OTHER);
        assert_eq!(editions(&app).await["editors"], 1);
    }
}
