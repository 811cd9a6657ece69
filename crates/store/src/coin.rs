//! The social coin's ledger: programmes, accounts and append-only entries.
//!
//! Every money-moving call goes through [`Store::post`], one database
//! transaction that
//! 1. replays the stored result when the idempotency key was seen before
//!    (and refuses the key when the request differs),
//! 2. locks every account it touches in id order (PostgreSQL `FOR UPDATE`;
//!    SQLite's single writer already serialises), so concurrent payments
//!    neither lose updates nor deadlock,
//! 3. checks the postings against the allow-list (the same function
//!    `coin check` uses), the programme's limits and every balance including
//!    open holds,
//! 4. writes the transaction, one entry per posting with the balance before
//!    and after and the account's next version, and the new balances, with a
//!    version check on each account row as a second guard,
//! 5. stores the result under the idempotency key, in the same commit.
//!
//! A refused request rolls back and leaves no trace.

use crate::secrets::{hash_password, verify_password};
use crate::{Engine, Result, Store, StoreError, int, text};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wijkwerk_domain::coin::{
    AccountKind, Benefit, Limits, MAX_PIN_FAILURES, Posting as KindPosting, ProgrammeInput, TransactionKind,
    check_amount, check_holder_receiving, check_holder_spending, check_pin, code_from_bytes, normalise_code,
    postings_fit,
};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

/// How long a card payment waits for the holder's PIN.
pub const HOLD_SECONDS: i64 = 600;

#[derive(Clone, Debug, Serialize)]
pub struct Programme {
    pub id: String,
    pub code: String,
    pub place_code: String,
    pub name: String,
    pub description: String,
    pub limits: Limits,
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Account {
    pub id: String,
    pub programme_id: String,
    pub kind: AccountKind,
    pub owner_id: String,
    pub code: String,
    /// Coins held (or, for the escrow, euros), in cents.
    pub balance: i64,
    /// Reserved by card payments waiting for a PIN.
    pub held: i64,
    pub version: i64,
    pub active: bool,
    pub benefit: Benefit,
    pub benefit_text: String,
    pub has_pin: bool,
    pub card_blocked: bool,
}

impl Account {
    pub fn available(&self) -> i64 {
        self.balance - self.held
    }
}

/// One entry of an account, for its history.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub transaction_id: String,
    pub kind: TransactionKind,
    pub account_version: i64,
    /// Signed posting: debit > 0, credit < 0 (Beancount's convention).
    pub amount: i64,
    /// What it did to this account's balance (+ received, − spent).
    pub change: i64,
    pub balance_before: i64,
    pub balance_after: i64,
    pub posted_at: String,
    pub memo: String,
    /// Code of the other account of the leg (the business paid, say).
    pub counterparty: Option<String>,
    pub counterparty_kind: Option<AccountKind>,
}

/// The result of a money-moving request, stored for replays.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub transaction_id: String,
    pub kind: String,
    pub programme_id: String,
    pub posted_at: String,
    pub memo: String,
    pub transfers: Vec<ReceiptTransfer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverses: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptTransfer {
    /// Code of the debited account (coins leave it; for a funding, the escrow).
    pub from: String,
    pub to: String,
    pub amount: i64,
}

/// A posted or replayed request.
#[derive(Clone, Debug)]
pub struct Posted {
    pub receipt: Receipt,
    /// True when this is the stored result of an earlier identical request.
    pub replayed: bool,
}

/// An idempotency key as the API layer received it.
#[derive(Clone, Debug)]
pub struct Idempotency {
    /// Keys are per actor: one person's key never collides with another's.
    pub actor_id: String,
    pub key: String,
    /// A hash of what was asked (method, path, body), to refuse a reused key.
    pub request_hash: String,
}

/// A card payment waiting for the holder's PIN.
#[derive(Clone, Debug, Serialize)]
pub struct Hold {
    pub id: String,
    pub holder_account_id: String,
    pub holder_code: String,
    pub business_account_id: String,
    pub amount: i64,
    pub status: String,
    pub expires_at: String,
}

/// Sums per programme, for the gemeente's overview.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProgrammeTotals {
    pub escrow: i64,
    pub unissued: i64,
    pub holders: i64,
    pub businesses: i64,
    pub holder_count: i64,
    pub business_count: i64,
    pub funded: i64,
    pub issued: i64,
    pub paid: i64,
    pub redeemed: i64,
}

/// A broken ledger rule found by [`Store::coin_check`].
#[derive(Clone, Debug, Serialize)]
pub struct Violation {
    pub rule: u8,
    pub detail: String,
}

/// One posting the ledger is asked to make.
#[derive(Clone, Debug)]
struct PlannedPosting {
    account_id: String,
    amount: i64,
}

/// Everything [`Store::post`] needs besides the postings.
struct Plan {
    programme_id: String,
    kind: TransactionKind,
    postings: Vec<PlannedPosting>,
    memo: String,
    actor_id: Option<String>,
    reverses: Option<String>,
    /// The holder whose spending counts against the per-payment and per-day limits.
    spender: Option<(String, i64)>,
    /// A hold this transaction settles.
    capture_hold: Option<String>,
}

#[derive(Clone, Debug)]
struct Locked {
    kind: AccountKind,
    programme_id: String,
    code: String,
    balance: i64,
    held: i64,
    version: i64,
    active: bool,
    spent_day: String,
    spent_today: i64,
    /// Changed without a new entry (a hold released, the day's spending).
    dirty: bool,
}

const ACCOUNT_COLUMNS: &str = "id, programme_id, kind, owner_id, code, balance, held, version, active, \
     bonus_percent, bonus_cap, benefit_text, pin_hash, pin_failures";

fn account_from(row: &crate::AnyRow) -> Result<Account> {
    let kind = text(row, "kind")?;
    Ok(Account {
        id: text(row, "id")?,
        programme_id: text(row, "programme_id")?,
        kind: AccountKind::parse(&kind).ok_or(StoreError::Conflict("unknown account kind"))?,
        owner_id: text(row, "owner_id")?,
        code: text(row, "code")?,
        balance: int(row, "balance")?,
        held: int(row, "held")?,
        version: int(row, "version")?,
        active: int(row, "active")? != 0,
        benefit: Benefit { percent: int(row, "bonus_percent")?, cap: int(row, "bonus_cap")? },
        benefit_text: text(row, "benefit_text")?,
        has_pin: row.try_get::<Option<String>, _>("pin_hash")?.is_some(),
        card_blocked: int(row, "pin_failures")? >= MAX_PIN_FAILURES,
    })
}

fn programme_from(row: &crate::AnyRow) -> Result<Programme> {
    Ok(Programme {
        id: text(row, "id")?,
        code: text(row, "code")?,
        place_code: text(row, "place_code")?,
        name: text(row, "name")?,
        description: text(row, "description")?,
        limits: Limits {
            max_balance: row.try_get::<Option<i64>, _>("max_balance")?,
            max_payment: row.try_get::<Option<i64>, _>("max_payment")?,
            max_per_day: row.try_get::<Option<i64>, _>("max_per_day")?,
            holders_may_pay_each_other: int(row, "holders_may_pay_each_other")? != 0,
        },
        created_at: text(row, "created_at")?,
    })
}

fn random_code(prefix: char, len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    code_from_bytes(prefix, &bytes)
}

/// The calendar day that per-day limits count in: Dutch civil time.
fn limit_day(now: Timestamp) -> String {
    now.dutch_date()
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    StoreError::Invalid(Invalid::single(field, code))
}

impl Store {
    // ----- programmes and accounts -------------------------------------------------

    /// A new programme with its escrow and its programme account, both empty.
    pub async fn create_programme(&self, place_code: &str, input: &ProgrammeInput) -> Result<Programme> {
        input.validate()?;
        let id = new_id();
        let code = random_code('P', 4).replace("P-", "");
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        let exists: Option<String> = sqlx::query_scalar("SELECT code FROM places WHERE code = $1")
            .bind(place_code)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(invalid("placeCode", "place-unknown"));
        }
        let l = &input.limits;
        sqlx::query(
            "INSERT INTO coin_programmes (id, code, place_code, name, description, max_balance, max_payment,
                 max_per_day, holders_may_pay_each_other, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&code)
        .bind(place_code)
        .bind(input.name.trim())
        .bind(input.description.trim())
        .bind(l.max_balance)
        .bind(l.max_payment)
        .bind(l.max_per_day)
        .bind(i64::from(l.holders_may_pay_each_other))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        for (kind, prefix) in [(AccountKind::Escrow, "E"), (AccountKind::Programme, "R")] {
            sqlx::query(
                "INSERT INTO coin_accounts (id, programme_id, kind, owner_id, code, created_at)
                 VALUES ($1, $2, $3, $2, $4, $5)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(kind.as_str())
            .bind(format!("{prefix}-{code}"))
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.programme(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn programme(&self, id: &str) -> Result<Option<Programme>> {
        let row = sqlx::query("SELECT * FROM coin_programmes WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(programme_from).transpose()
    }

    /// Programmes of a place and of every place around it, oldest first.
    pub async fn programmes(&self) -> Result<Vec<Programme>> {
        sqlx::query("SELECT * FROM coin_programmes ORDER BY created_at, id")
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(programme_from)
            .collect()
    }

    pub async fn set_programme_limits(&self, id: &str, limits: &Limits) -> Result<()> {
        ProgrammeInput { name: "x".into(), description: String::new(), limits: *limits }.validate()?;
        let done = sqlx::query(
            "UPDATE coin_programmes SET max_balance = $2, max_payment = $3, max_per_day = $4,
                 holders_may_pay_each_other = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(limits.max_balance)
        .bind(limits.max_payment)
        .bind(limits.max_per_day)
        .bind(i64::from(limits.holders_may_pay_each_other))
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn coin_account(&self, id: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.read).await?;
        row.as_ref().map(account_from).transpose()
    }

    /// An account by the code on a till, a poster or a card, as typed.
    pub async fn coin_account_by_code(&self, code: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE code = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(normalise_code(code))
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(account_from).transpose()
    }

    /// The accounts of a programme of one kind (escrow, programme: one each).
    pub async fn coin_accounts_of_kind(&self, programme_id: &str, kind: AccountKind) -> Result<Vec<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE programme_id = $1 AND kind = $2 ORDER BY code"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(programme_id)
            .bind(kind.as_str())
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(account_from)
            .collect()
    }

    /// Every account owned by a person (holder) or organisation (business).
    pub async fn coin_accounts_of_owner(&self, owner_id: &str) -> Result<Vec<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE owner_id = $1 ORDER BY created_at, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(account_from)
            .collect()
    }

    /// Business accounts of the organisations a person runs (as ondernemer),
    /// with the organisation's name.
    pub async fn business_accounts_of_person(&self, person_id: &str) -> Result<Vec<(Account, String)>> {
        let cols: String =
            ACCOUNT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols}, o.name AS organisation FROM coin_accounts a
             JOIN organisations o ON o.id = a.owner_id
             WHERE a.kind = 'business' AND a.owner_id IN (
                 SELECT organisation_id FROM role_assignments WHERE person_id = $1 AND role = 'ondernemer')
             ORDER BY o.name, a.created_at"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((account_from(r)?, text(r, "organisation")?)))
            .collect()
    }

    /// Participating businesses of a programme with their names, by name.
    pub async fn programme_businesses(&self, programme_id: &str) -> Result<Vec<(Account, String)>> {
        let cols: String =
            ACCOUNT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols}, o.name AS organisation FROM coin_accounts a
             JOIN organisations o ON o.id = a.owner_id
             WHERE a.kind = 'business' AND a.programme_id = $1 ORDER BY o.name"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(programme_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((account_from(r)?, text(r, "organisation")?)))
            .collect()
    }

    /// The programme a transaction belongs to.
    pub async fn coin_transaction_programme(&self, transaction_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT programme_id FROM coin_transactions WHERE id = $1")
            .bind(transaction_id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// The holder account of a person in a programme, made when missing.
    pub async fn holder_account(&self, programme_id: &str, person_id: &str) -> Result<Account> {
        self.ensure_account(programme_id, AccountKind::Holder, person_id, 'K', 8).await
    }

    /// Lets an organisation take part in a programme (or again, after a pause).
    pub async fn enrol_business(&self, programme_id: &str, organisation_id: &str) -> Result<Account> {
        let account =
            self.ensure_account(programme_id, AccountKind::Business, organisation_id, 'Z', 6).await?;
        self.set_coin_account_active(&account.id, true).await?;
        self.coin_account(&account.id).await?.ok_or(StoreError::NotFound)
    }

    async fn ensure_account(
        &self,
        programme_id: &str,
        kind: AccountKind,
        owner_id: &str,
        prefix: char,
        len: usize,
    ) -> Result<Account> {
        let find = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE programme_id = $1 AND kind = $2 AND owner_id = $3"
        );
        let lookup = || {
            sqlx::query(sqlx::AssertSqlSafe(find.clone()))
                .bind(programme_id)
                .bind(kind.as_str())
                .bind(owner_id)
        };
        if let Some(row) = lookup().fetch_optional(&self.read).await? {
            return account_from(&row);
        }
        if self.programme(programme_id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin_write().await?;
        if let Some(row) = lookup().fetch_optional(&mut *tx).await? {
            return account_from(&row);
        }
        // ON CONFLICT: another server may create the same account at this moment.
        sqlx::query(
            "INSERT INTO coin_accounts (id, programme_id, kind, owner_id, code, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (programme_id, kind, owner_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(programme_id)
        .bind(kind.as_str())
        .bind(owner_id)
        .bind(random_code(prefix, len))
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        let row = lookup().fetch_one(&mut *tx).await?;
        tx.commit().await?;
        account_from(&row)
    }

    /// Pauses or resumes a business: a paused one cannot be paid.
    pub async fn set_coin_account_active(&self, account_id: &str, active: bool) -> Result<()> {
        sqlx::query("UPDATE coin_accounts SET active = $2 WHERE id = $1")
            .bind(account_id)
            .bind(i64::from(active))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// A business's benefit for holders: a bonus on every payment, from its own coins.
    pub async fn set_benefit(&self, account_id: &str, benefit: Benefit, description: &str) -> Result<()> {
        benefit.validate()?;
        if description.chars().count() > 300 {
            return Err(invalid("description", "too-long"));
        }
        sqlx::query(
            "UPDATE coin_accounts SET bonus_percent = $2, bonus_cap = $3, benefit_text = $4
             WHERE id = $1 AND kind = 'business'",
        )
        .bind(account_id)
        .bind(benefit.percent)
        .bind(benefit.cap)
        .bind(description.trim())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Sets the PIN of a holder's printed card, and unblocks it.
    pub async fn set_card_pin(&self, account_id: &str, pin: &str) -> Result<()> {
        check_pin(pin)?;
        sqlx::query(
            "UPDATE coin_accounts SET pin_hash = $2, pin_failures = 0 WHERE id = $1 AND kind = 'holder'",
        )
        .bind(account_id)
        .bind(hash_password(pin))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The newest entries of an account, newest first.
    pub async fn coin_entries(&self, account_id: &str, limit: i64) -> Result<Vec<Entry>> {
        let rows = sqlx::query(
            "SELECT e.transaction_id, e.account_version, e.amount, e.balance_before, e.balance_after, e.posted_at,
                    e.leg, t.kind, t.memo, a.kind AS account_kind,
                    (SELECT o.code FROM coin_entries x JOIN coin_accounts o ON o.id = x.account_id
                      WHERE x.transaction_id = e.transaction_id AND x.leg = e.leg + 1 - 2 * (e.leg % 2)) AS other_code,
                    (SELECT o.kind FROM coin_entries x JOIN coin_accounts o ON o.id = x.account_id
                      WHERE x.transaction_id = e.transaction_id AND x.leg = e.leg + 1 - 2 * (e.leg % 2)) AS other_kind
             FROM coin_entries e
             JOIN coin_transactions t ON t.id = e.transaction_id
             JOIN coin_accounts a ON a.id = e.account_id
             WHERE e.account_id = $1
             ORDER BY e.account_version DESC LIMIT $2",
        )
        .bind(account_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let kind = AccountKind::parse(&text(r, "account_kind")?).ok_or(StoreError::NotFound)?;
                let amount = int(r, "amount")?;
                Ok(Entry {
                    transaction_id: text(r, "transaction_id")?,
                    kind: TransactionKind::parse(&text(r, "kind")?).ok_or(StoreError::NotFound)?,
                    account_version: int(r, "account_version")?,
                    amount,
                    change: amount * kind.normal_sign(),
                    balance_before: int(r, "balance_before")?,
                    balance_after: int(r, "balance_after")?,
                    posted_at: text(r, "posted_at")?,
                    memo: text(r, "memo")?,
                    counterparty: r.try_get::<Option<String>, _>("other_code")?,
                    counterparty_kind: r
                        .try_get::<Option<String>, _>("other_kind")?
                        .and_then(|k| AccountKind::parse(&k)),
                })
            })
            .collect()
    }

    pub async fn programme_totals(&self, programme_id: &str) -> Result<ProgrammeTotals> {
        let mut t = ProgrammeTotals::default();
        for row in sqlx::query(
            "SELECT kind, CAST(COALESCE(SUM(balance), 0) AS BIGINT) AS total, COUNT(*) AS n
             FROM coin_accounts WHERE programme_id = $1 GROUP BY kind",
        )
        .bind(programme_id)
        .fetch_all(&self.read)
        .await?
        {
            let (total, n) = (int(&row, "total")?, int(&row, "n")?);
            match AccountKind::parse(&text(&row, "kind")?) {
                Some(AccountKind::Escrow) => t.escrow = total,
                Some(AccountKind::Programme) => t.unissued = total,
                Some(AccountKind::Holder) => (t.holders, t.holder_count) = (total, n),
                Some(AccountKind::Business) => (t.businesses, t.business_count) = (total, n),
                None => {}
            }
        }
        // Gross flows: the first leg's debit of each kind of transaction.
        for row in sqlx::query(
            "SELECT t.kind, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total
             FROM coin_transactions t JOIN coin_entries e ON e.transaction_id = t.id AND e.leg = 0
             WHERE t.programme_id = $1 GROUP BY t.kind",
        )
        .bind(programme_id)
        .fetch_all(&self.read)
        .await?
        {
            let total = int(&row, "total")?;
            match TransactionKind::parse(&text(&row, "kind")?) {
                Some(TransactionKind::Funding) => t.funded = total,
                Some(TransactionKind::Issuance) => t.issued = total,
                Some(TransactionKind::Payment) => t.paid = total,
                Some(TransactionKind::Redemption) => t.redeemed = total,
                _ => {}
            }
        }
        Ok(t)
    }

    // ----- money-moving requests ---------------------------------------------------

    /// Euros received in the programme's escrow bank account.
    pub async fn fund_programme(
        &self,
        programme_id: &str,
        amount: i64,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let escrow = self.single_account(programme_id, AccountKind::Escrow).await?;
        let programme = self.single_account(programme_id, AccountKind::Programme).await?;
        self.post(
            Plan {
                programme_id: programme_id.into(),
                kind: TransactionKind::Funding,
                postings: legs(&[(&escrow.id, &programme.id, amount)]),
                memo: memo.into(),
                actor_id: actor_id.map(Into::into),
                reverses: None,
                spender: None,
                capture_hold: None,
            },
            idem,
        )
        .await
    }

    /// Coins from the programme to a person (made a holder when needed).
    pub async fn issue_coins(
        &self,
        programme_id: &str,
        person_id: &str,
        amount: i64,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let programme = self.single_account(programme_id, AccountKind::Programme).await?;
        let holder = self.holder_account(programme_id, person_id).await?;
        self.post(
            Plan {
                programme_id: programme_id.into(),
                kind: TransactionKind::Issuance,
                postings: legs(&[(&programme.id, &holder.id, amount)]),
                memo: memo.into(),
                actor_id: actor_id.map(Into::into),
                reverses: None,
                spender: None,
                capture_hold: None,
            },
            idem,
        )
        .await
    }

    /// A holder pays a business (by its code), with the business's bonus as a
    /// second leg when it offers one: both or neither.
    pub async fn pay(
        &self,
        holder_account_id: &str,
        business_code: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        // Payer and payee in one read: this is the hot path.
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE id = $1 OR code = $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(holder_account_id)
            .bind(normalise_code(business_code))
            .fetch_all(&self.read)
            .await?;
        let accounts: Vec<Account> = rows.iter().map(account_from).collect::<Result<_>>()?;
        let holder = accounts.iter().find(|a| a.id == holder_account_id).ok_or(StoreError::NotFound)?;
        let business = accounts
            .iter()
            .find(|a| a.code == normalise_code(business_code))
            .filter(|a| a.kind == AccountKind::Business && a.programme_id == holder.programme_id)
            .ok_or_else(|| invalid("business", "unknown-business"))?;
        if !business.active {
            return Err(invalid("business", "business-not-active"));
        }
        self.post_batched(self.payment_plan(holder, business, amount, actor_id, None), idem).await
    }

    /// A holder gives coins to another holder, when the programme allows it.
    pub async fn gift(
        &self,
        holder_account_id: &str,
        to_code: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let holder = self.coin_account(holder_account_id).await?.ok_or(StoreError::NotFound)?;
        let programme = self.programme(&holder.programme_id).await?.ok_or(StoreError::NotFound)?;
        if !programme.limits.holders_may_pay_each_other {
            return Err(invalid("to", "gifts-not-allowed"));
        }
        let to = self
            .coin_account_by_code(to_code)
            .await?
            .filter(|a| {
                a.kind == AccountKind::Holder && a.programme_id == holder.programme_id && a.id != holder.id
            })
            .ok_or_else(|| invalid("to", "unknown-holder"))?;
        self.post(
            Plan {
                programme_id: holder.programme_id.clone(),
                kind: TransactionKind::Gift,
                postings: legs(&[(&holder.id, &to.id, amount)]),
                memo: String::new(),
                actor_id: actor_id.map(Into::into),
                reverses: None,
                spender: Some((holder.id.clone(), amount)),
                capture_hold: None,
            },
            idem,
        )
        .await
    }

    /// A business turns coins back into euros from the escrow.
    pub async fn redeem(
        &self,
        business_account_id: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let business = self
            .coin_account(business_account_id)
            .await?
            .filter(|a| a.kind == AccountKind::Business)
            .ok_or(StoreError::NotFound)?;
        let escrow = self.single_account(&business.programme_id, AccountKind::Escrow).await?;
        self.post(
            Plan {
                programme_id: business.programme_id.clone(),
                kind: TransactionKind::Redemption,
                postings: legs(&[(&business.id, &escrow.id, amount)]),
                memo: String::new(),
                actor_id: actor_id.map(Into::into),
                reverses: None,
                spender: None,
                capture_hold: None,
            },
            idem,
        )
        .await
    }

    /// Undoes a transaction with the opposite entries (rule 4: nothing is
    /// changed or deleted). Refused when the money is no longer there.
    pub async fn reverse(
        &self,
        transaction_id: &str,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        let row = sqlx::query("SELECT programme_id, kind FROM coin_transactions WHERE id = $1")
            .bind(transaction_id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        if text(&row, "kind")? == TransactionKind::Reversal.as_str() {
            return Err(invalid("transactionId", "reversal-of-reversal"));
        }
        let postings =
            sqlx::query("SELECT account_id, amount FROM coin_entries WHERE transaction_id = $1 ORDER BY leg")
                .bind(transaction_id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    Ok(PlannedPosting { account_id: text(r, "account_id")?, amount: -int(r, "amount")? })
                })
                .collect::<Result<Vec<_>>>()?;
        self.post(
            Plan {
                programme_id: text(&row, "programme_id")?,
                kind: TransactionKind::Reversal,
                postings,
                memo: memo.into(),
                actor_id: actor_id.map(Into::into),
                reverses: Some(transaction_id.into()),
                spender: None,
                capture_hold: None,
            },
            idem,
        )
        .await
    }

    /// A business starts a card payment: the amount is reserved on the card's
    /// account until the holder types the PIN (or the hold expires).
    pub async fn place_hold(&self, business_account_id: &str, card_code: &str, amount: i64) -> Result<Hold> {
        check_amount("amount", amount)?;
        let business = self
            .coin_account(business_account_id)
            .await?
            .filter(|a| a.kind == AccountKind::Business)
            .ok_or(StoreError::NotFound)?;
        let holder = self
            .coin_account_by_code(card_code)
            .await?
            .filter(|a| a.kind == AccountKind::Holder && a.programme_id == business.programme_id)
            .ok_or_else(|| invalid("card", "unknown-card"))?;
        if !holder.has_pin || holder.card_blocked {
            return Err(invalid("card", "card-blocked"));
        }
        let programme = self.programme(&holder.programme_id).await?.ok_or(StoreError::NotFound)?;
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let (locked, _) = self.lock_accounts(&mut tx, &[holder.id.clone()], now).await?;
        let h = &locked[&holder.id];
        let spent = if h.spent_day == limit_day(now) { h.spent_today } else { 0 };
        check_holder_spending(&programme.limits, amount, spent)?;
        wijkwerk_domain::coin::check_spendable(h.balance, h.held, amount)?;
        let id = new_id();
        let expires_at = now.plus_seconds(HOLD_SECONDS).to_rfc3339();
        sqlx::query(
            "INSERT INTO coin_holds (id, account_id, business_account_id, amount, status, created_at, expires_at)
             VALUES ($1, $2, $3, $4, 'open', $5, $6)",
        )
        .bind(&id)
        .bind(&holder.id)
        .bind(&business.id)
        .bind(amount)
        .bind(now.to_rfc3339())
        .bind(&expires_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE coin_accounts SET held = held + $2 WHERE id = $1")
            .bind(&holder.id)
            .bind(amount)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Hold {
            id,
            holder_account_id: holder.id,
            holder_code: holder.code,
            business_account_id: business.id,
            amount,
            status: "open".into(),
            expires_at,
        })
    }

    pub async fn hold(&self, id: &str) -> Result<Option<Hold>> {
        let row = sqlx::query(
            "SELECT h.id, h.account_id, a.code, h.business_account_id, h.amount, h.status, h.expires_at
             FROM coin_holds h JOIN coin_accounts a ON a.id = h.account_id WHERE h.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(Hold {
                id: text(&r, "id")?,
                holder_account_id: text(&r, "account_id")?,
                holder_code: text(&r, "code")?,
                business_account_id: text(&r, "business_account_id")?,
                amount: int(&r, "amount")?,
                status: text(&r, "status")?,
                expires_at: text(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// The holder typed the PIN: the hold becomes a payment (with the bonus).
    /// Five wrong PINs block the card until the holder sets a new one.
    pub async fn capture_hold(
        &self,
        hold_id: &str,
        pin: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        let hold = self.hold(hold_id).await?.ok_or(StoreError::NotFound)?;
        if hold.status != "open" || hold.expires_at < Timestamp::now().to_rfc3339() {
            return Err(invalid("hold", "hold-expired"));
        }
        let holder = self.coin_account(&hold.holder_account_id).await?.ok_or(StoreError::NotFound)?;
        let pin_hash: Option<String> = sqlx::query_scalar("SELECT pin_hash FROM coin_accounts WHERE id = $1")
            .bind(&holder.id)
            .fetch_one(&self.read)
            .await?;
        if holder.card_blocked {
            return Err(invalid("pin", "card-blocked"));
        }
        if !verify_password(pin, pin_hash.as_deref()) {
            sqlx::query("UPDATE coin_accounts SET pin_failures = pin_failures + 1 WHERE id = $1")
                .bind(&holder.id)
                .execute(&self.write)
                .await?;
            return Err(invalid("pin", "pin-wrong"));
        }
        let business = self.coin_account(&hold.business_account_id).await?.ok_or(StoreError::NotFound)?;
        let plan = self.payment_plan(&holder, &business, hold.amount, actor_id, Some(hold.id.clone()));
        let posted = self.post(plan, idem).await?;
        sqlx::query("UPDATE coin_accounts SET pin_failures = 0 WHERE id = $1 AND pin_failures > 0")
            .bind(&holder.id)
            .execute(&self.write)
            .await?;
        Ok(posted)
    }

    /// Cancels a card payment before the PIN: the reserved amount is free again.
    pub async fn release_hold(&self, hold_id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT account_id, amount FROM coin_holds WHERE id = $1 AND status = 'open'")
            .bind(hold_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(()) };
        let account_id = text(&row, "account_id")?;
        self.lock_accounts(&mut tx, std::slice::from_ref(&account_id), Timestamp::now()).await?;
        let released =
            sqlx::query("UPDATE coin_holds SET status = 'released' WHERE id = $1 AND status = 'open'")
                .bind(hold_id)
                .execute(&mut *tx)
                .await?;
        if released.rows_affected() == 1 {
            sqlx::query("UPDATE coin_accounts SET held = held - $2 WHERE id = $1")
                .bind(&account_id)
                .bind(int(&row, "amount")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Issues coins line by line from a bulk file. Each line carries an
    /// idempotency key made of the file's hash and the line number, so
    /// running the same file again issues nothing twice. Returns, per line,
    /// `Ok(new)` or the reason it was refused.
    pub async fn issue_in_bulk(
        &self,
        programme_id: &str,
        file_hash: &str,
        lines: &[wijkwerk_domain::coin::IssuanceLine],
        actor_id: &str,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<(usize, std::result::Result<bool, String>)>> {
        let mut report = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let person = if wijkwerk_domain::ids::is_id(&line.person) {
                self.person(&line.person).await?
            } else {
                self.person_by_email(&line.person).await?
            };
            let outcome = match person.filter(|p| p.erased_at.is_none()) {
                None => Err("person-unknown".to_string()),
                Some(person) => {
                    let idem = Idempotency {
                        actor_id: format!("bulk:{programme_id}"),
                        key: format!("{file_hash}:{}", line.line),
                        request_hash: line.raw.clone(),
                    };
                    match self
                        .issue_coins(
                            programme_id,
                            &person.id,
                            line.amount,
                            &line.memo,
                            Some(actor_id),
                            Some(&idem),
                        )
                        .await
                    {
                        Ok(posted) => Ok(!posted.replayed),
                        Err(StoreError::Invalid(i)) => Err(i.errors[0].code.to_string()),
                        Err(StoreError::Conflict(what)) => Err(what.to_string()),
                        Err(other) => return Err(other),
                    }
                }
            };
            report.push((line.line, outcome));
            progress(i + 1, lines.len());
        }
        Ok(report)
    }

    // ----- the ledger core ---------------------------------------------------------

    async fn single_account(&self, programme_id: &str, kind: AccountKind) -> Result<Account> {
        self.coin_accounts_of_kind(programme_id, kind).await?.into_iter().next().ok_or(StoreError::NotFound)
    }

    fn payment_plan(
        &self,
        holder: &Account,
        business: &Account,
        amount: i64,
        actor_id: Option<&str>,
        capture_hold: Option<String>,
    ) -> Plan {
        let bonus = business.benefit.bonus_for(amount);
        let mut postings = legs(&[(&holder.id, &business.id, amount)]);
        if bonus > 0 {
            postings.extend(legs(&[(&business.id, &holder.id, bonus)]));
        }
        Plan {
            programme_id: holder.programme_id.clone(),
            kind: TransactionKind::Payment,
            postings,
            memo: String::new(),
            actor_id: actor_id.map(Into::into),
            reverses: None,
            spender: Some((holder.id.clone(), amount)),
            capture_hold,
        }
    }

    /// Locks accounts in id order with one statement and reads them with
    /// their programme's limits; releases expired holds on the way so they
    /// stop counting.
    async fn lock_accounts(
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
        type Q = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;
        fn placeholders(rows: usize, width: usize, first: usize) -> String {
            (0..rows)
                .map(|r| {
                    let cells: Vec<String> =
                        (1..=width).map(|c| format!("${}", first + r * width + c)).collect();
                    format!("({})", cells.join(", "))
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
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
        let Some(row) = row else { return Ok(None) };
        if text(&row, "request_hash")? != idem.request_hash {
            return Err(StoreError::Conflict("idempotency-key-reused"));
        }
        let receipt: Receipt = serde_json::from_str(&text(&row, "response")?)
            .map_err(|_| StoreError::Conflict("stored response unreadable"))?;
        Ok(Some(Posted { receipt, replayed: true }))
    }

    async fn post(&self, plan: Plan, idem: Option<&Idempotency>) -> Result<Posted> {
        if let Some(idem) = idem
            && (idem.key.is_empty() || idem.key.len() > 255)
        {
            return Err(invalid("Idempotency-Key", "idempotency-key-format"));
        }
        match self.post_once(&plan, idem).await {
            // Another request with this key committed between our look and our
            // insert (PostgreSQL): its result is the answer.
            Err(StoreError::Conflict("unique")) if idem.is_some() => {
                let mut conn = self.write.acquire().await?;
                match self.replay(&mut conn, idem.expect("checked")).await? {
                    Some(done) => Ok(done),
                    None => Err(StoreError::Conflict("unique")),
                }
            }
            other => other,
        }
    }

    async fn post_once(&self, plan: &Plan, idem: Option<&Idempotency>) -> Result<Posted> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        if let Some(idem) = idem
            && let Some(done) = self.replay(&mut tx, idem).await?
        {
            return Ok(done);
        }
        let ids: Vec<String> = plan.postings.iter().map(|p| p.account_id.clone()).collect();
        let (mut accounts, limits) = self.lock_accounts(&mut tx, &ids, now).await?;
        let locked_versions: BTreeMap<String, i64> =
            accounts.iter().map(|(id, a)| (id.clone(), a.version)).collect();
        let original_kind = match &plan.reverses {
            Some(original) => {
                let kind: Option<String> =
                    sqlx::query_scalar("SELECT kind FROM coin_transactions WHERE id = $1")
                        .bind(original)
                        .fetch_optional(&mut *tx)
                        .await?;
                let already: Option<String> =
                    sqlx::query_scalar("SELECT id FROM coin_transactions WHERE reverses_id = $1")
                        .bind(original)
                        .fetch_optional(&mut *tx)
                        .await?;
                if already.is_some() {
                    return Err(invalid("transactionId", "already-reversed"));
                }
                kind.and_then(|k| TransactionKind::parse(&k)).ok_or(StoreError::NotFound)?
            }
            None => plan.kind,
        };
        // A captured hold stops counting as held; its amount is now spent.
        let released = match &plan.capture_hold {
            Some(hold_id) => {
                let row = sqlx::query(
                    "SELECT account_id, amount FROM coin_holds WHERE id = $1 AND status = 'open'",
                )
                .bind(hold_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| invalid("hold", "hold-expired"))?;
                Some((text(&row, "account_id")?, int(&row, "amount")?))
            }
            None => None,
        };
        let entries = apply_plan(plan, original_kind, &mut accounts, &limits, released, now)?;
        let transaction_id = new_id();
        let posted_at = now.to_rfc3339();
        let receipt = receipt_for(plan, &accounts, &transaction_id, &posted_at);
        let written = Written {
            plan,
            transaction_id: transaction_id.clone(),
            posted_at,
            entries,
            idem,
            response: idem.map(|_| serde_json::to_string(&receipt).expect("receipts serialise")),
        };
        self.write_postings(&mut tx, std::slice::from_ref(&written)).await?;
        if let Some(hold_id) = &plan.capture_hold {
            sqlx::query("UPDATE coin_holds SET status = 'captured', transaction_id = $2 WHERE id = $1")
                .bind(hold_id)
                .bind(&transaction_id)
                .execute(&mut *tx)
                .await?;
        }
        self.update_accounts(&mut tx, &accounts, &locked_versions).await?;
        tx.commit().await?;
        Ok(Posted { receipt, replayed: false })
    }

    /// Posts a payment together with others waiting at the same moment: one
    /// database transaction (one commit, one lock round, a few statements)
    /// for the whole batch, each payment checked on its own against the
    /// balances the ones before it left. A refused payment is answered alone
    /// and leaves no trace; if the batch cannot be written, every payment in
    /// it is posted on its own instead.
    async fn post_batched(&self, plan: Plan, idem: Option<&Idempotency>) -> Result<Posted> {
        if let Some(idem) = idem
            && (idem.key.is_empty() || idem.key.len() > 255)
        {
            return Err(invalid("Idempotency-Key", "idempotency-key-format"));
        }
        let queue = self.batches.get_or_init(|| {
            let (sender, receiver) = tokio::sync::mpsc::channel::<Job>(4096);
            let receiver = std::sync::Arc::new(tokio::sync::Mutex::new(receiver));
            // PostgreSQL takes several batches at once (while one waits for its
            // commit, the next is checked); SQLite has one writer anyway.
            let workers = match self.engine {
                Engine::Postgres => 2,
                Engine::Sqlite => 1,
            };
            for _ in 0..workers {
                let (store, receiver) = (self.clone(), receiver.clone());
                tokio::spawn(async move {
                    loop {
                        let mut jobs = Vec::new();
                        {
                            let mut rx = receiver.lock().await;
                            match rx.recv().await {
                                Some(job) => jobs.push(job),
                                None => return,
                            }
                            while jobs.len() < MAX_BATCH {
                                match rx.try_recv() {
                                    Ok(job) => jobs.push(job),
                                    Err(_) => break,
                                }
                            }
                        }
                        store.run_batch(jobs).await;
                    }
                });
            }
            sender
        });
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job { plan, idem: idem.cloned(), reply };
        if let Err(tokio::sync::mpsc::error::SendError(job)) = queue.send(job).await {
            return self.post(job.plan, job.idem.as_ref()).await;
        }
        answer.await.map_err(|_| StoreError::Conflict("ledger worker stopped"))?
    }

    async fn run_batch(&self, jobs: Vec<Job>) {
        // The same key twice in one batch: the later one waits and is posted
        // on its own afterwards (then it replays the first's result).
        let mut seen = BTreeSet::new();
        let (mut batch, mut later) = (Vec::new(), Vec::new());
        for job in jobs {
            match &job.idem {
                Some(i) if !seen.insert((i.actor_id.clone(), i.key.clone())) => later.push(job),
                _ => batch.push(job),
            }
        }
        match self.try_batch(&batch).await {
            Ok(results) => {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(_) => {
                // Something in the batch could not be written (a key another
                // server used at the same moment, say): each on its own.
                for job in batch {
                    let result = self.post(job.plan, job.idem.as_ref()).await;
                    let _ = job.reply.send(result);
                }
            }
        }
        for job in later {
            let result = self.post(job.plan, job.idem.as_ref()).await;
            let _ = job.reply.send(result);
        }
    }

    /// Rows per multi-row statement: sqlx looks SQLite parameters up by name,
    /// which grows costly with many; PostgreSQL takes them all at once.
    fn rows_per_statement(&self) -> usize {
        match self.engine {
            Engine::Sqlite => 25,
            Engine::Postgres => 1_000,
        }
    }

    /// One transaction for a batch; `Err` only when the batch as a whole failed.
    async fn try_batch(&self, jobs: &[Job]) -> Result<Vec<Result<Posted>>> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut results: Vec<Option<Result<Posted>>> = (0..jobs.len()).map(|_| None).collect();
        // Keys seen before: replay them.
        let keyed: Vec<(usize, &Idempotency)> =
            jobs.iter().enumerate().filter_map(|(i, j)| j.idem.as_ref().map(|k| (i, k))).collect();
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
            for row in q.fetch_all(&mut *tx).await? {
                let (actor, key) = (text(&row, "actor_id")?, text(&row, "key")?);
                for (i, k) in chunk.iter().filter(|(_, k)| k.actor_id == actor && k.key == key) {
                    results[*i] = Some(if text(&row, "request_hash")? != k.request_hash {
                        Err(StoreError::Conflict("idempotency-key-reused"))
                    } else {
                        serde_json::from_str(&text(&row, "response")?)
                            .map(|receipt| Posted { receipt, replayed: true })
                            .map_err(|_| StoreError::Conflict("stored response unreadable"))
                    });
                }
            }
        }
        let ids: Vec<String> = jobs
            .iter()
            .enumerate()
            .filter(|(i, _)| results[*i].is_none())
            .flat_map(|(_, j)| j.plan.postings.iter().map(|p| p.account_id.clone()))
            .collect();
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(results.into_iter().map(|r| r.expect("all answered")).collect());
        }
        let (mut accounts, limits) = self.lock_accounts(&mut tx, &ids, now).await?;
        let locked_versions: BTreeMap<String, i64> =
            accounts.iter().map(|(id, a)| (id.clone(), a.version)).collect();
        let posted_at = now.to_rfc3339();
        let mut written = Vec::new();
        let mut receipts = Vec::new();
        for (i, job) in jobs.iter().enumerate() {
            if results[i].is_some() {
                continue;
            }
            match apply_plan(&job.plan, job.plan.kind, &mut accounts, &limits, None, now) {
                Ok(entries) => {
                    let transaction_id = new_id();
                    let receipt = receipt_for(&job.plan, &accounts, &transaction_id, &posted_at);
                    written.push(Written {
                        plan: &job.plan,
                        transaction_id,
                        posted_at: posted_at.clone(),
                        entries,
                        idem: job.idem.as_ref(),
                        response: job
                            .idem
                            .as_ref()
                            .map(|_| serde_json::to_string(&receipt).expect("receipts serialise")),
                    });
                    receipts.push((i, receipt));
                }
                Err(refusal) => results[i] = Some(Err(refusal)),
            }
        }
        if !written.is_empty() {
            self.write_postings(&mut tx, &written).await?;
            self.update_accounts(&mut tx, &accounts, &locked_versions).await?;
        }
        tx.commit().await?;
        for (i, receipt) in receipts {
            results[i] = Some(Ok(Posted { receipt, replayed: false }));
        }
        Ok(results.into_iter().map(|r| r.expect("all answered")).collect())
    }
}

/// Payments one batch may hold.
const MAX_BATCH: usize = 64;

/// A payment waiting for its batch.
pub(crate) struct Job {
    plan: Plan,
    idem: Option<Idempotency>,
    reply: tokio::sync::oneshot::Sender<Result<Posted>>,
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
fn legs(legs: &[(&String, &String, i64)]) -> Vec<PlannedPosting> {
    legs.iter()
        .flat_map(|(debit, credit, amount)| {
            [
                PlannedPosting { account_id: (*debit).clone(), amount: *amount },
                PlannedPosting { account_id: (*credit).clone(), amount: -amount },
            ]
        })
        .collect()
}

/// Cents as a Beancount number: `-12.05`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

fn quoted(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    format!("\"{}\"", clean.replace('\\', "\\\\").replace('"', "\\\""))
}

fn beancount_account(kind: AccountKind, code: &str) -> String {
    format!("{}:{code}", kind.beancount_prefix())
}

fn next_day(date: &str) -> String {
    Timestamp::parse(&format!("{date}T00:00:00Z"))
        .map(|t| t.plus_seconds(86_400).date_iso())
        .unwrap_or_default()
}

/// Chunks of about this many bytes leave the Beancount writer at a time.
const CHUNK: usize = 64 * 1024;

impl Store {
    /// The whole ledger as a Beancount file, sent in chunks (memory stays flat):
    /// one account per escrow, programme, holder and business, every
    /// transaction, and per account per day with entries a balance assertion
    /// of the day's closing balance, dated the next day (Beancount checks an
    /// assertion before that day's transactions).
    pub async fn write_beancount(&self, out: tokio::sync::mpsc::Sender<String>) -> Result<()> {
        use futures_util::TryStreamExt;
        let mut buf = String::with_capacity(CHUNK * 2);
        let send = |buf: &mut String| {
            let chunk = std::mem::take(buf);
            let out = out.clone();
            async move { out.send(chunk).await.map_err(|_| StoreError::Conflict("reader went away")) }
        };
        buf.push_str(&format!(
            "; The social coin ledger of wijkwerk, exported {}.\n; Amounts in euros; 1 coin = 1 euro.\n\
             option \"title\" \"wijkwerk social coin\"\noption \"operating_currency\" \"EUR\"\n\n",
            Timestamp::now().to_rfc3339()
        ));
        let mut rows =
            sqlx::query("SELECT kind, code, created_at FROM coin_accounts ORDER BY created_at, code")
                .fetch(&self.read);
        while let Some(r) = rows.try_next().await? {
            let kind = AccountKind::parse(&text(&r, "kind")?).ok_or(StoreError::NotFound)?;
            let opened = text(&r, "created_at")?;
            buf.push_str(&format!(
                "{} open {} EUR\n",
                &opened[..10],
                beancount_account(kind, &text(&r, "code")?)
            ));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        drop(rows);
        buf.push('\n');
        let mut rows = sqlx::query(
            "SELECT t.id, t.kind, t.memo, t.posted_at, t.reverses_id, e.amount, a.kind AS account_kind, a.code
             FROM coin_transactions t
             JOIN coin_entries e ON e.transaction_id = t.id
             JOIN coin_accounts a ON a.id = e.account_id
             ORDER BY t.posted_at, t.id, e.leg",
        )
        .fetch(&self.read);
        let mut current = String::new();
        while let Some(r) = rows.try_next().await? {
            let id = text(&r, "id")?;
            if id != current {
                let posted_at = text(&r, "posted_at")?;
                buf.push_str(&format!(
                    "\n{} * {} {}\n  id: {}\n",
                    &posted_at[..10],
                    quoted(&text(&r, "kind")?),
                    quoted(&text(&r, "memo")?),
                    quoted(&id)
                ));
                if let Some(original) = r.try_get::<Option<String>, _>("reverses_id")? {
                    buf.push_str(&format!("  reverses: {}\n", quoted(&original)));
                }
                current = id;
            }
            let kind = AccountKind::parse(&text(&r, "account_kind")?).ok_or(StoreError::NotFound)?;
            buf.push_str(&format!(
                "  {}  {} EUR\n",
                beancount_account(kind, &text(&r, "code")?),
                decimal(int(&r, "amount")?)
            ));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        drop(rows);
        buf.push('\n');
        // Closing balance per account per day: the last entry of each day.
        let mut rows = sqlx::query(
            "SELECT a.kind, a.code, e.posted_at, e.balance_after
             FROM coin_entries e JOIN coin_accounts a ON a.id = e.account_id
             ORDER BY e.account_id, e.account_version",
        )
        .fetch(&self.read);
        let mut last: Option<(String, String, i64)> = None; // (account, day, raw balance)
        let flush = |last: &Option<(String, String, i64)>, buf: &mut String| {
            if let Some((account, day, raw)) = last {
                buf.push_str(&format!("{} balance {account}  {} EUR\n", next_day(day), decimal(*raw)));
            }
        };
        while let Some(r) = rows.try_next().await? {
            let kind = AccountKind::parse(&text(&r, "kind")?).ok_or(StoreError::NotFound)?;
            let account = beancount_account(kind, &text(&r, "code")?);
            let day = text(&r, "posted_at")?[..10].to_string();
            let raw = int(&r, "balance_after")? * kind.normal_sign();
            if last.as_ref().is_some_and(|(a, d, _)| *a != account || *d != day) {
                flush(&last, &mut buf);
            }
            last = Some((account, day, raw));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        flush(&last, &mut buf);
        send(&mut buf).await?;
        Ok(())
    }

    /// The whole Beancount file as one string (tests, the CLI).
    pub async fn beancount(&self) -> Result<String> {
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let store = self.clone();
        let writer = tokio::spawn(async move { store.write_beancount(tx).await });
        let mut out = String::new();
        while let Some(chunk) = rx.recv().await {
            out.push_str(&chunk);
        }
        writer.await.map_err(|_| StoreError::Conflict("beancount writer failed"))??;
        Ok(out)
    }

    /// Verifies every ledger rule on the stored data; an empty list means all hold.
    /// `progress` is called now and then with a short description of the step.
    pub async fn coin_check(&self, progress: &mut (dyn FnMut(&str) + Send)) -> Result<Vec<Violation>> {
        use futures_util::TryStreamExt;
        let mut found = Vec::new();
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

        // Rule 4: reversals mirror their original exactly; the append-only guards are in place.
        progress("reversals and append-only guards");
        for (reversal, original) in &reversals {
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
        progress("done");
        Ok(found)
    }
}
