//! `/api/v1/…/emergency-requests` and `…/emergency-budget`: the
//! luisterloket's emergency budget, with the same rules as the pages (they
//! sit in `app::emergency`). Money is in cents. Approvals and allocations
//! move money and need an `Idempotency-Key` header.

use super::{ApiResult, JsonObject, Keyed, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use wijkwerk_app::emergency as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::emergency::check_request;
use wijkwerk_store::emergency::{EmergencyBudget, EmergencyRequest};

/// A wijk's luisterloket as the API shows it: requests without names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Overview {
    code: String,
    budgets: Vec<EmergencyBudget>,
    requests: Vec<EmergencyRequest>,
    coin_available: bool,
}

pub async fn list(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> ApiResult {
    let o = use_case::overview(state.store(), ctx.actor(), &code).await?;
    let body = Overview {
        code: o.place.code,
        budgets: o.budgets,
        requests: o.requests,
        coin_available: o.coin_available,
    };
    Ok(Json(body).into_response())
}

/// `{"resident": "e-mail", "what", "amount": 31250, "why", "payout": "coin" | "creditor", "creditor"}`.
pub async fn request(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let amount = body.cents_text("amount");
    let s = |k: &str| body.str(k).unwrap_or("");
    let input = check_request(s("what"), &amount, s("why"), s("payout"), s("creditor"));
    let r =
        use_case::request(state.store(), ctx.actor(), &code, s("resident"), input, Timestamp::now()).await?;
    Ok(created(r))
}

/// `{"year": 2026, "amount": 1500000, "thirdAbove": 50000}`.
pub async fn allocate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let (idem, body) = (Some(keyed.required()?), keyed.body);
    let year = body.0.get("year").map(|y| y.to_string()).unwrap_or_default();
    let (amount, third_above) = (body.cents_text("amount"), body.cents_text("thirdAbove"));
    let input = (year.as_str(), amount.as_str(), third_above.as_str());
    let budgets = use_case::allocate(state.store(), ctx.actor(), &code, input, idem.as_ref()).await?;
    Ok(created(budgets))
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    Ok(Json(use_case::show(state.store(), ctx.actor(), &id).await?).into_response())
}

/// `{"amount": 31250}`: the amount the approver saw; an approval binds to it.
pub async fn approve(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    keyed: Keyed,
) -> ApiResult {
    let (idem, body) = (Some(keyed.required()?), keyed.body);
    let Some(amount) = body.0.get("amount").and_then(serde_json::Value::as_i64).filter(|a| *a > 0) else {
        return Err(wijkwerk_app::Error::invalid("amount", "amount-positive").into());
    };
    let v =
        use_case::approve(state.store(), ctx.actor(), &id, amount, Timestamp::now(), idem.as_ref()).await?;
    Ok(created(v))
}

/// `{"reason": "…"}`, which the resident reads.
pub async fn refuse(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let reason = body.str("reason").unwrap_or("");
    Ok(created(use_case::refuse(state.store(), ctx.actor(), &id, reason, Timestamp::now()).await?))
}

/// `{"amount": 34000}`: the requester changes the amount; earlier approvals stop counting.
pub async fn change_amount(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let amount = body.cents_text("amount");
    Ok(Json(use_case::change_amount(state.store(), ctx.actor(), &id, &amount).await?).into_response())
}
