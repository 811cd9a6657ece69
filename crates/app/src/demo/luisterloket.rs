//! The demo's luisterloket in Oosterpark: the emergency budget and three
//! intakes, through the use cases as residents and professionals use them.

use super::demo_actor;
use crate::Result;
use wijkwerk_store::Store;

/// Oosterpark's emergency budget for this year: Karim's groceries approved
/// by two professionals and paid in coin, a fine refused with a way
/// forward, and a rent arrear for a resident without an account waiting for
/// its second approval. Every decision shows the request to the professional
/// afterwards, as the page does, so the residents' access logs show each read.
pub(super) async fn seed_emergency(store: &Store) -> Result<()> {
    use crate::emergency as use_case;
    use wijkwerk_domain::emergency::check_request;
    let (ahmed, petra, sanne, ellen) = (
        demo_actor(store, "ahmed@demo.wijkwerk.nl").await?,
        demo_actor(store, "petra@demo.wijkwerk.nl").await?,
        demo_actor(store, "sanne@demo.wijkwerk.nl").await?,
        demo_actor(store, "ellen@demo.wijkwerk.nl").await?,
    );
    let wijk = "WK960102";
    let now = wijkwerk_domain::Timestamp::now();
    let year = now.dutch_date()[..4].to_string();
    use_case::allocate(store, &ellen, wijk, (&year, "15000", "500"), None).await?;
    let ask = |what: &'static str,
               amount: &'static str,
               why: &'static str,
               payout: &'static str,
               creditor: &'static str| { check_request(what, amount, why, payout, creditor) };
    let groceries = use_case::request(
        store,
        &ahmed,
        wijk,
        "karim@demo.wijkwerk.nl",
        ask(
            "Boodschappen voor een week",
            "60",
            "Het loon komt pas over negen dagen; zo hoeft Karim niet te lenen.",
            "coin",
            "",
        ),
        now,
    )
    .await?;
    for approver in [&petra, &sanne] {
        use_case::approve(store, approver, &groceries.id, groceries.amount, now, None).await?;
    }
    let fine = use_case::request(
        store,
        &ahmed,
        wijk,
        "fatima@demo.wijkwerk.nl",
        ask(
            "Verkeersboete",
            "139",
            "Anders komt er een verhoging bij.",
            "creditor",
            "CJIB, beschikking 4410 2231",
        ),
        now,
    )
    .await?;
    let reason = "Een boete betalen we niet uit het noodbudget. We vragen samen een betalingsregeling aan bij het CJIB.";
    use_case::refuse(store, &petra, &fine.id, reason, now).await?;
    let rent = use_case::request(
        store,
        &sanne,
        wijk,
        "",
        ask(
            "Huurachterstand van één maand",
            "312,50",
            "Zonder betaling start de verhuurder een ontruiming; dat kost veel meer.",
            "creditor",
            "Woonstichting Lindenhoven, factuur 8812",
        ),
        now,
    )
    .await?;
    use_case::approve(store, &petra, &rent.id, rent.amount, now, None).await?;
    Ok(())
}

/// Three intakes in Oosterpark: Fatima's, started at home and shared (money
/// and housing) with the wijkteam and the woonstichting; Karim's, written
/// together at the luisterloket with his brother as the second person,
/// shared with the wijkteam and referred for work (declined by the
/// welzijnsstichting, taken on by the gemeente's werkcoaches); and one of
/// a neighbour without an account, whose share with the welzijnsstichting
/// ended last week. Ahmed of the wijkteam reads what is shared with it, so
/// Fatima and Karim see his reads in their logs.
pub(super) async fn seed_intakes(store: &Store) -> Result<()> {
    use crate::intake as use_case;
    let (fatima, karim, ahmed) = (
        demo_actor(store, "fatima@demo.wijkwerk.nl").await?,
        demo_actor(store, "karim@demo.wijkwerk.nl").await?,
        demo_actor(store, "ahmed@demo.wijkwerk.nl").await?,
    );
    let now = wijkwerk_domain::Timestamp::now();
    let in_months = |m: i64| now.plus_seconds(m * 30 * 86_400).dutch_date();
    let org = |name: &'static str| async move {
        let all = store.organisations_in("GM9601").await?;
        all.into_iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .ok_or(crate::Error::NotFound("demo organisation"))
    };
    let (wijkteam, woonstichting, welzijn) = (
        org("Wijkteam Oosterpark").await?,
        org("Woonstichting Lindenhoven").await?,
        org("Stichting Welzijn Lindenhoven").await?,
    );

    use_case::save(
        store,
        &fatima,
        ("Mijn kinderen, en koken voor vrienden.", "Rust over geld. Dan kan ik weer plannen.", "", ""),
        &[
            (
                "geld",
                "2",
                "Ik houd alles bij in een schrift.",
                "Twee rekeningen van de zorgverzekeraar liggen open.",
            ),
            ("wonen", "3", "", "De huur is een maand te laat."),
            ("werk", "4", "Ik werk drie ochtenden in de bakkerij.", ""),
            ("sociaal-leven", "5", "Veel vrienden in de buurt.", ""),
        ],
        false,
    )
    .await?;
    use_case::share(store, &fatima, &wijkteam, &["own-words", "geld", "wonen"], &in_months(3), now).await?;
    use_case::share(store, &fatima, &woonstichting, &["wonen"], &in_months(1), now).await?;

    use_case::save(
        store,
        &karim,
        (
            "Fietsen met mijn dochter.",
            "Werk dat past bij mijn rug.",
            "Mijn broer Youssef",
            "Hij leest mee met brieven van instanties en rijdt mee naar afspraken.",
        ),
        &[
            ("werk", "2", "Ik ben handig met computers.", "Ik zit al een jaar thuis."),
            ("gezondheid", "3", "Ik loop elke dag.", "Mijn rug."),
            ("geld", "3", "", ""),
        ],
        true,
    )
    .await?;
    use_case::share(store, &karim, &wijkteam, &["own-words", "werk", "gezondheid"], &in_months(6), now)
        .await?;
    // Referred for work to the welzijnsstichting, which has no coach free,
    // then to the gemeente's werkcoaches, who take him on.
    let gemeente = org("Gemeente Lindenhoven").await?;
    use_case::share(store, &karim, &welzijn, &["werk"], &in_months(2), now).await?;
    use_case::share(store, &karim, &gemeente, &["werk", "gezondheid"], &in_months(6), now).await?;
    let (sanne, ellen) = (
        demo_actor(store, "sanne@demo.wijkwerk.nl").await?,
        demo_actor(store, "ellen@demo.wijkwerk.nl").await?,
    );
    let karims = store.intake_of(&karim.person_id).await?.ok_or(crate::Error::NotFound("intake"))?;
    let why = "Karim wil aan het werk met computers; het maatjesproject helpt met een eerste stap.";
    let first = use_case::refer(store, &ahmed, &karims.id, &welzijn, why, now).await?;
    use_case::answer(store, &sanne, &first.id, "declined", "Wij hebben tot maart geen werkcoach vrij.")
        .await?;
    let why = "De werkcoaches van de gemeente hebben plek, en kennen werk dat past bij een rugklacht.";
    let second = use_case::refer(store, &ahmed, &karims.id, &gemeente, why, now).await?;
    use_case::answer(store, &ellen, &second.id, "accepted", "Welkom: de werkcoach belt Karim deze week.")
        .await?;

    {
        // A neighbour without an account: the luisterloket helped them write it on its tablet.
        let mut neighbour = None;
        for id in store.people_living_in("BU96010202", 50).await? {
            if let Some(p) = store.person(&id).await?.filter(|p| p.email.is_none()) {
                neighbour = Some(p);
                break;
            }
        }
        let found = neighbour.ok_or(crate::Error::NotFound("demo neighbour"))?;
        let neighbour = store.actor(&found.id).await?;
        use_case::save(
            store,
            &neighbour,
            (
                "Mijn tuin.",
                "Iemand die meedenkt.",
                "Mijn buurvrouw Ria",
                "Zij gaat mee naar afspraken en helpt met de tuin.",
            ),
            &[("sociaal-leven", "2", "", "Ik zie weinig mensen sinds ik alleen woon.")],
            true,
        )
        .await?;
        let intake = store.intake_of(&neighbour.person_id).await?.ok_or(crate::Error::NotFound("intake"))?;
        // Ended last week: shown to them as ended, readable by nobody.
        store
            .share_intake(
                &intake.id,
                &welzijn,
                &["sociaal-leven".to_string()],
                &now.minus_seconds(7 * 86_400).to_rfc3339(),
            )
            .await?;
    }

    for resident in [&fatima, &karim] {
        let intake = store.intake_of(&resident.person_id).await?.ok_or(crate::Error::NotFound("intake"))?;
        use_case::read_shared(store, &ahmed, &intake.id, now).await?;
    }
    // Ahmed writes what they agreed; Fatima adds her own view.
    let hers = store.intake_of(&fatima.person_id).await?.ok_or(crate::Error::NotFound("intake"))?;
    let what =
        "We maken samen een overzicht van de open rekeningen, donderdag om 10 uur bij het luisterloket.";
    let note = use_case::add_note(store, &ahmed, &hers.id, "geld", what, now).await?;
    use_case::reply_to_note(store, &fatima, &note.id, "Ik neem de brieven mee. Het zijn er drie, niet twee.")
        .await?;
    Ok(())
}
