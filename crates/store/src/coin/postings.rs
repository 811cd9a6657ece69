//! The one path that writes ledger entries.

use super::*;
use crate::{Engine, Result, Store, StoreError, int, text};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wijkwerk_domain::coin::{
    AccountKind, Limits, Posting as KindPosting, TransactionKind, check_holder_receiving,
    check_holder_spending, postings_fit,
};
use wijkwerk_domain::{Timestamp, new_id};

/// One posting the ledger is asked to make.
#[derive(Clone, Debug)]
pub(super) struct PlannedPosting {
    pub(super) account_id: String,
    pub(super) amount: i64,
}

/// One transaction to write, as a request planned it.
pub(super) struct Plan {
    pub(super) programme_id: String,
    pub(super) kind: TransactionKind,
    pub(super) postings: Vec<PlannedPosting>,
    pub(super) memo: String,
    pub(super) actor_id: Option<String>,
    pub(super) reverses: Option<String>,
    /// The holder whose spending counts against the per-payment and per-day limits.
    pub(super) spender: Option<(String, i64)>,
    /// A hold this transaction settles.
    pub(super) capture_hold: Option<String>,
}

impl Plan {
    /// A plan with no reversal, no spender limits and no hold.
    pub(super) fn new(
        programme_id: &str,
        kind: TransactionKind,
        postings: Vec<PlannedPosting>,
        memo: &str,
        actor_id: Option<&str>,
    ) -> Plan {
        Plan {
            programme_id: programme_id.into(),
            kind,
            postings,
            memo: memo.into(),
            actor_id: actor_id.map(Into::into),
            reverses: None,
            spender: None,
            capture_hold: None,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Locked {
    pub(super) kind: AccountKind,
    pub(super) programme_id: String,
    pub(super) code: String,
    pub(super) balance: i64,
    pub(super) held: i64,
    pub(super) version: i64,
    pub(super) active: bool,
    pub(super) spent_day: String,
    pub(super) spent_today: i64,
    /// Changed without a new entry (a hold released, the day's spending).
    pub(super) dirty: bool,
}

impl Store {
    /// Locks accounts in id order with one statement and reads them with
    /// their programme's limits; releases expired holds on the way so they
    /// stop counting.
    pub(super) async fn lock_accounts(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        ids: &[String],
        now: Timestamp,
    ) -> Result<(HashMap<String, Locked>, HashMap<String, Limits>)> {
        let sorted: Vec<&String> = ids.iter().collect::<BTreeSet<_>>().into_iter().collect();
        let placeholders: Vec<String> = (1..=sorted.len()).map(|i| format!("${i}")).collect();
        // PostgreSQL locks the rows in the order the sort gives them: by id,
        // the same order for every transaction, so two never wait on each other.
        let lock = match self.engine {
            Engine::Postgres => " FOR UPDATE OF a",
            Engine::Sqlite => "",
        };
        let sql = format!(
            "SELECT a.id, a.kind, a.programme_id, a.code, a.balance, a.held, a.version, a.active, a.spent_day,
                    a.spent_today, p.max_balance, p.max_payment, p.max_per_day, p.holders_may_pay_each_other
             FROM coin_accounts a JOIN coin_programmes p ON p.id = a.programme_id
             WHERE a.id IN ({}) ORDER BY a.id{lock}",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &sorted {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&mut **tx).await?;
        if rows.len() != sorted.len() {
            return Err(StoreError::NotFound);
        }
        let mut limits = HashMap::new();
        let mut out = HashMap::new();
        for row in &rows {
            let id = text(row, "id")?;
            limits.insert(
                text(row, "programme_id")?,
                Limits {
                    max_balance: row.try_get::<Option<i64>, _>("max_balance")?,
                    max_payment: row.try_get::<Option<i64>, _>("max_payment")?,
                    max_per_day: row.try_get::<Option<i64>, _>("max_per_day")?,
                    holders_may_pay_each_other: int(row, "holders_may_pay_each_other")? != 0,
                },
            );
            let mut held = int(row, "held")?;
            if held > 0 {
                let expired: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM coin_holds
                     WHERE account_id = $1 AND status = 'open' AND expires_at < $2",
                )
                .bind(&id)
                .bind(now.to_rfc3339())
                .fetch_one(&mut **tx)
                .await?;
                if expired > 0 {
                    sqlx::query(
                        "UPDATE coin_holds SET status = 'released'
                         WHERE account_id = $1 AND status = 'open' AND expires_at < $2",
                    )
                    .bind(&id)
                    .bind(now.to_rfc3339())
                    .execute(&mut **tx)
                    .await?;
                    sqlx::query("UPDATE coin_accounts SET held = held - $2 WHERE id = $1")
                        .bind(&id)
                        .bind(expired)
                        .execute(&mut **tx)
                        .await?;
                    held -= expired;
                }
            }
            out.insert(
                id,
                Locked {
                    kind: AccountKind::parse(&text(row, "kind")?).ok_or(StoreError::NotFound)?,
                    programme_id: text(row, "programme_id")?,
                    code: text(row, "code")?,
                    balance: int(row, "balance")?,
                    held,
                    version: int(row, "version")?,
                    active: int(row, "active")? != 0,
                    spent_day: text(row, "spent_day")?,
                    spent_today: int(row, "spent_today")?,
                    dirty: false,
                },
            );
        }
        Ok((out, limits))
    }

    /// Writes transactions, their entries and (with a key) their stored
    /// results. PostgreSQL gets everything as one statement (one round trip);
    /// SQLite, in process, as a few, at most 25 rows each (sqlx looks
    /// parameters up by name, which grows costly with many).
    async fn write_postings(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        all: &[Written<'_>],
    ) -> Result<()> {
        type Q = crate::rows::Query<'static>;
        let placeholders = crate::rows::value_rows;
        const TX_COLS: &str =
            "coin_transactions (id, programme_id, kind, memo, actor_id, reverses_id, posted_at)";
        const ENTRY_COLS: &str = "coin_entries (account_id, account_version, transaction_id, leg, amount, balance_before, balance_after, posted_at)";
        const IDEM_COLS: &str =
            "coin_idempotency (actor_id, key, request_hash, transaction_id, response, created_at)";
        let bind_tx = |mut q: Q, w: &Written<'_>| {
            q = q
                .bind(w.transaction_id.clone())
                .bind(w.plan.programme_id.clone())
                .bind(w.plan.kind.as_str())
                .bind(w.plan.memo.trim().to_string())
                .bind(w.plan.actor_id.clone())
                .bind(w.plan.reverses.clone())
                .bind(w.posted_at.clone());
            q
        };
        let bind_entry = |q: Q, w: &Written<'_>, e: &EntryRow| {
            q.bind(e.account_id.clone())
                .bind(e.version)
                .bind(w.transaction_id.clone())
                .bind(e.leg)
                .bind(e.amount)
                .bind(e.before)
                .bind(e.after)
                .bind(w.posted_at.clone())
        };
        let bind_idem = |q: Q, w: &Written<'_>, idem: &Idempotency| {
            q.bind(idem.actor_id.clone())
                .bind(idem.key.clone())
                .bind(idem.request_hash.clone())
                .bind(w.transaction_id.clone())
                .bind(w.response.clone().unwrap_or_default())
                .bind(w.posted_at.clone())
        };
        let entries: Vec<(&Written<'_>, &EntryRow)> =
            all.iter().flat_map(|w| w.entries.iter().map(move |e| (w, e))).collect();
        let keyed: Vec<(&Written<'_>, &Idempotency)> =
            all.iter().filter_map(|w| w.idem.map(|i| (w, i))).collect();
        match self.engine {
            Engine::Postgres => {
                // Data-modifying CTEs: one statement; foreign keys are checked at its end.
                let txs = placeholders(all.len(), 7, 0);
                let first_entry = all.len() * 7;
                let ents = placeholders(entries.len(), 8, first_entry);
                let sql = if keyed.is_empty() {
                    format!(
                        "WITH t AS (INSERT INTO {TX_COLS} VALUES {txs}) INSERT INTO {ENTRY_COLS} VALUES {ents}"
                    )
                } else {
                    let keys = placeholders(keyed.len(), 6, first_entry + entries.len() * 8);
                    format!(
                        "WITH t AS (INSERT INTO {TX_COLS} VALUES {txs}), e AS (INSERT INTO {ENTRY_COLS} VALUES {ents}) \
                         INSERT INTO {IDEM_COLS} VALUES {keys}"
                    )
                };
                let mut q: Q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for w in all {
                    q = bind_tx(q, w);
                }
                for (w, e) in &entries {
                    q = bind_entry(q, w, e);
                }
                for (w, idem) in &keyed {
                    q = bind_idem(q, w, idem);
                }
                q.execute(&mut **tx).await?;
            }
            Engine::Sqlite => {
                for chunk in all.chunks(25) {
                    let sql = format!("INSERT INTO {TX_COLS} VALUES {}", placeholders(chunk.len(), 7, 0));
                    let mut q: Q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for w in chunk {
                        q = bind_tx(q, w);
                    }
                    q.execute(&mut **tx).await?;
                }
                for chunk in entries.chunks(25) {
                    let sql = format!("INSERT INTO {ENTRY_COLS} VALUES {}", placeholders(chunk.len(), 8, 0));
                    let mut q: Q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (w, e) in chunk {
                        q = bind_entry(q, w, e);
                    }
                    q.execute(&mut **tx).await?;
                }
                for chunk in keyed.chunks(25) {
                    let sql = format!("INSERT INTO {IDEM_COLS} VALUES {}", placeholders(chunk.len(), 6, 0));
                    let mut q: Q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for (w, idem) in chunk {
                        q = bind_idem(q, w, idem);
                    }
                    q.execute(&mut **tx).await?;
                }
            }
        }
        Ok(())
    }

    /// New balances (and holds, versions, day totals) of the touched accounts,
    /// guarded by the version each had when it was locked.
    async fn update_accounts(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        accounts: &HashMap<String, Locked>,
        locked_versions: &BTreeMap<String, i64>,
    ) -> Result<()> {
        let touched: Vec<(&String, &i64)> = locked_versions
            .iter()
            .filter(|(id, v)| accounts[*id].version != **v || accounts[*id].dirty)
            .collect();
        for chunk in touched.chunks(self.rows_per_statement()) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 7;
                    format!(
                        "SELECT CAST(${} AS TEXT) AS id, CAST(${} AS BIGINT) AS balance, CAST(${} AS BIGINT) AS held, \
                         CAST(${} AS BIGINT) AS version, CAST(${} AS TEXT) AS spent_day, CAST(${} AS BIGINT) AS spent_today, \
                         CAST(${} AS BIGINT) AS old_version",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6,
                        b + 7
                    )
                })
                .collect();
            let sql = format!(
                "UPDATE coin_accounts SET balance = v.balance, held = v.held, version = v.version,
                     spent_day = v.spent_day, spent_today = v.spent_today
                 FROM ({}) AS v WHERE coin_accounts.id = v.id AND coin_accounts.version = v.old_version",
                rows.join(" UNION ALL ")
            );
            let mut update = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, old_version) in chunk {
                let a = &accounts[*id];
                update = update
                    .bind((*id).clone())
                    .bind(a.balance)
                    .bind(a.held)
                    .bind(a.version)
                    .bind(a.spent_day.clone())
                    .bind(a.spent_today)
                    .bind(**old_version);
            }
            if update.execute(&mut **tx).await?.rows_affected() != chunk.len() as u64 {
                return Err(StoreError::Conflict("account changed under a lock"));
            }
        }
        Ok(())
    }

    async fn replay(&self, conn: &mut sqlx::AnyConnection, idem: &Idempotency) -> Result<Option<Posted>> {
        let row = sqlx::query(
            "SELECT request_hash, response FROM coin_idempotency WHERE actor_id = $1 AND key = $2",
        )
        .bind(&idem.actor_id)
        .bind(&idem.key)
        .fetch_optional(conn)
        .await?;
        row.map(|row| stored_answer(&row, idem)).transpose()
    }

    /// Posts one request: a batch of one.
    pub(super) async fn post(&self, plan: Plan, idem: Option<&Idempotency>) -> Result<Posted> {
        check_key(idem)?;
        let request = Request { plan, idem: idem.cloned() };
        match self.post_batch(std::slice::from_ref(&request)).await {
            Ok(mut answers) => answers.pop().expect("one answer per request"),
            // Another request with this key committed between our look and our
            // insert (PostgreSQL): its result is the answer.
            Err(StoreError::Conflict("unique")) => match idem {
                Some(idem) => {
                    let mut conn = self.write.acquire().await?;
                    self.replay(&mut conn, idem).await?.ok_or(StoreError::Conflict("unique"))
                }
                None => Err(StoreError::Conflict("unique")),
            },
            Err(other) => Err(other),
        }
    }

    /// The one path that writes entries: one database transaction for all
    /// `requests`, each checked on its own against the balances the ones
    /// before it left. A refused request gets its own error and leaves no
    /// trace; `Err` only when the batch as a whole could not be written.
    pub(super) async fn post_batch(&self, requests: &[Request]) -> Result<Vec<Result<Posted>>> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut answers = self.stored_answers(&mut tx, requests).await?;
        let ids: Vec<String> = requests
            .iter()
            .zip(&answers)
            .filter(|(_, answer)| answer.is_none())
            .flat_map(|(r, _)| r.plan.postings.iter().map(|p| p.account_id.clone()))
            .collect();
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(answers.into_iter().map(|a| a.expect("all answered")).collect());
        }
        let (mut accounts, limits) = self.lock_accounts(&mut tx, &ids, now).await?;
        let locked_versions: BTreeMap<String, i64> =
            accounts.iter().map(|(id, a)| (id.clone(), a.version)).collect();
        let posted_at = now.to_rfc3339();
        let mut settled = Settled::default();
        let (mut written, mut receipts) = (Vec::new(), Vec::new());
        for (i, request) in requests.iter().enumerate() {
            if answers[i].is_some() {
                continue;
            }
            let plan = &request.plan;
            match self.check_plan(&mut tx, plan, &mut accounts, &limits, &mut settled, now).await {
                Ok(entries) => {
                    let transaction_id = new_id();
                    let receipt = receipt_for(plan, &accounts, &transaction_id, &posted_at);
                    let response = request
                        .idem
                        .as_ref()
                        .map(|_| serde_json::to_string(&receipt).expect("receipts serialise"));
                    written.push(Written {
                        plan,
                        transaction_id,
                        posted_at: posted_at.clone(),
                        entries,
                        idem: request.idem.as_ref(),
                        response,
                    });
                    receipts.push((i, receipt));
                }
                Err(refusal) => answers[i] = Some(Err(refusal)),
            }
        }
        if !written.is_empty() {
            self.write_postings(&mut tx, &written).await?;
            for w in written.iter().filter(|w| w.plan.capture_hold.is_some()) {
                sqlx::query("UPDATE coin_holds SET status = 'captured', transaction_id = $2 WHERE id = $1")
                    .bind(w.plan.capture_hold.clone())
                    .bind(&w.transaction_id)
                    .execute(&mut *tx)
                    .await?;
            }
            self.update_accounts(&mut tx, &accounts, &locked_versions).await?;
        }
        tx.commit().await?;
        for (i, receipt) in receipts {
            answers[i] = Some(Ok(Posted { receipt, replayed: false }));
        }
        Ok(answers.into_iter().map(|a| a.expect("all answered")).collect())
    }

    /// The stored results of requests whose keys were seen before, in one
    /// read per chunk; `None` for the requests still to post.
    async fn stored_answers(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        requests: &[Request],
    ) -> Result<Vec<Option<Result<Posted>>>> {
        let mut answers: Vec<Option<Result<Posted>>> = (0..requests.len()).map(|_| None).collect();
        let keyed: Vec<(usize, &Idempotency)> =
            requests.iter().enumerate().filter_map(|(i, r)| r.idem.as_ref().map(|k| (i, k))).collect();
        for chunk in keyed.chunks(self.rows_per_statement()) {
            let conditions: Vec<String> = (0..chunk.len())
                .map(|i| format!("(actor_id = ${} AND key = ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "SELECT actor_id, key, request_hash, response FROM coin_idempotency WHERE {}",
                conditions.join(" OR ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (_, k) in chunk {
                q = q.bind(k.actor_id.clone()).bind(k.key.clone());
            }
            for row in q.fetch_all(&mut **tx).await? {
                let (actor, key) = (text(&row, "actor_id")?, text(&row, "key")?);
                for (i, k) in chunk.iter().filter(|(_, k)| k.actor_id == actor && k.key == key) {
                    answers[*i] = Some(stored_answer(&row, k));
                }
            }
        }
        Ok(answers)
    }

    /// What only the database can tell about one plan (is the original still
    /// unreversed, is the hold still open), then [`apply_plan`]. `settled`
    /// remembers what earlier plans of the same batch reversed or captured.
    async fn check_plan(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        plan: &Plan,
        accounts: &mut HashMap<String, Locked>,
        limits: &HashMap<String, Limits>,
        settled: &mut Settled,
        now: Timestamp,
    ) -> Result<Vec<EntryRow>> {
        let original_kind = match &plan.reverses {
            Some(original) => {
                let already: Option<String> =
                    sqlx::query_scalar("SELECT id FROM coin_transactions WHERE reverses_id = $1")
                        .bind(original)
                        .fetch_optional(&mut **tx)
                        .await?;
                if already.is_some() || settled.reversed.contains(original) {
                    return Err(invalid("transactionId", "already-reversed"));
                }
                let kind: Option<String> =
                    sqlx::query_scalar("SELECT kind FROM coin_transactions WHERE id = $1")
                        .bind(original)
                        .fetch_optional(&mut **tx)
                        .await?;
                kind.and_then(|k| TransactionKind::parse(&k)).ok_or(StoreError::NotFound)?
            }
            None => plan.kind,
        };
        // A captured hold stops counting as held; its amount is now spent.
        let released = match &plan.capture_hold {
            Some(hold_id) if settled.captured.contains(hold_id) => {
                return Err(invalid("hold", "hold-expired"));
            }
            Some(hold_id) => {
                let row = sqlx::query(
                    "SELECT account_id, amount FROM coin_holds WHERE id = $1 AND status = 'open'",
                )
                .bind(hold_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| invalid("hold", "hold-expired"))?;
                Some((text(&row, "account_id")?, int(&row, "amount")?))
            }
            None => None,
        };
        let entries = apply_plan(plan, original_kind, accounts, limits, released, now)?;
        settled.reversed.extend(plan.reverses.clone());
        settled.captured.extend(plan.capture_hold.clone());
        Ok(entries)
    }
}

/// What the plans of one batch reversed and captured so far: a second
/// reversal of one transaction, or a second capture of one hold, in the same
/// batch is refused as if the first were already stored.
#[derive(Default)]
struct Settled {
    reversed: BTreeSet<String>,
    captured: BTreeSet<String>,
}

/// A stored result for a key, or the refusal of a key reused for another request.
fn stored_answer(row: &crate::AnyRow, idem: &Idempotency) -> Result<Posted> {
    if text(row, "request_hash")? != idem.request_hash {
        return Err(StoreError::Conflict("idempotency-key-reused"));
    }
    let receipt: Receipt = serde_json::from_str(&text(row, "response")?)
        .map_err(|_| StoreError::Conflict("stored response unreadable"))?;
    Ok(Posted { receipt, replayed: true })
}

/// Keys are the caller's: refuse an empty or an overlong one before any work.
pub(super) fn check_key(idem: Option<&Idempotency>) -> Result<()> {
    match idem {
        Some(idem) if idem.key.is_empty() || idem.key.len() > 255 => {
            Err(invalid("Idempotency-Key", "idempotency-key-format"))
        }
        _ => Ok(()),
    }
}

/// A request to write: the plan and, from the API, its idempotency key.
pub(super) struct Request {
    pub(super) plan: Plan,
    pub(super) idem: Option<Idempotency>,
}

/// One entry to write.
#[derive(Clone, Debug)]
struct EntryRow {
    leg: i64,
    account_id: String,
    version: i64,
    amount: i64,
    before: i64,
    after: i64,
}

/// A transaction ready to be written.
struct Written<'a> {
    plan: &'a Plan,
    transaction_id: String,
    posted_at: String,
    entries: Vec<EntryRow>,
    idem: Option<&'a Idempotency>,
    response: Option<String>,
}

/// Every check of one transaction against the locked accounts, then its
/// effect on them: rules 1 and 8 (the check `coin check` applies too), the
/// spender's limits, rule 3 counting holds, and the limits on receiving.
/// Changes `accounts` only when the plan is accepted.
fn apply_plan(
    plan: &Plan,
    original_kind: TransactionKind,
    accounts: &mut HashMap<String, Locked>,
    limits: &HashMap<String, Limits>,
    released_hold: Option<(String, i64)>,
    now: Timestamp,
) -> Result<Vec<EntryRow>> {
    let touched: BTreeSet<&String> = plan.postings.iter().map(|p| &p.account_id).collect();
    let mut work: BTreeMap<String, Locked> = BTreeMap::new();
    for id in &touched {
        let a = accounts.get(*id).ok_or(StoreError::NotFound)?;
        if a.programme_id != plan.programme_id {
            return Err(invalid("account", "other-programme"));
        }
        work.insert((*id).clone(), a.clone());
    }
    let limits = limits.get(&plan.programme_id).copied().unwrap_or_default();
    let kinds: Vec<KindPosting> = plan
        .postings
        .iter()
        .map(|p| KindPosting { account: work[&p.account_id].kind, amount: p.amount })
        .collect();
    postings_fit(original_kind, &kinds, plan.reverses.is_some())
        .map_err(|_| invalid("account", "transfer-not-allowed"))?;
    let day = limit_day(now);
    if let Some((id, amount)) = &plan.spender {
        let a = work.get_mut(id).ok_or(StoreError::NotFound)?;
        if !a.active {
            return Err(invalid("account", "account-not-active"));
        }
        let spent = if a.spent_day == day { a.spent_today } else { 0 };
        check_holder_spending(&limits, *amount, spent)?;
        a.spent_day = day.clone();
        a.spent_today = spent + amount;
        a.dirty = true;
    }
    if let Some((id, amount)) = &released_hold {
        let a = work.get_mut(id).ok_or_else(|| invalid("hold", "hold-expired"))?;
        a.held -= amount;
        a.dirty = true;
    }
    let before: BTreeMap<String, i64> = work.iter().map(|(id, a)| (id.clone(), a.balance)).collect();
    let mut entries = Vec::with_capacity(plan.postings.len());
    for (leg, p) in plan.postings.iter().enumerate() {
        let a = work.get_mut(&p.account_id).expect("taken above");
        let after = a
            .kind
            .balance_after(a.balance, p.amount)
            .ok_or_else(|| invalid("amount", "amount-out-of-range"))?;
        // Rule 3 holds after every entry, not only at the end: a bonus
        // coming back does not pay for a payment the holder cannot afford.
        if after < 0 || after < a.held {
            return Err(invalid("amount", refusal_code(a.kind)));
        }
        a.version += 1;
        entries.push(EntryRow {
            leg: leg as i64,
            account_id: p.account_id.clone(),
            version: a.version,
            amount: p.amount,
            before: a.balance,
            after,
        });
        a.balance = after;
    }
    // Rule 3 first, then who may receive what, in account order so the same
    // request always gets the same answer.
    for a in work.values() {
        if a.balance < a.held || a.balance < 0 {
            return Err(invalid("amount", refusal_code(a.kind)));
        }
    }
    for (id, a) in &work {
        let gained = a.balance - before[id];
        if plan.kind != TransactionKind::Reversal && a.kind == AccountKind::Holder && gained > 0 {
            check_holder_receiving(&limits, before[id], gained)?;
        }
        if plan.kind == TransactionKind::Payment && a.kind == AccountKind::Business && !a.active {
            return Err(invalid("business", "business-not-active"));
        }
    }
    accounts.extend(work);
    Ok(entries)
}

/// Why money cannot leave an account of this kind.
fn refusal_code(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Programme => "not-funded",
        AccountKind::Escrow => "escrow-short",
        _ => "insufficient-funds",
    }
}

/// What the caller gets back, and what a retry with the same key replays.
fn receipt_for(
    plan: &Plan,
    accounts: &HashMap<String, Locked>,
    transaction_id: &str,
    posted_at: &str,
) -> Receipt {
    Receipt {
        transaction_id: transaction_id.to_string(),
        kind: plan.kind.as_str().into(),
        programme_id: plan.programme_id.clone(),
        posted_at: posted_at.to_string(),
        memo: plan.memo.trim().into(),
        // Coins leave the debited account and arrive at the credited one
        // (a funding: the escrow's euros back the programme's coins).
        transfers: plan
            .postings
            .chunks(2)
            .map(|pair| {
                let (debit, credit) =
                    if pair[0].amount > 0 { (&pair[0], &pair[1]) } else { (&pair[1], &pair[0]) };
                ReceiptTransfer {
                    from: accounts[&debit.account_id].code.clone(),
                    to: accounts[&credit.account_id].code.clone(),
                    amount: debit.amount,
                }
            })
            .collect(),
        reverses: plan.reverses.clone(),
    }
}

/// Postings for legs of (debited account, credited account, amount).
pub(super) fn legs(legs: &[(&String, &String, i64)]) -> Vec<PlannedPosting> {
    legs.iter()
        .flat_map(|(debit, credit, amount)| {
            [
                PlannedPosting { account_id: (*debit).clone(), amount: *amount },
                PlannedPosting { account_id: (*credit).clone(), amount: -amount },
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! What only a batch can get wrong: two plans in one batch that settle
    //! the same thing. The public requests post reversals and captures one
    //! at a time, so these call the batch path directly.
    use super::*;
    use crate::testing::fresh_stores;
    use wijkwerk_domain::PlaceLevel;
    use wijkwerk_domain::coin::ProgrammeInput;

    async fn funded_holder(store: &Store) -> (Programme, Account, Posted) {
        store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
        store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
        let input =
            ProgrammeInput { name: "Munt".into(), description: String::new(), limits: Limits::default() };
        let programme = store.create_programme("GM9601", &input).await.unwrap();
        store.fund_programme(&programme.id, 10_000, "", None, None).await.unwrap();
        let person = store.add_person("Test", None).await.unwrap();
        let issued = store.issue_coins(&programme.id, &person.id, 2_000, "", None, None).await.unwrap();
        let holder = store.holder_account(&programme.id, &person.id).await.unwrap();
        (programme, holder, issued)
    }

    fn refusal(answer: &Result<Posted>) -> &'static str {
        match answer {
            Err(StoreError::Invalid(i)) => i.errors[0].code,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn one_batch_reverses_a_transaction_once() {
        for db in fresh_stores().await {
            let store = &db.store;
            let (programme, holder, issued) = funded_holder(store).await;
            let id = &issued.receipt.transaction_id;
            let plan = || store.reversal_plan(id, "", None);
            let requests = [
                Request { plan: plan().await.unwrap(), idem: None },
                Request { plan: plan().await.unwrap(), idem: None },
            ];
            let answers = store.post_batch(&requests).await.unwrap();
            assert!(answers[0].is_ok(), "{:?}", answers[0]);
            assert_eq!(refusal(&answers[1]), "already-reversed");
            assert_eq!(store.coin_account(&holder.id).await.unwrap().unwrap().balance, 0);
            assert_eq!(store.programme_totals(&programme.id).await.unwrap().unissued, 10_000);
            assert!(store.coin_check(&mut |_| {}).await.unwrap().is_empty());
        }
    }

    #[tokio::test]
    async fn one_batch_captures_a_hold_once() {
        for db in fresh_stores().await {
            let store = &db.store;
            let (programme, holder, _) = funded_holder(store).await;
            let shop = store.add_organisation("Bakker", "business", "GM9601", "", None).await.unwrap();
            let business = store.enrol_business(&programme.id, &shop.id).await.unwrap();
            store.set_card_pin(&holder.id, "4821").await.unwrap();
            let hold = store.place_hold(&business.id, &holder.code, 500).await.unwrap();
            let holder = store.coin_account(&holder.id).await.unwrap().unwrap();
            let plan = || store.payment_plan(&holder, &business, 500, None, Some(hold.id.clone()));
            let requests = [Request { plan: plan(), idem: None }, Request { plan: plan(), idem: None }];
            let answers = store.post_batch(&requests).await.unwrap();
            assert!(answers[0].is_ok(), "{:?}", answers[0]);
            assert_eq!(refusal(&answers[1]), "hold-expired");
            let after = store.coin_account(&holder.id).await.unwrap().unwrap();
            assert_eq!((after.balance, after.held), (1_500, 0));
            assert_eq!(store.hold(&hold.id).await.unwrap().unwrap().status, "captured");
            assert!(store.coin_check(&mut |_| {}).await.unwrap().is_empty());
        }
    }
}
