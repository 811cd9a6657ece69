//! Photos and receipts with an initiative's account: uploaded as a browser
//! does, their metadata taken out, receipts hidden from the public, at most
//! ten per initiative also when uploads come at once, in the uploader's
//! export, and photos gone when the uploader is erased.

use super::*;

const FATIMA: &str = "fatima@demo.wijkwerk.nl";

/// A JPEG-shaped file whose EXIF says where it was taken.
fn jpeg_with_gps() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    for (marker, body) in
        [(0xE0u8, &b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"[..]), (0xE1, b"Exif\0\0GPS 52.37N 4.89E")]
    {
        b.extend_from_slice(&[0xFF, marker]);
        b.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(body);
    }
    b.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xFF, 0xD9]);
    b
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn lights(app: &TestApp) -> String {
    let list = api(app, Method::GET, "/api/v1/places/WK960102/initiatives", None, None).await.json();
    let all = list["initiatives"].as_array().unwrap();
    let i = all.iter().find(|i| i["title"] == "Kerstverlichting Lindenlaan").unwrap();
    i["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn photos_and_receipts_go_with_the_account_without_their_metadata() {
    for app in apps().await {
        let id = lights(&app).await;
        let path = format!("/initiatieven/{id}/bestanden");
        let mut fatima = Browser::sign_in(&app, FATIMA).await;
        let page = fatima.get(&app, &format!("/initiatieven/{id}")).await;
        assert!(
            page.body.contains("enctype=\"multipart/form-data\""),
            "{}: the group may add files",
            app.label()
        );

        // Mistakes are named at their fields and change nothing.
        let bad = fatima.post_file(&app, &path, &[("kind", "photo"), ("description", "")], b"MZ\x90\0").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(bad.body.contains("id=\"description-error\"") && bad.body.contains("id=\"file-error\""));
        let forged =
            fatima.post_file(&app, &path, &[("kind", "photo"), ("csrf", "nep")], &jpeg_with_gps()).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);

        // A photo: public, described, and without where it was taken.
        let ok = fatima
            .post_file(
                &app,
                &path,
                &[("kind", "photo"), ("description", "De lichtjes in de bomen")],
                &jpeg_with_gps(),
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(ok.location(), format!("/initiatieven/{id}#bestanden"));
        let public = api(&app, Method::GET, &format!("/initiatieven/{id}"), None, None).await;
        let src = public
            .body
            .split(&format!("src=\"/initiatieven/{id}/bestanden/"))
            .nth(1)
            .expect("the photo is shown");
        let photo = src[..src.find('"').unwrap()].to_string();
        assert!(public.body.contains("alt=\"De lichtjes in de bomen\""));
        let file = api(&app, Method::GET, &format!("{path}/{photo}"), None, None).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.header("content-type"), "image/jpeg");
        assert_eq!(file.header("x-content-type-options"), "nosniff");
        assert!(!has(file.body.as_bytes(), b"GPS"), "the EXIF is gone");

        // A receipt: the group and the coördinator see it, the public does not.
        let receipt = fatima.post_file(&app, &path, &[("kind", "receipt")], b"%PDF-1.7\n% bon Action").await;
        assert_eq!(receipt.status, StatusCode::SEE_OTHER, "{}", receipt.body);
        let mine = fatima.get(&app, &format!("/initiatieven/{id}")).await;
        let link = mine.body.split(&format!("href=\"/initiatieven/{id}/bestanden/")).nth(1).unwrap();
        let receipt_id = link[..link.find('"').unwrap()].to_string();
        assert_eq!(
            api(&app, Method::GET, &format!("{path}/{receipt_id}"), None, None).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(!public.body.contains("Bonnetjes"));
        let mut petra = Browser::sign_in(&app, email_of(Role::Coordinator)).await;
        let seen = petra.get(&app, &format!("{path}/{receipt_id}")).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(
            seen.header("content-disposition").starts_with("attachment;"),
            "a PDF is downloaded, not opened"
        );
        assert_eq!(seen.header("cache-control"), "private, no-store");

        // Someone else's initiative: not for Karim.
        let mut karim = Browser::sign_in(&app, "karim@demo.wijkwerk.nl").await;
        karim.get(&app, "/").await;
        let refused =
            karim.post_file(&app, &path, &[("kind", "photo"), ("description", "x")], &jpeg_with_gps()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Ten more at once, with two there already: exactly ten in all, on either engine.
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..10 {
            let (router, req) = (
                app.router.clone(),
                fatima.file_request(
                    &path,
                    &[("kind", "photo"), ("description", "Nog een")],
                    &jpeg_with_gps(),
                ),
            );
            set.spawn(async move { send(&router, req).await.status });
        }
        let statuses = set.join_all().await;
        assert_eq!(
            statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(),
            8,
            "{statuses:?} on {}",
            app.label()
        );
        assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT));
        let full = fatima.get(&app, &format!("/initiatieven/{id}")).await;
        assert_eq!(full.body.matches("<figure class=\"photo\">").count(), 9);

        // Her export lists them; erased, her photos go and the receipt stays.
        let export = api(&app, Method::GET, "/api/v1/me/export", Some(&token_for(&app, FATIMA).await), None)
            .await
            .json();
        assert_eq!(export["initiativeFiles"].as_array().unwrap().len(), 10);
        petra.post(&app, &format!("{path}/{photo}/weg"), &[]).await;
        assert_eq!(
            api(&app, Method::GET, &format!("{path}/{photo}"), None, None).await.status,
            StatusCode::NOT_FOUND
        );
        app.store.erase_person(&app.person_id(FATIMA).await).await.unwrap();
        let after = petra.get(&app, &format!("/initiatieven/{id}")).await;
        assert_eq!(after.body.matches("<figure class=\"photo\">").count(), 0);
        assert_eq!(petra.get(&app, &format!("{path}/{receipt_id}")).await.status, StatusCode::OK);
    }
}

/// A file sent as the body itself, with its media type.
async fn upload(app: &TestApp, path: &str, token: &str, media_type: &str, bytes: &[u8]) -> Reply {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, media_type)
        .body(Body::from(bytes.to_vec()))
        .unwrap();
    send(&app.router, req).await
}

#[tokio::test]
async fn the_api_takes_a_file_as_its_body_and_keeps_the_same_rules() {
    for app in apps().await {
        let id = lights(&app).await;
        let fatima = token_for(&app, FATIMA).await;
        let files = format!("/api/v1/initiatives/{id}/files");
        let photo = format!("{files}?kind=photo&description=De%20lichtjes");
        // The wrong media type, a type the bytes contradict, a missing description.
        let text = upload(&app, &photo, &fatima, "text/plain", b"hallo").await;
        assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", text.body);
        let lie = upload(&app, &photo, &fatima, "image/png", &jpeg_with_gps()).await;
        assert_eq!(lie.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", lie.body);
        assert_eq!(lie.invalid_names(), ["file"]);
        let bare =
            upload(&app, &format!("{files}?kind=photo"), &fatima, "image/jpeg", &jpeg_with_gps()).await;
        assert_eq!(bare.invalid_names(), ["description"]);

        let made = upload(&app, &photo, &fatima, "image/jpeg", &jpeg_with_gps()).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let made = made.json();
        assert_eq!(
            (made["kind"].clone(), made["description"].clone()),
            (json!("photo"), json!("De lichtjes"))
        );
        assert!(made.get("uploadedBy").is_none(), "a public photo names nobody");
        let receipt =
            upload(&app, &format!("{files}?kind=receipt"), &fatima, "application/pdf", b"%PDF-1.7 bon").await;
        assert_eq!(receipt.status, StatusCode::CREATED, "{}", receipt.body);

        // The public sees the photo only; the coördinator both.
        let public = api(&app, Method::GET, &files, None, None).await.json();
        assert_eq!(public["items"].as_array().unwrap().len(), 1, "{}", app.label());
        assert_eq!(public["mayAdd"], false);
        let petra = token_for(&app, email_of(Role::Coordinator)).await;
        let all = api(&app, Method::GET, &files, Some(&petra), None).await.json();
        assert_eq!(all["items"].as_array().unwrap().len(), 2);
        let one = format!("{files}/{}", made["id"].as_str().unwrap());
        let got = api(&app, Method::GET, &one, None, None).await;
        assert_eq!(got.header("content-type"), "image/jpeg");
        assert!(!has(got.body.as_bytes(), b"GPS"));

        // Karim may not take it away; Fatima may.
        let karim = token_for(&app, "karim@demo.wijkwerk.nl").await;
        assert_eq!(api(&app, Method::DELETE, &one, Some(&karim), None).await.status, StatusCode::FORBIDDEN);
        assert_eq!(api(&app, Method::DELETE, &one, Some(&fatima), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(api(&app, Method::GET, &one, None, None).await.status, StatusCode::NOT_FOUND);
    }
}
