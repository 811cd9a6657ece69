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
use serde_json::{Value, json};
use wijkwerk_app::initiatives as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::initiatives::{BudgetTotals, RawInitiative, check_initiative};

fn initiative_json(s: &use_case::Shown) -> Value {
    let mut v = serde_json::to_value(&s.initiative).unwrap_or_default();
    v["clock"] = serde_json::to_value(s.clock).unwrap_or_default();
    v["mine"] = json!(s.mine);
    v
}

fn budget_json(budget: &[(i64, BudgetTotals)]) -> Value {
    json!(budget.iter().map(|(year, t)| json!({
        "year": year, "allocated": t.allocated, "granted": t.granted, "paid": t.paid, "returned": t.returned, "left": t.left,
    })).collect::<Vec<_>>())
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let r = use_case::register(state.store(), ctx.actor(), &code, Timestamp::now()).await?;
    Ok(Json(json!({
        "code": r.place.code,
        "rules": r.rules,
        "budget": budget_json(&r.budget),
        "initiatives": r.initiatives.iter().map(initiative_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    let mut body = initiative_json(&v.shown);
    body["supportedByMe"] = json!(v.supported);
    Ok(Json(body).into_response())
}

async fn shown(state: &AppState, ctx: &SignedIn, id: &str) -> Result<Value, crate::problem::Problem> {
    let v = use_case::show(state.store(), Some(ctx.actor()), id, Timestamp::now()).await?;
    Ok(initiative_json(&v.shown))
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
    Ok(Json(json!({ "code": place.code, "budget": budget_json(&budget), "movements": movements }))
        .into_response())
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
    Ok(created(json!({ "code": code, "budget": budget_json(&budget) })))
}
