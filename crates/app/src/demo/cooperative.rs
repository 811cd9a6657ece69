//! The demo's wijk cooperative in Oosterpark: 60 members with a board, 40
//! open requests and offers (some placed by a professional on a resident's
//! behalf), ten agreements with their hours confirmed by both sides, and a
//! team of six job seekers with its coach, three tasks and one member who
//! moved on to a buurtbaan. Accounts act through the use cases; residents
//! without an account are written through the store, as a professional's
//! paper would be.

use super::demo_actor;
use crate::Result;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::cooperative::{MemberKind, check_cooperative};
use wijkwerk_domain::marketplace::{AgreementInput, PostInput, PostKind, Reward, Side, check_post};
use wijkwerk_store::Store;
use wijkwerk_store::marketplace::{NewAgreement, NewPost};

const WIJK: &str = "WK960102";
const BUURTEN: [&str; 3] = ["BU96010201", "BU96010202", "BU96010203"];

/// `(kind, title, domain, when, reward, skills)`.
const POSTS: [(&str, &str, &str, &str, &str, &str); 40] = [
    ("request", "Hulp bij mijn tuin", "huishouden-en-zorg", "zaterdagochtend", "hours", "tuinieren"),
    ("offer", "Ik kook een keer per week extra", "huishouden-en-zorg", "dinsdag", "volunteer", "koken"),
    (
        "request",
        "Boodschappen doen, ik loop slecht",
        "huishouden-en-zorg",
        "donderdag",
        "hours",
        "boodschappen",
    ),
    ("offer", "Bijles rekenen voor de basisschool", "leren", "woensdagmiddag", "hours", "bijles, rekenen"),
    ("request", "Wie leert mij werken met de computer?", "leren", "overdag", "hours", "computer"),
    ("offer", "Fietsen repareren", "reizen-en-overig", "zaterdag", "coin", "fietsen, repareren"),
    ("request", "Lamp ophangen en gordijnrails", "huishouden-en-zorg", "in overleg", "hours", "klussen"),
    ("offer", "Klussen in en om het huis", "huishouden-en-zorg", "avonden", "hours", "klussen, schilderen"),
    (
        "request",
        "Samen wandelen, ik ben veel alleen",
        "sociaal-leven",
        "elke ochtend",
        "volunteer",
        "wandelen",
    ),
    ("offer", "Koffie-ochtend in het buurthuis", "sociaal-leven", "vrijdag 10 uur", "volunteer", "gastvrouw"),
    ("request", "Hulp bij formulieren van de gemeente", "werk", "in overleg", "hours", "formulieren"),
    ("offer", "Ik help met sollicitatiebrieven", "werk", "maandagavond", "hours", "schrijven, solliciteren"),
    ("request", "Oppas voor twee kinderen", "huishouden-en-zorg", "woensdagmiddag", "paid", "oppassen"),
    ("offer", "Oppassen na school", "huishouden-en-zorg", "na 15 uur", "paid", "oppassen"),
    ("request", "Nederlands oefenen in gesprek", "leren", "elke week", "volunteer", "taal"),
    ("offer", "Taalmaatje Nederlands", "leren", "dinsdagochtend", "volunteer", "taal"),
    ("request", "Hond uitlaten als ik werk", "huishouden-en-zorg", "doordeweeks 12 uur", "coin", "dieren"),
    ("offer", "Samen sporten in het park", "sport-en-bewegen", "zondag 9 uur", "volunteer", "sport"),
    (
        "request",
        "Trainer voor het jeugdvoetbal",
        "sport-en-bewegen",
        "zaterdag",
        "volunteer",
        "sport, kinderen",
    ),
    ("offer", "Naailes en kleding herstellen", "hobbys-en-media", "donderdagavond", "hours", "naaien"),
    ("request", "Meubels sjouwen bij verhuizing", "huishouden-en-zorg", "volgende maand", "hours", "sjouwen"),
    ("offer", "Vervoer naar het ziekenhuis", "reizen-en-overig", "in overleg", "hours", "auto, rijden"),
    (
        "request",
        "Mee naar de huisarts, om te vertalen",
        "reizen-en-overig",
        "in overleg",
        "volunteer",
        "tolken, arabisch",
    ),
    (
        "offer",
        "Tolken Arabisch en Nederlands",
        "sociaal-leven",
        "in overleg",
        "volunteer",
        "tolken, arabisch",
    ),
    (
        "request",
        "Muur schilderen in de gang",
        "huishouden-en-zorg",
        "voor de feestdagen",
        "paid",
        "schilderen",
    ),
    ("offer", "Computerhulp voor ouderen", "leren", "woensdag", "hours", "computer"),
    ("request", "Iemand om mee te koken", "sociaal-leven", "zondag", "volunteer", "koken"),
    ("offer", "Helpen bij de moestuin", "vrijwilligerswerk-en-wijk", "zaterdag", "volunteer", "tuinieren"),
    (
        "request",
        "Vrijwilligers voor de kerstmarkt",
        "vrijwilligerswerk-en-wijk",
        "19 december",
        "volunteer",
        "organiseren",
    ),
    ("offer", "Foto's maken bij buurtfeesten", "hobbys-en-media", "weekend", "volunteer", "fotografie"),
    ("request", "Stage in de wijk voor mijn opleiding", "werk", "vanaf februari", "paid", "stage"),
    ("offer", "Meelopen in mijn bakkerij", "werk", "vroege ochtend", "paid", "bakken"),
    ("request", "Hulp met de administratie", "werk", "eens per maand", "hours", "administratie"),
    ("offer", "Huiswerkbegeleiding", "leren", "maandag en donderdag", "coin", "bijles"),
    ("request", "Gras maaien", "huishouden-en-zorg", "om de twee weken", "hours", "tuinieren"),
    ("offer", "Boodschappen voor buren", "huishouden-en-zorg", "vrijdag", "volunteer", "boodschappen"),
    ("request", "Iemand die mijn fiets maakt", "reizen-en-overig", "deze week", "coin", "fietsen"),
    ("offer", "Gitaarles voor beginners", "hobbys-en-media", "woensdagavond", "hours", "muziek"),
    ("request", "Samen naar de markt", "sociaal-leven", "zaterdag", "volunteer", "wandelen"),
    ("offer", "Schoonmaken bij ziekte", "huishouden-en-zorg", "in overleg", "hours", "schoonmaken"),
];

fn input(
    kind: &str,
    title: &str,
    domain: &str,
    buurt: &str,
    when: &str,
    reward: &str,
    skills: &str,
) -> PostInput {
    PostInput {
        kind: PostKind::parse(kind).expect("demo kind"),
        title: title.into(),
        description: format!("{title}. Reageer gerust, dan spreken we samen iets af."),
        domain: domain.into(),
        buurt: buurt.into(),
        when: when.into(),
        reward: Reward::parse(reward).expect("demo reward"),
        skills: skills.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        days_open: 60,
    }
}

pub(super) async fn seed_cooperative(store: &Store) -> Result<()> {
    let (petra, sanne, ahmed) = (
        demo_actor(store, "petra@demo.wijkwerk.nl").await?,
        demo_actor(store, "sanne@demo.wijkwerk.nl").await?,
        demo_actor(store, "ahmed@demo.wijkwerk.nl").await?,
    );
    let coop = check_cooperative(
        "Wijkcoöperatie Oosterpark",
        "cooperatie",
        "Iedereen die in Oosterpark woont of werkt kan lid worden. Lid zijn kost niets. Leden helpen elkaar en \
         beslissen mee in de ledenvergadering, twee keer per jaar.",
        "Groenonderhoud van de binnentuinen, klussen bij ouderen, en de koffie-ochtenden in het buurthuis.",
    );
    crate::cooperative::register(store, &petra, WIJK, coop).await?;
    let now = Timestamp::now();
    let mut members = Vec::new();
    for (email, kind, board) in [
        ("fatima@demo.wijkwerk.nl", "resident", ""),
        ("karim@demo.wijkwerk.nl", "resident", "voorzitter"),
        ("mehmet@demo.wijkwerk.nl", "business", "penningmeester"),
        ("karin@demo.wijkwerk.nl", "partner", ""),
    ] {
        let a = demo_actor(store, email).await?;
        crate::cooperative::join(store, &a, WIJK, kind, true).await?;
        if !board.is_empty() {
            crate::cooperative::set_board_role(store, &petra, WIJK, email, board).await?;
        }
        members.push(a.person_id.clone());
    }
    let mut residents = Vec::new();
    for (i, buurt) in BUURTEN.iter().enumerate() {
        let take = [20, 20, 16][i];
        for (id, _) in store.people_without_account_in(buurt, take).await? {
            let joined = now.minus_seconds((200 - residents.len() as i64) * 86_400);
            store.join_cooperative(WIJK, &id, MemberKind::Resident, joined).await?;
            residents.push((id, *buurt));
        }
    }
    store.set_board_role(WIJK, &residents[0].0, "secretaris").await?;

    // Forty open posts by residents; every eighth a professional placed for
    // a resident who asked for it at the buurthuis.
    for (i, (kind, title, domain, when, reward, skills)) in POSTS.iter().enumerate() {
        let (owner, buurt) = &residents[(i * 7) % residents.len()];
        let posted_by = (i % 8 == 2).then_some(ahmed.person_id.as_str());
        let who = NewPost { place_code: WIJK, owner_id: owner, posted_by, team_id: None };
        store.create_post(&who, &input(kind, title, domain, buurt, when, reward, skills), now).await?;
    }
    seed_agreements(store, &residents, now).await?;
    seed_team(store, &sanne, &residents, now).await?;
    seed_alliance(store, &residents, now).await?;
    seed_partners_and_desk(store).await
}

/// Centrum's cooperative, of a wijk with many graduates and businesses,
/// in an alliance with Oosterpark: mentors and work placements there, a team
/// and tasks here. A Centrum member helped with an Oosterpark request.
async fn seed_alliance(store: &Store, residents: &[(String, &str)], now: Timestamp) -> Result<()> {
    let ellen = demo_actor(store, "ellen@demo.wijkwerk.nl").await?;
    let karim = demo_actor(store, "karim@demo.wijkwerk.nl").await?;
    let coop = check_cooperative(
        "Coöperatie Centrum Werkt",
        "vereniging",
        "Voor iedereen die in Centrum woont of een zaak heeft. Contributie: € 10 per jaar, voor wie dat kan.",
        "Stageplekken en mentoren voor werkzoekenden uit de hele stad.",
    );
    crate::cooperative::register(store, &ellen, "WK960101", coop).await?;
    let mehmet = demo_actor(store, "mehmet@demo.wijkwerk.nl").await?;
    crate::cooperative::join(store, &mehmet, "WK960101", "business", true).await?;
    crate::cooperative::set_board_role(store, &ellen, "WK960101", "mehmet@demo.wijkwerk.nl", "voorzitter")
        .await?;
    let mut centrum = Vec::new();
    for (id, _) in store.people_without_account_in("BU96010101", 12).await? {
        store.join_cooperative("WK960101", &id, MemberKind::Resident, now).await?;
        centrum.push(id);
    }
    for (i, (kind, title, domain, skills)) in [
        ("offer", "Mentor voor wie een baan zoekt", "werk", "mentor, solliciteren"),
        ("offer", "Stageplek in de boekhandel", "werk", "stage, winkel"),
        ("request", "Hulp bij de etalage", "werk", "schilderen"),
    ]
    .into_iter()
    .enumerate()
    {
        let who = NewPost { place_code: "WK960101", owner_id: &centrum[i], posted_by: None, team_id: None };
        let post = input(kind, title, domain, "BU96010101", "in overleg", "volunteer", skills);
        store.create_post(&who, &post, now.minus_seconds(i as i64 * 86_400)).await?;
    }
    let input = wijkwerk_domain::cooperative::check_alliance(
        "Leren en werken, samen",
        "Centrum heeft mentoren en stageplekken, Oosterpark werkzoekenden en een team dat klussen doet. \
         Samen helpen we mensen op weg naar werk.",
        "Werkzoekenden die willen leren, en Team Aan de slag voor klussen",
        "WK960101",
    );
    let alliance = crate::alliances::propose(store, &karim, WIJK, input).await?;
    crate::alliances::join(
        store,
        &mehmet,
        &alliance.id,
        "WK960101",
        "Mentoren uit het bedrijfsleven en stageplekken",
    )
    .await?;
    // A Centrum mentor helped an Oosterpark resident with a letter.
    let (receiver, buurt) = &residents[8];
    let who = NewPost { place_code: WIJK, owner_id: receiver, posted_by: None, team_id: None };
    let when = now.minus_seconds(12 * 86_400);
    let post_id = store.create_post(&who, &input_for_letter(buurt), when).await?;
    let agreed = AgreementInput {
        what: "Sollicitatiebrief samen schrijven".into(),
        when: "dinsdagavond".into(),
        planned_minutes: 90,
    };
    let new = NewAgreement {
        place_code: WIJK,
        post_id: &post_id,
        helper_id: &centrum[0],
        receiver_id: receiver,
        team_id: None,
        proposed_by: Side::Helper,
        input: &agreed,
        reward: Reward::Hours,
    };
    let id = store.propose_agreement(&new, when).await?;
    store.answer_agreement(&id, true, when).await?;
    store.confirm_hours(&id, Side::Helper, 90, "", when.plus_seconds(86_400)).await?;
    store.confirm_hours(&id, Side::Receiver, 90, "Ik heb een gesprek!", when.plus_seconds(86_400)).await?;
    Ok(())
}

fn input_for_letter(buurt: &str) -> PostInput {
    input(
        "request",
        "Hulp bij een sollicitatiebrief",
        "werk",
        buurt,
        "deze week",
        "hours",
        "schrijven, solliciteren",
    )
}

/// Oosterpark's wijkalliantie, and a question at the cooperative's desk:
/// Fatima's vegetable garden hands its bookkeeping over, and Karim (the
/// board's chair) took it on.
async fn seed_partners_and_desk(store: &Store) -> Result<()> {
    use wijkwerk_domain::cooperative::{check_partner, check_service_request, check_service_update};
    let (ellen, fatima, karim) = (
        demo_actor(store, "ellen@demo.wijkwerk.nl").await?,
        demo_actor(store, "fatima@demo.wijkwerk.nl").await?,
        demo_actor(store, "karim@demo.wijkwerk.nl").await?,
    );
    let year = Timestamp::now().dutch_date()[..4].to_string();
    for (partner, role, contribution, budget) in [
        ("Gemeente Lindenhoven", "Opdrachtgever, wijkbudget", "Wijkbudget en noodbudget", "40.000"),
        (
            "Stichting Welzijn Lindenhoven",
            "Opbouwwerk en coaches",
            "Twee opbouwwerkers, coach van het team",
            "120.000",
        ),
        ("Woonstichting Lindenhoven", "Buurtbeheer", "Huismeester, binnentuinen", "35.000"),
        ("Wijkteam Oosterpark", "Zorg en ondersteuning", "Wijkwerkers en het luisterloket", "210.000"),
        ("Bakkerij Kaya", "Stageplekken", "Twee meeloopplekken per jaar", ""),
    ] {
        let input = check_partner(&year, partner, role, contribution, budget);
        crate::alliances::add_partner(store, &ellen, WIJK, input).await?;
    }
    let desk = crate::alliances::desk(store, &fatima, WIJK).await?;
    let garden =
        desk.my_initiatives.iter().find(|(_, t)| t.starts_with("Moestuinbakken")).map(|(id, _)| id.clone());
    if let Some(garden) = garden {
        let ask = check_service_request(
            "bookkeeping",
            "Wij krijgen € 600 uit het wijkbudget. Kan de coöperatie de bonnetjes en de verantwoording doen?",
        );
        let after = crate::alliances::ask(store, &fatima, WIJK, &garden, ask).await?;
        let id = after.requests.first().map(|r| r.id.clone()).expect("the request just asked");
        let update = check_service_update("in-progress", "Karim neemt de bonnetjes elke maand mee.");
        crate::alliances::handle(store, &karim, &id, update).await?;
    }
    Ok(())
}

/// Ten requests that found a helper, with hours both sides confirmed.
async fn seed_agreements(store: &Store, residents: &[(String, &str)], now: Timestamp) -> Result<()> {
    let done = [
        ("Rolstoel naar de fietsenmaker brengen", "reizen-en-overig", 60),
        ("Kast in elkaar zetten", "huishouden-en-zorg", 120),
        ("Brief van de belasting uitleggen", "werk", 60),
        ("Tuin winterklaar maken", "huishouden-en-zorg", 180),
        ("Rekenen oefenen met Noor", "leren", 90),
        ("Ramen zemen", "huishouden-en-zorg", 60),
        ("Mee naar het UWV", "werk", 120),
        ("Telefoon instellen", "leren", 30),
        ("Kerstkaarten schrijven met de buurvrouw", "sociaal-leven", 90),
        ("Boekenkast verplaatsen", "huishouden-en-zorg", 60),
    ];
    for (i, (what, domain, minutes)) in done.iter().enumerate() {
        let (receiver, buurt) = &residents[10 + i * 3];
        let (helper, _) = &residents[11 + i * 3];
        let who = NewPost { place_code: WIJK, owner_id: receiver, posted_by: None, team_id: None };
        let post = input("request", what, domain, buurt, "in overleg", "hours", "");
        let when = now.minus_seconds((40 - i as i64 * 3) * 86_400);
        let post_id = store.create_post(&who, &post, when).await?;
        let agreed =
            AgreementInput { what: what.to_string(), when: "in overleg".into(), planned_minutes: *minutes };
        let new = NewAgreement {
            place_code: WIJK,
            post_id: &post_id,
            helper_id: helper,
            receiver_id: receiver,
            team_id: None,
            proposed_by: Side::Helper,
            input: &agreed,
            reward: Reward::Hours,
        };
        let id = store.propose_agreement(&new, when).await?;
        store.answer_agreement(&id, true, when).await?;
        let after = when.plus_seconds(7 * 86_400);
        store.confirm_hours(&id, Side::Helper, *minutes, "Graag gedaan!", after).await?;
        store.confirm_hours(&id, Side::Receiver, *minutes, "Heel erg bedankt.", after).await?;
    }
    Ok(())
}

/// Sanne's team of six job seekers: Karim and five residents, three tasks
/// from the marketplace (two done with everyone's hours, one to come), and
/// one member who moved on to a paid buurtbaan.
async fn seed_team(
    store: &Store,
    sanne: &wijkwerk_domain::role::Actor,
    residents: &[(String, &str)],
    now: Timestamp,
) -> Result<()> {
    use crate::cooperative as use_case;
    let team = use_case::start_team(store, sanne, WIJK, "Team Aan de slag").await?;
    let karim = store.person_by_email("karim@demo.wijkwerk.nl").await?.expect("demo karim");
    let mut crew = vec![karim.id.clone()];
    crew.extend(residents[45..50].iter().map(|r| r.0.clone()));
    for person in &crew {
        store.add_team_member(&team.id, person, now.minus_seconds(90 * 86_400)).await?;
    }
    store.set_shares_priority(&team.id, &karim.id, true).await?;
    let offer = check_post(
        "offer",
        "Team Aan de slag helpt in de wijk",
        "Zes werkzoekenden en hun coach doen klussen: tuinen, kleine reparaties, helpen in het buurthuis.",
        "vrijwilligerswerk-en-wijk",
        BUURTEN[0],
        "doordeweeks overdag",
        "volunteer",
        "tuinieren, klussen, schilderen",
        "90",
        &crate::places::life_domains(store, "nl").await?.into_iter().map(|d| d.0).collect::<Vec<_>>(),
    );
    crate::marketplace::post(
        store,
        sanne,
        WIJK,
        crate::marketplace::Owner::Team(&team.id),
        BUURTEN[0],
        offer,
        now,
    )
    .await?;
    let tasks = [
        ("Binnentuin Oosterpark-Noord snoeien", 240, true),
        ("Buurthuis schilderen", 360, true),
        ("Bankjes in het park opknappen", 180, false),
    ];
    for (i, (what, minutes, done)) in tasks.iter().enumerate() {
        let (receiver, buurt) = &residents[2 + i];
        let who = NewPost { place_code: WIJK, owner_id: receiver, posted_by: None, team_id: None };
        let when = now.minus_seconds((30 - i as i64 * 10) * 86_400);
        let post_id = store
            .create_post(
                &who,
                &input(
                    "request",
                    what,
                    "vrijwilligerswerk-en-wijk",
                    buurt,
                    "in overleg",
                    "volunteer",
                    "tuinieren",
                ),
                when,
            )
            .await?;
        let agreed = AgreementInput {
            what: what.to_string(),
            when: "dinsdag 9 tot 13 uur".into(),
            planned_minutes: *minutes,
        };
        let new = NewAgreement {
            place_code: WIJK,
            post_id: &post_id,
            helper_id: &sanne.person_id,
            receiver_id: receiver,
            team_id: Some(&team.id),
            proposed_by: Side::Helper,
            input: &agreed,
            reward: Reward::Volunteer,
        };
        let id = store.propose_agreement(&new, when).await?;
        store.answer_agreement(&id, true, when).await?;
        if *done {
            let hours: Vec<(String, i64)> = crew
                .iter()
                .enumerate()
                .filter(|(j, _)| (i + j) % 5 != 0)
                .map(|(_, p)| (p.clone(), *minutes))
                .collect();
            store.record_task_hours(&id, &hours, when.plus_seconds(86_400)).await?;
            store.confirm_hours(&id, Side::Helper, *minutes, "Het team deed het graag.", when).await?;
            store.confirm_hours(&id, Side::Receiver, *minutes, "Het ziet er prachtig uit!", when).await?;
        }
    }
    store
        .record_buurtbaan(
            &team.id,
            &crew[1],
            "Groenonderhoud Oosterpark, 24 uur per week",
            now.minus_seconds(14 * 86_400),
        )
        .await?;
    Ok(())
}
