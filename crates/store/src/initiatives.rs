//! Initiatives, their supporters and the wijkbudget's ledger (rules in
//! `wijkwerk_domain::initiatives`, use cases in `wijkwerk_app::initiatives`).
//!
//! Every change of money goes through [`post`]: it takes the budget's row
//! lock, refuses to take more from an account than it holds, and writes one
//! movement with its two postings, in the caller's transaction, so a
//! decision and its grant (or an account and its return) land together or
//! not at all.

use crate::coin::Idempotency;
use crate::rows::{Membership, from_row};
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::initiatives::{
    AVAILABLE, AccountInput, BudgetMove, BudgetTotals, DecisionInput, GEMEENTE, InitiativeInput, OnTimeout,
    Route, Verdict, WijkRules,
};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Initiative {
    pub id: String,
    pub place_code: String,
    pub place_name: String,
    pub title: String,
    pub description: String,
    pub needs: Vec<String>,
    pub needs_note: String,
    /// Cents asked.
    pub amount: i64,
    pub group_name: String,
    /// Never shown: the use cases compare it with the viewer.
    #[serde(skip)]
    pub submitted_by: Option<String>,
    pub submitted_at: String,
    pub route: String,
    pub due_at: String,
    pub on_timeout: String,
    pub status: String,
    pub escalated_at: Option<String>,
    pub decided_at: Option<String>,
    /// Nobody decided in time and the rules approved it.
    pub by_default: bool,
    pub reason: String,
    /// Cents granted.
    pub granted: i64,
    pub budget_year: Option<i64>,
    pub paid_at: Option<String>,
    pub report: String,
    pub spent: Option<i64>,
    pub accounted_at: Option<String>,
    /// Cents of the grant the group keeps for next year (where the rules allow).
    pub kept: i64,
    /// Neighbours who support it online, and on paper.
    pub supporters: i64,
    pub paper_support: i64,
}

fn list(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    Ok(text(row, col)?.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
}

fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    Ok(crate::int(row, col)? != 0)
}

fn opt_int(row: &AnyRow, col: &str) -> Result<Option<i64>> {
    use sqlx::Row;
    Ok(row.try_get::<Option<i64>, _>(col)?)
}

from_row! { Initiative {
    id: text, place_code: text, place_name: text, title: text, description: text, needs: list, needs_note: text,
    amount: int, group_name: text, submitted_by: opt_text, submitted_at: text, route: text, due_at: text,
    on_timeout: text, status: text, escalated_at: opt_text, decided_at: opt_text, by_default: flag, reason: text,
    granted: int, budget_year: opt_int, paid_at: opt_text, report: text, spent: opt_int,
    accounted_at: opt_text, kept: int, supporters: int, paper_support: int,
} }

const COLUMNS: &str = "i.id, i.place_code, p.name AS place_name, i.title, i.description, i.needs, i.needs_note,
    i.amount, i.group_name, i.submitted_by, i.submitted_at, i.route, i.due_at, i.on_timeout, i.status,
    i.escalated_at, i.decided_at, i.by_default, i.reason, i.granted, i.budget_year, i.paid_at, i.report, i.spent,
    i.accounted_at, i.kept, (SELECT COUNT(*) FROM initiative_supporters s WHERE s.initiative_id = i.id) AS supporters,
    i.paper_support";

/// A person's own initiatives and support, as their export shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiativeRecord {
    pub initiative_id: String,
    pub title: String,
    pub place_code: String,
    /// `submitted` or `supported`.
    pub relation: String,
    pub at: String,
}
from_row! { InitiativeRecord { initiative_id: text, title: text, place_code: text, relation: text, at: text } }

/// One line of the wijkbudget's ledger.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Movement {
    pub id: String,
    pub year: i64,
    pub kind: String,
    pub initiative_id: Option<String>,
    pub initiative: Option<String>,
    pub amount: i64,
    pub memo: String,
    pub created_at: String,
}
from_row! { Movement {
    id: text, year: int, kind: text, initiative_id: opt_text, initiative: opt_text, amount: int,
    memo: text, created_at: text,
} }

fn invalid(field: &str, code: &'static str) -> StoreError {
    StoreError::Invalid(Invalid::single(field, code))
}

impl Store {
    /// The wijk's rules, or `None` when it has the standard ones.
    pub async fn initiative_rules(&self, place_code: &str) -> Result<Option<WijkRules>> {
        let row = sqlx::query(
            "SELECT small_limit, small_days, large_days, on_timeout, eligible, accounting, groups_may_save
             FROM initiative_rules WHERE place_code = $1",
        )
        .bind(place_code)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(WijkRules {
                small_limit: int(&r, "small_limit")?,
                small_days: int(&r, "small_days")?.max(1) as u32,
                large_days: int(&r, "large_days")?.max(1) as u32,
                on_timeout: OnTimeout::parse(&text(&r, "on_timeout")?).unwrap_or(OnTimeout::Escalate),
                eligible: text(&r, "eligible")?,
                accounting: text(&r, "accounting")?,
                groups_may_save: flag(&r, "groups_may_save")?,
            })
        })
        .transpose()
    }

    pub async fn set_initiative_rules(&self, place_code: &str, r: &WijkRules) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM initiative_rules WHERE place_code = $1")
            .bind(place_code)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO initiative_rules (place_code, small_limit, small_days, large_days, on_timeout, eligible,
                 accounting, groups_may_save, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(place_code)
        .bind(r.small_limit)
        .bind(i64::from(r.small_days))
        .bind(i64::from(r.large_days))
        .bind(r.on_timeout.as_str())
        .bind(&r.eligible)
        .bind(&r.accounting)
        .bind(i64::from(r.groups_may_save))
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new initiative on its route, with the time its decision is due.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit_initiative(
        &self,
        place_code: &str,
        i: &InitiativeInput,
        by: &str,
        submitted_at: Timestamp,
        route: Route,
        due_at: Timestamp,
        on_timeout: OnTimeout,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO initiatives (id, place_code, title, description, needs, needs_note, amount, group_name,
                 submitted_by, submitted_at, route, due_at, on_timeout, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted')",
        )
        .bind(&id)
        .bind(place_code)
        .bind(&i.title)
        .bind(&i.description)
        .bind(i.needs.join(","))
        .bind(&i.needs_note)
        .bind(i.amount)
        .bind(&i.group_name)
        .bind(by)
        .bind(submitted_at.to_rfc3339())
        .bind(route.as_str())
        .bind(due_at.to_rfc3339())
        .bind(on_timeout.as_str())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// The initiatives at a place and inside it, newest first.
    pub async fn initiatives_under(&self, ancestor: &str) -> Result<Vec<Initiative>> {
        self.all_where(format!(
                "SELECT {COLUMNS} FROM place_tree t JOIN initiatives i ON i.place_code = t.descendant
                 JOIN places p ON p.code = i.place_code WHERE t.ancestor = $1 ORDER BY i.submitted_at DESC, i.id"
            ), ancestor)
        .await
    }

    pub async fn initiative(&self, id: &str) -> Result<Option<Initiative>> {
        self.one_where(
            format!(
                "SELECT {COLUMNS} FROM initiatives i JOIN places p ON p.code = i.place_code WHERE i.id = $1"
            ),
            id,
        )
        .await
    }

    /// Open initiatives whose clock ran out at `now`, oldest due first.
    pub async fn overdue_initiatives(&self, now: Timestamp) -> Result<Vec<Initiative>> {
        self.all_where(
            format!(
                "SELECT {COLUMNS} FROM initiatives i JOIN places p ON p.code = i.place_code
                 WHERE i.status = 'submitted' AND i.due_at <= $1 ORDER BY i.due_at, i.id"
            ),
            &now.to_rfc3339(),
        )
        .await
    }

    pub async fn supports(&self, initiative_id: &str, person_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM initiative_supporters WHERE initiative_id = $1 AND person_id = $2",
        )
        .bind(initiative_id)
        .bind(person_id)
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }

    /// Adds or withdraws the person's support; doing it twice changes nothing.
    pub async fn set_support(&self, initiative_id: &str, person_id: &str, support: bool) -> Result<()> {
        const MEMBERS: Membership = Membership {
            table: "initiative_supporters",
            group_column: "initiative_id",
            since_column: "supported_at",
        };
        self.set_member(&MEMBERS, initiative_id, person_id, support).await
    }

    /// Signatures from paper, added to the count (one statement, so two
    /// wijkwerkers entering sheets at once both count).
    pub async fn add_paper_support(&self, initiative_id: &str, count: u32) -> Result<()> {
        sqlx::query("UPDATE initiatives SET paper_support = paper_support + $1 WHERE id = $2")
            .bind(i64::from(count))
            .bind(initiative_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Decides an open initiative: the status changes only from open, so two
    /// deciders cannot both decide (the second gets `initiative-decided`),
    /// and an approval with money sets it apart in the wijkbudget of `year`
    /// in the same transaction (refused when the budget cannot carry it).
    pub async fn decide_initiative(
        &self,
        id: &str,
        d: &DecisionInput,
        by: Option<&str>,
        year: i32,
        now: Timestamp,
        idem: Option<&Idempotency>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if replayed(&mut tx, idem, id).await? {
            return Ok(true);
        }
        let approve = d.verdict == Verdict::Approve;
        let changed = sqlx::query(
            "UPDATE initiatives SET status = $1, decided_at = $2, decided_by = $3, by_default = $4, reason = $5,
                 granted = $6, budget_year = $7
             WHERE id = $8 AND status IN ('submitted', 'escalated')",
        )
        .bind(if approve { "approved" } else { "rejected" })
        .bind(now.to_rfc3339())
        .bind(by)
        .bind(i64::from(by.is_none()))
        .bind(&d.reason)
        .bind(d.amount)
        .bind((approve && d.amount > 0).then_some(i64::from(year)))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("initiative-decided"));
        }
        if approve && d.amount > 0 {
            let place: String = sqlx::query_scalar("SELECT place_code FROM initiatives WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            post(
                &mut tx,
                WIJKBUDGET,
                &place,
                i64::from(year),
                BudgetMove::Grant,
                Some(id),
                d.amount,
                "",
                now,
            )
            .await?;
        }
        remember(&mut tx, idem, id, now).await?;
        tx.commit().await?;
        Ok(false)
    }

    /// Sends an open initiative to the gemeente when its clock ran out.
    /// Whether it was still open.
    pub async fn escalate_initiative(&self, id: &str, now: Timestamp) -> Result<bool> {
        let n = sqlx::query("UPDATE initiatives SET status = 'escalated', escalated_at = $1 WHERE id = $2 AND status = 'submitted'")
            .bind(now.to_rfc3339())
            .bind(id)
            .execute(&self.write)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Records that the grant went to the group.
    pub async fn pay_initiative(&self, id: &str, now: Timestamp, idem: Option<&Idempotency>) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if replayed(&mut tx, idem, id).await? {
            return Ok(true);
        }
        let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT place_code, granted, budget_year FROM initiatives WHERE id = $1 AND status = 'approved'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((place, granted, Some(year))) = row.filter(|r| r.1 > 0) else {
            return Err(StoreError::Conflict("initiative-not-payable"));
        };
        let n = sqlx::query(
            "UPDATE initiatives SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'approved'",
        )
        .bind(now.to_rfc3339())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Conflict("initiative-not-payable"));
        }
        post(&mut tx, WIJKBUDGET, &place, year, BudgetMove::Pay, Some(id), granted, "", now).await?;
        remember(&mut tx, idem, id, now).await?;
        tx.commit().await?;
        Ok(false)
    }

    /// The group's account afterwards; what it did not spend returns to the
    /// budget it came from.
    pub async fn account_initiative(
        &self,
        id: &str,
        a: &AccountInput,
        now: Timestamp,
        idem: Option<&Idempotency>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if replayed(&mut tx, idem, id).await? {
            return Ok(true);
        }
        let row: Option<(String, i64, Option<i64>, String)> =
            sqlx::query_as("SELECT place_code, granted, budget_year, status FROM initiatives WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((place, granted, year, status)) = row else { return Err(StoreError::NotFound) };
        // Money is accounted for once it was paid; an idea without money once approved.
        let ready = status == "paid" || (status == "approved" && granted == 0);
        if !ready {
            return Err(StoreError::Conflict("initiative-not-accountable"));
        }
        if a.spent > granted {
            return Err(invalid("spent", "more-than-paid"));
        }
        let kept = if a.keep { granted - a.spent } else { 0 };
        sqlx::query(
            "UPDATE initiatives SET status = 'accounted', report = $1, spent = $2, accounted_at = $3, kept = $4
             WHERE id = $5 AND status = $6",
        )
        .bind(&a.report)
        .bind(a.spent)
        .bind(now.to_rfc3339())
        .bind(kept)
        .bind(id)
        .bind(&status)
        .execute(&mut *tx)
        .await?;
        // What the group keeps stays paid out (it is in the group's hands);
        // the rest comes back to the budget it left.
        if let Some(year) = year.filter(|_| granted > a.spent && !a.keep) {
            post(&mut tx, WIJKBUDGET, &place, year, BudgetMove::Return, Some(id), granted - a.spent, "", now)
                .await?;
        }
        remember(&mut tx, idem, id, now).await?;
        tx.commit().await?;
        Ok(false)
    }

    /// The gemeente puts money in a wijk's budget for a year.
    pub async fn allocate_budget(
        &self,
        place_code: &str,
        year: i32,
        amount: i64,
        memo: &str,
        idem: Option<&Idempotency>,
    ) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let result = format!("{place_code}/{year}");
        if replayed(&mut tx, idem, &result).await? {
            return Ok(true);
        }
        sqlx::query("INSERT INTO wijkbudgets (place_code, year) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(place_code)
            .bind(i64::from(year))
            .execute(&mut *tx)
            .await?;
        post(&mut tx, WIJKBUDGET, place_code, i64::from(year), BudgetMove::Allocate, None, amount, memo, now)
            .await?;
        remember(&mut tx, idem, &result, now).await?;
        tx.commit().await?;
        Ok(false)
    }

    /// A wijk's budget per year, newest year first.
    pub async fn budget_totals(&self, place_code: &str) -> Result<Vec<(i64, BudgetTotals)>> {
        ledger_totals(self, WIJKBUDGET, place_code).await
    }

    /// The ledger of a wijk's budget, newest first.
    pub async fn budget_movements(&self, place_code: &str) -> Result<Vec<Movement>> {
        self.read_all(
            sqlx::query(
                "SELECT m.id, m.year, m.kind, m.initiative_id, i.title AS initiative, m.amount, m.memo, m.created_at
                 FROM budget_movements m LEFT JOIN initiatives i ON i.id = m.initiative_id
                 WHERE m.place_code = $1 ORDER BY m.created_at DESC, m.id DESC",
            )
            .bind(place_code),
        )
        .await
    }

    /// The ledger's own check over every wijkbudget and emergency budget.
    pub async fn check_budgets(&self) -> Result<Vec<String>> {
        let mut problems = check_ledger(self, WIJKBUDGET).await?;
        problems.extend(check_ledger(self, EMERGENCY).await?.into_iter().map(|p| format!("emergency {p}")));
        Ok(problems)
    }

    /// Whether this money-moving request was done before under its key
    /// (a key reused for another request is refused), so a retry can be
    /// answered before any rule about the state it left is applied.
    pub async fn budget_request_done(&self, idem: Option<&Idempotency>, result: &str) -> Result<bool> {
        let mut tx = self.read.begin().await?;
        let done = replayed(&mut tx, idem, result).await;
        tx.rollback().await?;
        done
    }

    /// What the person submitted and supports, for "Mijn gegevens".
    pub async fn initiatives_of(&self, person_id: &str) -> Result<Vec<InitiativeRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT id AS initiative_id, title, place_code, 'submitted' AS relation, submitted_at AS at
                 FROM initiatives WHERE submitted_by = $1
                 UNION ALL
                 SELECT i.id, i.title, i.place_code, 'supported', s.supported_at
                 FROM initiative_supporters s JOIN initiatives i ON i.id = s.initiative_id WHERE s.person_id = $1
                 ORDER BY at",
            )
            .bind(person_id),
        )
        .await
    }
}

/// Whether this request was done before under its key (then nothing is
/// written again); a key reused for another request is refused.
pub(crate) async fn replayed(tx: &mut Tx, idem: Option<&Idempotency>, result: &str) -> Result<bool> {
    let Some(idem) = idem else { return Ok(false) };
    let stored: Option<(String, String)> = sqlx::query_as(
        "SELECT request_hash, result FROM budget_idempotency WHERE actor_id = $1 AND key = $2",
    )
    .bind(&idem.actor_id)
    .bind(&idem.key)
    .fetch_optional(&mut **tx)
    .await?;
    match stored {
        None => Ok(false),
        Some((hash, stored)) if hash == idem.request_hash && stored == result => Ok(true),
        Some(_) => Err(StoreError::Conflict("idempotency-key-reused")),
    }
}

pub(crate) async fn remember(
    tx: &mut Tx,
    idem: Option<&Idempotency>,
    result: &str,
    now: Timestamp,
) -> Result<()> {
    let Some(idem) = idem else { return Ok(()) };
    sqlx::query(
        "INSERT INTO budget_idempotency (actor_id, key, request_hash, result, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&idem.actor_id)
    .bind(&idem.key)
    .bind(&idem.request_hash)
    .bind(result)
    .bind(now.to_rfc3339())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Which of the two budget ledgers of the same shape a movement goes into:
/// the wijkbudget for initiatives, or the luisterloket's emergency budget.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ledger {
    /// The table with one row (the lock) per wijk and year.
    budgets: &'static str,
    movements: &'static str,
    postings: &'static str,
    /// The column naming what a movement is for (an initiative, a request).
    subject: &'static str,
}

pub(crate) const WIJKBUDGET: Ledger = Ledger {
    budgets: "wijkbudgets",
    movements: "budget_movements",
    postings: "budget_postings",
    subject: "initiative_id",
};

pub(crate) const EMERGENCY: Ledger = Ledger {
    budgets: "emergency_budgets",
    movements: "emergency_movements",
    postings: "emergency_postings",
    subject: "request_id",
};

/// The one way money moves in a budget ledger: lock the budget, check that
/// the account money leaves holds enough (per initiative or request for its
/// own grant and payment), write the movement and its two postings.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn post(
    tx: &mut Tx,
    ledger: Ledger,
    place_code: &str,
    year: i64,
    kind: BudgetMove,
    subject: Option<&str>,
    amount: i64,
    memo: &str,
    now: Timestamp,
) -> Result<String> {
    let Ledger { budgets, movements, postings: posting_table, subject: subject_col } = ledger;
    if amount <= 0 {
        return Err(invalid("amount", "amount-positive"));
    }
    let locked = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE {budgets} SET movements = movements + 1 WHERE place_code = $1 AND year = $2"
    )))
    .bind(place_code)
    .bind(year)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if locked == 0 {
        return Err(invalid("amount", "budget-none"));
    }
    let postings = kind.postings(amount);
    let (from, _) = postings[0];
    if from != GEMEENTE {
        // The shared pot is per budget; what is set apart or paid, per subject.
        let per_subject = if from == AVAILABLE { None } else { subject };
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM {posting_table} p JOIN {movements} m
             ON m.id = p.movement_id WHERE m.place_code = $1 AND m.year = $2 AND p.account = $3"
        );
        let held: i64 = match per_subject {
            None => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(place_code)
                    .bind(year)
                    .bind(from)
                    .fetch_one(&mut **tx)
                    .await?
            }
            Some(i) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("{sql} AND m.{subject_col} = $4")))
                    .bind(place_code)
                    .bind(year)
                    .bind(from)
                    .bind(i)
                    .fetch_one(&mut **tx)
                    .await?
            }
        };
        if held < amount {
            return Err(invalid("amount", "budget-too-small"));
        }
    }
    let id = new_id();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {movements} (id, place_code, year, kind, {subject_col}, amount, memo, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )))
    .bind(&id)
    .bind(place_code)
    .bind(year)
    .bind(kind.as_str())
    .bind(subject)
    .bind(amount)
    .bind(memo)
    .bind(now.to_rfc3339())
    .execute(&mut **tx)
    .await?;
    for (account, value) in postings {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {posting_table} (movement_id, account, amount) VALUES ($1, $2, $3)"
        )))
        .bind(&id)
        .bind(account)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// A ledger's totals for one wijk per year, newest year first.
pub(crate) async fn ledger_totals(
    store: &Store,
    ledger: Ledger,
    place_code: &str,
) -> Result<Vec<(i64, BudgetTotals)>> {
    let Ledger { movements, postings, .. } = ledger;
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.year, p.account, CAST(SUM(p.amount) AS BIGINT) FROM {postings} p JOIN {movements} m ON m.id = p.movement_id
         WHERE m.place_code = $1 GROUP BY m.year, p.account ORDER BY m.year DESC"
    )))
    .bind(place_code)
    .fetch_all(&store.read)
    .await?;
    let returned: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT year, CAST(SUM(amount) AS BIGINT) FROM {movements} WHERE place_code = $1 AND kind = 'return' GROUP BY year"
    )))
    .bind(place_code)
    .fetch_all(&store.read)
    .await?;
    let mut years: Vec<i64> = rows.iter().map(|r| r.0).collect();
    years.dedup();
    Ok(years
        .into_iter()
        .map(|y| {
            let balances: Vec<(String, i64)> =
                rows.iter().filter(|r| r.0 == y).map(|r| (r.1.clone(), r.2)).collect();
            let back = returned.iter().filter(|r| r.0 == y).map(|r| r.1).sum();
            (y, BudgetTotals::from_balances(&balances, back))
        })
        .collect())
}

/// The ledger's own check: each movement is two postings that sum to zero,
/// and no account but the gemeente's is below zero. Each problem in a line.
pub(crate) async fn check_ledger(store: &Store, ledger: Ledger) -> Result<Vec<String>> {
    let Ledger { movements, postings, .. } = ledger;
    let mut problems = Vec::new();
    let bad: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.id, COUNT(p.account), CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM {movements} m
         LEFT JOIN {postings} p ON p.movement_id = m.id GROUP BY m.id
         HAVING COUNT(p.account) <> 2 OR CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) <> 0"
    )))
    .fetch_all(&store.read)
    .await?;
    problems
        .extend(bad.into_iter().map(|(id, n, sum)| format!("movement {id}: {n} postings summing to {sum}")));
    let negative: Vec<(String, i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.place_code, m.year, p.account, CAST(SUM(p.amount) AS BIGINT) FROM {postings} p
         JOIN {movements} m ON m.id = p.movement_id WHERE p.account <> $1
         GROUP BY m.place_code, m.year, p.account HAVING SUM(p.amount) < 0"
    )))
    .bind(GEMEENTE)
    .fetch_all(&store.read)
    .await?;
    problems.extend(negative.into_iter().map(|(p, y, a, s)| format!("{p} {y} {a}: {s} below zero")));
    Ok(problems)
}
