//! The social coin's ledger: programmes, accounts and append-only entries.
//!
//! Split by concern:
//! - `accounts`: programmes, accounts, their history and totals (reads and
//!   settings; no money moves here);
//! - `requests`: every money-moving request (fund, issue, pay, gift, redeem,
//!   reverse, card holds, bulk issuance) turned into a [`postings::Plan`];
//! - `postings`: the one path that writes entries, [`Store::post_batch`];
//! - `batching`: the [`Ledger`] queue that gathers payments arriving at the
//!   same moment into one batch for `post_batch`;
//! - `beancount`: the export; `check`: the rules verified on stored data.
//!
//! Every entry is written by `post_batch`, one database transaction that
//! 1. replays the stored result when an idempotency key was seen before
//!    (and refuses the key when the request differs),
//! 2. locks every account it touches in id order (PostgreSQL `FOR UPDATE`;
//!    SQLite's single writer already serialises), so concurrent payments
//!    neither lose updates nor deadlock,
//! 3. checks each request's postings against the allow-list (the same
//!    function `coin check` uses), the programme's limits and every balance
//!    including open holds, against the balances the requests before it left,
//! 4. writes the transactions, one entry per posting with the balance before
//!    and after and the account's next version, and the new balances, with a
//!    version check on each account row as a second guard,
//! 5. stores each result under its idempotency key, in the same commit.
//!
//! A lone request is a batch of one. A refused request leaves no trace.

pub(crate) mod accounts;
mod batching;
mod beancount;
mod check;
mod postings;
mod requests;

pub use accounts::{BookEntry, Spending};

pub(crate) use batching::Ledger;

use crate::{Result, StoreError, int, text};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use wijkwerk_domain::coin::{
    AccountKind, Benefit, Limits, MAX_PIN_FAILURES, TransactionKind, code_from_bytes,
};
use wijkwerk_domain::{Invalid, Timestamp};

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

pub(super) const ACCOUNT_COLUMNS: &str = "id, programme_id, kind, owner_id, code, balance, held, version, active, \
     bonus_percent, bonus_cap, benefit_text, pin_hash, pin_failures";

pub(super) fn account_from(row: &crate::AnyRow) -> Result<Account> {
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

pub(super) fn programme_from(row: &crate::AnyRow) -> Result<Programme> {
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

pub(super) fn random_code(prefix: char, len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    code_from_bytes(prefix, &bytes)
}

/// The calendar day that per-day limits count in: Dutch civil time.
pub(super) fn limit_day(now: Timestamp) -> String {
    now.dutch_date()
}

pub(super) fn invalid(field: &str, code: &'static str) -> StoreError {
    StoreError::Invalid(Invalid::single(field, code))
}
