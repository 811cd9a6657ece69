//! Programmes and accounts: creating them, their settings, their history
//! and totals. No money moves here.

use super::*;
use crate::secrets::hash_password;
use crate::{Result, Store, StoreError, int, opt_text, text};
use sqlx::Row;
use wijkwerk_domain::coin::{
    AccountKind, Benefit, Limits, ProgrammeInput, TransactionKind, check_pin, normalise_code,
};
use wijkwerk_domain::{Timestamp, new_id};

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
}

/// One entry of a programme's books, for the gemeente's spreadsheet: a
/// holder appears by account code only (the books need no names), a business
/// by its name.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BookEntry {
    pub posted_at: String,
    pub transaction_id: String,
    pub kind: String,
    pub account_kind: String,
    pub account_code: String,
    pub business: Option<String>,
    /// The entry in cents as the books keep it: debit positive, credit
    /// negative, so a transaction's entries sum to zero.
    pub amount: i64,
    pub memo: String,
}

crate::rows::from_row! { BookEntry { posted_at: text, transaction_id: text, kind: text, account_kind: text, account_code: text, business: opt_text, amount: int, memo: text } }

impl BookEntry {
    /// How the account's balance changed: coins or euros in (positive) or out.
    pub fn change(&self) -> i64 {
        AccountKind::parse(&self.account_kind).map_or(self.amount, |k| self.amount * k.normal_sign())
    }
}

/// Coins spent in one period or place: the amount, and by how many payers.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Spending {
    pub key: String,
    pub cents: i64,
    pub payers: i64,
}

crate::rows::from_row! { Spending { key: text, cents: int, payers: int } }

impl Store {
    /// Every entry of a programme, oldest first.
    pub async fn programme_book(&self, programme_id: &str) -> Result<Vec<BookEntry>> {
        self.read_all(
            sqlx::query(
                "SELECT t.posted_at, t.id AS transaction_id, t.kind, a.kind AS account_kind, a.code AS account_code,
                        o.name AS business, e.amount, t.memo
                 FROM coin_transactions t JOIN coin_entries e ON e.transaction_id = t.id
                 JOIN coin_accounts a ON a.id = e.account_id
                 LEFT JOIN organisations o ON o.id = a.owner_id AND a.kind = 'business'
                 WHERE t.programme_id = $1 ORDER BY t.posted_at, t.id, e.leg, e.amount",
            )
            .bind(programme_id),
        )
        .await
    }

    /// Payments at businesses per month (`YYYY-MM`), with how many holders paid.
    pub async fn spending_per_month(&self, programme_id: &str) -> Result<Vec<Spending>> {
        self.spending_by("SUBSTR(t.posted_at, 1, 7)", programme_id).await
    }

    /// Payments per wijk where the business is, with how many holders paid there.
    pub async fn spending_per_wijk(&self, programme_id: &str) -> Result<Vec<Spending>> {
        self.spending_by("w.name", programme_id).await
    }

    async fn spending_by(&self, key: &'static str, programme_id: &str) -> Result<Vec<Spending>> {
        let sql = format!(
            "SELECT {key} AS key, CAST(-SUM(e.amount) AS BIGINT) AS cents, COUNT(DISTINCT h.account_id) AS payers
             {PAYMENT_ROWS} {OF_PROGRAMME} GROUP BY {key} ORDER BY key"
        );
        self.read_all(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(programme_id)).await
    }

    /// How many different holders paid in these months (`YYYY-MM`) or, with
    /// `by_wijk`, at businesses in these wijken (by name) together: the size
    /// of the group that hidden cells make up when they are subtracted out.
    pub async fn spending_payers_in(
        &self,
        programme_id: &str,
        by_wijk: bool,
        keys: &[String],
    ) -> Result<i64> {
        if keys.is_empty() {
            return Ok(0);
        }
        let marks: Vec<String> = (2..keys.len() + 2).map(|i| format!("${i}")).collect();
        let key = if by_wijk { "w.name" } else { "SUBSTR(t.posted_at, 1, 7)" };
        let sql = format!(
            "SELECT COUNT(DISTINCT h.account_id) {PAYMENT_ROWS} {OF_PROGRAMME} AND {key} IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(programme_id);
        for k in keys {
            q = q.bind(k);
        }
        Ok(q.fetch_one(&self.read).await?)
    }
}

/// Payments at businesses: `e` the business's entry (a credit: coins in), `h`
/// the paying holder's, `w` the wijk where the business is. Every spending
/// figure reads these same rows (a programme's with [`OF_PROGRAMME`], a
/// gemeente's wijken for the figures), so its tables share one total.
pub(crate) const PAYMENT_ROWS: &str = "FROM coin_transactions t
     JOIN coin_entries e ON e.transaction_id = t.id AND e.amount < 0
     JOIN coin_accounts a ON a.id = e.account_id AND a.kind = 'business'
     JOIN organisations o ON o.id = a.owner_id
     JOIN place_tree pt ON pt.descendant = o.place_code
     JOIN places w ON w.code = pt.ancestor AND w.level = 'wijk'
     JOIN coin_entries h ON h.transaction_id = t.id AND h.amount > 0
     JOIN coin_accounts ha ON ha.id = h.account_id AND ha.kind = 'holder'";

/// The payments of one programme (`$1`).
const OF_PROGRAMME: &str = "WHERE t.programme_id = $1 AND t.kind = 'payment'";
