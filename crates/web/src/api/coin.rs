//! `/api/v1/coin/…`: the social coin. The gemeente creates and funds
//! programmes and issues coins; holders pay businesses; businesses redeem.
//!
//! Every money-moving request needs an `Idempotency-Key` header: a retry with
//! the same key and body gets the stored result (header
//! `Idempotent-Replayed: true`), the same key with another body gets 409.

use super::{ApiResult, JsonObject, Keyed, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::coin::{self as use_case, PayFrom, Recipient};
use wijkwerk_domain::Invalid;
use wijkwerk_domain::coin::{AccountKind, Benefit, Limits, ProgrammeInput};
use wijkwerk_store::coin::{Account, Entry, Posted, Programme, ProgrammeTotals};

/// An amount in cents: present and a whole number. Its range is the use case's to check.
fn amount(body: &JsonObject, invalid: &mut Invalid) -> i64 {
    match body.0.get("amount") {
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64().expect("checked"),
        None | Some(Value::Null) => {
            invalid.add("amount", "required");
            1
        }
        _ => {
            invalid.add("amount", "amount-cents");
            1
        }
    }
}

fn text_field(body: &JsonObject, name: &str, max: usize, invalid: &mut Invalid) -> String {
    match body.0.get(name) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if s.chars().count() <= max => s.clone(),
        Some(Value::String(_)) => {
            invalid.add(name, "too-long");
            String::new()
        }
        Some(_) => {
            invalid.add(name, "not-text");
            String::new()
        }
    }
}

fn posted(p: Posted) -> Response {
    let mut res = created(&p.receipt);
    if p.replayed {
        res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitsBody {
    max_balance: Option<i64>,
    max_payment: Option<i64>,
    max_per_day: Option<i64>,
    holders_may_pay_each_other: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalsBody {
    escrow: i64,
    unissued: i64,
    holders: i64,
    businesses: i64,
    holder_count: i64,
    business_count: i64,
    funded: i64,
    issued: i64,
    paid: i64,
    redeemed: i64,
}

impl From<&ProgrammeTotals> for TotalsBody {
    fn from(t: &ProgrammeTotals) -> Self {
        TotalsBody {
            escrow: t.escrow,
            unissued: t.unissued,
            holders: t.holders,
            businesses: t.businesses,
            holder_count: t.holder_count,
            business_count: t.business_count,
            funded: t.funded,
            issued: t.issued,
            paid: t.paid,
            redeemed: t.redeemed,
        }
    }
}

/// A programme as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeBody<'a> {
    id: &'a str,
    code: &'a str,
    place_code: &'a str,
    name: &'a str,
    description: &'a str,
    limits: LimitsBody,
    created_at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    totals: Option<TotalsBody>,
}

impl<'a> ProgrammeBody<'a> {
    fn new(p: &'a Programme, totals: Option<&ProgrammeTotals>) -> Self {
        let l: &Limits = &p.limits;
        ProgrammeBody {
            id: &p.id,
            code: &p.code,
            place_code: &p.place_code,
            name: &p.name,
            description: &p.description,
            limits: LimitsBody {
                max_balance: l.max_balance,
                max_payment: l.max_payment,
                max_per_day: l.max_per_day,
                holders_may_pay_each_other: l.holders_may_pay_each_other,
            },
            created_at: &p.created_at,
            totals: totals.map(TotalsBody::from),
        }
    }
}

fn limits(body: &JsonObject, invalid: &mut Invalid) -> Limits {
    let Some(Value::Object(l)) = body.0.get("limits") else { return Limits::default() };
    let cents = |name: &str, invalid: &mut Invalid| match l.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        _ => {
            invalid.add(format!("limits.{name}"), "amount-cents");
            None
        }
    };
    Limits {
        max_balance: cents("maxBalance", invalid),
        max_payment: cents("maxPayment", invalid),
        max_per_day: cents("maxPerDay", invalid),
        holders_may_pay_each_other: l.get("holdersMayPayEachOther").and_then(Value::as_bool).unwrap_or(false),
    }
}

/// `POST /coin/programmes`: `{ placeCode, name, description?, limits? }`.
pub async fn create_programme(State(state): State<AppState>, ctx: SignedIn, body: JsonObject) -> ApiResult {
    let mut invalid = Invalid::new();
    let place = body.str("placeCode").unwrap_or("").to_string();
    let input = ProgrammeInput {
        name: text_field(&body, "name", 120, &mut invalid),
        description: text_field(&body, "description", 2000, &mut invalid),
        limits: limits(&body, &mut invalid),
    };
    let p = use_case::create_programme(state.store(), ctx.actor(), &place, &input, invalid)
        .await
        .map_err(limits_fields)?;
    Ok(created(ProgrammeBody::new(&p, None)))
}

/// The programme's rules name limits by their own name; the API nests them under `limits`.
fn limits_fields(e: wijkwerk_app::Error) -> wijkwerk_app::Error {
    match e {
        wijkwerk_app::Error::Invalid(mut i) => {
            for e in &mut i.errors {
                if e.field.starts_with("max") {
                    e.field = format!("limits.{}", e.field);
                }
            }
            wijkwerk_app::Error::Invalid(i)
        }
        other => other,
    }
}

/// `GET /coin/programmes/{id}`: the programme with its totals.
pub async fn show_programme(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
) -> ApiResult {
    let (p, t) = use_case::programme_with_totals(state.store(), ctx.actor(), &id).await?;
    Ok(Json(ProgrammeBody::new(&p, Some(&t))).into_response())
}

/// `POST /coin/programmes/{id}/fundings`: `{ amount, memo? }`, euros received in escrow.
pub async fn fund(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Keyed { body, key: idem, mut invalid }: Keyed,
) -> ApiResult {
    let amount = amount(&body, &mut invalid);
    let memo = text_field(&body, "memo", 200, &mut invalid);
    // The programme must be the caller's before anything else is said about the request.
    use_case::own_programme(state.store(), ctx.actor(), &id).await?;
    invalid.into_result(()).map_err(wijkwerk_app::Error::from)?;
    Ok(posted(use_case::fund(state.store(), ctx.actor(), &id, amount, &memo, idem.as_ref()).await?))
}

/// `POST /coin/programmes/{id}/businesses`: `{ organisationId }` takes part from now on.
pub async fn enrol(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let org = body.str("organisationId").unwrap_or("");
    let (account, org) = use_case::enrol(state.store(), ctx.actor(), &id, org).await?;
    Ok(created(AccountBody::new(&account, &org.name, None)))
}

/// `POST /coin/issuances`: `{ programmeId, personId, amount, memo? }`.
pub async fn issue(
    State(state): State<AppState>,
    ctx: SignedIn,
    Keyed { body, key: idem, mut invalid }: Keyed,
) -> ApiResult {
    let programme = body.str("programmeId").unwrap_or("");
    let to = Recipient::Id(body.str("personId").unwrap_or(""));
    let amount = amount(&body, &mut invalid);
    let memo = text_field(&body, "memo", 200, &mut invalid);
    let done =
        use_case::issue(state.store(), ctx.actor(), programme, to, amount, &memo, idem.as_ref(), invalid)
            .await?;
    Ok(posted(done))
}

/// `POST /coin/payments`: `{ business, amount, programmeId? }`; `business` is
/// the code on the till or poster. The payer is the caller.
pub async fn pay(
    State(state): State<AppState>,
    ctx: SignedIn,
    Keyed { body, key: idem, mut invalid }: Keyed,
) -> ApiResult {
    let from = PayFrom::Programme(body.str("programmeId"));
    let business = body.str("business").unwrap_or("");
    let amount = amount(&body, &mut invalid);
    let done =
        use_case::pay(state.store(), ctx.actor(), from, business, amount, idem.as_ref(), invalid).await?;
    Ok(posted(done))
}

/// `POST /coin/redemptions`: `{ account, amount }` for a business account of the caller.
pub async fn redeem(
    State(state): State<AppState>,
    ctx: SignedIn,
    Keyed { body, key: idem, mut invalid }: Keyed,
) -> ApiResult {
    let account = body.str("account").unwrap_or("");
    let amount = amount(&body, &mut invalid);
    Ok(posted(use_case::redeem(state.store(), ctx.actor(), account, amount, idem.as_ref(), invalid).await?))
}

/// `POST /coin/reversals`: `{ transactionId, memo }`, by the gemeente of the programme.
pub async fn reverse(
    State(state): State<AppState>,
    ctx: SignedIn,
    Keyed { body, key: idem, mut invalid }: Keyed,
) -> ApiResult {
    let tx = body.str("transactionId").unwrap_or("");
    let memo = text_field(&body, "memo", 200, &mut invalid);
    Ok(posted(use_case::reverse(state.store(), ctx.actor(), tx, &memo, idem.as_ref(), invalid).await?))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenefitBody<'a> {
    percent: i64,
    cap: i64,
    description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryBody<'a> {
    transaction_id: &'a str,
    kind: wijkwerk_domain::coin::TransactionKind,
    version: i64,
    amount: i64,
    change: i64,
    balance_before: i64,
    balance_after: i64,
    posted_at: &'a str,
    memo: &'a str,
    counterparty: Option<&'a str>,
}

/// An account as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountBody<'a> {
    id: &'a str,
    programme_id: &'a str,
    kind: AccountKind,
    code: &'a str,
    name: &'a str,
    balance: i64,
    held: i64,
    available: i64,
    version: i64,
    active: bool,
    benefit: BenefitBody<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<EntryBody<'a>>>,
}

impl<'a> AccountBody<'a> {
    fn new(a: &'a Account, name: &'a str, entries: Option<&'a [Entry]>) -> Self {
        let Benefit { percent, cap } = a.benefit;
        AccountBody {
            id: &a.id,
            programme_id: &a.programme_id,
            kind: a.kind,
            code: &a.code,
            name,
            balance: a.balance,
            held: a.held,
            available: a.available(),
            version: a.version,
            active: a.active,
            benefit: BenefitBody { percent, cap, description: &a.benefit_text },
            entries: entries.map(|list| {
                list.iter()
                    .map(|e| EntryBody {
                        transaction_id: &e.transaction_id,
                        kind: e.kind,
                        version: e.account_version,
                        amount: e.amount,
                        change: e.change,
                        balance_before: e.balance_before,
                        balance_after: e.balance_after,
                        posted_at: &e.posted_at,
                        memo: &e.memo,
                        counterparty: e.counterparty.as_deref(),
                    })
                    .collect()
            }),
        }
    }
}

/// `GET /coin/accounts/{id}`: balance and newest entries, for the holder, the
/// business's people, and the programme's gemeente (a read that the holder
/// sees in their access log).
pub async fn account(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let view = use_case::account(state.store(), ctx.actor(), &id).await?;
    Ok(Json(AccountBody::new(&view.account, &view.name, Some(&view.entries))).into_response())
}

/// `GET /coin/ledger.beancount`: the whole ledger for the gemeente's
/// accountants, streamed; `bean-check` accepts it.
pub async fn beancount(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    Ok(crate::download::beancount(use_case::books(state.store(), ctx.actor()).await?))
}
