//! The demo municipality: Lindenhoven (GM9601), a made-up gemeente with real
//! CBS code formats, five wijken, residents, professionals, partners and
//! businesses, so every page shows something real on first start.
//!
//! The data is generated from a fixed seed: every demo database is the same,
//! which keeps screenshots and benchmarks comparable.

use crate::{Result, Store};
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Role, Timestamp, new_id};

pub const DEMO_PASSWORD: &str = "wijkwerk-demo";
pub const GEMEENTE_CODE: &str = "GM9601";
/// How many progress steps `seed_demo` reports.
pub const STEPS: usize = 10;

/// Wijken with their buurten and how many registered residents each buurt gets.
/// Some buurten stay under the minimum group size on purpose, so that
/// suppression shows.
const WIJKEN: &[(&str, &str, &[(&str, &str, u32)])] = &[
    (
        "WK960101",
        "Centrum",
        &[
            ("BU96010101", "Binnenstad", 64),
            ("BU96010102", "Stationsbuurt", 41),
            ("BU96010103", "Havenkade", 23),
        ],
    ),
    (
        "WK960102",
        "Oosterpark",
        &[
            ("BU96010201", "Oosterpark-Noord", 88),
            ("BU96010202", "Oosterpark-Zuid", 72),
            ("BU96010203", "Bloemenbuurt", 35),
            ("BU96010204", "Het Veld", 7),
        ],
    ),
    (
        "WK960103",
        "Molenwijk",
        &[
            ("BU96010301", "Molenhoek", 52),
            ("BU96010302", "De Wieken", 46),
            ("BU96010303", "Sluiskwartier", 19),
        ],
    ),
    (
        "WK960104",
        "De Beemden",
        &[
            ("BU96010401", "Beemden-West", 57),
            ("BU96010402", "Beemden-Oost", 49),
            ("BU96010403", "Kreekrug", 12),
        ],
    ),
    (
        "WK960105",
        "Eikendonk",
        &[
            ("BU96010501", "Eikendonk-Dorp", 26),
            ("BU96010502", "Buitengebied Eikendonk", 4),
            ("BU96010503", "Eikenhof", 8),
        ],
    ),
];

/// One demo account per role. `(role, place, e-mail, name, home buurt, organisation)`.
pub const ACCOUNTS: &[(Role, &str, &str, &str, &str, Option<&str>)] = &[
    (Role::Bewoner, "BU96010201", "fatima@demo.wijkwerk.nl", "Fatima El Amrani", "BU96010201", None),
    (Role::Bewoner, "BU96010201", "karim@demo.wijkwerk.nl", "Karim El Amrani", "BU96010201", None),
    (
        Role::Coach,
        "WK960102",
        "sanne@demo.wijkwerk.nl",
        "Sanne Visser",
        "BU96010302",
        Some("Stichting Welzijn Lindenhoven"),
    ),
    (
        Role::Wijkwerker,
        "WK960102",
        "ahmed@demo.wijkwerk.nl",
        "Ahmed Yilmaz",
        "BU96010302",
        Some("Wijkteam Oosterpark"),
    ),
    (
        Role::Coordinator,
        "WK960102",
        "petra@demo.wijkwerk.nl",
        "Petra Jansen",
        "BU96010202",
        Some("Wijkcoöperatie Oosterpark"),
    ),
    (
        Role::Partner,
        "WK960102",
        "karin@demo.wijkwerk.nl",
        "Karin Bakker",
        "BU96010401",
        Some("Woonstichting Lindenhoven"),
    ),
    (
        Role::Ondernemer,
        "WK960101",
        "mehmet@demo.wijkwerk.nl",
        "Mehmet Kaya",
        "BU96010101",
        Some("Bakkerij Kaya"),
    ),
    (
        Role::Gemeente,
        "GM9601",
        "ellen@demo.wijkwerk.nl",
        "Ellen de Wit",
        "BU96010501",
        Some("Gemeente Lindenhoven"),
    ),
    (
        Role::Landelijk,
        "NL",
        "joost@demo.wijkwerk.nl",
        "Joost Smit",
        "BU96010102",
        Some("Vereniging Wijkgericht Werken Nederland"),
    ),
];

/// `(name, kind, place, description)`: partners, initiatives and businesses.
const ORGANISATIONS: &[(&str, &str, &str, &str)] = &[
    ("Gemeente Lindenhoven", "gemeente", "GM9601", "Het stadhuis: wijkzaken, werk en inkomen, zorg."),
    (
        "Vereniging Wijkgericht Werken Nederland",
        "federation",
        "NL",
        "Landelijke vereniging van wijken en gemeenten die wijkgericht werken.",
    ),
    ("Stichting Welzijn Lindenhoven", "partner", "GM9601", "Welzijnswerk, maatschappelijk werk en coaching."),
    ("Woonstichting Lindenhoven", "partner", "GM9601", "Sociale huurwoningen in heel Lindenhoven."),
    (
        "Wijkteam Oosterpark",
        "partner",
        "WK960102",
        "Eén loket voor vragen over zorg, geld, werk en opvoeden.",
    ),
    (
        "Wijkcoöperatie Oosterpark",
        "initiative",
        "WK960102",
        "Bewoners en ondernemers die samen de wijk verbeteren.",
    ),
    ("Buurtvaders Oosterpark", "initiative", "BU96010201", "Vaders die 's avonds in de buurt aanwezig zijn."),
    ("Naaiclub De Draad", "initiative", "BU96010202", "Samen naaien, repareren en koffie drinken."),
    ("Budgetcafé Oosterpark", "initiative", "BU96010203", "Hulp bij geldzaken, zonder afspraak."),
    (
        "Basisschool De Regenboog",
        "partner",
        "BU96010202",
        "Basisschool met voor- en naschoolse activiteiten.",
    ),
    (
        "Huisartsenpraktijk Oosterpark",
        "partner",
        "BU96010201",
        "Huisartsen, praktijkondersteuner en wijkverpleging.",
    ),
    ("Bibliotheek Lindenhoven", "partner", "BU96010101", "Boeken, taalhuis, digitaal spreekuur."),
    ("Taalhuis Molenwijk", "initiative", "BU96010301", "Nederlands leren met een vrijwilliger."),
    ("Repair Café De Wieken", "initiative", "BU96010302", "Elke maand samen spullen repareren."),
    ("Sportvereniging De Beemden", "partner", "BU96010401", "Voetbal, turnen en beweegles voor ouderen."),
    ("Dorpshuis Eikendonk", "initiative", "BU96010501", "Ontmoeting, activiteiten en de dorpsbus."),
    ("Bakkerij Kaya", "business", "BU96010101", "Brood en banket, leerwerkplek voor jongeren."),
    ("Fietsenmaker Stam", "business", "BU96010102", "Reparatie en verhuur van fietsen."),
    ("Supermarkt De Molen", "business", "BU96010301", "Buurtsuper met bezorging aan huis."),
    ("Kapsalon Knip", "business", "BU96010201", "Kapper, ook aan huis voor ouderen."),
    ("Installatiebedrijf Groen", "business", "BU96010402", "Zonnepanelen en warmtepompen, leerbedrijf."),
    ("Café De Linde", "business", "BU96010501", "Dorpscafé met zaal."),
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "Bram", "Chantal", "Daan", "Emma", "Fenna", "Gijs", "Hanna", "Ilse", "Jesse", "Kevin", "Lotte",
    "Mohamed", "Noor", "Olga", "Pim", "Quinten", "Rosa", "Sem", "Tess", "Umut", "Vera", "Wim", "Yara",
    "Zeynep", "Aisha", "Bas", "Cor", "Dewi", "Elif", "Finn", "Greet", "Hamza", "Iris", "Joyce", "Kees",
];
const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Idrissi",
    "Kaya",
    "Nguyen",
    "Santos",
    "Kowalski",
    "Öztürk",
    "Boateng",
    "Haddou",
];

/// A small deterministic generator (splitmix64): the same demo every time.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Who signs in to the demo, for printing.
pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
    pub name: &'static str,
}

pub fn demo_accounts() -> Vec<DemoAccount> {
    ACCOUNTS.iter().map(|(role, _, email, name, _, _)| DemoAccount { role: *role, email, name }).collect()
}

impl Store {
    /// True when the demo municipality is already in this database.
    pub async fn has_demo(&self) -> Result<bool> {
        Ok(self.place(GEMEENTE_CODE).await?.is_some())
    }

    /// Fills an empty, migrated database with the demo municipality.
    /// `progress` is told each step as it starts.
    pub async fn seed_demo(&self, progress: &mut dyn FnMut(&str)) -> Result<()> {
        progress("plaatsen");
        if self.place("NL").await?.is_none() {
            self.add_place("NL", PlaceLevel::Land, "Nederland", None).await?;
        }
        self.add_place(GEMEENTE_CODE, PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await?;
        for (wijk_code, wijk_name, buurten) in WIJKEN {
            self.add_place(wijk_code, PlaceLevel::Wijk, wijk_name, Some(GEMEENTE_CODE)).await?;
            for (buurt_code, buurt_name, _) in *buurten {
                self.add_place(buurt_code, PlaceLevel::Buurt, buurt_name, Some(wijk_code)).await?;
            }
        }

        progress("organisaties");
        let mut organisation_ids = Vec::new();
        for (name, kind, place, description) in ORGANISATIONS {
            let org = self.add_organisation(name, kind, place, description, None).await?;
            organisation_ids.push((*name, org.id));
        }
        let org_id = |name: &str| organisation_ids.iter().find(|(n, _)| *n == name).map(|(_, id)| id.clone());
        let org_id: &dyn Fn(&str) -> Option<String> = &org_id;

        progress("bewoners");
        let mut rng = Seeded(9601);
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        for (_, _, buurten) in WIJKEN {
            for (buurt_code, _, residents) in *buurten {
                for _ in 0..*residents {
                    let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
                    // Spread registration over the past two years.
                    let created = now.minus_seconds((rng.next() % (730 * 86_400)) as i64);
                    let id = new_id();
                    sqlx::query(
                        "INSERT INTO persons (id, display_name, language, home_place_code, created_at)
                         VALUES ($1, $2, 'nl', $3, $4)",
                    )
                    .bind(&id)
                    .bind(&name)
                    .bind(*buurt_code)
                    .bind(created.to_rfc3339())
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO role_assignments (id, person_id, role, place_code, created_at)
                         VALUES ($1, $2, 'bewoner', $3, $4)",
                    )
                    .bind(new_id())
                    .bind(&id)
                    .bind(*buurt_code)
                    .bind(created.to_rfc3339())
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;

        progress("accounts");
        let mut ids = Vec::new();
        for (role, place, email, name, home, org) in ACCOUNTS {
            let person = self
                .create_account(NewAccount {
                    email: email.to_string(),
                    display_name: name.to_string(),
                    password: DEMO_PASSWORD.into(),
                    language: "nl".into(),
                    home_place_code: Some(home.to_string()),
                })
                .await?;
            let org = org.and_then(org_id);
            self.assign_role(&person.id, *role, place, org.as_deref()).await?;
            if *role != Role::Bewoner && *role != Role::Landelijk {
                // Professionals live somewhere too.
                self.assign_role(&person.id, Role::Bewoner, home, None).await?;
            }
            ids.push(person.id);
        }
        let id_of = |role: Role| {
            ACCOUNTS.iter().position(|a| a.0 == role).map(|i| ids[i].clone()).expect("demo role present")
        };
        // More professionals, so team lists are not one name long.
        let mut extra_professionals = Vec::new();
        for (name, role, place, org) in [
            ("Lieke Mulder", Role::Wijkwerker, "WK960101", "Stichting Welzijn Lindenhoven"),
            ("Youssef Haddou", Role::Wijkwerker, "WK960103", "Stichting Welzijn Lindenhoven"),
            ("Marieke Bos", Role::Coordinator, "WK960104", "Gemeente Lindenhoven"),
            ("Tom Dekker", Role::Coordinator, "WK960105", "Dorpshuis Eikendonk"),
            ("Nadia Boateng", Role::Coach, "WK960102", "Wijkteam Oosterpark"),
        ] {
            let p = self.add_person(name, None).await?;
            self.assign_role(&p.id, role, place, org_id(org).as_deref()).await?;
            extra_professionals.push((name, p.id));
        }

        progress("toestemmingen");
        let fatima = id_of(Role::Bewoner);
        let sanne = id_of(Role::Coach);
        let ahmed = id_of(Role::Wijkwerker);
        self.grant_consent(&fatima, &sanne, "profile", "Coaching bij mijn weekplan", None).await?;
        let old =
            self.grant_consent(&fatima, &ahmed, "profile", "Aanvraag bijzondere bijstand", None).await?;
        // Two reads by the coach, and one by the wijkwerker before the consent ended.
        self.read_profile_with_consent(&ahmed, &fatima).await?;
        self.revoke_consent(&fatima, &old.id).await?;
        self.read_profile_with_consent(&sanne, &fatima).await?;
        self.read_profile_with_consent(&sanne, &fatima).await?;

        progress("weektests");
        self.seed_demo_weektests(&fatima, &sanne).await?;

        progress("sociale kaart");
        self.seed_demo_social_map(&org_id, &id_of(Role::Coordinator)).await?;

        progress("wijkplan");
        self.seed_demo_wijkplan().await?;

        progress("enquête");
        self.seed_demo_survey(&id_of(Role::Coordinator), &ahmed).await?;

        progress("gezin");
        let karim = ACCOUNTS
            .iter()
            .position(|a| a.2 == "karim@demo.wijkwerk.nl")
            .map(|i| ids[i].clone())
            .expect("karim");
        let nadia = extra_professionals
            .iter()
            .find(|(n, _)| *n == "Nadia Boateng")
            .map(|(_, id)| id.clone())
            .expect("nadia");
        self.seed_demo_family(&fatima, &karim, &ahmed, &nadia).await?;

        progress("munt");
        self.seed_demo_coin(org_id, &fatima, &karim, &id_of(Role::Gemeente)).await?;
        Ok(())
    }

    /// The Stadspas-munt: funded, issued to residents, five businesses (two
    /// with a benefit), payments, a card with PIN 4821 for Fatima, a redemption.
    async fn seed_demo_coin(
        &self,
        org_id: &dyn Fn(&str) -> Option<String>,
        fatima: &str,
        karim: &str,
        gemeente: &str,
    ) -> Result<()> {
        use wijkwerk_domain::coin::{Benefit, Limits, ProgrammeInput};
        let p = self
            .create_programme(
                GEMEENTE_CODE,
                &ProgrammeInput {
                    name: "Stadspas-munt Lindenhoven".into(),
                    description: "Voor inwoners met een Stadspas en voor vrijwilligers. Te besteden bij winkels in de wijk."
                        .into(),
                    limits: Limits {
                        max_balance: Some(25_000),
                        max_payment: Some(5_000),
                        max_per_day: Some(10_000),
                        holders_may_pay_each_other: false,
                    },
                },
            )
            .await?;
        let by = Some(gemeente);
        self.fund_programme(&p.id, 2_500_000, "Raadsbesluit 2026-14, eerste storting", by, None).await?;
        let mut shops = Vec::new();
        for (name, percent, cap, text) in [
            ("Bakkerij Kaya", 10, 200, "10% terug op alles (tot € 2 per keer)"),
            ("Supermarkt De Molen", 5, 0, "5% terug op boodschappen"),
            ("Fietsenmaker Stam", 0, 0, ""),
            ("Kapsalon Knip", 0, 0, ""),
            ("Café De Linde", 0, 0, ""),
        ] {
            let Some(org) = org_id(name) else { continue };
            let account = self.enrol_business(&p.id, &org).await?;
            if percent > 0 {
                self.set_benefit(&account.id, Benefit { percent, cap }, text).await?;
            }
            shops.push(account.code);
        }
        self.issue_coins(&p.id, fatima, 5_000, "Stadspas 2026", by, None).await?;
        self.issue_coins(&p.id, fatima, 1_500, "Beloning vrijwilligerswerk buurthuis", by, None).await?;
        self.issue_coins(&p.id, karim, 5_000, "Stadspas 2026", by, None).await?;
        let residents: Vec<String> = sqlx::query_scalar(
            "SELECT p.id FROM persons p JOIN place_tree t ON t.descendant = p.home_place_code
             WHERE t.ancestor = 'WK960102' AND p.email IS NULL ORDER BY p.id LIMIT 40",
        )
        .fetch_all(&self.read)
        .await?;
        let mut rng = Seeded(2026);
        for (i, resident) in residents.iter().enumerate() {
            self.issue_coins(
                &p.id,
                resident,
                if i % 4 == 0 { 5_000 } else { 2_500 },
                "Stadspas 2026",
                by,
                None,
            )
            .await?;
            let holder = self.holder_account(&p.id, resident).await?;
            for _ in 0..(rng.next() % 3) {
                let shop = &shops[(rng.next() % shops.len() as u64) as usize];
                let amount = 150 + (rng.next() % 900) as i64;
                self.pay(&holder.id, shop, amount, Some(resident), None).await?;
            }
        }
        let fatima_account = self.holder_account(&p.id, fatima).await?;
        if let (Some(bakery), Some(market)) = (shops.first(), shops.get(1)) {
            self.pay(&fatima_account.id, bakery, 1_250, Some(fatima), None).await?;
            self.pay(&fatima_account.id, market, 2_340, Some(fatima), None).await?;
            let karim_account = self.holder_account(&p.id, karim).await?;
            self.pay(&karim_account.id, market, 1_875, Some(karim), None).await?;
            if let Some(market_account) = self.coin_account_by_code(market).await? {
                let amount = market_account.balance / 2;
                if amount > 0 {
                    self.redeem(&market_account.id, amount, None, None).await?;
                }
            }
        }
        self.set_card_pin(&fatima_account.id, "4821").await?;
        Ok(())
    }

    /// Oosterpark's wijkplan: CO₂-neutral, with work for job seekers.
    async fn seed_demo_wijkplan(&self) -> Result<()> {
        use wijkwerk_domain::wijkplan::check_goal;
        let plan = self
            .save_wijkplan(
                "WK960102",
                "In 2031 is Oosterpark CO₂-neutraal, en werken werkzoekenden uit de wijk mee aan de energietransitie.",
                "Bewoners, de woonstichting, ondernemers en de gemeente hebben dit samen afgesproken op de wijkavond van maart 2025. Elk half jaar meten we hoe ver we zijn.",
            )
            .await?;
        let goals: [(&str, &str, &str, f64, f64, &str, &[(&str, f64)], &[(&str, &str, &str)]); 3] = [
            (
                "Minder CO₂ uit de woningen",
                "CO₂-uitstoot van alle woningen per jaar",
                "ton",
                8200.0,
                0.0,
                "2031-12-31",
                &[
                    ("2025-01-01", 8050.0),
                    ("2025-07-01", 7700.0),
                    ("2026-01-01", 7300.0),
                    ("2026-07-01", 6900.0),
                ],
                &[
                    ("bewoners", "Energiecoaches Oosterpark", "Gratis energieadvies aan huis"),
                    ("partners", "Woonstichting Lindenhoven", "Isoleert 400 huurwoningen voor 2028"),
                    (
                        "ondernemers",
                        "Installatiebedrijf Groen",
                        "Installeert warmtepompen en leidt mensen uit de wijk op",
                    ),
                    ("gemeente", "Gemeente Lindenhoven", "Subsidie voor isolatie en zonnepanelen"),
                ],
            ),
            (
                "Werk in de energietransitie",
                "Mensen uit de wijk met werk in isolatie, zonnepanelen of energieadvies",
                "mensen",
                0.0,
                40.0,
                "2028-12-31",
                &[("2025-07-01", 6.0), ("2026-01-01", 14.0), ("2026-07-01", 21.0)],
                &[
                    ("ondernemers", "Installatiebedrijf Groen", "Tien leerwerkplekken per jaar"),
                    ("gemeente", "Leerwerkloket", "Zoekt kandidaten en betaalt de opleiding"),
                ],
            ),
            (
                "Zonnepanelen op de daken",
                "Huizen met zonnepanelen",
                "huizen",
                310.0,
                1500.0,
                "2030-12-31",
                &[("2025-01-01", 420.0), ("2026-01-01", 560.0), ("2026-07-01", 690.0)],
                &[(
                    "bewoners",
                    "Wijkcoöperatie Oosterpark",
                    "Koopt samen in, zodat panelen goedkoper worden",
                )],
            ),
        ];
        for (title, indicator, unit, baseline, target, date, measurements, contributions) in goals {
            let goal = check_goal(title, indicator, unit, Some(baseline), Some(target), date)
                .expect("demo goal is valid");
            let id = self.add_wijkplan_goal(&plan, &goal).await?;
            for (on, value) in measurements {
                self.add_measurement(&id, on, *value, "").await?;
            }
            for (who, name, what) in contributions {
                self.add_contribution(&id, who, name, what).await?;
            }
        }
        Ok(())
    }

    /// Oosterpark's survey: about three hundred answers, online and on paper,
    /// spread so that Het Veld and the politicians stay under the minimum.
    async fn seed_demo_survey(&self, coordinator: &str, wijkwerker: &str) -> Result<()> {
        use wijkwerk_domain::survey::{
            OptionDef, QuestionDef, QuestionKind, RawAnswers, SurveyDef, check_response,
        };
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
        let def = SurveyDef {
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
                    text: texts(
                        "Hoe prettig vindt u het in uw buurt?",
                        "How pleasant do you find your area?",
                    ),
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
        };
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
        // Work comes first for most, as in the wijkplan; the rest varies.
        let weights: [(&str, u64); 8] = [
            ("werk", 30),
            ("straat", 22),
            ("ontmoeten", 15),
            ("jongeren", 12),
            ("taal", 8),
            ("zorg", 6),
            ("sport", 4),
            ("rust", 3),
        ];
        let remarks = [
            "Meer bankjes in het park graag.",
            "De speeltuin aan de Lindenlaan is kapot.",
            "Fijn dat jullie het vragen!",
            "Er rijden te veel auto's te hard door de Oosterstraat.",
            "Ik wil graag helpen met de moestuin.",
        ];
        let mut rng = Seeded(4242);
        let mut n = 0u32;
        for (buurt, count) in spread {
            for _ in 0..count {
                n += 1;
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
                    let mut roll = rng.next() % weights.iter().map(|w| w.1).sum::<u64>();
                    let pick = weights
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
                    raw.insert("nog".into(), vec![remarks[(n as usize / 9) % remarks.len()].into()]);
                }
                let checked = check_response(&def, &buurten, buurt, &raw).expect("demo answers are valid");
                // One in seven came in on paper at the buurthuis.
                let (channel, by) = if n % 7 == 0 { ("paper", Some(wijkwerker)) } else { ("online", None) };
                self.submit_response(&survey, &checked, channel, by, None).await?;
            }
        }
        Ok(())
    }

    /// The sociale kaart: services of the demo organisations, formal and
    /// informal, over every wijk. A few wait for review; a few are stale.
    async fn seed_demo_social_map(
        &self,
        org_id: &dyn Fn(&str) -> Option<String>,
        reviewer: &str,
    ) -> Result<()> {
        use wijkwerk_domain::socialmap::{ServiceInput, check_service};
        // (organisation, name, kind, domains, areas, description, phone, who to ask, address, opening hours)
        let services: &[(&str, &str, &str, &[&str], &[&str], &str, &str, &str, &str, &str)] = &[
            (
                "Gemeente Lindenhoven",
                "Loket Werk en Inkomen",
                "public",
                &["werk", "huishouden-en-zorg"],
                &["GM9601"],
                "Vragen over uitkering, bijstand en werk zoeken.",
                "14 0570",
                "",
                "Markt 1, 9601 AA Lindenhoven",
                "MO,TU,WE,TH,FR 09:00-17:00",
            ),
            (
                "Gemeente Lindenhoven",
                "Schuldhulpverlening",
                "public",
                &["huishouden-en-zorg"],
                &["GM9601"],
                "Hulp als je schulden hebt of rekeningen niet kunt betalen.",
                "14 0570",
                "Vraag naar het team geldzaken",
                "Markt 1, 9601 AA Lindenhoven",
                "MO,WE 09:00-12:00",
            ),
            (
                "Gemeente Lindenhoven",
                "Leerwerkloket",
                "public",
                &["werk", "leren"],
                &["GM9601"],
                "Advies over scholing, diploma's en werk.",
                "14 0570",
                "",
                "",
                "TH 13:00-16:00",
            ),
            (
                "Gemeente Lindenhoven",
                "Wmo-loket",
                "public",
                &["huishouden-en-zorg", "slaap-en-verzorging"],
                &["GM9601"],
                "Hulp in huis, vervoer en aanpassingen voor wie dat nodig heeft.",
                "14 0570",
                "",
                "",
                "MO,TU,WE,TH,FR 09:00-12:00",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Coaching bij je weekplan",
                "private",
                &["werk", "leren", "sociaal-leven"],
                &["GM9601"],
                "Een coach helpt je doelen te kiezen en vol te houden.",
                "0570 123 456",
                "Sanne Visser",
                "Kerkstraat 12, 9601 AB Lindenhoven",
                "TU,TH 09:00-17:00",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Maatjesproject",
                "private",
                &["sociaal-leven"],
                &["GM9601"],
                "Een vrijwilliger komt op bezoek of gaat samen wandelen.",
                "0570 123 456",
                "",
                "",
                "",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Mantelzorgsteunpunt",
                "private",
                &["huishouden-en-zorg"],
                &["GM9601"],
                "Advies, respijtzorg en lotgenoten voor mantelzorgers.",
                "0570 123 457",
                "",
                "",
                "WE 10:00-12:00",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Sociaal raadslieden",
                "private",
                &["huishouden-en-zorg"],
                &["GM9601"],
                "Gratis hulp bij brieven, formulieren en toeslagen.",
                "0570 123 458",
                "",
                "Kerkstraat 12, 9601 AB Lindenhoven",
                "MO,TH 13:00-16:00",
            ),
            (
                "Woonstichting Lindenhoven",
                "Huurdersloket",
                "private",
                &["huishouden-en-zorg"],
                &["GM9601"],
                "Vragen over je huurwoning, reparaties en huur.",
                "0570 200 300",
                "",
                "Stationsplein 4, 9601 BC Lindenhoven",
                "MO,TU,WE,TH 09:00-16:00",
            ),
            (
                "Woonstichting Lindenhoven",
                "Buurtbeheerder Oosterpark",
                "private",
                &["vrijwilligerswerk-en-wijk"],
                &["WK960102"],
                "Aanspreekpunt voor overlast en een schone buurt.",
                "0570 200 310",
                "Dirk Meijer",
                "",
                "",
            ),
            (
                "Wijkteam Oosterpark",
                "Inloopspreekuur wijkteam",
                "public",
                &["huishouden-en-zorg", "werk", "slaap-en-verzorging"],
                &["WK960102"],
                "Zonder afspraak binnenlopen met een vraag over zorg, geld, werk of opvoeden.",
                "0570 400 100",
                "Ahmed Yilmaz",
                "Oosterparkplein 3, 9602 AA Lindenhoven",
                "TU,TH 09:00-12:00",
            ),
            (
                "Wijkteam Oosterpark",
                "Opvoedspreekuur",
                "public",
                &["huishouden-en-zorg"],
                &["WK960102"],
                "Vragen over opvoeden en opgroeien.",
                "0570 400 101",
                "",
                "Oosterparkplein 3, 9602 AA Lindenhoven",
                "WE 13:00-15:00",
            ),
            (
                "Wijkcoöperatie Oosterpark",
                "Klussenbank",
                "informal",
                &["vrijwilligerswerk-en-wijk", "werk"],
                &["WK960102"],
                "Buren helpen elkaar met klussen. Werkzoekenden doen ervaring op.",
                "06 1111 2222",
                "Petra Jansen",
                "",
                "SA 10:00-12:00",
            ),
            (
                "Wijkcoöperatie Oosterpark",
                "Energiecoaches",
                "informal",
                &["huishouden-en-zorg", "vrijwilligerswerk-en-wijk"],
                &["WK960102"],
                "Gratis advies om energie te besparen in huis.",
                "06 1111 2223",
                "",
                "",
                "",
            ),
            (
                "Wijkcoöperatie Oosterpark",
                "Buurtmaaltijd",
                "informal",
                &["sociaal-leven"],
                &["WK960102"],
                "Elke vrijdag samen eten voor 3 euro.",
                "",
                "",
                "Oosterparkplein 3, 9602 AA Lindenhoven",
                "FR 17:30-19:30",
            ),
            (
                "Buurtvaders Oosterpark",
                "Buurtvaders op straat",
                "informal",
                &["vrijwilligerswerk-en-wijk", "sociaal-leven"],
                &["BU96010201", "BU96010202"],
                "Vaders lopen 's avonds door de buurt en praten met jongeren.",
                "06 3333 4444",
                "Mustafa",
                "",
                "FR,SA 20:00-23:00",
            ),
            (
                "Naaiclub De Draad",
                "Naaiclub",
                "informal",
                &["hobbys-en-media", "sociaal-leven"],
                &["BU96010202"],
                "Samen naaien, repareren en koffie drinken. Machines zijn er.",
                "",
                "Greet",
                "Bloemstraat 8, 9602 AC Lindenhoven",
                "WE 13:30-16:00",
            ),
            (
                "Budgetcafé Oosterpark",
                "Budgetcafé",
                "informal",
                &["huishouden-en-zorg"],
                &["WK960102"],
                "Hulp bij geldzaken, zonder afspraak, met koffie.",
                "",
                "In de bibliotheek",
                "Markt 5, 9601 AA Lindenhoven",
                "WE 19:00-21:00",
            ),
            (
                "Basisschool De Regenboog",
                "Naschoolse activiteiten",
                "private",
                &["leren", "sport-en-bewegen"],
                &["BU96010202", "BU96010201"],
                "Sport, muziek en techniek na school.",
                "0570 500 600",
                "",
                "Schoolstraat 2, 9602 AD Lindenhoven",
                "MO,TU,TH 15:00-17:00",
            ),
            (
                "Basisschool De Regenboog",
                "Taalcafé voor ouders",
                "private",
                &["leren", "sociaal-leven"],
                &["WK960102"],
                "Nederlands oefenen terwijl de kinderen op school zijn.",
                "0570 500 600",
                "Juf Anke",
                "Schoolstraat 2, 9602 AD Lindenhoven",
                "TU 08:45-10:00",
            ),
            (
                "Huisartsenpraktijk Oosterpark",
                "Praktijkondersteuner GGZ",
                "private",
                &["slaap-en-verzorging"],
                &["WK960102"],
                "Gesprekken bij stress, somberheid of slecht slapen.",
                "0570 600 700",
                "",
                "Oosterparkplein 5, 9602 AA Lindenhoven",
                "MO,WE,FR 08:00-12:00",
            ),
            (
                "Huisartsenpraktijk Oosterpark",
                "Beweegprogramma",
                "private",
                &["sport-en-bewegen", "slaap-en-verzorging"],
                &["WK960102"],
                "Samen bewegen onder begeleiding, voor wie weinig beweegt.",
                "0570 600 700",
                "",
                "",
                "TH 10:00-11:00",
            ),
            (
                "Bibliotheek Lindenhoven",
                "Taalhuis",
                "private",
                &["leren"],
                &["GM9601"],
                "Nederlands leren met een vrijwilliger, lezen en schrijven.",
                "0570 700 800",
                "",
                "Markt 5, 9601 AA Lindenhoven",
                "MO,WE 13:00-16:00",
            ),
            (
                "Bibliotheek Lindenhoven",
                "Digitaal spreekuur",
                "private",
                &["leren", "huishouden-en-zorg"],
                &["GM9601"],
                "Hulp met je telefoon, DigiD en formulieren van de overheid.",
                "0570 700 800",
                "",
                "Markt 5, 9601 AA Lindenhoven",
                "TU 10:00-12:00",
            ),
            (
                "Bibliotheek Lindenhoven",
                "Voorleesexpress",
                "private",
                &["leren"],
                &["GM9601"],
                "Een vrijwilliger leest thuis voor aan kinderen.",
                "0570 700 801",
                "",
                "",
                "",
            ),
            (
                "Taalhuis Molenwijk",
                "Taalmaatjes Molenwijk",
                "informal",
                &["leren"],
                &["WK960103"],
                "Eén op één Nederlands oefenen met een buur.",
                "06 5555 6666",
                "",
                "Molenweg 20, 9603 AA Lindenhoven",
                "MO,TH 19:00-20:30",
            ),
            (
                "Repair Café De Wieken",
                "Repair Café",
                "informal",
                &["hobbys-en-media", "vrijwilligerswerk-en-wijk"],
                &["WK960103"],
                "Elke eerste zaterdag samen spullen repareren.",
                "",
                "Kees",
                "Wiekenplein 1, 9603 AB Lindenhoven",
                "SA 10:00-13:00 eerste zaterdag van de maand",
            ),
            (
                "Sportvereniging De Beemden",
                "Beweegles 55+",
                "private",
                &["sport-en-bewegen", "sociaal-leven"],
                &["WK960104"],
                "Rustig bewegen met leeftijdgenoten.",
                "0570 800 900",
                "",
                "Sportlaan 1, 9604 AA Lindenhoven",
                "TU 10:00-11:00",
            ),
            (
                "Sportvereniging De Beemden",
                "Jeugdvoetbal",
                "private",
                &["sport-en-bewegen"],
                &["WK960104", "WK960103"],
                "Voetballen voor kinderen van 6 tot 16. Meedoen kan met het jeugdfonds.",
                "0570 800 901",
                "",
                "Sportlaan 1, 9604 AA Lindenhoven",
                "WE 14:00-16:00",
            ),
            (
                "Dorpshuis Eikendonk",
                "Dorpsbus",
                "informal",
                &["reizen-en-overig", "sociaal-leven"],
                &["WK960105"],
                "Vrijwilligers rijden je naar de dokter of de markt.",
                "06 7777 8888",
                "Tom Dekker",
                "",
                "MO,TU,WE,TH,FR 09:00-17:00",
            ),
            (
                "Dorpshuis Eikendonk",
                "Koffieochtend",
                "informal",
                &["sociaal-leven"],
                &["WK960105"],
                "Elke donderdag koffie en een praatje.",
                "",
                "",
                "Dorpsstraat 1, 9605 AA Eikendonk",
                "TH 10:00-12:00",
            ),
            (
                "Dorpshuis Eikendonk",
                "Kaartclub",
                "informal",
                &["hobbys-en-media", "sociaal-leven"],
                &["WK960105"],
                "Klaverjassen en rikken.",
                "",
                "",
                "Dorpsstraat 1, 9605 AA Eikendonk",
                "MO 19:30-22:00",
            ),
            (
                "Bakkerij Kaya",
                "Leerwerkplek bakkerij",
                "private",
                &["werk", "leren"],
                &["GM9601"],
                "Werkervaring in de bakkerij voor werkzoekenden uit de wijk.",
                "0570 900 100",
                "Mehmet Kaya",
                "Marktstraat 3, 9601 AC Lindenhoven",
                "",
            ),
            (
                "Fietsenmaker Stam",
                "Fietsles voor volwassenen",
                "private",
                &["reizen-en-overig", "sport-en-bewegen"],
                &["WK960101"],
                "Leren fietsen in een rustige groep.",
                "0570 900 200",
                "",
                "Stationsweg 7, 9601 BD Lindenhoven",
                "SA 09:00-10:00",
            ),
            (
                "Supermarkt De Molen",
                "Boodschappen bezorgen",
                "private",
                &["huishouden-en-zorg"],
                &["WK960103"],
                "Gratis bezorgen voor ouderen en mensen die slecht ter been zijn.",
                "0570 900 300",
                "",
                "",
                "MO,TU,WE,TH,FR 14:00-17:00",
            ),
            (
                "Kapsalon Knip",
                "Kapper aan huis",
                "private",
                &["slaap-en-verzorging"],
                &["WK960102"],
                "Voor wie niet naar de zaak kan komen.",
                "0570 900 400",
                "",
                "",
                "",
            ),
            (
                "Installatiebedrijf Groen",
                "Leerbedrijf duurzame energie",
                "private",
                &["werk", "leren"],
                &["GM9601"],
                "Leer zonnepanelen en warmtepompen installeren.",
                "0570 900 500",
                "",
                "Industrieweg 9, 9604 BA Lindenhoven",
                "",
            ),
            (
                "Café De Linde",
                "Zaal voor buurtactiviteiten",
                "private",
                &["sociaal-leven", "vrijwilligerswerk-en-wijk"],
                &["WK960105"],
                "De zaal is gratis voor initiatieven uit het dorp.",
                "0570 900 600",
                "",
                "Dorpsstraat 10, 9605 AA Eikendonk",
                "",
            ),
            (
                "Wijkcoöperatie Oosterpark",
                "Speeltuinvereniging",
                "informal",
                &["sport-en-bewegen", "vrijwilligerswerk-en-wijk"],
                &["BU96010203"],
                "Ouders beheren samen de speeltuin.",
                "",
                "",
                "",
                "WE,SA 13:00-17:00",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Jongerenwerk Centrum",
                "private",
                &["sociaal-leven", "leren"],
                &["WK960101"],
                "Inloop en activiteiten voor jongeren van 12 tot 23.",
                "0570 123 460",
                "Lieke Mulder",
                "Havenkade 2, 9601 CA Lindenhoven",
                "TU,TH,FR 15:00-21:00",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Ouderenadviseur",
                "private",
                &["huishouden-en-zorg", "sociaal-leven"],
                &["GM9601"],
                "Advies voor ouderen over wonen, zorg en contact.",
                "0570 123 461",
                "",
                "",
                "",
            ),
            (
                "Stichting Welzijn Lindenhoven",
                "Vrijwilligerscentrale",
                "private",
                &["vrijwilligerswerk-en-wijk"],
                &["GM9601"],
                "Vind vrijwilligerswerk dat bij je past.",
                "0570 123 462",
                "",
                "Kerkstraat 12, 9601 AB Lindenhoven",
                "MO,WE 10:00-13:00",
            ),
            (
                "Taalhuis Molenwijk",
                "Huiswerkklas",
                "informal",
                &["leren"],
                &["WK960103"],
                "Hulp bij huiswerk voor kinderen van de basisschool.",
                "",
                "",
                "Molenweg 20, 9603 AA Lindenhoven",
                "TU,TH 15:30-17:00",
            ),
            (
                "Repair Café De Wieken",
                "Computerhulp",
                "informal",
                &["hobbys-en-media", "leren"],
                &["WK960103"],
                "Vrijwilligers helpen met je laptop of telefoon.",
                "",
                "",
                "Wiekenplein 1, 9603 AB Lindenhoven",
                "WE 19:00-21:00",
            ),
            (
                "Dorpshuis Eikendonk",
                "Moestuin Eikendonk",
                "informal",
                &["sport-en-bewegen", "sociaal-leven"],
                &["BU96010501", "BU96010503"],
                "Samen groenten kweken en delen.",
                "",
                "",
                "",
                "SA 09:00-12:00",
            ),
            (
                "Wijkteam Oosterpark",
                "Jongerencoach",
                "public",
                &["werk", "leren"],
                &["WK960102", "WK960101"],
                "Voor jongeren zonder school of werk.",
                "0570 400 102",
                "Nadia Boateng",
                "",
                "",
            ),
        ];
        let domains = [
            "slaap-en-verzorging",
            "werk",
            "leren",
            "huishouden-en-zorg",
            "vrijwilligerswerk-en-wijk",
            "sociaal-leven",
            "sport-en-bewegen",
            "hobbys-en-media",
            "reizen-en-overig",
        ];
        let places: Vec<String> = self.all_places().await?.into_iter().map(|p| p.code).collect();
        let place_refs: Vec<&str> = places.iter().map(String::as_str).collect();
        let now = Timestamp::now();
        for (i, (org, name, kind, doms, areas, description, phone, who, address, opening)) in
            services.iter().enumerate()
        {
            let (street, postal, city) = match address.split_once(", ") {
                Some((street, rest)) => {
                    let (postal, city) = rest.split_at(rest.len().min(7));
                    (street.to_string(), postal.trim().to_string(), city.trim().to_string())
                }
                None => (String::new(), String::new(), String::new()),
            };
            let input = ServiceInput {
                name: name.to_string(),
                description: description.to_string(),
                kind: kind.to_string(),
                status: "active".into(),
                domains: doms.iter().map(|d| d.to_string()).collect(),
                areas: areas.iter().map(|a| a.to_string()).collect(),
                phone: phone.to_string(),
                who_to_ask: who.to_string(),
                address: street,
                postal_code: postal,
                city,
                opening_hours: opening.to_string(),
                ..Default::default()
            };
            let checked = check_service(&input, &domains, &place_refs)
                .unwrap_or_else(|e| panic!("demo service {name}: {e}"));
            let org = org_id(org).unwrap_or_else(|| panic!("demo organisation {org}"));
            // Every seventh waits for review; every fifth has not been confirmed for over a year.
            let approved = (i % 7 != 6).then_some(reviewer);
            let id = self.save_service(None, &org, &checked, approved).await?;
            if i % 5 == 4 {
                sqlx::query("UPDATE sk_services SET confirmed_at = $1 WHERE id = $2")
                    .bind(now.minus_seconds(420 * 86_400).to_rfc3339())
                    .bind(&id)
                    .execute(&self.write)
                    .await?;
            }
        }
        Ok(())
    }

    /// The El Amrani household: Fatima and Karim share their week tests; the
    /// children's tests are filled in by them; a gezinsplan with two professionals,
    /// one of whom still waits for Karim's consent.
    async fn seed_demo_family(&self, fatima: &str, karim: &str, ahmed: &str, nadia: &str) -> Result<()> {
        use wijkwerk_domain::family::{self, ActionStatus, Relation};
        use wijkwerk_domain::weektest::{self, RawAnswer};
        let household = self.create_household(fatima, "Familie El Amrani", Relation::Ouder).await?;
        self.join_household(&household.join_code, karim, Relation::Partner).await?;
        let noah = self
            .add_household_member(&household.id, "Noah", Relation::Kind, false, Some("BU96010201"))
            .await?;
        let lina = self
            .add_household_member(&household.id, "Lina", Relation::Kind, false, Some("BU96010201"))
            .await?;
        self.grant_consent(fatima, karim, "weektests", "Naast elkaar in ons huishouden", None).await?;
        self.grant_consent(karim, fatima, "weektests", "Naast elkaar in ons huishouden", None).await?;

        let template = self.template("basis", None).await?.expect("built-in template");
        let now = Timestamp::now();
        let weeks: [(&str, i64, [(f64, f64, f64); 9]); 4] = [
            (
                karim,
                10,
                [
                    (56.0, 60.0, 2.0),
                    (50.0, 44.0, 2.0),
                    (0.0, 2.0, 3.0),
                    (12.0, 16.0, 3.0),
                    (0.0, 0.0, 3.0),
                    (6.0, 8.0, 3.0),
                    (0.0, 2.0, 2.0),
                    (36.0, 28.0, 3.0),
                    (8.0, 8.0, 3.0),
                ],
            ),
            (
                &noah.person_id,
                60,
                [
                    (70.0, 70.0, 4.0),
                    (0.0, 0.0, 3.0),
                    (22.0, 30.0, 1.0),
                    (4.0, 4.0, 3.0),
                    (0.0, 0.0, 3.0),
                    (8.0, 12.0, 2.0),
                    (4.0, 6.0, 3.0),
                    (55.0, 41.0, 3.0),
                    (5.0, 5.0, 3.0),
                ],
            ),
            (
                &noah.person_id,
                7,
                [
                    (70.0, 70.0, 4.0),
                    (0.0, 0.0, 3.0),
                    (27.0, 30.0, 3.0),
                    (4.0, 4.0, 3.0),
                    (0.0, 0.0, 3.0),
                    (10.0, 12.0, 3.0),
                    (5.0, 6.0, 4.0),
                    (47.0, 41.0, 3.0),
                    (5.0, 5.0, 3.0),
                ],
            ),
            (
                &lina.person_id,
                7,
                [
                    (77.0, 77.0, 4.0),
                    (0.0, 0.0, 3.0),
                    (30.0, 30.0, 4.0),
                    (2.0, 2.0, 4.0),
                    (0.0, 0.0, 3.0),
                    (12.0, 14.0, 3.0),
                    (6.0, 8.0, 3.0),
                    (36.0, 32.0, 4.0),
                    (5.0, 5.0, 4.0),
                ],
            ),
        ];
        for (person, days_ago, rows) in weeks {
            let raw: Vec<RawAnswer> = template
                .domains
                .iter()
                .zip(rows)
                .map(|(d, (h, w, s))| RawAnswer {
                    domain: d.code.clone(),
                    hours: Some(h),
                    wished_hours: Some(w),
                    satisfaction: Some(s),
                })
                .collect();
            let answers = weektest::validate(&template, &raw).expect("demo weeks add up to 168");
            let outcome = weektest::prioritise(&template, &answers);
            let at = now.minus_seconds(days_ago * 86_400);
            self.save_weektest(person, &template, &answers, &Default::default(), &outcome, Some(at)).await?;
        }

        let plan = self.ensure_plan(&household.id).await?;
        let household = self.household(&household.id).await?.expect("just made");
        let members = &household.members;
        let goal = |title: &str, parent: Option<&str>, domain: &str, who: &[&str]| {
            let long: Vec<&str> = parent.into_iter().collect();
            family::check_plan_goal(
                title,
                parent,
                &long,
                Some(domain),
                &["werk", "leren", "huishouden-en-zorg", "sociaal-leven"],
                &who.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                members,
            )
            .expect("demo goal is valid")
        };
        let work = self
            .add_plan_goal(&plan, &goal("Fatima vindt werk dat bij het gezin past", None, "werk", &[fatima]))
            .await?;
        let step = self
            .add_plan_goal(&plan, &goal("Werkervaring bij Bakkerij Kaya", Some(&work), "werk", &[fatima]))
            .await?;
        let school = self
            .add_plan_goal(
                &plan,
                &goal("Noah gaat weer met plezier naar school", None, "leren", &[&noah.person_id]),
            )
            .await?;
        let homework = self
            .add_plan_goal(
                &plan,
                &goal("Twee middagen huiswerk samen", Some(&school), "leren", &[&noah.person_id, karim]),
            )
            .await?;
        let together = self
            .add_plan_goal(
                &plan,
                &goal(
                    "Elke week iets leuks met z'n vieren",
                    None,
                    "sociaal-leven",
                    &[fatima, karim, &noah.person_id, &lina.person_id],
                ),
            )
            .await?;
        for (goal_id, who, what, planned, spent, status, due) in [
            (
                &step,
                "Fatima El Amrani",
                "Ochtenddiensten in de bakkerij",
                48.0,
                40.0,
                ActionStatus::Bezig,
                None,
            ),
            (&work, "Ahmed Yilmaz", "Kinderopvang voor Lina regelen", 3.0, 3.0, ActionStatus::Klaar, None),
            (
                &homework,
                "Karim El Amrani",
                "Elke dinsdag huiswerk met Noah",
                8.0,
                5.0,
                ActionStatus::Bezig,
                None,
            ),
            (&school, "Nadia Boateng", "Gesprek met de mentor van Noah", 2.0, 2.0, ActionStatus::Klaar, None),
            (&school, "Oma Khadija", "Woensdagmiddag Noah ophalen", 12.0, 6.0, ActionStatus::Bezig, None),
            (
                &together,
                "Karim El Amrani",
                "Zaterdag samen naar het park",
                8.0,
                0.0,
                ActionStatus::Open,
                Some("2026-12-31"),
            ),
        ] {
            let goal_ids =
                [work.as_str(), step.as_str(), school.as_str(), homework.as_str(), together.as_str()];
            let action =
                family::check_action(goal_id, &goal_ids, who, what, Some(planned), due.unwrap_or(""))
                    .expect("valid");
            let id = self.add_plan_action(&action).await?;
            self.update_plan_action(&plan, &id, (spent * 2.0) as u32, status).await?;
        }
        let two_weeks_ago =
            wijkwerk_domain::goals::iso(wijkwerk_domain::goals::today(now.minus_seconds(14 * 86_400)));
        self.add_evaluation(
            &plan,
            &two_weeks_ago,
            "Eerste evaluatie met Ahmed. De opvang voor Lina is geregeld, Fatima werkt drie ochtenden. Noah gaat beter; huiswerk op dinsdag blijft.",
            fatima,
        )
        .await?;
        self.add_network_person(&plan, "Oma Khadija", "oma", "06-12345678").await?;
        self.add_network_person(&plan, "Els de Vries", "buurvrouw, kan de kinderen halen", "").await?;
        self.invite_professional(&plan, ahmed).await?;
        self.invite_professional(&plan, nadia).await?;
        for (adult, professional) in [(fatima, ahmed), (karim, ahmed), (fatima, nadia)] {
            self.grant_consent(adult, professional, "family-plan", "Gezinsplan Familie El Amrani", None)
                .await?;
        }
        self.set_regisseur(&plan, Some(ahmed)).await?;
        Ok(())
    }

    /// Fatima's three week tests over twelve weeks: her priority is work, and
    /// the gap closes as she starts a work-experience place.
    async fn seed_demo_weektests(&self, fatima: &str, coach: &str) -> Result<()> {
        use wijkwerk_domain::weektest::{self, RawAnswer};
        let template = self.template("basis", None).await?.expect("built-in template");
        // (days ago, [(hours now, wished hours, satisfaction)] in template order)
        let weeks: [(i64, [(f64, f64, f64); 9]); 3] = [
            (
                84,
                [
                    (63.0, 63.0, 3.0),
                    (0.0, 16.0, 1.0),
                    (2.0, 6.0, 2.0),
                    (45.0, 35.0, 2.0),
                    (0.0, 2.0, 3.0),
                    (8.0, 10.0, 3.0),
                    (1.0, 3.0, 2.0),
                    (44.0, 28.0, 2.0),
                    (5.0, 5.0, 3.0),
                ],
            ),
            (
                42,
                [
                    (63.0, 63.0, 3.0),
                    (6.0, 16.0, 2.0),
                    (5.0, 6.0, 3.0),
                    (40.0, 35.0, 3.0),
                    (2.0, 2.0, 4.0),
                    (9.0, 10.0, 3.0),
                    (2.0, 3.0, 3.0),
                    (36.0, 28.0, 3.0),
                    (5.0, 5.0, 3.0),
                ],
            ),
            (
                7,
                [
                    (63.0, 63.0, 4.0),
                    (12.0, 16.0, 3.0),
                    (6.0, 6.0, 4.0),
                    (36.0, 35.0, 4.0),
                    (2.0, 2.0, 4.0),
                    (10.0, 10.0, 4.0),
                    (3.0, 3.0, 4.0),
                    (31.0, 28.0, 3.0),
                    (5.0, 5.0, 4.0),
                ],
            ),
        ];
        let now = Timestamp::now();
        for (days_ago, rows) in weeks {
            let raw: Vec<RawAnswer> = template
                .domains
                .iter()
                .zip(rows)
                .map(|(d, (h, w, s))| RawAnswer {
                    domain: d.code.clone(),
                    hours: Some(h),
                    wished_hours: Some(w),
                    satisfaction: Some(s),
                })
                .collect();
            let answers = weektest::validate(&template, &raw).expect("demo weeks add up to 168");
            let outcome = weektest::prioritise(&template, &answers);
            let extra = std::collections::BTreeMap::new();
            let at = now.minus_seconds(days_ago * 86_400);
            self.save_weektest(fatima, &template, &answers, &extra, &outcome, Some(at)).await?;
        }
        self.grant_consent(fatima, coach, "weektests", "Coaching bij mijn weekplan", None).await?;

        // Her goals since the first test: a work-experience place, and Dutch lessons.
        use wijkwerk_domain::goals::{self, NewGoal};
        let first_test = self.weektests_of(fatima).await?.first().map(|t| t.id.clone());
        let start = goals::iso(goals::today(now.minus_seconds(70 * 86_400)));
        let domains = ["werk", "leren"];
        let work = goals::check_goal(
            &NewGoal {
                domain: "werk".into(),
                title: "Werkervaring opdoen bij Bakkerij Kaya".into(),
                expected: "Na twaalf weken zelfstandig de ochtenddienst draaien".into(),
                hours_per_week: Some(16.0),
                weeks: Some(12.0),
                start: start.clone(),
            },
            &domains,
        )
        .expect("demo goal is valid");
        let work = self.create_goal(fatima, &work, first_test.as_deref()).await?;
        let worked = [6.0, 8.0, 8.0, 10.0, 12.0, 12.0, 14.0, 12.0, 16.0, 16.0];
        let notes = [
            "Eerste week, veel uitleg",
            "",
            "Ziek kind, één dag gemist",
            "",
            "",
            "Alleen de kassa gedaan",
            "",
            "",
            "Ochtenddienst samen met Mehmet",
            "",
        ];
        let weeks = goals::weeks_so_far(&work.start_monday, work.weeks, goals::today(now));
        for ((week, hours), note) in weeks.iter().zip(worked).zip(notes) {
            self.log_goal_hours(&work.id, week, (hours * 2.0) as u32, note).await?;
        }
        self.rate_goal(&work.id, -1, "Het gaat langzamer dan ik dacht", Some(now.minus_seconds(42 * 86_400)))
            .await?;
        self.rate_goal(
            &work.id,
            0,
            "Het gaat goed, ik ken de winkel nu",
            Some(now.minus_seconds(7 * 86_400)),
        )
        .await?;

        let language = goals::check_goal(
            &NewGoal {
                domain: "leren".into(),
                title: "Nederlands oefenen in het Taalhuis".into(),
                expected: "Zelf een gesprek bij de huisarts voeren".into(),
                hours_per_week: Some(3.0),
                weeks: Some(8.0),
                start,
            },
            &domains,
        )
        .expect("demo goal is valid");
        let language = self.create_goal(fatima, &language, first_test.as_deref()).await?;
        let weeks = goals::weeks_so_far(&language.start_monday, language.weeks, goals::today(now));
        for (week, hours) in weeks.iter().zip([3.0, 3.0, 2.0, 3.0, 4.0, 3.0, 3.0, 3.0]) {
            self.log_goal_hours(&language.id, week, (hours * 2.0) as u32, "").await?;
        }
        self.rate_goal(&language.id, 1, "Ik durf nu te bellen", Some(now.minus_seconds(14 * 86_400))).await?;
        Ok(())
    }
}
