//! Places: roles scoped to their place, and small groups hidden on their pages.

use super::*;

#[tokio::test]
async fn place_roles_are_scoped_to_their_place() {
    for app in apps().await {
        let ahmed = token_for(&app, email_of(Role::Wijkwerker)).await; // wijkwerker in WK960102
        let inside = api(&app, Method::GET, "/api/v1/places/BU96010201/team", Some(&ahmed), None).await;
        assert_eq!(inside.status, StatusCode::OK, "{}: a buurt inside his wijk", app.label());
        let other = api(&app, Method::GET, "/api/v1/places/WK960101/team", Some(&ahmed), None).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "{}: another wijk", app.label());

        let petra = token_for(&app, email_of(Role::Coordinator)).await; // coördinator in WK960102
        let fatima = email_of(Role::Bewoner);
        let own = app
            .api_post("/api/v1/places/WK960102/roles", &petra, json!({"role": "coach", "email": fatima}))
            .await;
        assert_eq!(own.status, StatusCode::CREATED, "{}: {}", app.label(), own.body);
        assert_eq!(own.json()["role"], "coach");
        let again = app
            .api_post("/api/v1/places/WK960102/roles", &petra, json!({"role": "coach", "email": fatima}))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.header("content-type"), "application/problem+json");
        let elsewhere = app
            .api_post("/api/v1/places/WK960101/roles", &petra, json!({"role": "coach", "email": fatima}))
            .await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
        let too_high = app
            .api_post("/api/v1/places/WK960102/roles", &petra, json!({"role": "wijkwerker", "email": fatima}))
            .await;
        assert_eq!(too_high.status, StatusCode::FORBIDDEN);
        let bad = app
            .api_post(
                "/api/v1/places/WK960102/roles",
                &petra,
                json!({"role": "koning", "email": "niemand@example.nl"}),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = bad.json();
        let names: Vec<&str> = problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        // An unknown address is not an error (that would tell who has an
        // account): the role waits for it. Every other invalid field is listed.
        assert_eq!(names, ["role"], "every invalid field is listed");
        let nobody = app
            .api_post(
                "/api/v1/places/WK960102/roles",
                &petra,
                json!({"role": "coach", "personId": "0190f0f0-0000-7000-8000-000000000000"}),
            )
            .await;
        assert_eq!(nobody.json()["invalidParams"][0]["name"], "personId", "an unknown id is still refused");
    }
}

#[tokio::test]
async fn place_pages_suppress_small_groups() {
    for app in apps().await {
        let mut b = Browser::default();
        let wijk = b.get(&app, "/plaatsen/WK960102").await;
        assert_eq!(wijk.status, StatusCode::OK);
        // Het Veld has 7 residents: hidden, and with the total shown the next
        // smallest buurt (Bloemenbuurt, 35) is hidden too.
        assert!(wijk.body.contains("Het Veld"));
        assert!(!wijk.body.contains(">7<"));
        assert!(!wijk.body.contains(">35<"), "complementary suppression");
        // 88 and 72 demo residents, plus the El Amrani family (Noord: Fatima, Karim,
        // Noah, Lina) and Petra (Zuid).
        assert!(wijk.body.contains(">92<") && wijk.body.contains(">73<"));
        assert!(wijk.body.contains(">207<"), "total of 92 + 73 + 35 + 7");
        assert!(wijk.body.contains("Buurtvaders Oosterpark"));
        assert!(wijk.body.contains("<svg role=\"img\""));

        let json = api(&app, Method::GET, "/api/v1/places/WK960102", None, None).await.json();
        let cells: Vec<Value> =
            json["children"].as_array().unwrap().iter().map(|c| c["residents"].clone()).collect();
        // By name: Bloemenbuurt (35, hidden to protect Het Veld), Het Veld (7), Noord, Zuid.
        assert_eq!(cells, [Value::Null, Value::Null, json!(92), json!(73)]);
        assert_eq!(json["residentsTotal"], 207);
        assert_eq!(json["minGroupSize"], 10);

        let missing = b.get(&app, "/plaatsen/WK000000").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("Deze pagina bestaat niet"));
    }
}
