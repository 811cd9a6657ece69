//! The demo's open podium in Oosterpark: three meetings behind us with
//! what came of them, two ahead with registrations and a waiting list,
//! invitations by e-mail, and how the energy evening was.

use crate::{Error, Result};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::role::Actor;
use wijkwerk_store::Store;

/// Oosterpark's open podium: three meetings behind us, two ahead; the walk
/// with the wijkagent is full and has a waiting list.
pub(super) async fn seed_meetings(store: &Store) -> Result<()> {
    use wijkwerk_domain::meetings::{RawMeeting, check_meeting};
    let coordinator =
        store.person_by_email("petra@demo.wijkwerk.nl").await?.ok_or(Error::NotFound("demo coördinator"))?;
    let actor = store.actor(&coordinator.id).await?;
    let now = wijkwerk_domain::Timestamp::now();
    // (days from today, start, end, title, purpose, form, venue, address, capacity, agenda)
    type Agenda = &'static [(&'static str, &'static str, &'static str)];
    let plans: [(i64, &str, &str, &str, &str, &str, &str, &str, &str, Agenda); 5] = [
        (
            -63,
            "19:30",
            "21:30",
            "Wijkavond: wat moet er eerst?",
            "We kiezen samen de drie dingen die als eerste beter moeten in Oosterpark.",
            "tafelgesprek",
            "Buurthuis De Linde",
            "Lindenlaan 12, Lindenhoven",
            "60",
            &[
                ("Welkom en uitleg", "15", "Petra Jansen"),
                ("Aan tafel: wat moet beter?", "75", ""),
                ("Kiezen met stickers", "20", ""),
            ],
        ),
        (
            -35,
            "10:00",
            "12:00",
            "Wijkschouw Oosterpark-Zuid",
            "We lopen samen door de buurt en schrijven op wat kapot of onveilig is.",
            "wijkschouw",
            "Start bij de speeltuin",
            "Lindenlaan 40, Lindenhoven",
            "",
            &[("Route lopen", "90", "Woonstichting Lindenhoven"), ("Wat nemen we mee?", "30", "")],
        ),
        (
            -12,
            "19:30",
            "21:00",
            "Energie-avond",
            "Hoe bespaart u energie en wat kost isolatie? Met de energiecoaches.",
            "werksessie",
            "Buurthuis De Linde",
            "Lindenlaan 12, Lindenhoven",
            "40",
            &[
                ("Tips om te besparen", "30", "Energiecoaches Oosterpark"),
                ("Vragen over isolatie", "45", "Woonstichting Lindenhoven"),
            ],
        ),
        (
            7,
            "14:00",
            "15:30",
            "Wandeling met de wijkagent",
            "Een rondje door Oosterpark-Noord: waar voelt u zich niet veilig?",
            "wandeling",
            "Start bij het winkelcentrum",
            "Oosterplein 1, Lindenhoven",
            "8",
            &[("Rondje lopen", "75", "Wijkagent"), ("Koffie na", "15", "")],
        ),
        (
            21,
            "19:30",
            "21:30",
            "Wijkavond: het wijkplan een jaar verder",
            "Wat is er gedaan sinds vorig jaar, en wat doen we nu?",
            "vergadering",
            "Buurthuis De Linde",
            "Lindenlaan 12, Lindenhoven",
            "40",
            &[
                ("Wat is er bereikt?", "30", "Gemeente Lindenhoven"),
                ("Uw vragen", "45", ""),
                ("Wie doet mee aan wat?", "30", ""),
            ],
        ),
    ];
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for (days, from, to, title, purpose, form, venue, address, capacity, agenda) in plans {
        // A wijkavond on Christmas Day would look odd: an upcoming meeting
        // that falls on a Sunday or a public holiday moves to the next day.
        let mut when = now.plus_seconds(days * 86_400);
        let off = |t: wijkwerk_domain::Timestamp| {
            let local = t.dutch_civil();
            wijkwerk_domain::initiatives::is_public_holiday(local.date())
                || local.weekday().number_from_monday() == 7
        };
        while days > 0 && off(when) {
            when = when.plus_seconds(86_400);
        }
        let day = when.dutch_date();
        let (starts, ends) = (format!("{day}T{from}"), format!("{day}T{to}"));
        let raw = RawMeeting {
            title,
            purpose,
            form,
            venue,
            address,
            accessibility: "Drempelvrij. Er is een invalidentoilet.",
            online_url: "",
            starts_at: &starts,
            ends_at: &ends,
            capacity,
            organisers: "Wijkteam Oosterpark",
            agenda: agenda.to_vec(),
        };
        let m = crate::meetings::organise(store, &actor, "WK960102", check_meeting(&raw)).await?;
        if days > 0 {
            upcoming.push(m.id);
        } else {
            past.push((m.id, days));
        }
    }
    record_outcomes(store, &actor, &past, now).await?;
    seed_attendance(store, &actor, &upcoming, &past, now).await
}

/// What came of the three behind us: minutes, how many came, decisions.
/// The playground is still not repaired: carried onto every later agenda.
async fn record_outcomes(store: &Store, actor: &Actor, past: &[(String, i64)], now: Timestamp) -> Result<()> {
    use wijkwerk_domain::meetings::check_decision;
    let due = |days: i64| now.plus_seconds(days * 86_400).dutch_date();
    let outcomes: [(&[&str], &str, &[(&str, &str, i64, bool)]); 3] = [
        (
            &[
                "Petra legde uit hoe de avond ging.",
                "Aan acht tafels kwamen veel ideeën: meer groen, veilige straten, werk voor jongeren.",
                "Werk, straten en ontmoeten kregen de meeste stickers.",
            ],
            "46",
            &[
                ("Bankjes bij de vijver in het park", "Gemeente Lindenhoven", 30, true),
                ("Speeltuin aan de Lindenlaan repareren", "Woonstichting Lindenhoven", 20, false),
            ],
        ),
        (
            &[
                "We liepen met achttien mensen; de lijst met kapotte dingen staat op de website.",
                "Stoeptegels en verlichting eerst.",
            ],
            "18",
            &[("Losse stoeptegels in de Oosterstraat vastleggen", "Gemeente Lindenhoven", 14, true)],
        ),
        (
            &["Tips over tochtstrips en de thermostaat.", "Veel vragen over de kosten van isolatie."],
            "31",
            &[("Tweede energie-avond in het voorjaar", "Energiecoaches Oosterpark", 90, false)],
        ),
    ];
    for ((meeting, days), (notes, attended, decisions)) in past.iter().zip(outcomes) {
        crate::meetings::record_minutes(store, actor, meeting, notes, attended).await?;
        for (title, owner, due_in, done) in decisions {
            let d = crate::meetings::decide(
                store,
                actor,
                meeting,
                check_decision(title, owner, &due(days + due_in)),
            )
            .await?;
            if *done {
                crate::meetings::decision_done(store, actor, &d.id, now).await?;
            }
        }
    }
    Ok(())
}

/// Residents register (the walk fills its eight places and three wait), two
/// asked for invitations by e-mail, and twelve said how the energy evening was.
async fn seed_attendance(
    store: &Store,
    actor: &Actor,
    upcoming: &[String],
    past: &[(String, i64)],
    now: Timestamp,
) -> Result<()> {
    // Residents register: the walk fills its eight places and three wait.
    let fatima = store.person_by_email("fatima@demo.wijkwerk.nl").await?.ok_or(Error::NotFound("fatima"))?;
    let mut people = vec![fatima.id];
    people.extend(store.people_living_in("WK960102", 30).await?);
    people.dedup();
    for (meeting, how_many) in upcoming.iter().zip([11, 12]) {
        for person in people.iter().take(how_many) {
            let resident = store.actor(person).await?;
            crate::meetings::register(store, &resident, meeting, now).await?;
        }
    }
    // Fatima and Karim asked for invitations by e-mail; the wijkavond's
    // invitation is queued (Fatima registered already, so Karim's alone),
    // for `wijkwerk mail send` to deliver.
    let karim = store.person_by_email("karim@demo.wijkwerk.nl").await?.ok_or(Error::NotFound("karim"))?;
    for person in [&people[0], &karim.id] {
        store.set_mail_preferences(person, true, true).await?;
    }
    if let Some(wijkavond) = upcoming.last() {
        crate::mail::invite(store, actor, wijkavond, now).await?;
    }
    // Twelve who came to the energy evening said how it was: enough to show
    // the average (the minimum group is ten). Registering for a meeting in
    // the past is history, so it goes to the store directly.
    if let Some((energy, _)) = past.last() {
        let said = [
            (5, "Heel nuttig, ik ga tochtstrips plakken."),
            (4, ""),
            (4, "Graag vaker, ook overdag."),
            (3, ""),
            (5, "Duidelijke uitleg."),
            (4, ""),
            (4, ""),
            (3, "Te kort voor alle vragen."),
            (5, ""),
            (4, ""),
            (4, "Fijn dat het in het buurthuis was."),
            (5, ""),
        ];
        for (person, (score, line)) in people.iter().zip(said) {
            store.register_for_meeting(energy, person).await?;
            store.evaluate_meeting(energy, person, score, line).await?;
        }
    }
    Ok(())
}
