//! The demo Stadspas-munt.

use super::*;
use crate::{Result, Store};

impl Store {
    /// The Stadspas-munt: funded, issued to residents, five businesses (two
    /// with a benefit), payments, a card with PIN 4821 for Fatima, a redemption.
    pub(super) async fn seed_demo_coin(
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
        // As the use cases would have written it (the demo seeds the store directly).
        self.record_audit(by, "programme-created", GEMEENTE_CODE, &p.name, "").await?;
        self.record_audit(by, "programme-funded", GEMEENTE_CODE, &p.name, "2500000").await?;
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
}
