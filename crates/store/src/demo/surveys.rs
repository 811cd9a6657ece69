//! The demo survey of Oosterpark.

use super::*;
use crate::{Result, Store};
use wijkwerk_domain::survey::{OptionDef, QuestionDef, QuestionKind, RawAnswers, SurveyDef, check_response};

/// How often each development point comes up: work first for most, as in the
/// wijkplan; the rest varies.
const WEIGHTS: [(&str, u64); 8] = [
    ("werk", 30),
    ("straat", 22),
    ("ontmoeten", 15),
    ("jongeren", 12),
    ("taal", 8),
    ("zorg", 6),
    ("sport", 4),
    ("rust", 3),
];

const REMARKS: [&str; 5] = [
    "Meer bankjes in het park graag.",
    "De speeltuin aan de Lindenlaan is kapot.",
    "Fijn dat jullie het vragen!",
    "Er rijden te veel auto's te hard door de Oosterstraat.",
    "Ik wil graag helpen met de moestuin.",
];

/// The questions: who, how pleasant, how long, a top 3 of development points
/// (each about one life domain, for vraag en aanbod), joining in, a remark.
fn survey_def() -> SurveyDef {
    let texts = |nl: &str, en: &str| -> wijkwerk_domain::texts::Texts {
        [("nl".to_string(), nl.to_string()), ("en".to_string(), en.to_string())].into_iter().collect()
    };
    let option = |code: &str, nl: &str, en: &str, theme: Option<&str>| OptionDef {
        code: code.into(),
        label: texts(nl, en),
        theme: theme.map(String::from),
    };
    // Development points, each about one life domain (for vraag en aanbod).
    let points = [
        (
            "werk",
            "Werk en leerplekken voor mensen uit de wijk",
            "Jobs and traineeships for local people",
            "werk",
        ),
        ("taal", "Taalles en cursussen", "Language classes and courses", "leren"),
        (
            "zorg",
            "Hulp bij de zorg voor kinderen of ouders",
            "Help with caring for children or parents",
            "huishouden-en-zorg",
        ),
        ("ontmoeten", "Plekken om elkaar te ontmoeten", "Places to meet each other", "sociaal-leven"),
        ("sport", "Sporten en bewegen in de buurt", "Sports and exercise nearby", "sport-en-bewegen"),
        ("straat", "Schone en veilige straten", "Clean and safe streets", "vrijwilligerswerk-en-wijk"),
        ("jongeren", "Activiteiten voor jongeren", "Activities for young people", "hobbys-en-media"),
        ("rust", "Minder geluidsoverlast 's nachts", "Less noise at night", "slaap-en-verzorging"),
    ];
    SurveyDef {
        title: texts("Wat vindt u belangrijk in Oosterpark?", "What matters to you in Oosterpark?"),
        intro: texts(
            "De wijk maakt een nieuw wijkplan. Vertel ons in vijf minuten wat u belangrijk vindt. Het wijkteam leest alles.",
            "The neighbourhood is making a new plan. Tell us in five minutes what matters to you. The neighbourhood team reads everything.",
        ),
        places: vec!["WK960102".into()],
        use_tokens: false,
        questions: vec![
            QuestionDef {
                code: "wie".into(),
                kind: QuestionKind::RespondentType,
                text: texts("Wie bent u?", "Who are you?"),
                required: true,
                options: Vec::new(),
                top: None,
            },
            QuestionDef {
                code: "prettig".into(),
                kind: QuestionKind::Scale,
                text: texts("Hoe prettig vindt u het in uw buurt?", "How pleasant do you find your area?"),
                required: true,
                options: Vec::new(),
                top: None,
            },
            QuestionDef {
                code: "hoelang".into(),
                kind: QuestionKind::Single,
                text: texts(
                    "Hoe lang woont of werkt u in Oosterpark?",
                    "How long have you lived or worked in Oosterpark?",
                ),
                required: false,
                options: vec![
                    option("kort", "Korter dan 2 jaar", "Less than 2 years", None),
                    option("midden", "2 tot 10 jaar", "2 to 10 years", None),
                    option("lang", "Langer dan 10 jaar", "More than 10 years", None),
                ],
                top: None,
            },
            QuestionDef {
                code: "punten".into(),
                kind: QuestionKind::Ranking,
                text: texts(
                    "Wat moet er als eerste beter in de wijk? Kies uw top 3.",
                    "What should improve first in the neighbourhood? Choose your top 3.",
                ),
                required: true,
                options: points.iter().map(|(c, nl, en, d)| option(c, nl, en, Some(d))).collect(),
                top: Some(3),
            },
            QuestionDef {
                code: "meedoen".into(),
                kind: QuestionKind::Multiple,
                text: texts("Waar wilt u zelf aan meedoen?", "What would you like to join yourself?"),
                required: false,
                options: vec![
                    option(
                        "buurtklus",
                        "Een klus in de buurt, zoals opruimen",
                        "A job in the area, like a clean-up",
                        Some("vrijwilligerswerk-en-wijk"),
                    ),
                    option(
                        "koffie",
                        "Koffie-ochtend in het buurthuis",
                        "Coffee morning at the community centre",
                        Some("sociaal-leven"),
                    ),
                    option("energie", "Energiecoach worden", "Becoming an energy coach", Some("werk")),
                    option("taalmaatje", "Taalmaatje worden", "Becoming a language buddy", Some("leren")),
                ],
                top: None,
            },
            QuestionDef {
                code: "nog".into(),
                kind: QuestionKind::Text,
                text: texts("Wilt u nog iets kwijt?", "Anything else you want to say?"),
                required: false,
                options: Vec::new(),
                top: None,
            },
        ],
    }
}

/// The `n`th made-up answer from `buurt` (or from no buurt).
fn answers(rng: &mut Seeded, n: u32, buurt: Option<&str>) -> RawAnswers {
    let who = match rng.next() % 100 {
        0..=84 => "resident",
        85..=93 => "business",
        94..=98 => "professional",
        _ => "politician",
    };
    let mut raw = RawAnswers::new();
    raw.insert("wie".into(), vec![who.into()]);
    let pleasant = match buurt {
        Some("BU96010201") => 3 + rng.next() % 3,
        Some("BU96010202") => 2 + rng.next() % 3,
        _ => 1 + rng.next() % 5,
    };
    raw.insert("prettig".into(), vec![pleasant.to_string()]);
    if rng.next() % 5 != 0 {
        raw.insert("hoelang".into(), vec![rng.pick(&["kort", "midden", "lang", "lang"]).into()]);
    }
    let mut ranked: Vec<String> = Vec::new();
    while ranked.len() < 3 {
        let mut roll = rng.next() % WEIGHTS.iter().map(|w| w.1).sum::<u64>();
        let pick = WEIGHTS
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .expect("in range")
            .0;
        if !ranked.iter().any(|r| r == pick) {
            ranked.push(pick.into());
        }
    }
    raw.insert("punten".into(), ranked);
    let join: Vec<String> = ["buurtklus", "koffie", "energie", "taalmaatje"]
        .iter()
        .filter(|_| rng.next() % 4 == 0)
        .map(|s| s.to_string())
        .collect();
    if !join.is_empty() {
        raw.insert("meedoen".into(), join);
    }
    if n % 9 == 0 {
        raw.insert("nog".into(), vec![REMARKS[(n as usize / 9) % REMARKS.len()].into()]);
    }
    raw
}

impl Store {
    /// Oosterpark's survey: about three hundred answers, online and on paper,
    /// spread so that Het Veld and the politicians stay under the minimum.
    pub(super) async fn seed_demo_survey(&self, coordinator: &str, wijkwerker: &str) -> Result<()> {
        let def = survey_def();
        let survey = self.create_survey(&def, Some(coordinator)).await?;
        self.set_survey_status(&survey, "open").await?;
        let buurten = ["BU96010201", "BU96010202", "BU96010203", "BU96010204"];
        // (buurt, how many): Het Veld stays under the minimum; some say no buurt.
        let spread: [(Option<&str>, u32); 5] = [
            (Some(buurten[0]), 128),
            (Some(buurten[1]), 104),
            (Some(buurten[2]), 47),
            (Some(buurten[3]), 6),
            (None, 17),
        ];
        let mut rng = Seeded(4242);
        let mut n = 0u32;
        for (buurt, count) in spread {
            for _ in 0..count {
                n += 1;
                let raw = answers(&mut rng, n, buurt);
                let checked = check_response(&def, &buurten, buurt, &raw).expect("demo answers are valid");
                // One in seven came in on paper at the buurthuis.
                let (channel, by) = if n % 7 == 0 { ("paper", Some(wijkwerker)) } else { ("online", None) };
                self.submit_response(&survey, &checked, channel, by, None).await?;
            }
        }
        Ok(())
    }
}
