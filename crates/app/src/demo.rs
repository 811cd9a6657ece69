//! The parts of the demo municipality that go through the use cases, so the
//! demo exercises the same paths as a gemeente does: the sociale kaart from
//! an HSDS file through `socialmap::import_hsds`; the CBS tables of
//! Lindenhoven (three years, in CBS's JSON and CSV shapes, one with shifted
//! column keys) through `import_cbs`, values from polls entered by hand, the
//! 0-meting two years back and targets, all by the demo's gemeente account;
//! made-up boundaries for the maps (`demo/lindenhoven.geojson`); Lindenhoven's
//! provincie in CBS's list of gemeenten (`demo/cbs/gemeenten-provincies.csv`); the money of
//! the gemeente and its partners (`demo/geld.csv`); the wijkscan in two rounds;
//! two housing projects scored on broad prosperity; Oosterpark's meetings on
//! the open podium, with registrations and a waiting list.
//! The rest of the demo is `wijkwerk_store::demo`, which runs first.

mod cooperative;
mod luisterloket;
mod meetings;
mod socialmap;

use crate::indicators::{self, CbsData, CbsTable};
use crate::{Error, Result};
use wijkwerk_domain::indicators::check_manual_value;
use wijkwerk_store::Store;

/// The gemeente account of the demo, who fixes the 0-meting.
const GEMEENTE_EMAIL: &str = "ellen@demo.wijkwerk.nl";

fn json_table(
    name: &str,
    data: &'static str,
    properties: &'static str,
    names: &'static str,
    infos: &'static str,
) -> CbsTable {
    CbsTable {
        name: name.to_string(),
        data: CbsData::Json(Box::new(data.as_bytes())),
        data_properties: Some(properties.to_string()),
        region_names: Some(names.to_string()),
        table_infos: Some(infos.to_string()),
        year: None,
    }
}

/// The demo's CBS tables, as `wijkwerk cbs import` would read them from
/// `crates/app/demo/cbs`.
pub fn cbs_tables() -> Vec<CbsTable> {
    vec![
        json_table(
            "85318NED",
            include_str!("../demo/cbs/85318NED/TypedDataSet.json"),
            include_str!("../demo/cbs/85318NED/DataProperties.json"),
            include_str!("../demo/cbs/85318NED/WijkenEnBuurten.json"),
            include_str!("../demo/cbs/85318NED/TableInfos.json"),
        ),
        CbsTable {
            name: "85618NED_TypedDataSet.csv".to_string(),
            data: CbsData::Csv(Box::new(include_str!("../demo/cbs/85618NED_TypedDataSet.csv").as_bytes())),
            data_properties: None,
            region_names: None,
            table_infos: None,
            year: None,
        },
        json_table(
            "85984NED",
            include_str!("../demo/cbs/85984NED/TypedDataSet.json"),
            include_str!("../demo/cbs/85984NED/DataProperties.json"),
            include_str!("../demo/cbs/85984NED/WijkenEnBuurten.json"),
            include_str!("../demo/cbs/85984NED/TableInfos.json"),
        ),
    ]
}

/// Polls per wijk: `(wijk, indicator, year, value, respondents, source)`.
/// Eikendonk's loneliness rests on too few people and stays hidden.
const POLLS: &[(&str, &str, &str, f64, &str, &str)] = &[
    ("WK960101", "veilig-gevoel", "2022", 78.0, "212", "Veiligheidsmonitor 2022"),
    ("WK960102", "veilig-gevoel", "2022", 61.0, "248", "Veiligheidsmonitor 2022"),
    ("WK960103", "veilig-gevoel", "2022", 84.0, "190", "Veiligheidsmonitor 2022"),
    ("WK960104", "veilig-gevoel", "2022", 86.0, "201", "Veiligheidsmonitor 2022"),
    ("WK960105", "veilig-gevoel", "2022", 91.0, "96", "Veiligheidsmonitor 2022"),
    ("WK960101", "veilig-gevoel", "2024", 79.0, "205", "Veiligheidsmonitor 2024"),
    ("WK960102", "veilig-gevoel", "2024", 72.0, "263", "Veiligheidsmonitor 2024"),
    ("WK960103", "veilig-gevoel", "2024", 83.0, "188", "Veiligheidsmonitor 2024"),
    ("WK960104", "veilig-gevoel", "2024", 86.0, "197", "Veiligheidsmonitor 2024"),
    ("WK960105", "veilig-gevoel", "2024", 90.0, "101", "Veiligheidsmonitor 2024"),
    ("WK960101", "eenzaamheid", "2022", 11.0, "180", "GGD Gezondheidsmonitor 2022"),
    ("WK960102", "eenzaamheid", "2022", 16.0, "210", "GGD Gezondheidsmonitor 2022"),
    ("WK960103", "eenzaamheid", "2022", 9.0, "150", "GGD Gezondheidsmonitor 2022"),
    ("WK960104", "eenzaamheid", "2022", 8.0, "160", "GGD Gezondheidsmonitor 2022"),
    ("WK960105", "eenzaamheid", "2022", 12.0, "7", "GGD Gezondheidsmonitor 2022"),
    ("WK960101", "eenzaamheid", "2024", 11.0, "176", "GGD Gezondheidsmonitor 2024"),
    ("WK960102", "eenzaamheid", "2024", 14.0, "221", "GGD Gezondheidsmonitor 2024"),
    ("WK960103", "eenzaamheid", "2024", 10.0, "149", "GGD Gezondheidsmonitor 2024"),
    ("WK960104", "eenzaamheid", "2024", 8.0, "158", "GGD Gezondheidsmonitor 2024"),
    ("WK960105", "eenzaamheid", "2024", 13.0, "6", "GGD Gezondheidsmonitor 2024"),
];

/// Oosterpark's targets for 2027.
const TARGETS: &[(&str, &str, f64, &str)] = &[
    ("WK960102", "laag-inkomen", 11.0, "2027"),
    ("WK960102", "arbeidsparticipatie", 64.0, "2027"),
    ("WK960102", "veilig-gevoel", 78.0, "2027"),
];

/// The gemeente's own buurtpeiling on the platform, in 2022 and 2024: how
/// pleasant people find their buurt (1–5). Per buurt `(code, answers 2022,
/// answers 2024, share 4 or 5 in 2022 and 2024 in percent)`: Oosterpark gains
/// more than the rest; Eikendonk answers too little to be shown.
const PEILING: &[(&str, u32, u32, u32, u32)] = &[
    ("BU96010101", 40, 38, 70, 72),
    ("BU96010102", 26, 25, 64, 66),
    ("BU96010103", 14, 15, 70, 70),
    ("BU96010201", 90, 98, 48, 66),
    ("BU96010202", 76, 80, 45, 64),
    ("BU96010203", 38, 41, 50, 66),
    ("BU96010204", 5, 6, 50, 60),
    ("BU96010301", 31, 30, 76, 75),
    ("BU96010302", 28, 27, 78, 77),
    ("BU96010303", 12, 11, 75, 75),
    ("BU96010401", 34, 35, 80, 80),
    ("BU96010402", 30, 29, 81, 82),
    ("BU96010403", 8, 7, 75, 75),
    ("BU96010501", 5, 6, 90, 90),
    ("BU96010502", 1, 1, 100, 100),
    ("BU96010503", 2, 1, 100, 100),
];

/// Holds the two buurtpeilingen (closed) and links their question to the
/// indicator "prettig-wonen", as the gemeente would on its effect page.
async fn seed_polls(store: &Store, actor: &wijkwerk_domain::role::Actor) -> Result<()> {
    use wijkwerk_domain::survey::{QuestionDef, QuestionKind, RawAnswers, SurveyDef, check_response};
    let texts = |nl: &str, en: &str| -> wijkwerk_domain::texts::Texts {
        [("nl".to_string(), nl.to_string()), ("en".to_string(), en.to_string())].into_iter().collect()
    };
    let buurten: Vec<&str> = PEILING.iter().map(|p| p.0).collect();
    for (round, year) in [(0, "2022"), (1, "2024")] {
        let def = SurveyDef {
            title: texts(
                &format!("Buurtpeiling Lindenhoven {year}"),
                &format!("Lindenhoven neighbourhood poll {year}"),
            ),
            intro: texts(
                "Eén vraag over uw buurt. Het duurt een minuut.",
                "One question about your neighbourhood. It takes a minute.",
            ),
            places: vec!["GM9601".into()],
            use_tokens: false,
            questions: vec![QuestionDef {
                code: "prettig".into(),
                kind: QuestionKind::Scale,
                text: texts(
                    "Hoe prettig vindt u het in uw buurt?",
                    "How pleasant do you find your neighbourhood?",
                ),
                required: true,
                options: Vec::new(),
                top: None,
            }],
        };
        let survey = store.create_survey(&def, Some(&actor.person_id)).await?;
        store.set_survey_status(&survey, "open").await?;
        let mut responses = Vec::new();
        for &(buurt, n22, n24, p22, p24) in PEILING {
            let (n, share) = if round == 0 { (n22, p22) } else { (n24, p24) };
            // Exactly `share` percent (rounded) say 4 or 5; the rest 1 to 3.
            let high = (n * share + 50) / 100;
            for i in 0..n {
                let step = if i < high { 4 + i % 2 } else { 1 + i % 3 };
                let raw: RawAnswers = [("prettig".to_string(), vec![step.to_string()])].into_iter().collect();
                responses.push(check_response(&def, &buurten, Some(buurt), &raw).map_err(Error::from)?);
            }
        }
        store.add_responses_in_bulk(&survey, &responses, "online", &mut |_, _| {}).await?;
        store.set_survey_status(&survey, "closed").await?;
        let answers = ["4".to_string(), "5".to_string()];
        indicators::link_survey(store, actor, "GM9601", &survey, |def| {
            wijkwerk_domain::indicators::check_survey_link("prettig-wonen", def, "prettig", &answers, year)
        })
        .await?;
    }
    Ok(())
}

/// Adds the sociale kaart, the indicators and everything else that goes
/// through the use cases to a demo made by `Store::seed_demo`.
pub async fn seed_indicators(store: &Store) -> Result<()> {
    socialmap::seed_social_map(store).await?;
    indicators::import_cbs(store, cbs_tables(), &mut |_| {}).await.map_err(|e| match e {
        indicators::ImportError::Failed(e) => e,
        other => panic!("the demo's CBS fixture does not import: {other}"),
    })?;
    indicators::import_provinces(
        store,
        "gemeenten-provincies.csv",
        include_str!("../demo/cbs/gemeenten-provincies.csv"),
    )
    .await
    .map_err(|e| match e {
        indicators::ImportError::Failed(e) => e,
        other => panic!("the demo's provincies do not import: {other}"),
    })?;
    indicators::import_shapes(
        store,
        "lindenhoven.geojson",
        include_str!("../demo/lindenhoven.geojson"),
        "Demo (verzonnen grenzen)",
    )
    .await
    .map_err(|e| match e {
        indicators::ImportError::Failed(e) => e,
        other => panic!("the demo's boundaries do not import: {other}"),
    })?;
    let person =
        store.person_by_email(GEMEENTE_EMAIL).await?.ok_or(Error::NotFound("demo gemeente account"))?;
    let actor = store.actor(&person.id).await?;
    for (wijk, indicator, year, value, respondents, source) in POLLS {
        let input =
            check_manual_value(indicator, year, Some(*value), Some(respondents), source).map_err(Error::from);
        indicators::record_value(store, &actor, wijk, input).await?;
    }
    seed_polls(store, &actor).await?;
    for wijk in ["WK960101", "WK960102", "WK960103", "WK960104", "WK960105"] {
        indicators::fix_baseline(store, &actor, wijk, "2022").await?;
    }
    for (wijk, indicator, target, year) in TARGETS {
        indicators::set_target(store, &actor, wijk, indicator, Some(*target), year).await?;
    }
    // The wijkscan in two rounds by three people: the gemeente's board member,
    // the wijkcoördinator and the wijkregisseur. More chances, fewer pitfalls
    // in the second round.
    let people = [
        (actor.clone(), "bestuur"),
        (
            store
                .actor(
                    &store
                        .person_by_email("petra@demo.wijkwerk.nl")
                        .await?
                        .ok_or(Error::NotFound("petra"))?
                        .id,
                )
                .await?,
            "wijkcoordinator",
        ),
        (
            store
                .actor(
                    &store
                        .person_by_email("ahmed@demo.wijkwerk.nl")
                        .await?
                        .ok_or(Error::NotFound("ahmed"))?
                        .id,
                )
                .await?,
            "wijkregisseur",
        ),
    ];
    for (name, at, chances, pitfalls) in [
        ("Wijkscan voorjaar 2024", "2024-03-14T09:00:00.000Z", 0.3, 0.6),
        ("Wijkscan voorjaar 2026", "2026-03-12T09:00:00.000Z", 0.6, 0.3),
    ] {
        let at = wijkwerk_domain::Timestamp::parse(at).expect("a fixed time");
        let round = crate::wijkscan::open_round(store, &actor, "GM9601", name, at).await?;
        for (i, (person, group)) in people.iter().enumerate() {
            // Each person sees a little differently: a fixed pattern per person.
            let present: Vec<String> = wijkwerk_domain::wijkscan::tasks()
                .iter()
                .flat_map(|t| t.items.iter())
                .filter(|item| {
                    let spread = ((item.number as usize * 7 + i * 13) % 100) as f64 / 100.0;
                    match item.kind {
                        wijkwerk_domain::wijkscan::Kind::Chance => spread < chances,
                        wijkwerk_domain::wijkscan::Kind::Pitfall => spread < pitfalls,
                    }
                })
                .map(|item| item.number.to_string())
                .collect();
            crate::wijkscan::answer(store, person, &round.id, group, &present, at).await?;
        }
    }
    // Two housing projects scored on broad prosperity: one still a plan with
    // room to grow, one being built along the scorecard.
    for (wijk, name, homes, status, low) in [
        ("WK960102", "De Linde, Oosterpark-Zuid", "48", "plan", true),
        ("WK960103", "Molenkwartier", "120", "bouw", false),
    ] {
        let p = crate::housing::add(store, &actor, wijk, name, homes, status).await?;
        let given: std::collections::BTreeMap<String, String> = wijkwerk_domain::housing::themes()
            .iter()
            .flat_map(|t| t.criteria.iter().map(move |c| (t, c)))
            .enumerate()
            .map(|(i, (t, c))| {
                let score = if low { [0, 1, 2, 1][i % 4] } else { [2, 2, 1, 2][i % 4] };
                (wijkwerk_domain::housing::key(t, c), score.to_string())
            })
            .collect();
        crate::housing::score(store, &actor, &p.id, &given).await?;
    }
    // The money: budgets and spending of the gemeente and its partners, as a
    // spreadsheet the gemeente pastes in.
    match crate::money::import_sheet(store, &actor, "GM9601", include_str!("../demo/geld.csv")).await? {
        crate::money::SheetOutcome::Imported(_) => {}
        crate::money::SheetOutcome::Refused(lines) => panic!("the demo's money sheet is refused: {lines:?}"),
    }
    meetings::seed_meetings(store).await?;
    seed_initiatives(store).await?;
    seed_challenges(store).await?;
    seed_newspaper(store).await?;
    luisterloket::seed_emergency(store).await?;
    luisterloket::seed_intakes(store).await?;
    cooperative::seed_cooperative(store).await
}

/// Oosterpark's wijkkrant: Fatima and Karim in the editorial group, last
/// month's edition published (two meetings the platform offered, two
/// stories of their own) with a slip that came back, and this month's in
/// the making.
pub async fn seed_newspaper(store: &Store) -> Result<()> {
    use crate::newspaper as paper;
    let (fatima, karim, ahmed) = (
        demo_actor(store, "fatima@demo.wijkwerk.nl").await?,
        demo_actor(store, "karim@demo.wijkwerk.nl").await?,
        demo_actor(store, "ahmed@demo.wijkwerk.nl").await?,
    );
    let wijk = "WK960102";
    paper::join(store, &fatima, wijk, true).await?;
    paper::join(store, &karim, wijk, true).await?;
    let now = wijkwerk_domain::Timestamp::now();
    let last = wijkwerk_domain::newspaper::previous_month(now);
    let e = paper::create(store, &fatima, wijk, &last, "De Oosterparker").await?;
    let view = paper::show(store, Some(&fatima), &e.id, now, "nl").await?;
    for s in view.suggestions.iter().filter(|s| s.kind == "meeting").take(2) {
        paper::take_suggestion(store, &fatima, &e.id, (s.kind, &s.ref_id), now, "nl").await?;
    }
    paper::add_story(
        store,
        &karim,
        &e.id,
        "Elke maand prikken we zwerfvuil",
        "Elke eerste zaterdag om 10 uur prikken we zwerfvuil. We beginnen bij het buurthuis. Prikkers en handschoenen zijn er. Kom ook!",
    )
    .await?;
    paper::add_story(
        store,
        &fatima,
        &e.id,
        "Hebt u een idee voor de wijk?",
        "Er is geld voor ideeën van bewoners. Een bankje, een feest, een moestuin. U krijgt binnen drie werkdagen antwoord. Vraag de wijkwerker om hulp als u niet online bent.",
    )
    .await?;
    paper::publish(store, &fatima, &e.id, now).await?;
    paper::add_response(
        store,
        &ahmed,
        &e.id,
        "Graag een bankje bij de bushalte aan de Lindenlaan. Daar moet ik altijd lang staan.",
    )
    .await?;
    let this = now.dutch_civil();
    let period = format!("{:04}-{:02}", this.year(), u8::from(this.month()));
    let draft = paper::create(store, &karim, wijk, &period, "De Oosterparker").await?;
    paper::add_story(
        store,
        &karim,
        &draft.id,
        "Kerst in de wijk",
        "Op de Lindenlaan hangen dit jaar lichtjes in de bomen, betaald uit het wijkbudget en opgehangen door de buren zelf op een zaterdagochtend met koffie en warme chocolademelk voor iedereen die kwam helpen.",
    )
    .await?;
    Ok(())
}

/// Right to challenge in Oosterpark: the gemeente's plan for work coaches
/// (its own spending on the task is in the money sheet) challenged by the
/// wijk cooperative and answered; a plan for green upkeep with a challenge
/// of residents that waits for its answer.
pub async fn seed_challenges(store: &Store) -> Result<()> {
    use wijkwerk_domain::challenges::{RawIntervention, check_intervention, check_rules};
    let (ellen, karim, fatima) = (
        demo_actor(store, "ellen@demo.wijkwerk.nl").await?,
        demo_actor(store, "karim@demo.wijkwerk.nl").await?,
        demo_actor(store, "fatima@demo.wijkwerk.nl").await?,
    );
    let regulation = "Lindenhoven volgt de participatieverordening van 2025: bewoners, de wijkcoöperatie en \
        wijkbedrijven mogen elk plan van de gemeente in hun wijk uitdagen. De gemeente kijkt naar wat het de wijk \
        oplevert, niet alleen naar de prijs.";
    crate::challenges::set_rules(store, &ellen, "GM9601", check_rules("40", regulation)).await?;
    let now = wijkwerk_domain::Timestamp::now();
    // Plans for next year, whenever the demo runs: open to challenge until they start.
    let next = now.dutch_civil().year() + 1;
    let (title, starts, ends) =
        (format!("Werkcoaches in Oosterpark {next}"), format!("{next}-01-01"), format!("{next}-12-31"));
    let coaches = RawIntervention {
        title: &title,
        description: "Twee werkcoaches op het wijkbureau helpen mensen met een uitkering naar werk.",
        budget: "190.000",
        starts_on: &starts,
        ends_on: &ends,
        taakveld: "6.1",
        domain: "werk",
    };
    let coaches =
        crate::challenges::announce(store, &ellen, "WK960102", check_intervention(&coaches)).await?;
    let bid = (
        "cooperatie",
        "Wijkcoöperatie Oosterpark",
        "Werkzoekenden uit de wijk vormen teams met één coach van de coöperatie. Ze doen klussen in de wijk en leren zo werken; wie kan, groeit door naar een buurtbaan.",
        "150.000",
        "Goedkoper, en de mensen helpen elkaar en de wijk. De coöperatie kent de werkgevers in de buurt.",
    );
    let c =
        crate::challenges::challenge(store, &karim, &coaches.id, bid, now.minus_seconds(30 * 86_400)).await?;
    let reason = format!(
        "Aangenomen voor {next} als proef: de coöperatie doet het met teams, de gemeente houdt één werkcoach voor wie meer hulp nodig heeft. Na een jaar kijken we samen naar de cijfers."
    );
    crate::challenges::answer(store, &ellen, &c.id, ("accepted", &reason), now).await?;
    let green = RawIntervention {
        title: "Groenonderhoud Oosterpark-Zuid",
        description: "Maaien, snoeien en vegen in de parken en perken van Oosterpark-Zuid.",
        budget: "48.000",
        starts_on: &format!("{next}-03-01"),
        ends_on: &format!("{next}-11-30"),
        taakveld: "5.7",
        domain: "",
    };
    let green = crate::challenges::announce(store, &ellen, "WK960102", check_intervention(&green)).await?;
    let bid = (
        "bewoners",
        "Groene buren Zuid",
        "Twintig buren nemen elk een stuk groen onder hun hoede; een hovenier uit de wijk doet het zware werk.",
        "39.500",
        "Buren zien zelf wat er nodig is en het geld blijft in de wijk.",
    );
    crate::challenges::challenge(store, &fatima, &green.id, bid, now.minus_seconds(5 * 86_400)).await?;
    Ok(())
}

/// A demo account as the actor its roles make it.
async fn demo_actor(store: &Store, email: &str) -> Result<wijkwerk_domain::role::Actor> {
    let p = store.person_by_email(email).await?.ok_or(Error::NotFound("demo person"))?;
    Ok(store.actor(&p.id).await?)
}

/// Oosterpark's initiatives in every state: two waiting (the short and the
/// long route), one approved by default after its clock ran out, one
/// rejected, one paid, one done and accounted for; a wijkbudget for this
/// year with its own rules; support online and on paper.
pub async fn seed_initiatives(store: &Store) -> Result<()> {
    use wijkwerk_domain::initiatives::{RawInitiative, RawRules, check_initiative, check_rules};
    let (fatima, karim, petra, ahmed, ellen) = (
        demo_actor(store, "fatima@demo.wijkwerk.nl").await?,
        demo_actor(store, "karim@demo.wijkwerk.nl").await?,
        demo_actor(store, "petra@demo.wijkwerk.nl").await?,
        demo_actor(store, "ahmed@demo.wijkwerk.nl").await?,
        demo_actor(store, "ellen@demo.wijkwerk.nl").await?,
    );
    let wijk = "WK960102";
    let now = wijkwerk_domain::Timestamp::now();
    let rules = RawRules {
        small_limit: "1.500",
        small_days: "3",
        large_days: "30",
        on_timeout: "approve",
        eligible: "Voor iedereen in Oosterpark, samen met buren gedaan, en zonder winst voor één persoon of bedrijf.",
        accounting: "Vertel na afloop in een paar zinnen wat er gebeurde, en bewaar de bonnetjes. Wat over is, gaat terug.",
        groups_may_save: false,
    };
    crate::initiatives::set_rules(store, &ellen, wijk, check_rules(&rules)).await?;
    let year = now.dutch_civil().year().to_string();
    crate::initiatives::allocate(store, &ellen, wijk, (&year, "5.000", "Wijkbudget Oosterpark"), None)
        .await?;
    // (days ago, who, title, description, needs, amount, group)
    let ideas: [(i64, &wijkwerk_domain::role::Actor, &str, &str, &[&str], &str, &str); 6] = [
        (
            0,
            &fatima,
            "Bankjes bij de speeltuin",
            "Twee bankjes bij de speeltuin aan de Lindenlaan, zodat ouders en ouderen kunnen zitten.",
            &["geld", "plek"],
            "450",
            "Ouders van de Lindenlaan",
        ),
        (
            6,
            &karim,
            "Buurtfeest Oosterpark-Zuid",
            "Een feest op het plein voor de hele buurt, met eten uit alle keukens van de straat.",
            &["geld", "plek", "vergunning"],
            "2.500",
            "Feestcommissie Zuid",
        ),
        (
            10,
            &fatima,
            "Moestuinbakken bij De Linde",
            "Zes bakken om samen groente te kweken, met de kinderen van de buurtschool.",
            &["geld", "hulp"],
            "600",
            "Groene Linde",
        ),
        (
            20,
            &karim,
            "Rommelmarkt met kraam voor de club",
            "Een rommelmarkt waarvan de opbrengst naar onze voetbalclub gaat.",
            &["plek"],
            "",
            "FC Oosterpark",
        ),
        (
            30,
            &fatima,
            "Kerstverlichting Lindenlaan",
            "Lichtjes in de bomen van de Lindenlaan in december.",
            &["geld"],
            "450",
            "Bewoners Lindenlaan",
        ),
        (
            45,
            &karim,
            "Zwerfvuilprikkers voor de wijkschouw",
            "Prikkers, handschoenen en zakken om elke maand samen zwerfvuil te rapen.",
            &["geld"],
            "180",
            "Schoon Oosterpark",
        ),
    ];
    let mut ids = Vec::new();
    for (days, who, title, description, needs, amount, group) in ideas {
        let raw = RawInitiative {
            title,
            description,
            needs: needs.to_vec(),
            amount,
            group_name: group,
            needs_note: "",
        };
        let at = now.minus_seconds(days * 86_400);
        ids.push(crate::initiatives::submit(store, who, wijk, check_initiative(&raw), at).await?.id);
    }
    let decide = |id: &str, verdict: &'static str, reason: &'static str| {
        let id = id.to_string();
        let petra = petra.clone();
        async move { crate::initiatives::decide(store, &petra, &id, (verdict, "", reason), now, None).await }
    };
    decide(&ids[3], "reject", "De opbrengst gaat naar één club; het wijkbudget is voor de hele buurt. Vraag het fonds van de gemeente.").await?;
    decide(&ids[4], "approve", "Maakt de straat gezellig en de buren doen het samen.").await?;
    decide(&ids[5], "approve", "Past bij de wijkschouw en de afspraken van de wijkavond.").await?;
    crate::initiatives::pay(store, &petra, &ids[4], now, None).await?;
    crate::initiatives::pay(store, &petra, &ids[5], now, None).await?;
    let report = "Elke eerste zaterdag prikken we met tien tot vijftien buren. De bon van de bouwmarkt ligt bij de coöperatie.";
    crate::initiatives::account(store, &karim, &ids[5], (report, "165", false), now, None).await?;
    // The moestuin's three working days ran out without a decision: approved
    // by the wijk's rule.
    crate::initiatives::settle_clocks(store, now).await?;
    crate::initiatives::support(store, &karim, &ids[0], true).await?;
    crate::initiatives::paper_support(store, &ahmed, &ids[0], "14").await?;
    Ok(())
}
