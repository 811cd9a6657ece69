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
pub const STEPS: usize = 7;

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
