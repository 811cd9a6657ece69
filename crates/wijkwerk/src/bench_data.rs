//! `wijkwerk bench-data`: a large made-up gemeente for the benchmark
//! (`scripts/bench --large`): Proefstad with 5 wijken of 10 buurten, a
//! survey with many responses over those 50 buurten, and a sociale kaart of
//! many services. Deterministic, so runs compare.

use std::io::IsTerminal;
use wijkwerk_domain::PlaceLevel;
use wijkwerk_domain::socialmap::{ServiceInput, check_service};
use wijkwerk_domain::survey::{CheckedResponse, RawAnswers, SurveyDef, check_response};
use wijkwerk_store::Store;
use wijkwerk_store::demo::Seeded as Rng;

pub const GEMEENTE: &str = "GM9699";

/// Prints progress on one line on a terminal, every tenth in a log.
pub(crate) struct Progress {
    label: &'static str,
    tty: bool,
    last_tenth: usize,
}

impl Progress {
    pub(crate) fn new(label: &'static str) -> Progress {
        Progress { label, tty: std::io::stderr().is_terminal(), last_tenth: 0 }
    }

    pub(crate) fn show(&mut self, done: usize, total: usize) {
        if self.tty {
            eprint!("\r{}: {done}/{total}", self.label);
            if done == total {
                eprintln!();
            }
        } else {
            let tenth = done * 10 / total.max(1);
            if tenth > self.last_tenth || done == total {
                self.last_tenth = tenth;
                eprintln!("{}: {done}/{total}", self.label);
            }
        }
    }
}

fn buurt_codes() -> Vec<String> {
    (1..=5).flat_map(|w| (1..=10).map(move |b| format!("BU9699{w:02}{b:02}"))).collect()
}

fn survey_def() -> SurveyDef {
    serde_json::from_value(serde_json::json!({
        "title": { "nl": "Proefstad spreekt", "en": "Proefstad speaks" },
        "places": (1..=5).map(|w| format!("WK9699{w:02}")).collect::<Vec<_>>(),
        "questions": [
            { "code": "wie", "kind": "respondent-type", "text": { "nl": "Wie bent u?" }, "required": true },
            { "code": "prettig", "kind": "scale", "text": { "nl": "Hoe prettig is uw buurt?" }, "required": true },
            { "code": "hoelang", "kind": "single", "text": { "nl": "Hoe lang woont u hier?" },
              "options": [{ "code": "kort", "label": { "nl": "Kort" } }, { "code": "midden", "label": { "nl": "Midden" } }, { "code": "lang", "label": { "nl": "Lang" } }] },
            { "code": "punten", "kind": "ranking", "text": { "nl": "Wat moet beter? Top 3" }, "top": 3, "required": true,
              "options": [
                { "code": "werk", "label": { "nl": "Werk" }, "theme": "werk" },
                { "code": "taal", "label": { "nl": "Taal" }, "theme": "leren" },
                { "code": "zorg", "label": { "nl": "Zorg" }, "theme": "huishouden-en-zorg" },
                { "code": "ontmoeten", "label": { "nl": "Ontmoeten" }, "theme": "sociaal-leven" },
                { "code": "sport", "label": { "nl": "Sport" }, "theme": "sport-en-bewegen" },
                { "code": "straat", "label": { "nl": "Straat" }, "theme": "vrijwilligerswerk-en-wijk" },
                { "code": "jongeren", "label": { "nl": "Jongeren" }, "theme": "hobbys-en-media" },
                { "code": "rust", "label": { "nl": "Rust" }, "theme": "slaap-en-verzorging" }] },
            { "code": "meedoen", "kind": "multiple", "text": { "nl": "Waar doet u aan mee?" },
              "options": [{ "code": "klus", "label": { "nl": "Klus" } }, { "code": "koffie", "label": { "nl": "Koffie" } }, { "code": "taalmaatje", "label": { "nl": "Taalmaatje" } }] },
            { "code": "nog", "kind": "text", "text": { "nl": "Nog iets?" } },
        ],
    }))
    .expect("a valid survey")
}

fn response(rng: &mut Rng, def: &SurveyDef, buurten: &[&str]) -> CheckedResponse {
    const POINTS: [&str; 8] = ["werk", "taal", "zorg", "ontmoeten", "sport", "straat", "jongeren", "rust"];
    let mut raw = RawAnswers::new();
    let who = match rng.below(100) {
        0..=84 => "resident",
        85..=93 => "business",
        94..=98 => "professional",
        _ => "politician",
    };
    raw.insert("wie".into(), vec![who.into()]);
    raw.insert("prettig".into(), vec![(1 + rng.below(5)).to_string()]);
    if rng.below(5) != 0 {
        raw.insert("hoelang".into(), vec![["kort", "midden", "lang"][rng.below(3) as usize].into()]);
    }
    let mut ranked: Vec<String> = Vec::new();
    while ranked.len() < 3 {
        let p = POINTS[rng.below(8) as usize];
        if !ranked.iter().any(|r| r == p) {
            ranked.push(p.into());
        }
    }
    raw.insert("punten".into(), ranked);
    let join: Vec<String> = ["klus", "koffie", "taalmaatje"]
        .iter()
        .filter(|_| rng.below(4) == 0)
        .map(|s| s.to_string())
        .collect();
    if !join.is_empty() {
        raw.insert("meedoen".into(), join);
    }
    if rng.below(10) == 0 {
        raw.insert("nog".into(), vec!["Meer groen en bankjes in de straat, graag.".into()]);
    }
    // Buurten differ in size; one in twenty says none.
    let buurt = (rng.below(20) != 0).then(|| buurten[(rng.below(50) * rng.below(50) / 49) as usize]);
    check_response(def, buurten, buurt, &raw).expect("generated answers are valid")
}

pub async fn generate(store: &Store, responses: usize, services: usize) -> Result<String, String> {
    let err = |e: wijkwerk_store::StoreError| e.to_string();
    if store.place(GEMEENTE).await.map_err(err)?.is_some() {
        return Err(format!("{GEMEENTE} exists already: use a fresh database"));
    }
    if store.place("NL").await.map_err(err)?.is_none() {
        store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.map_err(err)?;
    }
    store.add_place(GEMEENTE, PlaceLevel::Gemeente, "Proefstad", Some("NL")).await.map_err(err)?;
    for w in 1..=5 {
        let wijk = format!("WK9699{w:02}");
        store
            .add_place(&wijk, PlaceLevel::Wijk, &format!("Proefwijk {w}"), Some(GEMEENTE))
            .await
            .map_err(err)?;
        for b in 1..=10 {
            store
                .add_place(
                    &format!("BU9699{w:02}{b:02}"),
                    PlaceLevel::Buurt,
                    &format!("Proefbuurt {w}.{b}"),
                    Some(&wijk),
                )
                .await
                .map_err(err)?;
        }
    }
    let codes = buurt_codes();
    let buurten: Vec<&str> = codes.iter().map(String::as_str).collect();
    let mut rng = Rng(2026);

    let def = survey_def();
    let survey = store.create_survey(&def, None).await.map_err(err)?;
    store.set_survey_status(&survey, "open").await.map_err(err)?;
    let mut progress = Progress::new("responses");
    // Made and stored in slices, so memory stays small however many there are.
    let mut done = 0;
    while done < responses {
        let n = (responses - done).min(50_000);
        let slice: Vec<CheckedResponse> = (0..n).map(|_| response(&mut rng, &def, &buurten)).collect();
        let offset = done;
        store
            .add_responses_in_bulk(&survey, &slice, "online", &mut |d, _| {
                progress.show(offset + d, responses)
            })
            .await
            .map_err(err)?;
        done += n;
    }

    let mut organisations = Vec::new();
    for i in 0..(services / 100).clamp(1, 500) {
        let place = &codes[i % codes.len()];
        let org = store
            .add_organisation(
                &format!("Proeforganisatie {}", i + 1),
                "partner",
                place,
                "Voor de benchmark.",
                None,
            )
            .await
            .map_err(err)?;
        organisations.push((org.id, org.name));
    }
    const WHAT: [&str; 10] = [
        "Taalcafé",
        "Spreekuur",
        "Budgetcafé",
        "Naaiclub",
        "Buurtvaders",
        "Huiswerkklas",
        "Wandelgroep",
        "Repaircafé",
        "Moestuin",
        "Inloop",
    ];
    const DOMAINS: [&str; 9] = [
        "werk",
        "leren",
        "huishouden-en-zorg",
        "sociaal-leven",
        "sport-en-bewegen",
        "vrijwilligerswerk-en-wijk",
        "hobbys-en-media",
        "slaap-en-verzorging",
        "reizen-en-overig",
    ];
    let place_codes: Vec<&str> = buurten.iter().copied().chain(std::iter::once(GEMEENTE)).collect();
    let mut entries = Vec::with_capacity(services);
    for i in 0..services {
        let what = WHAT[rng.below(10) as usize];
        let buurt = buurten[rng.below(50) as usize];
        let input = ServiceInput {
            name: format!("{what} {}", i + 1),
            description: format!(
                "{what} in {buurt}: samen leren, helpen en elkaar ontmoeten. Iedereen is welkom."
            ),
            kind: ["public", "private", "informal"][rng.below(3) as usize].into(),
            status: "active".into(),
            domains: vec![DOMAINS[rng.below(9) as usize].into()],
            areas: vec![buurt.into()],
            who_to_ask: "Vraag naar de gastvrouw".into(),
            opening_hours: "di 13:30-16:00".into(),
            ..Default::default()
        };
        let checked = check_service(&input, &DOMAINS, &place_codes).map_err(|e| format!("{e:?}"))?;
        entries.push((organisations[i % organisations.len()].clone(), checked));
    }
    // Approved by a reviewer of their own, so search shows them.
    let reviewer = store
        .create_account(wijkwerk_domain::person::NewAccount {
            email: "beoordelaar@proefstad.invalid".into(),
            display_name: "Beoordelaar Proefstad".into(),
            password: wijkwerk_store::secrets::new_token(),
            language: "nl".into(),
            home_place_code: None,
        })
        .await
        .map_err(err)?;
    let mut progress = Progress::new("services");
    store
        .add_services_in_bulk(&entries, Some(&reviewer.id), &mut |d, t| progress.show(d, t))
        .await
        .map_err(err)?;
    Ok(survey)
}
