//! `/api/v1/…/initiatives` and `…/wijkbudget`: a wijk's public register of
//! initiatives and its budget, submitting and supporting (residents),
//! deciding and recording payment (the wijk's mandate holders), the account
//! afterwards. Money is in cents. Every money-moving request (decision,
//! payment, account, allocation) needs an `Idempotency-Key` header: a retry
//! with the same key and body does nothing again and answers the same.

use super::{ApiResult, JsonObject, Keyed, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::initiatives as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::initiatives::{BudgetTotals, RawInitiative, check_initiative};

/// One year of a wijk's budget: `{ year, allocated, granted, paid, returned, left }`.
#[derive(Serialize)]
struct BudgetYearBody<'a> {
    year: i64,
    #[serde(flatten)]
    totals: &'a BudgetTotals,
}

fn budget_body(budget: &[(i64, BudgetTotals)]) -> Vec<BudgetYearBody<'_>> {
    budget.iter().map(|(year, totals)| BudgetYearBody { year: *year, totals }).collect()
}

#[derive(Serialize)]
struct RegisterBody<'a> {
    code: &'a str,
    rules: &'a Option<wijkwerk_domain::initiatives::WijkRules>,
    budget: Vec<BudgetYearBody<'a>>,
    /// Each with where its clock stands and whether the viewer submitted it.
    initiatives: &'a [use_case::Shown],
}

/// One initiative for the signed-in viewer: also whether they support it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ShownBody<'a> {
    #[serde(flatten)]
    shown: &'a use_case::Shown,
    supported_by_me: bool,
}

#[derive(Serialize)]
struct LedgerBody<'a, M: Serialize> {
    code: &'a str,
    budget: Vec<BudgetYearBody<'a>>,
    movements: M,
}

#[derive(Serialize)]
struct AllocatedBody<'a> {
    code: &'a str,
    budget: Vec<BudgetYearBody<'a>>,
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let r = use_case::register(state.store(), ctx.actor(), &code, Timestamp::now()).await?;
    Ok(Json(RegisterBody {
        code: &r.place.code,
        rules: &r.rules,
        budget: budget_body(&r.budget),
        initiatives: &r.initiatives,
    })
    .into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(Json(ShownBody { shown: &v.shown, supported_by_me: v.supported }).into_response())
}

async fn shown(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
) -> Result<use_case::Shown, crate::problem::Problem> {
    Ok(use_case::show(state.store(), Some(ctx.actor()), id, Timestamp::now()).await?.shown)
}

/// `{"title", "description", "needs": ["geld", "plek"], "amount": 45000, "groupName", "needsNote"}`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let amount = body.cents_text("amount");
    let needs: Vec<&str> = match body.0.get("needs") {
        Some(Value::Array(items)) => items.iter().map(|n| n.as_str().unwrap_or("?")).collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => vec!["?"],
    };
    let raw = RawInitiative {
        title: body.str("title").unwrap_or(""),
        description: body.str("description").unwrap_or(""),
        needs,
        amount: &amount,
        group_name: body.str("groupName").unwrap_or(""),
        needs_note: body.str("needsNote").unwrap_or(""),
    };
    let i =
        use_case::submit(state.store(), ctx.actor(), &code, check_initiative(&raw), Timestamp::now()).await?;
    Ok(created(shown(&state, &ctx, &i.id).await?))
}

/// `{"verdict": "approve" | "reject", "amount": 30000, "reason": "…"}`;
/// without an amount an approval grants what was asked.
pub async fn decide(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let (idem, body) = (Some(keyed.required()?), keyed.body);
    let amount = body.cents_text("amount");
    let input = (body.str("verdict").unwrap_or(""), amount.as_str(), body.str("reason").unwrap_or(""));
    use_case::decide(state.store(), ctx.actor(), &id, input, Timestamp::now(), idem.as_ref()).await?;
    Ok(created(shown(&state, &ctx, &id).await?))
}

/// No body: the payment is the grant as decided.
pub async fn pay(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let idem = Some(keyed.required()?);
    use_case::pay(state.store(), ctx.actor(), &id, Timestamp::now(), idem.as_ref()).await?;
    Ok(created(shown(&state, &ctx, &id).await?))
}

/// `{"report": "…", "spent": 32500}`: what happened and what was spent.
pub async fn account(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let (idem, body) = (Some(keyed.required()?), keyed.body);
    let spent = body.cents_text("spent");
    let keep = body.0.get("keep").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let input = (body.str("report").unwrap_or(""), spent.as_str(), keep);
    use_case::account(state.store(), ctx.actor(), &id, input, Timestamp::now(), idem.as_ref()).await?;
    Ok(created(shown(&state, &ctx, &id).await?))
}

pub async fn support(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    use_case::support(state.store(), ctx.actor(), &id, true).await?;
    Ok(created(shown(&state, &ctx, &id).await?))
}

pub async fn withdraw_support(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
) -> ApiResult {
    use_case::support(state.store(), ctx.actor(), &id, false).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The wijkbudget per year and its ledger, newest first: public money.
pub async fn ledger(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let (place, budget, movements) = use_case::ledger(state.store(), &code).await?;
    Ok(Json(LedgerBody { code: &place.code, budget: budget_body(&budget), movements }).into_response())
}

/// `{"year": 2026, "amount": 500000, "memo": "…"}`: money into a wijk's budget.
pub async fn allocate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let (idem, body) = (Some(keyed.required()?), keyed.body);
    let (year, amount) = (body.text_or_number("year"), body.cents_text("amount"));
    let input = (year.as_str(), amount.as_str(), body.str("memo").unwrap_or(""));
    let budget = use_case::allocate(state.store(), ctx.actor(), &code, input, idem.as_ref()).await?;
    Ok(created(AllocatedBody { code: &code, budget: budget_body(&budget) }))
}
