//! The demo municipality: Lindenhoven (GM9601), a made-up gemeente with real
//! CBS code formats, five wijken, residents, professionals, partners and
//! businesses, so every page shows something real on first start.
//!
//! The data is generated from a fixed seed: every demo database is the same,
//! which keeps screenshots and benchmarks comparable.

mod coin;
mod family;
mod socialmap;
mod surveys;
mod weektests;
mod wijkplan;

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

/// A small deterministic generator (splitmix64): the same demo, and the same
/// benchmark data, every time.
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
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
        self.seed_demo_weektest_history().await?;

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
}
