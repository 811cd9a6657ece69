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
        let holder = self.coin_account(holder_account_id).await?.ok_or(StoreError::NotFound)?;
        let business = self.payee(&holder, business_code).await?;
        self.post(self.payment_plan(&holder, &business, amount, actor_id, None), idem).await
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

    async fn payee(&self, holder: &Account, business_code: &str) -> Result<Account> {
        let business = self
            .coin_account_by_code(business_code)
            .await?
            .filter(|a| a.kind == AccountKind::Business && a.programme_id == holder.programme_id)
            .ok_or_else(|| invalid("business", "unknown-business"))?;
        if !business.active {
            return Err(invalid("business", "business-not-active"));
        }
        Ok(business)
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
    ) -> Result<(HashMap<String, Locked>, Limits)> {
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
        let mut limits = Limits::default();
        let mut out = HashMap::new();
        for row in &rows {
            let id = text(row, "id")?;
            limits = Limits {
                max_balance: row.try_get::<Option<i64>, _>("max_balance")?,
                max_payment: row.try_get::<Option<i64>, _>("max_payment")?,
                max_per_day: row.try_get::<Option<i64>, _>("max_per_day")?,
                holders_may_pay_each_other: int(row, "holders_may_pay_each_other")? != 0,
            };
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
                },
            );
        }
        Ok((out, limits))
    }

    /// Writes a transaction, its entries and (with a key) the stored result.
    /// PostgreSQL gets them as one statement (one round trip); SQLite, in
    /// process, as three.
    #[allow(clippy::too_many_arguments)]
    async fn write_posting(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        plan: &Plan,
        transaction_id: &str,
        posted_at: &str,
        entries: &[(i64, String, i64, i64, i64, i64)],
        idem: Option<&Idempotency>,
        response: Option<&str>,
    ) -> Result<()> {
        const TX: &str =
            "INSERT INTO coin_transactions (id, programme_id, kind, memo, actor_id, reverses_id, posted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)";
        let mut values = Vec::new();
        for i in 0..entries.len() {
            let b = 7 + i * 8;
            values.push(format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            ));
        }
        let entries_sql = format!(
            "INSERT INTO coin_entries (account_id, account_version, transaction_id, leg, amount, balance_before,
                 balance_after, posted_at) VALUES {}",
            values.join(", ")
        );
        let k = 7 + entries.len() * 8;
        let idem_sql =
            format!(
            "INSERT INTO coin_idempotency (actor_id, key, request_hash, transaction_id, response, created_at)
             VALUES (${}, ${}, ${}, ${}, ${}, ${})",
            k + 1, k + 2, k + 3, k + 4, k + 5, k + 6
        );
        let bind_tx = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
            q.bind(transaction_id.to_string())
                .bind(plan.programme_id.clone())
                .bind(plan.kind.as_str())
                .bind(plan.memo.trim().to_string())
                .bind(plan.actor_id.clone())
                .bind(plan.reverses.clone())
                .bind(posted_at.to_string())
        };
        let bind_entries = |mut q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
            for (leg, account_id, version, amount, before, after) in entries {
                q = q
                    .bind(account_id.clone())
                    .bind(*version)
                    .bind(transaction_id.to_string())
                    .bind(*leg)
                    .bind(*amount)
                    .bind(*before)
                    .bind(*after)
                    .bind(posted_at.to_string());
            }
            q
        };
        let bind_idem = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>,
                         idem: &Idempotency| {
            q.bind(idem.actor_id.clone())
                .bind(idem.key.clone())
                .bind(idem.request_hash.clone())
                .bind(transaction_id.to_string())
                .bind(response.unwrap_or_default().to_string())
                .bind(posted_at.to_string())
        };
        match self.engine {
            Engine::Postgres => {
                // Data-modifying CTEs: one statement; foreign keys are checked at its end.
                let sql = match idem {
                    Some(_) => format!("WITH t AS ({TX}), e AS ({entries_sql}) {idem_sql}"),
                    None => format!("WITH t AS ({TX}) {entries_sql}"),
                };
                let mut q = bind_entries(bind_tx(sqlx::query(sqlx::AssertSqlSafe(sql))));
                if let Some(idem) = idem {
                    q = bind_idem(q, idem);
                }
                q.execute(&mut **tx).await?;
            }
            Engine::Sqlite => {
                bind_tx(sqlx::query(TX)).execute(&mut **tx).await?;
                // Same numbering as above: SQLite reads `$8` as the first parameter it is given.
                let renumbered = renumber(&entries_sql, 7);
                bind_entries(sqlx::query(sqlx::AssertSqlSafe(renumbered))).execute(&mut **tx).await?;
                if let Some(idem) = idem {
                    let renumbered = renumber(&idem_sql, k);
                    bind_idem(sqlx::query(sqlx::AssertSqlSafe(renumbered)), idem).execute(&mut **tx).await?;
                }
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
        if let Some(idem) = idem {
            if idem.key.is_empty() || idem.key.len() > 255 {
                return Err(invalid("Idempotency-Key", "idempotency-key-format"));
            }
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
        if accounts.values().any(|a| a.programme_id != plan.programme_id) {
            return Err(invalid("account", "other-programme"));
        }
        // Rules 1 and 8: the same check `coin check` applies afterwards.
        let kinds: Vec<KindPosting> = plan
            .postings
            .iter()
            .map(|p| KindPosting { account: accounts[&p.account_id].kind, amount: p.amount })
            .collect();
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
        postings_fit(original_kind, &kinds, plan.reverses.is_some())
            .map_err(|_| invalid("account", "transfer-not-allowed"))?;

        let day = limit_day(now);
        let spender_before = match &plan.spender {
            Some((id, amount)) => {
                let a = &accounts[id];
                if !a.active {
                    return Err(invalid("account", "account-not-active"));
                }
                let spent = if a.spent_day == day { a.spent_today } else { 0 };
                check_holder_spending(&limits, *amount, spent)?;
                Some((id.clone(), spent + amount))
            }
            None => None,
        };
        // A captured hold stops counting as held; its amount is now spent.
        if let Some(hold_id) = &plan.capture_hold {
            let row =
                sqlx::query("SELECT account_id, amount FROM coin_holds WHERE id = $1 AND status = 'open'")
                    .bind(hold_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| invalid("hold", "hold-expired"))?;
            let (account_id, amount) = (text(&row, "account_id")?, int(&row, "amount")?);
            let a = accounts.get_mut(&account_id).ok_or_else(|| invalid("hold", "hold-expired"))?;
            a.held -= amount;
        }

        // Apply the postings in order; record each entry.
        let mut entries = Vec::with_capacity(plan.postings.len());
        let before: HashMap<String, i64> = accounts.iter().map(|(id, a)| (id.clone(), a.balance)).collect();
        for (leg, p) in plan.postings.iter().enumerate() {
            let a = accounts.get_mut(&p.account_id).expect("locked above");
            let after = a
                .kind
                .balance_after(a.balance, p.amount)
                .ok_or_else(|| invalid("amount", "amount-out-of-range"))?;
            a.version += 1;
            entries.push((leg as i64, p.account_id.clone(), a.version, p.amount, a.balance, after));
            a.balance = after;
        }
        // Rule 3 first, then limits on receiving and who may receive, each in
        // account order so the same request always gets the same answer.
        let mut touched: Vec<(&String, &Locked)> = accounts.iter().collect();
        touched.sort_by(|a, b| a.0.cmp(b.0));
        for (_, a) in &touched {
            if a.balance < a.held || a.balance < 0 {
                let code = match a.kind {
                    AccountKind::Programme => "not-funded",
                    AccountKind::Escrow => "escrow-short",
                    _ => "insufficient-funds",
                };
                return Err(invalid("amount", code));
            }
        }
        for (id, a) in &touched {
            let gained = a.balance - before[*id];
            if plan.kind != TransactionKind::Reversal && a.kind == AccountKind::Holder && gained > 0 {
                check_holder_receiving(&limits, before[*id], gained)?;
            }
            if plan.kind == TransactionKind::Payment && a.kind == AccountKind::Business && !a.active {
                return Err(invalid("business", "business-not-active"));
            }
        }

        let transaction_id = new_id();
        let posted_at = now.to_rfc3339();
        let receipt = Receipt {
            transaction_id: transaction_id.clone(),
            kind: plan.kind.as_str().into(),
            programme_id: plan.programme_id.clone(),
            posted_at: posted_at.clone(),
            memo: plan.memo.trim().into(),
            transfers: plan
                .postings
                .chunks(2)
                .map(|pair| {
                    let (debit, credit) =
                        if pair[0].amount > 0 { (&pair[0], &pair[1]) } else { (&pair[1], &pair[0]) };
                    // Coins leave the debited account and arrive at the credited one
                    // (a funding: the escrow's euros back the programme's coins).
                    let (from, to) = (&debit.account_id, &credit.account_id);
                    ReceiptTransfer {
                        from: accounts[from].code.clone(),
                        to: accounts[to].code.clone(),
                        amount: debit.amount,
                    }
                })
                .collect(),
            reverses: plan.reverses.clone(),
        };
        let response = idem.map(|_| serde_json::to_string(&receipt).expect("receipts serialise"));
        self.write_posting(&mut tx, plan, &transaction_id, &posted_at, &entries, idem, response.as_deref())
            .await?;
        if let Some(hold_id) = &plan.capture_hold {
            sqlx::query("UPDATE coin_holds SET status = 'captured', transaction_id = $2 WHERE id = $1")
                .bind(hold_id)
                .bind(&transaction_id)
                .execute(&mut *tx)
                .await?;
        }
        // New balances in one statement, guarded by the versions read under the lock.
        let mut first_versions: BTreeMap<&String, i64> = BTreeMap::new();
        for (_, id, version, ..) in &entries {
            first_versions.entry(id).and_modify(|v| *v = (*v).min(*version)).or_insert(*version);
        }
        let mut rows = Vec::new();
        for (i, _) in first_versions.iter().enumerate() {
            let b = i * 7;
            rows.push(format!(
                "SELECT CAST(${} AS TEXT) AS id, CAST(${} AS BIGINT) AS balance, CAST(${} AS BIGINT) AS held, \
                 CAST(${} AS BIGINT) AS version, CAST(${} AS TEXT) AS spent_day, CAST(${} AS BIGINT) AS spent_today, \
                 CAST(${} AS BIGINT) AS old_version",
                b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7
            ));
        }
        let sql = format!(
            "UPDATE coin_accounts SET balance = v.balance, held = v.held, version = v.version,
                 spent_day = v.spent_day, spent_today = v.spent_today
             FROM ({}) AS v WHERE coin_accounts.id = v.id AND coin_accounts.version = v.old_version",
            rows.join(" UNION ALL ")
        );
        let mut update = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, first_version) in &first_versions {
            let a = &accounts[*id];
            let (spent_day, spent_today) = match &spender_before {
                Some((spender, spent)) if spender == *id => (day.clone(), *spent),
                _ => (a.spent_day.clone(), a.spent_today),
            };
            update = update
                .bind((*id).clone())
                .bind(a.balance)
                .bind(a.held)
                .bind(a.version)
                .bind(spent_day)
                .bind(spent_today)
                .bind(first_version - 1);
        }
        if update.execute(&mut *tx).await?.rows_affected() != first_versions.len() as u64 {
            return Err(StoreError::Conflict("account changed under a lock"));
        }
        tx.commit().await?;
        Ok(Posted { receipt, replayed: false })
    }
}

/// Shifts `$n` placeholders down by `by` (`$8` → `$1` for `by` = 7), longest first.
fn renumber(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            let n: usize = digits.parse().unwrap_or(0);
            out.push_str(&format!("${}", n - by));
        } else {
            out.push(c);
        }
    }
    out
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
