//! The social coin through the API and the pages, on every engine.

use super::*;
use wijkwerk_domain::coin::AccountKind;

pub(crate) async fn api_key(app: &TestApp, path: &str, token: &str, key: Option<&str>, body: Value) -> Reply {
    let mut req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    send(&app.router, req.body(Body::from(body.to_string())).unwrap()).await
}

fn invalid_names(reply: &Reply) -> Vec<String> {
    reply.json()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn coin_api_moves_money_once_and_explains_refusals() {
    for app in apps().await {
        let label = app.label();
        let gemeente = token_for(&app, email_of(Role::Gemeente)).await;
        let fatima_token = token_for(&app, email_of(Role::Bewoner)).await;
        let mehmet_token = token_for(&app, email_of(Role::Ondernemer)).await;
        let fatima = app.person_id(email_of(Role::Bewoner)).await;

        // Every invalid field at once, and nothing made.
        let bad = app
            .api_post(
                "/api/v1/coin/programmes",
                &gemeente,
                json!({ "placeCode": "GM0001", "limits": { "maxPayment": -5, "maxBalance": "veel" } }),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {}", bad.body);
        assert_eq!(bad.header("content-type"), "application/problem+json");
        let names = invalid_names(&bad);
        for field in ["placeCode", "name", "limits.maxPayment", "limits.maxBalance"] {
            assert!(names.contains(&field.to_string()), "{label}: {field} in {names:?}");
        }
        let made = app
            .api_post(
                "/api/v1/coin/programmes",
                &gemeente,
                json!({ "placeCode": "GM9601", "name": "Sportpas", "limits": { "maxPayment": 2000 } }),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{label}: {}", made.body);
        let programme = made.json()["id"].as_str().unwrap().to_string();
        let fundings = format!("/api/v1/coin/programmes/{programme}/fundings");

        // Money moves only with an Idempotency-Key; a retry replays; another body is refused.
        let no_key = api_key(&app, &fundings, &gemeente, None, json!({ "amount": "tien" })).await;
        assert_eq!(no_key.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_names(&no_key), ["Idempotency-Key", "amount"]);
        let first = api_key(
            &app,
            &fundings,
            &gemeente,
            Some("f-1"),
            json!({ "amount": 100_000, "memo": "storting" }),
        )
        .await;
        assert_eq!(first.status, StatusCode::CREATED, "{label}: {}", first.body);
        let again = api_key(
            &app,
            &fundings,
            &gemeente,
            Some("f-1"),
            json!({ "memo": "storting", "amount": 100_000 }),
        )
        .await;
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.header("idempotent-replayed"), "true");
        assert_eq!(again.json(), first.json(), "the stored result, byte for byte the same receipt");
        let other = api_key(&app, &fundings, &gemeente, Some("f-1"), json!({ "amount": 999 })).await;
        assert_eq!(other.status, StatusCode::CONFLICT, "{label}: {}", other.body);
        let shown =
            api(&app, Method::GET, &format!("/api/v1/coin/programmes/{programme}"), Some(&gemeente), None)
                .await;
        assert_eq!(shown.json()["totals"]["escrow"], 100_000, "{label}: funded once");

        // A business takes part; a resident gets coins and pays it.
        let bakery = app
            .store
            .organisations_in("GM9601")
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.name == "Bakkerij Kaya")
            .unwrap();
        let enrolled = app
            .api_post(
                &format!("/api/v1/coin/programmes/{programme}/businesses"),
                &gemeente,
                json!({ "organisationId": bakery.id }),
            )
            .await;
        assert_eq!(enrolled.status, StatusCode::CREATED, "{label}: {}", enrolled.body);
        let shop_code = enrolled.json()["code"].as_str().unwrap().to_string();
        let shop_account = enrolled.json()["id"].as_str().unwrap().to_string();
        let issued = api_key(
            &app,
            "/api/v1/coin/issuances",
            &gemeente,
            Some("i-1"),
            json!({ "programmeId": programme, "personId": fatima, "amount": 3_000, "memo": "sportpas" }),
        )
        .await;
        assert_eq!(issued.status, StatusCode::CREATED, "{label}: {}", issued.body);
        let too_much = api_key(
            &app,
            "/api/v1/coin/issuances",
            &gemeente,
            Some("i-2"),
            json!({ "programmeId": programme, "personId": fatima, "amount": 98_000 }),
        )
        .await;
        assert_eq!(invalid_names(&too_much), ["amount"], "{label}: never more than funded");
        let pay = |key: &'static str, amount: i64| {
            let (app, token, programme, shop_code) = (&app, &fatima_token, &programme, &shop_code);
            async move {
                api_key(app, "/api/v1/coin/payments", token, Some(key),
                    json!({ "programmeId": programme, "business": shop_code.to_lowercase(), "amount": amount })).await
            }
        };
        let paid = pay("p-1", 1_500).await;
        assert_eq!(paid.status, StatusCode::CREATED, "{label}: {}", paid.body);
        assert_eq!(pay("p-1", 1_500).await.header("idempotent-replayed"), "true");
        let above = pay("p-2", 2_001).await;
        assert_eq!(above.json()["invalidParams"][0]["code"], "above-max-payment", "{label}");

        // Fatima sees her account; Mehmet does not; the gemeente's look is logged for her.
        let mine = app
            .store
            .coin_accounts_of_owner(&fatima)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.kind == AccountKind::Holder && a.programme_id == programme)
            .unwrap();
        let path = format!("/api/v1/coin/accounts/{}", mine.id);
        let seen = api(&app, Method::GET, &path, Some(&fatima_token), None).await;
        assert_eq!(seen.json()["balance"], 1_500, "{label}: {}", seen.body);
        assert_eq!(seen.json()["entries"][0]["balanceAfter"], 1_500);
        assert_eq!(
            api(&app, Method::GET, &path, Some(&mehmet_token), None).await.status,
            StatusCode::NOT_FOUND
        );
        let before = app.store.access_log_for(&fatima, 100).await.unwrap().len();
        assert_eq!(api(&app, Method::GET, &path, Some(&gemeente), None).await.status, StatusCode::OK);
        assert_eq!(
            app.store.access_log_for(&fatima, 100).await.unwrap().len(),
            before + 1,
            "{label}: the read is in her log"
        );

        // Mehmet runs the bakery: he redeems its coins, not someone else's.
        let redeemed = api_key(
            &app,
            "/api/v1/coin/redemptions",
            &mehmet_token,
            Some("r-1"),
            json!({ "account": shop_account, "amount": 1_000 }),
        )
        .await;
        assert_eq!(redeemed.status, StatusCode::CREATED, "{label}: {}", redeemed.body);
        let not_his = api_key(
            &app,
            "/api/v1/coin/redemptions",
            &mehmet_token,
            Some("r-2"),
            json!({ "account": mine.id, "amount": 1 }),
        )
        .await;
        assert_eq!(invalid_names(&not_his), ["account"]);

        // A reversal by the gemeente, then the books.
        let tx = paid.json()["transactionId"].as_str().unwrap().to_string();
        let reversed = api_key(
            &app,
            "/api/v1/coin/reversals",
            &gemeente,
            Some("x-1"),
            json!({ "transactionId": tx, "memo": "verkeerde winkel" }),
        )
        .await;
        assert_eq!(
            reversed.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: the bakery redeemed 10 of its 15 euros: {}",
            reversed.body
        );
        let ledger = api(&app, Method::GET, "/api/v1/coin/ledger.beancount", Some(&gemeente), None).await;
        assert_eq!(ledger.status, StatusCode::OK);
        assert!(ledger.body.contains(&format!("Liabilities:Business:{shop_code}")), "{label}");
        assert!(ledger.body.contains(" balance Assets:Escrow:"), "{label}");
        assert_eq!(
            api(&app, Method::GET, "/api/v1/coin/ledger.beancount", Some(&fatima_token), None).await.status,
            StatusCode::FORBIDDEN
        );
        assert!(app.store.coin_check(&mut |_| {}).await.unwrap().is_empty(), "{label}");
    }
}

#[tokio::test]
async fn coin_pages_pay_once_per_form_and_settle_card_payments() {
    for app in apps().await {
        let label = app.label();
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let wallet = fatima.get(&app, "/munt").await;
        assert_eq!(wallet.status, StatusCode::OK, "{label}");
        assert!(wallet.body.contains("Stadspas-munt Lindenhoven"), "{label}: the demo programme");
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let account = app.store.coin_accounts_of_owner(&fatima_id).await.unwrap().remove(0);
        let start = account.balance;
        let bakery = app
            .store
            .programme_businesses(&account.programme_id)
            .await
            .unwrap()
            .into_iter()
            .find(|(_, n)| n == "Bakkerij Kaya")
            .unwrap()
            .0;

        // The QR code leads to a form that names the shop.
        let form = fatima.get(&app, &format!("/munt/betalen?zaak={}", bakery.code)).await;
        assert!(form.body.contains("Bakkerij Kaya"), "{label}");
        let key =
            form.body.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let fields = [
            ("account", account.id.as_str()),
            ("business", bakery.code.as_str()),
            ("amount", "4,00"),
            ("key", key.as_str()),
        ];
        let paid = fatima.post(&app, "/munt/betalen", &fields).await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{label}: {}", paid.body);
        // The same form sent twice (a double tap) pays once.
        let twice = fatima.post(&app, "/munt/betalen", &fields).await;
        assert_eq!(twice.location(), paid.location());
        let after = app.store.coin_account(&account.id).await.unwrap().unwrap();
        assert_eq!(after.balance, start - 400 + 40, "{label}: paid once, 10% back");
        let receipt = fatima.get(&app, paid.location()).await;
        assert!(receipt.body.contains("€ 4,00") && receipt.body.contains("€ 0,40"), "{label}");
        // Typing errors are explained at the field, and nothing moves.
        let wrong = fatima
            .post(
                &app,
                "/munt/betalen",
                &[
                    ("account", &account.id),
                    ("business", "Z-0000"),
                    ("amount", "vier"),
                    ("key", &wijkwerk_domain::new_id()),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("bijvoorbeeld 12,50"), "{label}");
        assert_eq!(app.store.coin_account(&account.id).await.unwrap().unwrap().balance, after.balance);

        // A printed card: Mehmet's till reserves, Fatima's PIN settles.
        let mut mehmet = Browser::sign_in(&app, email_of(Role::Ondernemer)).await;
        let till = mehmet.get(&app, "/munt/kassa").await;
        assert!(till.body.contains("Bakkerij Kaya"), "{label}");
        let started = mehmet
            .post(
                &app,
                "/munt/kassa/pas",
                &[("account", &bakery.id), ("card", &account.code.to_lowercase()), ("amount", "2,50")],
            )
            .await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{label}: {}", started.body);
        let pin_page = mehmet.get(&app, started.location()).await;
        assert!(pin_page.body.contains("€ 2,50"), "{label}");
        let wrong_pin = mehmet.post(&app, started.location(), &[("pin", "0000"), ("action", "pay")]).await;
        assert_eq!(wrong_pin.status, StatusCode::UNPROCESSABLE_ENTITY);
        let settled = mehmet.post(&app, started.location(), &[("pin", "4821"), ("action", "pay")]).await;
        assert_eq!(settled.status, StatusCode::SEE_OTHER, "{label}: {}", settled.body);
        let shown = mehmet.get(&app, settled.location()).await;
        assert!(shown.body.contains("€ 2,50"), "{label}");
        assert_eq!(
            app.store.coin_account(&account.id).await.unwrap().unwrap().balance,
            after.balance - 250 + 25
        );

        // The gemeente gives coins to many people from lines pasted from Excel.
        let mut gemeente = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let page = gemeente.get(&app, &format!("/munt/regelingen/{}", account.programme_id)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.body.contains("precies gelijk"), "{label}: escrow equals all coins");
        let lines = format!(
            "persoon\tbedrag\tomschrijving\n{}\t10\tbonus\nonbekend@example.org\t5\tx\n",
            email_of(Role::Bewoner)
        );
        let bulk_path = format!("/munt/regelingen/{}/bulk", account.programme_id);
        let report = gemeente.post(&app, &bulk_path, &[("lines", &lines)]).await;
        assert!(
            report.body.contains("1 keer gegeven, 0 al eerder gegeven, 1 regels niet gelukt"),
            "{label}: {}",
            report.body
        );
        let again = gemeente.post(&app, &bulk_path, &[("lines", &lines)]).await;
        assert!(again.body.contains("0 keer gegeven, 1 al eerder gegeven"), "{label}");
        let ledger = gemeente.get(&app, "/munt/boekhouding.beancount").await;
        assert!(ledger.body.contains("option \"operating_currency\" \"EUR\""));
        assert!(app.store.coin_check(&mut |_| {}).await.unwrap().is_empty(), "{label}");
    }
}

/// The programme ownership rule exists once: page and API give the same
/// answer for a gemeente user at the programme's place, above it, and for
/// someone without the role.
#[tokio::test]
async fn the_gemeente_reads_its_books_in_a_spreadsheet_without_names() {
    for app in apps().await {
        let label = app.label();
        let fatima_id = app.person_id(email_of(Role::Bewoner)).await;
        let programme = app.store.coin_accounts_of_owner(&fatima_id).await.unwrap().remove(0).programme_id;
        let mut gemeente = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        let csv = gemeente.get(&app, &format!("/munt/regelingen/{programme}/boekingen.csv")).await;
        assert_eq!(csv.status, StatusCode::OK, "{label}");
        assert!(csv.header("content-type").starts_with("text/csv"), "{label}");
        let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
        assert!(lines[0].contains("saldo erbij of eraf (euro)"), "{label}: {}", lines[0]);
        assert!(lines.len() > 10, "{label}: the demo's entries");
        assert!(
            !csv.body.contains("Fatima") && !csv.body.contains("El Amrani"),
            "{label}: no residents' names"
        );
        // Double entry: every transaction's entries (debit +, credit −) sum to zero.
        let mut sums: std::collections::BTreeMap<String, i64> = Default::default();
        for line in &lines[1..] {
            let cells: Vec<&str> = line.split(';').collect();
            let cents = (cells[7].parse::<f64>().unwrap() * 100.0).round() as i64;
            *sums.entry(cells[1].to_string()).or_default() += cents;
        }
        assert!(sums.values().all(|s| *s == 0), "{label}: {sums:?}");
        let xlsx = gemeente.get(&app, &format!("/munt/regelingen/{programme}/boekingen.xlsx")).await;
        assert_eq!(xlsx.status, StatusCode::OK, "{label}");
        // Spending per month and per wijk on the programme page.
        let page = gemeente.get(&app, &format!("/munt/regelingen/{programme}")).await;
        assert!(page.body.contains("Besteed per maand") && page.body.contains("Besteed per wijk"), "{label}");
        // Whatever the tables hide, together it is at least the minimum of payers:
        // the total minus the shown cells reveals no small group.
        let ellen = app.store.actor(&app.person_id(email_of(Role::Gemeente)).await).await.unwrap();
        let spending = wijkwerk_app::coin::spending(&app.store, &ellen, &programme).await.unwrap();
        for (by_wijk, table) in [(false, &spending.per_month), (true, &spending.per_wijk)] {
            let hidden: Vec<String> =
                table.iter().filter(|(_, c)| c.is_none()).map(|(k, _)| k.clone()).collect();
            let payers = app.store.spending_payers_in(&programme, by_wijk, &hidden).await.unwrap();
            assert!(hidden.is_empty() || payers >= 10, "{label}: {hidden:?} hide only {payers} payers");
        }
        assert!(
            spending.per_wijk.iter().any(|(_, c)| c.is_none()),
            "{label}: the demo has a small wijk to hide"
        );
        // Another role does not get the books.
        let mut fatima = Browser::sign_in(&app, email_of(Role::Bewoner)).await;
        let refused = fatima.get(&app, &format!("/munt/regelingen/{programme}/boekingen.csv")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");
    }
}

#[tokio::test]
async fn page_and_api_agree_on_who_runs_a_programme() {
    for app in apps().await {
        let label = app.label();
        // Ellen holds the gemeente role at GM9601: "at" for a gemeente programme,
        // "above" for one of a wijk inside it.
        let token = token_for(&app, email_of(Role::Gemeente)).await;
        let mut page = Browser::sign_in(&app, email_of(Role::Gemeente)).await;
        page.get(&app, "/munt/regelingen").await;
        for (place, how) in [("GM9601", "at the place"), ("WK960102", "above the place")] {
            let by_api = app
                .api_post(
                    "/api/v1/coin/programmes",
                    &token,
                    json!({ "placeCode": place, "name": format!("API {place}") }),
                )
                .await;
            assert_eq!(by_api.status, StatusCode::CREATED, "{label}: API {how}: {}", by_api.body);
            let name = format!("Pagina {place}");
            let by_page = page.post(&app, "/munt/regelingen", &[("place", place), ("name", &name)]).await;
            assert_eq!(by_page.status, StatusCode::SEE_OTHER, "{label}: page {how}: {}", by_page.body);
            // Each can read the programme the other made.
            let from_page = by_page.location().rsplit('/').next().unwrap().to_string();
            let from_api = by_api.json()["id"].as_str().unwrap().to_string();
            let read =
                api(&app, Method::GET, &format!("/api/v1/coin/programmes/{from_page}"), Some(&token), None)
                    .await;
            assert_eq!(read.status, StatusCode::OK, "{label}: API reads {how}");
            let shown = page.get(&app, &format!("/munt/regelingen/{from_api}")).await;
            assert_eq!(shown.status, StatusCode::OK, "{label}: page shows {how}");
        }
        // A place outside the gemeente: refused alike, with the same field problem.
        let outside = app
            .api_post("/api/v1/coin/programmes", &token, json!({ "placeCode": "GM0001", "name": "Elders" }))
            .await;
        assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(invalid_names(&outside).contains(&"placeCode".to_string()));
        let refused = page.post(&app, "/munt/regelingen", &[("place", "GM0001"), ("name", "Elders")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            refused.body.contains("U beheert geen munt voor deze plaats."),
            "{label}: the place is marked"
        );
    }
}
