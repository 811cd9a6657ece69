//! The demo household and its gezinsplan.

use crate::{Result, Store};
use wijkwerk_domain::Timestamp;

impl Store {
    /// The El Amrani household: Fatima and Karim share their week tests; the
    /// children's tests are filled in by them; a gezinsplan with two professionals,
    /// one of whom still waits for Karim's consent.
    pub(super) async fn seed_demo_family(
        &self,
        fatima: &str,
        karim: &str,
        ahmed: &str,
        nadia: &str,
    ) -> Result<()> {
        use wijkwerk_domain::family::Relation;
        use wijkwerk_domain::weektest::{self, RawAnswer};
        let household = self.create_household(fatima, "Familie El Amrani", Relation::Ouder).await?;
        self.request_to_join(&household.join_code, karim, Relation::Partner).await?;
        self.decide_join(&household.id, karim, true).await?;
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

        self.seed_demo_family_plan(
            &household.id,
            fatima,
            karim,
            ahmed,
            nadia,
            &noah.person_id,
            &lina.person_id,
        )
        .await
    }

    /// The household's plan: three goals with steps, actions by members,
    /// professionals and the network, an evaluation, and consent for the
    /// professionals (Nadia still waits for Karim's).
    #[allow(clippy::too_many_arguments)] // the demo's cast, by name
    async fn seed_demo_family_plan(
        &self,
        household: &str,
        fatima: &str,
        karim: &str,
        ahmed: &str,
        nadia: &str,
        noah: &str,
        lina: &str,
    ) -> Result<()> {
        use wijkwerk_domain::family::{self, ActionStatus};
        let now = Timestamp::now();
        let plan = self.ensure_plan(household).await?;
        let household = self.household(household).await?.expect("just made");
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
            .add_plan_goal(&plan, &goal("Noah gaat weer met plezier naar school", None, "leren", &[noah]))
            .await?;
        let homework = self
            .add_plan_goal(
                &plan,
                &goal("Twee middagen huiswerk samen", Some(&school), "leren", &[noah, karim]),
            )
            .await?;
        let together = self
            .add_plan_goal(
                &plan,
                &goal(
                    "Elke week iets leuks met z'n vieren",
                    None,
                    "sociaal-leven",
                    &[fatima, karim, noah, lina],
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
}
