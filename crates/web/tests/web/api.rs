//! The API as a whole: problem+json, the health check, the OpenAPI document
//! against the router, and a text for every error code.

use super::*;

#[tokio::test]
async fn api_speaks_problem_json() {
    for app in apps().await {
        let unknown = api(&app, Method::GET, "/api/v1/bestaat-niet", None, None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.header("content-type"), "application/problem+json");
        let p = unknown.json();
        assert_eq!(p["status"], 404);
        assert!(p["title"].is_string() && p["detail"].is_string());

        let anon = api(&app, Method::GET, "/api/v1/me", None, None).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
        assert_eq!(anon.header("www-authenticate"), "Bearer");
        let bogus = api(&app, Method::GET, "/api/v1/me", Some("not-a-token"), None).await;
        assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);

        let token = token_for(&app, email_of(Role::Bewoner)).await;
        let me = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.header("api-version"), "1.0.0");
        let me = me.json();
        assert_eq!(me["roles"][0]["role"], "bewoner");
        assert_eq!(me["roles"][0]["placeName"], "Oosterpark-Noord");
        assert!(me["createdAt"].as_str().unwrap().ends_with('Z'), "UTC timestamps");

        let invalid = app.api_post("/api/v1/me/consents", &token, json!({"scope": "alles"})).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid.header("content-type"), "application/problem+json");
        let params: Vec<(String, String)> = invalid.json()["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().into(), p["code"].as_str().unwrap().into()))
            .collect();
        assert_eq!(
            params,
            [
                ("granteeId".into(), "grantee-unknown".into()),
                ("scope".into(), "scope-unknown".into()),
                ("purpose".into(), "required".into())
            ]
        );
        let count_before = app.store.consents_given(&me["id"].as_str().unwrap()).await.unwrap().len();

        let malformed = send(
            &app.router,
            Request::post("/api/v1/me/consents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.header("content-type"), "application/problem+json");
        let form = send(
            &app.router,
            Request::post("/api/v1/me/consents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("x"))
                .unwrap(),
        )
        .await;
        assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let too_big =
            app.api_post("/api/v1/me/consents", &token, json!({"purpose": "x".repeat(100_000)})).await;
        assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
        let wrong_method = api(&app, Method::PATCH, "/api/v1/me", Some(&token), None).await;
        assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(wrong_method.header("content-type"), "application/problem+json");
        assert_eq!(
            app.store.consents_given(&me["id"].as_str().unwrap()).await.unwrap().len(),
            count_before,
            "bad input changed nothing"
        );

        // Access only to a professional around one's home, as the page offers:
        // not to another resident, nor to the gemeente.
        for other in [Role::Ondernemer, Role::Gemeente] {
            let other_id = app.person_id(email_of(other)).await;
            let body = json!({"granteeId": other_id, "scope": "profile", "purpose": "Kijken"});
            let refused = app.api_post("/api/v1/me/consents", &token, body).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{other:?}: {}", refused.body);
            assert_eq!(refused.invalid_names(), ["granteeId"], "{other:?}");
        }

        // A consent made and revoked through the API.
        let coach_id = app.person_id(email_of(Role::Coordinator)).await;
        let made = app.api_post("/api/v1/me/consents", &token, json!({"granteeId": coach_id, "scope": "profile", "purpose": "Wijkplan", "validUntil": "2099-12-31"})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let id = made.json()["id"].as_str().unwrap().to_string();
        assert_eq!(made.json()["validUntil"], "2099-12-31T23:59:59.000Z");
        let gone = api(&app, Method::DELETE, &format!("/api/v1/me/consents/{id}"), Some(&token), None).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT);
        let twice = api(&app, Method::DELETE, &format!("/api/v1/me/consents/{id}"), Some(&token), None).await;
        assert_eq!(twice.status, StatusCode::NOT_FOUND);

        let log = api(&app, Method::GET, "/api/v1/me/access-log", Some(&token), None).await.json();
        let profile: Vec<&Value> =
            log["items"].as_array().unwrap().iter().filter(|r| r["what"] == "profile").collect();
        assert_eq!(profile.len(), 3);
        assert_eq!(profile[0]["actorName"], "Sanne Visser");
    }
}

#[tokio::test]
async fn health_check_touches_the_database() {
    for app in apps().await {
        let reply = api(&app, Method::GET, "/healthz", None, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        assert_eq!(body["database"]["ok"], true);
        assert_eq!(body["database"]["engine"], app.label());
        app.store.close().await;
        let down = api(&app, Method::GET, "/healthz", None, None).await;
        assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE, "a closed database is reported");
    }
}

#[tokio::test]
async fn openapi_lists_exactly_the_api_routes() {
    let doc = wijkwerk_web::openapi_document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), format!("/api/v1{path}")));
        }
    }
    let routed: BTreeSet<(String, String)> = route_specs()
        .iter()
        .filter(|r| r.kind == RouteKind::Api && r.path.starts_with("/api/v1/"))
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, routed);
    // Every documented response names a schema that exists.
    let text = doc.to_string();
    for reference in text.split("#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "schema {name} exists");
    }
}

#[test]
fn every_error_code_has_a_translation() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let i18n = wijkwerk_web::i18n::I18n::load();
    let mut missing = Vec::new();
    for dir in ["domain/src", "store/src", "app/src", "web/src"] {
        for (path, source) in architecture::rust_sources(&root.join(dir)) {
            // Codes appear as the second argument of `.add("field", "code")` and `Invalid::single("field", "code")`.
            let calls =
                [".add(\"", "Invalid::single(\"", " invalid(\"", "(invalid(\"", "::invalid(\"", "refusal(\""];
            for call in calls.iter().flat_map(|c| source.split(c).skip(1)) {
                let Some(rest) = call.split_once("\", \"").map(|(_, r)| r) else {
                    continue;
                };
                let code = rest.split('"').next().unwrap();
                for lang in ["nl", "en"] {
                    if !i18n.has(lang, &format!("error-{code}")) {
                        missing.push(format!("{lang}: error-{code} ({})", path.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
