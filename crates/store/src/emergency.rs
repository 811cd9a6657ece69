//! The luisterloket's emergency budget: requests, the approvals that decide
//! them, and the budget's ledger (rules in `wijkwerk_domain::emergency`,
//! use cases in `wijkwerk_app::emergency`).
//!
//! Every approval passes through [`Store::approve_emergency`]: it locks the
//! request, reads the approvals it has, asks the four-eyes rule and, when
//! the request is decided, sets the money apart in the same transaction. A
//! creditor payment is recorded there too; coins go to the resident through
//! the coin ledger right after, under an idempotency key of the request, so
//! a payout that is retried issues once.

use crate::coin::{Idempotency, Posted};
use crate::initiatives::{EMERGENCY, Tx, ledger_totals, post, remember, replayed};
use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::emergency::{
    self as rules, Approval, Approver, Payout, Refusal, RequestInput, Standing,
};
use wijkwerk_domain::initiatives::{BudgetMove, BudgetTotals};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

/// A request as the luisterloket's professionals and the resident see it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyRequest {
    pub id: String,
    pub place_code: String,
    pub place_name: String,
    pub year: i64,
    /// Compared by the use cases, never sent: the name is what people see.
    #[serde(skip)]
    pub beneficiary_id: Option<String>,
    /// Empty when the resident was erased.
    pub beneficiary_name: String,
    #[serde(skip)]
    pub requester_id: Option<String>,
    pub requester_name: String,
    #[serde(skip)]
    pub requester_organisation: Option<String>,
    pub what: String,
    /// Cents.
    pub amount: i64,
    pub why: String,
    pub payout: String,
    pub creditor: String,
    /// `open`, `approved` (money set apart, coins on their way), `refused`, `paid`.
    pub status: String,
    pub requested_at: String,
    pub decided_at: Option<String>,
    pub refused_by_name: String,
    pub refusal_reason: String,
    pub coin_transaction_id: Option<String>,
    pub paid_at: Option<String>,
}

fn name(row: &AnyRow, col: &str) -> Result<String> {
    Ok(opt_text(row, col)?.unwrap_or_default())
}

from_row! { EmergencyRequest {
    id: text, place_code: text, place_name: text, year: int, beneficiary_id: opt_text, beneficiary_name: name,
    requester_id: opt_text, requester_name: name, requester_organisation: opt_text, what: text, amount: int,
    why: text, payout: text, creditor: text, status: text, requested_at: text, decided_at: opt_text,
    refused_by_name: name, refusal_reason: text, coin_transaction_id: opt_text, paid_at: opt_text,
} }

const COLUMNS: &str = "r.id, r.place_code, pl.name AS place_name, r.year, r.beneficiary_id, b.display_name AS beneficiary_name,
    r.requester_id, q.display_name AS requester_name, r.requester_organisation, r.what, r.amount, r.why, r.payout,
    r.creditor, r.status, r.requested_at, r.decided_at, f.display_name AS refused_by_name, r.refusal_reason,
    r.coin_transaction_id, r.paid_at
    FROM emergency_requests r JOIN places pl ON pl.code = r.place_code
    LEFT JOIN persons b ON b.id = r.beneficiary_id LEFT JOIN persons q ON q.id = r.requester_id
    LEFT JOIN persons f ON f.id = r.refused_by";

/// One approval as kept: bound to its request and amount.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRecord {
    #[serde(skip)]
    pub approver_id: String,
    /// Empty when the approver was erased.
    pub approver_name: String,
    #[serde(skip)]
    pub organisation_id: Option<String>,
    pub organisation: String,
    pub amount: i64,
    pub approved_at: String,
}
from_row! { ApprovalRecord {
    approver_id: text, approver_name: name, organisation_id: opt_text, organisation: name, amount: int,
    approved_at: text,
} }

/// A request the person is the resident of, or asked, for their export.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyRecord {
    pub request_id: String,
    pub place_code: String,
    /// `for-me` or `requested`.
    pub relation: String,
    pub what: String,
    pub amount: i64,
    pub status: String,
    pub requested_at: String,
}
from_row! { EmergencyRecord {
    request_id: text, place_code: text, relation: text, what: text, amount: int, status: text, requested_at: text,
} }

/// A wijk's emergency budget for one year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyBudget {
    pub year: i64,
    /// Above this many cents a third, independent approval is needed.
    pub third_above: i64,
    #[serde(flatten)]
    pub totals: BudgetTotals,
}

/// Who asks, as the store writes it down.
pub struct NewRequest<'a> {
    pub place_code: &'a str,
    pub year: i64,
    pub beneficiary_id: Option<&'a str>,
    pub requester_id: &'a str,
    pub requester_organisation: Option<&'a str>,
}

/// What became of an approval that was offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Kept; where the request stands now.
    Counted(Standing),
    /// The same request under the same idempotency key was done before.
    Replayed,
    /// Refused by the four-eyes rule; nothing was written.
    Refused(Refusal),
}

/// The key under which a request's coins are issued: one issuance per
/// request and amount, whoever triggers the payout and however often.
fn coin_key(request: &EmergencyRequest) -> Idempotency {
    Idempotency {
        actor_id: "emergency-budget".into(),
        key: request.id.clone(),
        request_hash: format!("{}:{}", request.id, request.amount),
    }
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    StoreError::Invalid(Invalid::single(field, code))
}

impl Store {
    /// The gemeente puts money in a wijk's emergency budget for a year and
    /// sets above which amount a third approval is needed.
    pub async fn allocate_emergency_budget(
        &self,
        place_code: &str,
        year: i64,
        amount: i64,
        third_above: i64,
        idem: Option<&Idempotency>,
    ) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let result = format!("emergency/{place_code}/{year}");
        if replayed(&mut tx, idem, &result).await? {
            return Ok(true);
        }
        sqlx::query(
            "INSERT INTO emergency_budgets (place_code, year, third_above) VALUES ($1, $2, $3)
             ON CONFLICT (place_code, year) DO UPDATE SET third_above = $3",
        )
        .bind(place_code)
        .bind(year)
        .bind(third_above)
        .execute(&mut *tx)
        .await?;
        post(&mut tx, EMERGENCY, place_code, year, BudgetMove::Allocate, None, amount, "", now).await?;
        remember(&mut tx, idem, &result, now).await?;
        tx.commit().await?;
        Ok(false)
    }

    /// A wijk's emergency budgets, newest year first.
    pub async fn emergency_budgets(&self, place_code: &str) -> Result<Vec<EmergencyBudget>> {
        let thresholds: Vec<(i64, i64)> =
            sqlx::query_as("SELECT year, third_above FROM emergency_budgets WHERE place_code = $1")
                .bind(place_code)
                .fetch_all(&self.read)
                .await?;
        let totals = ledger_totals(self, EMERGENCY, place_code).await?;
        let mut budgets: Vec<EmergencyBudget> = thresholds
            .into_iter()
            .map(|(year, third_above)| EmergencyBudget {
                year,
                third_above,
                totals: totals.iter().find(|t| t.0 == year).map(|t| t.1).unwrap_or_default(),
            })
            .collect();
        budgets.sort_by(|a, b| b.year.cmp(&a.year));
        Ok(budgets)
    }

    /// For follow the money: each wijk's emergency budget in the gemeente per
    /// year, with how many requests were paid (so a small number can be
    /// hidden): `(wijk, year, allocated, paid, paid requests)`.
    pub async fn emergency_money_per_wijk(
        &self,
        gemeente: &str,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>> {
        let wijken: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT b.place_code FROM emergency_budgets b JOIN place_tree t ON t.descendant = b.place_code
             WHERE t.ancestor = $1",
        )
        .bind(gemeente)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for wijk in wijken {
            let counts: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT year, COUNT(*) FROM emergency_requests WHERE place_code = $1 AND status = 'paid' GROUP BY year",
            )
            .bind(&wijk)
            .fetch_all(&self.read)
            .await?;
            for b in self.emergency_budgets(&wijk).await? {
                let n = counts.iter().find(|c| c.0 == b.year).map(|c| c.1).unwrap_or(0);
                out.push((wijk.clone(), b.year, b.totals.allocated, b.totals.paid, n));
            }
        }
        Ok(out)
    }

    /// Writes a request down; the wijk must have a budget for the year.
    pub async fn request_emergency(
        &self,
        who: &NewRequest<'_>,
        input: &RequestInput,
        now: Timestamp,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let budget: Option<i64> =
            sqlx::query_scalar("SELECT year FROM emergency_budgets WHERE place_code = $1 AND year = $2")
                .bind(who.place_code)
                .bind(who.year)
                .fetch_optional(&mut *tx)
                .await?;
        if budget.is_none() {
            return Err(invalid("amount", "emergency-budget-none"));
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO emergency_requests (id, place_code, year, beneficiary_id, requester_id, requester_organisation,
             what, amount, why, payout, creditor, status, requested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12)",
        )
        .bind(&id)
        .bind(who.place_code)
        .bind(who.year)
        .bind(who.beneficiary_id)
        .bind(who.requester_id)
        .bind(who.requester_organisation)
        .bind(&input.what)
        .bind(input.amount)
        .bind(&input.why)
        .bind(input.payout.as_str())
        .bind(&input.creditor)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn emergency_request(&self, id: &str) -> Result<Option<EmergencyRequest>> {
        self.one_where(format!("SELECT {COLUMNS} WHERE r.id = $1"), id).await
    }

    /// Requests at the place and inside it, newest first.
    pub async fn emergency_requests_under(&self, ancestor: &str) -> Result<Vec<EmergencyRequest>> {
        self.all_where(
            format!(
                "SELECT {COLUMNS} JOIN place_tree t ON t.descendant = r.place_code
                 WHERE t.ancestor = $1 ORDER BY r.requested_at DESC, r.id"
            ),
            ancestor,
        )
        .await
    }

    /// Requests for the resident, newest first.
    pub async fn emergency_requests_for(&self, beneficiary_id: &str) -> Result<Vec<EmergencyRequest>> {
        self.all_where(
            format!("SELECT {COLUMNS} WHERE r.beneficiary_id = $1 ORDER BY r.requested_at DESC, r.id"),
            beneficiary_id,
        )
        .await
    }

    /// The approvals a request has, oldest first (void ones included).
    pub async fn emergency_approvals(&self, request_id: &str) -> Result<Vec<ApprovalRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT a.approver_id, p.display_name AS approver_name, a.organisation AS organisation_id,
                 o.name AS organisation, a.amount, a.approved_at
                 FROM emergency_approvals a LEFT JOIN persons p ON p.id = a.approver_id
                 LEFT JOIN organisations o ON o.id = a.organisation
                 WHERE a.request_id = $1 ORDER BY a.approved_at, a.approver_id",
            )
            .bind(request_id),
        )
        .await
    }

    /// The organisation of the person's role at the place or above it
    /// (the nearest one that names an organisation), for the four eyes.
    pub async fn organisation_at(
        &self,
        person_id: &str,
        place_code: &str,
        roles: &[&str],
    ) -> Result<Option<String>> {
        let list = roles.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", ");
        let found: Option<Option<String>> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT r.organisation_id FROM role_assignments r JOIN place_tree t ON t.ancestor = r.place_code
             WHERE r.person_id = $1 AND t.descendant = $2 AND r.role IN ({list}) AND r.organisation_id IS NOT NULL
             ORDER BY t.depth, r.organisation_id LIMIT 1"
        )))
        .bind(person_id)
        .bind(place_code)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.flatten())
    }

    /// The one place every approval passes. Under the request's lock: the
    /// four-eyes rule over the approvals it has; a refusal writes nothing.
    /// When the approval decides the request, the money is set apart (and a
    /// creditor payment recorded) in the same transaction; a budget too
    /// small refuses the approval as a whole.
    pub async fn approve_emergency(
        &self,
        request_id: &str,
        approver: &Approver,
        amount: i64,
        now: Timestamp,
        idem: Option<&Idempotency>,
    ) -> Result<Outcome> {
        let mut tx = self.begin_write().await?;
        let done = format!("emergency-approval/{request_id}");
        if replayed(&mut tx, idem, &done).await? {
            return Ok(Outcome::Replayed);
        }
        // The lock: a second approval at the same moment waits here and then
        // sees this one.
        let locked = sqlx::query("UPDATE emergency_requests SET id = id WHERE id = $1")
            .bind(request_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if locked == 0 {
            return Err(StoreError::NotFound);
        }
        let row: (String, i64, Option<String>, Option<String>, i64, String, String, i64) = sqlx::query_as(
            "SELECT r.place_code, r.year, r.requester_id, r.requester_organisation, r.amount, r.status, r.payout,
             b.third_above FROM emergency_requests r
             JOIN emergency_budgets b ON b.place_code = r.place_code AND b.year = r.year WHERE r.id = $1",
        )
        .bind(request_id)
        .fetch_one(&mut *tx)
        .await?;
        let (place, year, requester, requester_org, asked, status, payout, third_above) = row;
        if status != "open" {
            return Ok(Outcome::Refused(Refusal::Decided));
        }
        let request = rules::Request {
            id: request_id.into(),
            requester_id: requester.unwrap_or_default(),
            requester_organisation: requester_org,
            amount: asked,
        };
        let earlier = approvals_in(&mut tx, request_id).await?;
        let new = Approval { request_id: request_id.into(), amount, approver: approver.clone() };
        let standing = match rules::approve(&request, &earlier, &new, third_above) {
            Ok(s) => s,
            Err(refusal) => return Ok(Outcome::Refused(refusal)),
        };
        sqlx::query(
            "INSERT INTO emergency_approvals (request_id, approver_id, organisation, amount, approved_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(request_id)
        .bind(&approver.person_id)
        .bind(&approver.organisation)
        .bind(amount)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await?;
        if standing == Standing::Approved {
            post(&mut tx, EMERGENCY, &place, year, BudgetMove::Grant, Some(request_id), asked, "", now)
                .await
                .map_err(|e| match e {
                    StoreError::Invalid(_) => invalid("amount", "emergency-budget-too-small"),
                    other => other,
                })?;
            let creditor = payout == Payout::Creditor.as_str();
            sqlx::query(
                "UPDATE emergency_requests SET status = $1, decided_at = $2, paid_at = $3 WHERE id = $4",
            )
            .bind(if creditor { "paid" } else { "approved" })
            .bind(now.to_rfc3339())
            .bind(creditor.then(|| now.to_rfc3339()))
            .bind(request_id)
            .execute(&mut *tx)
            .await?;
            if creditor {
                post(&mut tx, EMERGENCY, &place, year, BudgetMove::Pay, Some(request_id), asked, "", now)
                    .await?;
            }
        }
        remember(&mut tx, idem, &done, now).await?;
        tx.commit().await?;
        Ok(Outcome::Counted(standing))
    }

    /// Issues an approved request's coins to the resident and records the
    /// payment. Safe to run again: the coin ledger replays the issuance under
    /// the request's key, and only the first run moves the budget.
    pub async fn pay_emergency_in_coin(
        &self,
        request_id: &str,
        programme_id: &str,
    ) -> Result<Option<Posted>> {
        let Some(r) = self.emergency_request(request_id).await? else { return Err(StoreError::NotFound) };
        if r.status != "approved" || r.payout != Payout::Coin.as_str() {
            return Ok(None);
        }
        let Some(beneficiary) = r.beneficiary_id.as_deref() else {
            return Err(StoreError::Conflict("emergency-no-resident"));
        };
        let memo = format!("Noodbudget: {}", r.what);
        let posted =
            self.issue_coins(programme_id, beneficiary, r.amount, &memo, None, Some(&coin_key(&r))).await?;
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE emergency_requests SET status = 'paid', paid_at = $1, coin_transaction_id = $2
             WHERE id = $3 AND status = 'approved'",
        )
        .bind(now.to_rfc3339())
        .bind(&posted.receipt.transaction_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            post(
                &mut tx,
                EMERGENCY,
                &r.place_code,
                r.year,
                BudgetMove::Pay,
                Some(request_id),
                r.amount,
                "",
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(posted))
    }

    /// Refuses an open request with a reason the resident reads.
    pub async fn refuse_emergency(
        &self,
        request_id: &str,
        by: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE emergency_requests SET status = 'refused', refused_by = $1, refusal_reason = $2, decided_at = $3
             WHERE id = $4 AND status = 'open'",
        )
        .bind(by)
        .bind(reason)
        .bind(now.to_rfc3339())
        .bind(request_id)
        .execute(&self.write)
        .await?
        .rows_affected();
        if n == 0 { Err(StoreError::Conflict("emergency-decided")) } else { Ok(()) }
    }

    /// The requester changes the amount of an open request; the approvals
    /// given for the old amount no longer count.
    pub async fn change_emergency_amount(&self, request_id: &str, amount: i64) -> Result<()> {
        let n = sqlx::query("UPDATE emergency_requests SET amount = $1 WHERE id = $2 AND status = 'open'")
            .bind(amount)
            .bind(request_id)
            .execute(&self.write)
            .await?
            .rows_affected();
        if n == 0 { Err(StoreError::Conflict("emergency-decided")) } else { Ok(()) }
    }

    /// Past their retention: requests of years before `from_year` keep their
    /// amount, year and outcome (the books need them) but lose what they
    /// were for and whom they named. How many were stripped.
    pub async fn strip_emergency_requests_before(&self, from_year: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE emergency_requests SET what = '', why = '', creditor = '', refusal_reason = '',
             beneficiary_id = NULL, requester_id = NULL, refused_by = NULL
             WHERE year < $1 AND (what <> '' OR beneficiary_id IS NOT NULL OR requester_id IS NOT NULL)",
        )
        .bind(from_year)
        .execute(&self.write)
        .await?
        .rows_affected())
    }

    /// What the person's export shows: requests for them and those they asked.
    pub async fn emergency_records_of(&self, person_id: &str) -> Result<Vec<EmergencyRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT id AS request_id, place_code, 'for-me' AS relation, what, amount, status, requested_at
                 FROM emergency_requests WHERE beneficiary_id = $1
                 UNION ALL
                 SELECT id, place_code, 'requested', what, amount, status, requested_at
                 FROM emergency_requests WHERE requester_id = $1
                 ORDER BY requested_at",
            )
            .bind(person_id),
        )
        .await
    }
}

/// The approvals kept so far, as the four-eyes rule reads them.
async fn approvals_in(tx: &mut Tx, request_id: &str) -> Result<Vec<Approval>> {
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT approver_id, organisation, amount FROM emergency_approvals WHERE request_id = $1 ORDER BY approved_at",
    )
    .bind(request_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(person_id, organisation, amount)| Approval {
            request_id: request_id.into(),
            amount,
            // Kept approvals were checked as professionals when they came.
            approver: Approver { person_id, organisation, professional: true },
        })
        .collect())
}
