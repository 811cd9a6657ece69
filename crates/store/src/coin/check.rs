//! The ledger's rules verified on the stored data (`wijkwerk coin check`).

use super::*;
use crate::{Engine, Result, Store, StoreError, int, text};
use futures_util::TryStreamExt;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};
use wijkwerk_domain::coin::{AccountKind, Posting as KindPosting, TransactionKind, postings_fit};

impl Store {
    /// Verifies every ledger rule on the stored data; an empty list means all hold.
    /// `progress` is called now and then with a short description of the step.
    /// Verifies every ledger rule on the stored data; an empty list means all hold.
    /// `progress` is called now and then with a short description of the step.
    pub async fn coin_check(&self, progress: &mut (dyn FnMut(&str) + Send)) -> Result<Vec<Violation>> {
        let mut found = Vec::new();
        let reversals = self.check_transactions(&mut found, progress).await?;
        self.check_reversals(&reversals, &mut found, progress).await?;
        self.check_accounts(&mut found, progress).await?;
        self.check_keys_and_holds(&mut found, progress).await?;
        progress("done");
        Ok(found)
    }

    /// Rules 1, 7, 8 per transaction; returns the reversals for rule 4.
    async fn check_transactions(
        &self,
        found: &mut Vec<Violation>,
        progress: &mut (dyn FnMut(&str) + Send),
    ) -> Result<Vec<(String, String)>> {
        let mut violation = |rule: u8, detail: String| found.push(Violation { rule, detail });
        // Rules 1, 7, 8: every transaction balances, has whole legs, and only allowed legs.
        progress("transactions: double entry and allowed transfers");
        let kinds: HashMap<String, String> = sqlx::query("SELECT id, kind FROM coin_transactions")
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((text(r, "id")?, text(r, "kind")?)))
            .collect::<Result<_>>()?;
        let mut rows = sqlx::query(
            "SELECT t.id, t.kind, t.reverses_id, t.posted_at AS tx_at, e.posted_at, e.amount, e.leg,
                    e.account_id, a.kind AS account_kind, a.programme_id, t.programme_id AS tx_programme
             FROM coin_transactions t
             LEFT JOIN coin_entries e ON e.transaction_id = t.id
             LEFT JOIN coin_accounts a ON a.id = e.account_id
             ORDER BY t.id, e.leg",
        )
        .fetch(&self.read);
        struct Tx {
            id: String,
            kind: String,
            reverses: Option<String>,
            postings: Vec<KindPosting>,
            accounts: Vec<String>,
            legs: Vec<i64>,
        }
        let finish = |tx: Tx, found: &mut dyn FnMut(u8, String)| {
            let Some(kind) = TransactionKind::parse(&tx.kind) else {
                found(8, format!("transaction {} has unknown kind {}", tx.id, tx.kind));
                return;
            };
            let (kind, mirrored) = match (&kind, &tx.reverses) {
                (TransactionKind::Reversal, Some(original)) => {
                    match kinds.get(original).and_then(|k| TransactionKind::parse(k)) {
                        Some(k) => (k, true),
                        None => {
                            found(4, format!("reversal {} of unknown transaction {original}", tx.id));
                            return;
                        }
                    }
                }
                (TransactionKind::Reversal, None) => {
                    found(4, format!("reversal {} reverses nothing", tx.id));
                    return;
                }
                (k, _) => (*k, false),
            };
            if tx.legs.iter().enumerate().any(|(i, leg)| *leg != i as i64) {
                found(7, format!("transaction {} has missing or extra legs {:?}", tx.id, tx.legs));
            }
            if let Err(why) = postings_fit(kind, &tx.postings, mirrored) {
                let rule =
                    if why.contains("sum") || why.contains("two") || why.contains("zero") { 1 } else { 8 };
                found(rule, format!("transaction {} ({}): {why}", tx.id, tx.kind));
            }
            let _ = &tx.accounts;
        };
        let mut current: Option<Tx> = None;
        let mut reversals: Vec<(String, String)> = Vec::new();
        let mut count = 0u64;
        while let Some(r) = rows.try_next().await? {
            let id = text(&r, "id")?;
            if current.as_ref().is_none_or(|t| t.id != id) {
                if let Some(done) = current.take() {
                    finish(done, &mut violation);
                }
                count += 1;
                if count.is_multiple_of(100_000) {
                    progress(&format!("{count} transactions checked"));
                }
                let reverses = r.try_get::<Option<String>, _>("reverses_id")?;
                if let Some(original) = &reverses {
                    reversals.push((id.clone(), original.clone()));
                }
                current = Some(Tx {
                    id: id.clone(),
                    kind: text(&r, "kind")?,
                    reverses,
                    postings: Vec::new(),
                    accounts: Vec::new(),
                    legs: Vec::new(),
                });
            }
            let t = current.as_mut().expect("set above");
            let Some(amount) = r.try_get::<Option<i64>, _>("amount")? else { continue };
            let account_kind =
                r.try_get::<Option<String>, _>("account_kind")?.and_then(|k| AccountKind::parse(&k));
            let Some(account_kind) = account_kind else {
                violation(1, format!("transaction {id} posts to an unknown account"));
                continue;
            };
            if r.try_get::<Option<String>, _>("programme_id")? != Some(text(&r, "tx_programme")?) {
                violation(8, format!("transaction {id} crosses programmes"));
            }
            if r.try_get::<Option<String>, _>("posted_at")? != Some(text(&r, "tx_at")?) {
                violation(4, format!("an entry of transaction {id} has another time than its transaction"));
            }
            t.postings.push(KindPosting { account: account_kind, amount });
            t.accounts.push(text(&r, "account_id")?);
            t.legs.push(int(&r, "leg")?);
        }
        if let Some(done) = current.take() {
            finish(done, &mut violation);
        }
        drop(rows);
        Ok(reversals)
    }

    /// Rule 4: reversals mirror their originals; the append-only guards exist.
    async fn check_reversals(
        &self,
        reversals: &[(String, String)],
        found: &mut Vec<Violation>,
        progress: &mut (dyn FnMut(&str) + Send),
    ) -> Result<()> {
        let mut violation = |rule: u8, detail: String| found.push(Violation { rule, detail });
        // Rule 4: reversals mirror their original exactly; the append-only guards are in place.
        progress("reversals and append-only guards");
        for (reversal, original) in reversals {
            let entries = |id: &str| {
                sqlx::query(
                    "SELECT account_id, amount FROM coin_entries WHERE transaction_id = $1 ORDER BY leg",
                )
                .bind(id.to_string())
            };
            let a = entries(reversal).fetch_all(&self.read).await?;
            let b = entries(original).fetch_all(&self.read).await?;
            let mirrored = a.len() == b.len()
                && a.iter().zip(&b).all(|(x, y)| {
                    text(x, "account_id").ok() == text(y, "account_id").ok()
                        && int(x, "amount").ok().zip(int(y, "amount").ok()).is_some_and(|(p, q)| p == -q)
                });
            if !mirrored {
                violation(4, format!("reversal {reversal} is not the mirror image of {original}"));
            }
        }
        let guards: i64 = match self.engine {
            Engine::Sqlite => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
                     AND name LIKE 'coin_%_append_only_%'",
                )
                .fetch_one(&self.read)
                .await?
            }
            Engine::Postgres => {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM pg_trigger WHERE tgname IN ('coin_entries_append_only',
                     'coin_transactions_append_only') AND NOT tgisinternal AND tgenabled <> 'D'",
                )
                .fetch_one(&self.read)
                .await?;
                n * 2
            }
        };
        if guards < 4 {
            violation(4, "the append-only guards on entries and transactions are missing".into());
        }
        Ok(())
    }

    /// Rules 6, 3 and 2: entry chains, balances, holds and the escrow.
    async fn check_accounts(
        &self,
        found: &mut Vec<Violation>,
        progress: &mut (dyn FnMut(&str) + Send),
    ) -> Result<()> {
        let mut violation = |rule: u8, detail: String| found.push(Violation { rule, detail });
        // Rule 6: each account's entries form a gapless chain ending at its balance.
        progress("accounts: entries, versions and balances");
        let accounts: Vec<(String, AccountKind, String, i64, i64, i64)> = sqlx::query(
            "SELECT id, kind, programme_id, balance, held, version FROM coin_accounts ORDER BY id",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                text(r, "id")?,
                AccountKind::parse(&text(r, "kind")?).ok_or(StoreError::NotFound)?,
                text(r, "programme_id")?,
                int(r, "balance")?,
                int(r, "held")?,
                int(r, "version")?,
            ))
        })
        .collect::<Result<_>>()?;
        let mut chains: HashMap<String, (i64, i64, i64)> = HashMap::new(); // version, balance, sum
        let mut rows = sqlx::query(
            "SELECT e.account_id, e.account_version, e.amount, e.balance_before, e.balance_after, a.kind
             FROM coin_entries e JOIN coin_accounts a ON a.id = e.account_id
             ORDER BY e.account_id, e.account_version",
        )
        .fetch(&self.read);
        while let Some(r) = rows.try_next().await? {
            let id = text(&r, "account_id")?;
            let kind = AccountKind::parse(&text(&r, "kind")?).ok_or(StoreError::NotFound)?;
            let (version, before, after, amount) = (
                int(&r, "account_version")?,
                int(&r, "balance_before")?,
                int(&r, "balance_after")?,
                int(&r, "amount")?,
            );
            let chain = chains.entry(id.clone()).or_insert((0, 0, 0));
            if version != chain.0 + 1 {
                violation(6, format!("account {id}: version {version} follows {}", chain.0));
            }
            if before != chain.1 {
                violation(
                    6,
                    format!("account {id} v{version}: balance before {before}, previous after {}", chain.1),
                );
            }
            if kind.balance_after(before, amount) != Some(after) {
                violation(6, format!("account {id} v{version}: {before} + entry {amount} is not {after}"));
            }
            if after < 0 {
                violation(3, format!("account {id} v{version}: balance {after} below zero"));
            }
            *chain = (version, after, chain.2 + amount);
        }
        drop(rows);
        let open_holds: HashMap<String, i64> = sqlx::query(
            "SELECT account_id, CAST(SUM(amount) AS BIGINT) AS held FROM coin_holds WHERE status = 'open'
             GROUP BY account_id",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((text(r, "account_id")?, int(r, "held")?)))
        .collect::<Result<_>>()?;
        let mut per_programme: BTreeMap<String, (i64, i64)> = BTreeMap::new(); // escrow, liabilities
        for (id, kind, programme, balance, held, version) in &accounts {
            let (last_version, last_balance, sum) = chains.get(id).copied().unwrap_or((0, 0, 0));
            if *version != last_version {
                violation(6, format!("account {id}: version {version}, last entry v{last_version}"));
            }
            if *balance != last_balance || *balance != sum * kind.normal_sign() {
                violation(
                    6,
                    format!("account {id}: balance {balance}, entries say {last_balance} (sum {sum})"),
                );
            }
            if *balance < 0 || *held < 0 || held > balance {
                violation(3, format!("account {id}: balance {balance} with {held} held"));
            }
            if *held != open_holds.get(id).copied().unwrap_or(0) {
                violation(
                    3,
                    format!("account {id}: {held} held, open holds say {}", open_holds.get(id).unwrap_or(&0)),
                );
            }
            let totals = per_programme.entry(programme.clone()).or_default();
            match kind {
                AccountKind::Escrow => totals.0 += balance,
                _ => totals.1 += balance,
            }
        }
        // Rule 2: the escrow holds exactly the euros behind every coin.
        for (programme, (escrow, liabilities)) in per_programme {
            if escrow != liabilities {
                violation(2, format!("programme {programme}: escrow {escrow}, coins {liabilities}"));
            }
        }
        Ok(())
    }

    /// Rules 5 and 7: stored keys answer with their transaction; captured holds were paid.
    async fn check_keys_and_holds(
        &self,
        found: &mut Vec<Violation>,
        progress: &mut (dyn FnMut(&str) + Send),
    ) -> Result<()> {
        let mut violation = |rule: u8, detail: String| found.push(Violation { rule, detail });
        // Rule 5: every stored key answers with its own transaction.
        progress("idempotency keys");
        let mut rows = sqlx::query(
            "SELECT i.key, i.transaction_id, i.response, t.id AS found FROM coin_idempotency i
             LEFT JOIN coin_transactions t ON t.id = i.transaction_id",
        )
        .fetch(&self.read);
        while let Some(r) = rows.try_next().await? {
            let key = text(&r, "key")?;
            let stored: Option<Receipt> = serde_json::from_str(&text(&r, "response")?).ok();
            if r.try_get::<Option<String>, _>("found")?.is_none()
                || stored.is_none_or(|s| s.transaction_id != text(&r, "transaction_id").unwrap_or_default())
            {
                violation(5, format!("idempotency key {key:?} does not answer with its transaction"));
            }
        }
        drop(rows);
        // Rule 7: a captured hold was settled by exactly one payment.
        let orphans: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM coin_holds h LEFT JOIN coin_transactions t ON t.id = h.transaction_id
             WHERE h.status = 'captured' AND (t.id IS NULL OR t.kind <> 'payment')",
        )
        .fetch_one(&self.read)
        .await?;
        if orphans > 0 {
            violation(7, format!("{orphans} captured card payments without their payment"));
        }
        Ok(())
    }
}
