//! The demo week tests.

use crate::{Result, Store};
use wijkwerk_domain::Timestamp;

impl Store {
    /// Fatima's three week tests over twelve weeks: her priority is work, and
    /// the gap closes as she starts a work-experience place.
    pub(super) async fn seed_demo_weektests(&self, fatima: &str, coach: &str) -> Result<()> {
        use wijkwerk_domain::weektest::{self, RawAnswer};
        let template = self.template("basis", None).await?.expect("built-in template");
        // (days ago, [(hours now, wished hours, satisfaction)] in template order)
        let weeks: [(i64, [(f64, f64, f64); 9]); 3] = [
            (84, WORK_FIRST),
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

/// The hours of a week in the basis template's order: `(now, wished,
/// satisfaction)`. Work first: no work and wanting 16 hours of it.
const WORK_FIRST: [(f64, f64, f64); 9] = [
    (63.0, 63.0, 3.0),
    (0.0, 16.0, 1.0),
    (2.0, 6.0, 2.0),
    (45.0, 35.0, 2.0),
    (0.0, 2.0, 3.0),
    (8.0, 10.0, 3.0),
    (1.0, 3.0, 2.0),
    (44.0, 28.0, 2.0),
    (5.0, 5.0, 3.0),
];

impl Store {
    /// Week tests of one in five residents in May 2022 and May 2024, so the
    /// figures have a week-test indicator with a 0-meting: in Oosterpark,
    /// where the wijkaanpak runs, fewer put work first in 2024 than in 2022.
    pub(super) async fn seed_demo_weektest_history(&self) -> Result<()> {
        use sqlx::Row;
        use wijkwerk_domain::weektest::{self, RawAnswer};
        let template = self.template("basis", None).await?.expect("built-in template");
        let residents = sqlx::query(
            "SELECT p.id, b.parent_code AS wijk FROM persons p JOIN places b ON b.code = p.home_place_code
             WHERE p.email IS NULL ORDER BY p.created_at, p.id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut rng = super::Seeded(2022);
        let week = |rows: &[(f64, f64, f64); 9]| -> Vec<RawAnswer> {
            template
                .domains
                .iter()
                .zip(rows)
                .map(|(d, (h, w, s))| RawAnswer {
                    domain: d.code.clone(),
                    hours: Some(*h),
                    wished_hours: Some(*w),
                    satisfaction: Some(*s),
                })
                .collect()
        };
        // In balance: every domain as wished, satisfied.
        let balanced: [(f64, f64, f64); 9] = WORK_FIRST.map(|(_, w, _)| (w, w, 4.0));
        for r in &residents {
            if rng.below(5) != 0 {
                continue;
            }
            let (id, wijk): (String, Option<String>) = (r.try_get("id")?, r.try_get("wijk")?);
            for (year, at) in [("2022", "2022-05-12T10:00:00.000Z"), ("2024", "2024-05-16T10:00:00.000Z")] {
                let share = match (wijk.as_deref(), year) {
                    (Some("WK960102"), "2022") => 45,
                    (Some("WK960102"), _) => 28,
                    (_, "2022") => 24,
                    _ => 25,
                };
                let rows = if rng.below(100) < share { &WORK_FIRST } else { &balanced };
                let answers = weektest::validate(&template, &week(rows)).expect("demo weeks add up to 168");
                let outcome = weektest::prioritise(&template, &answers);
                let taken = Timestamp::parse(at).expect("a fixed time");
                self.save_weektest(&id, &template, &answers, &Default::default(), &outcome, Some(taken))
                    .await?;
            }
        }
        Ok(())
    }
}
