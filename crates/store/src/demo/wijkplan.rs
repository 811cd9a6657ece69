//! The demo wijkplan of Oosterpark.

use crate::{Result, Store};

impl Store {
    /// Oosterpark's wijkplan: CO₂-neutral, with work for job seekers.
    pub(super) async fn seed_demo_wijkplan(&self) -> Result<()> {
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
}
