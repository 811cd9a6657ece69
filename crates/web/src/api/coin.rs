//! `/api/v1/coin/…`: the social coin. The gemeente creates and funds
//! programmes and issues coins; holders pay businesses; businesses redeem.
//!
//! Every money-moving request needs an `Idempotency-Key` header: a retry with
//! the same key and body gets the stored result (header
//! `Idempotent-Replayed: true`), the same key with another body gets 409.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::Context;
use crate::problem::Problem;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wijkwerk_domain::Invalid;
use wijkwerk_domain::coin::{AccountKind, Limits, ProgrammeInput};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::role::{Actor, Role};
use wijkwerk_store::coin::{Account, Idempotency, Posted, Programme};

/// Holds the idempotency key and the request hash, or the reasons they are missing.
fn idempotency(
    headers: &HeaderMap,
    actor_id: &str,
    path: &str,
    body: &JsonObject,
    invalid: &mut Invalid,
) -> Option<Idempotency> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() {
        invalid.add("Idempotency-Key", "required");
        return None;
    }
    if key.len() > 255 {
        invalid.add("Idempotency-Key", "too-long");
        return None;
    }
    // serde_json keeps object keys sorted, so equal bodies hash equally.
    let canonical = serde_json::to_string(&Value::Object(body.0.clone())).unwrap_or_default();
    let hash = Sha256::digest(format!("POST {path}\n{canonical}").as_bytes());
    Some(Idempotency {
        actor_id: actor_id.to_string(),
        key: key.to_string(),
        request_hash: wijkwerk_store::secrets::hex(&hash),
    })
}

fn amount(body: &JsonObject, invalid: &mut Invalid) -> i64 {
    match body.0.get("amount") {
        Some(Value::Number(n)) if n.as_i64().is_some() => {
            let v = n.as_i64().expect("checked");
            if let Err(i) = wijkwerk_domain::coin::check_amount("amount", v) {
                invalid.errors.extend(i.errors);
            }
            v
        }
        None | Some(Value::Null) => {
            invalid.add("amount", "required");
            0
        }
        _ => {
            invalid.add("amount", "amount-cents");
            0
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

fn programme_json(p: &Programme) -> Value {
    json!({
        "id": p.id,
        "code": p.code,
        "placeCode": p.place_code,
        "name": p.name,
        "description": p.description,
        "limits": {
            "maxBalance": p.limits.max_balance,
            "maxPayment": p.limits.max_payment,
            "maxPerDay": p.limits.max_per_day,
            "holdersMayPayEachOther": p.limits.holders_may_pay_each_other,
        },
        "createdAt": p.created_at,
    })
}

/// True when the actor holds the gemeente role over the programme's place.
pub async fn issues_for(state: &AppState, actor: &Actor, place_code: &str) -> Result<bool, Problem> {
    let path =
        state.store().place_path(place_code).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    let codes: Vec<String> = path.iter().map(|p| p.code.clone()).collect();
    Ok(actor.has_role_over(Role::Gemeente, &codes))
}

/// A programme the caller runs; others get 404 (its existence is not theirs to know).
async fn own_programme(state: &AppState, actor: &Actor, id: &str) -> Result<Programme, Problem> {
    let missing = || Problem::not_found(format!("There is no coin programme with id {id}."));
    if !is_id(id) {
        return Err(missing());
    }
    let p = state
        .store()
        .programme(id)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?
        .ok_or_else(missing)?;
    if issues_for(state, actor, &p.place_code).await? { Ok(p) } else { Err(missing()) }
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
pub async fn create_programme(State(state): State<AppState>, ctx: Context, body: JsonObject) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let place = body.str("placeCode").unwrap_or("").to_string();
    if place.is_empty() {
        invalid.add("placeCode", "required");
    } else if !issues_for(&state, actor, &place).await? {
        invalid.add("placeCode", "place-not-yours");
    }
    let input = ProgrammeInput {
        name: text_field(&body, "name", 120, &mut invalid),
        description: text_field(&body, "description", 2000, &mut invalid),
        limits: limits(&body, &mut invalid),
    };
    if let Err(i) = input.validate() {
        invalid.errors.extend(i.errors.into_iter().map(|mut e| {
            if e.field.starts_with("max") {
                e.field = format!("limits.{}", e.field);
            }
            e
        }));
    }
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let p = state
        .store()
        .create_programme(&place, &input)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(created(programme_json(&p)))
}

/// `GET /coin/programmes/{id}`: the programme with its totals.
pub async fn show_programme(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let p = own_programme(&state, actor, &id).await?;
    let t = state.store().programme_totals(&p.id).await.map_err(|e| Problem::from_store(state.i18n(), e))?;
    let mut body = programme_json(&p);
    body["totals"] = json!({
        "escrow": t.escrow, "unissued": t.unissued, "holders": t.holders, "businesses": t.businesses,
        "holderCount": t.holder_count, "businessCount": t.business_count,
        "funded": t.funded, "issued": t.issued, "paid": t.paid, "redeemed": t.redeemed,
    });
    Ok(Json(body).into_response())
}

/// `POST /coin/programmes/{id}/fundings`: `{ amount, memo? }`, euros received in escrow.
pub async fn fund(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let p = own_programme(&state, actor, &id).await?;
    let mut invalid = Invalid::new();
    let idem = idempotency(
        &headers,
        &actor.person_id,
        &format!("/coin/programmes/{id}/fundings"),
        &body,
        &mut invalid,
    );
    let amount = amount(&body, &mut invalid);
    let memo = text_field(&body, "memo", 200, &mut invalid);
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let done =
        state.store().fund_programme(&p.id, amount, &memo, Some(&actor.person_id), idem.as_ref()).await;
    Ok(posted(done.map_err(|e| Problem::from_store(state.i18n(), e))?))
}

/// `POST /coin/programmes/{id}/businesses`: `{ organisationId }` takes part from now on.
pub async fn enrol(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let p = own_programme(&state, actor, &id).await?;
    let org_id = body.str("organisationId").unwrap_or("");
    let org = if is_id(org_id) {
        state.store().organisation(org_id).await.map_err(|e| Problem::from_store(state.i18n(), e))?
    } else {
        None
    };
    let Some(org) = org.filter(|o| matches!(o.kind.as_str(), "business" | "initiative" | "partner")) else {
        return Err(Problem::invalid(
            state.i18n(),
            &Invalid::single("organisationId", "organisation-unknown"),
        ));
    };
    let account = state
        .store()
        .enrol_business(&p.id, &org.id)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    Ok(created(account_json(&account, &org.name)))
}

/// `POST /coin/issuances`: `{ programmeId, personId, amount, memo? }`.
pub async fn issue(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let idem = idempotency(&headers, &actor.person_id, "/coin/issuances", &body, &mut invalid);
    let programme_id = body.str("programmeId").unwrap_or("").to_string();
    let programme = match own_programme(&state, actor, &programme_id).await {
        Ok(p) => Some(p),
        Err(_) => {
            invalid.add("programmeId", "programme-unknown");
            None
        }
    };
    let person_id = body.str("personId").unwrap_or("");
    let person = if is_id(person_id) {
        state.store().person(person_id).await.map_err(|e| Problem::from_store(state.i18n(), e))?
    } else {
        None
    };
    if person.as_ref().is_none_or(|p| p.erased_at.is_some()) {
        invalid.add("personId", "person-unknown");
    }
    let amount = amount(&body, &mut invalid);
    let memo = text_field(&body, "memo", 200, &mut invalid);
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let (p, person) = (programme.expect("checked"), person.expect("checked"));
    let done = state
        .store()
        .issue_coins(&p.id, &person.id, amount, &memo, Some(&actor.person_id), idem.as_ref())
        .await;
    Ok(posted(done.map_err(|e| Problem::from_store(state.i18n(), e))?))
}

/// The caller's holder account: the one in `programmeId`, or the only one.
async fn payer(
    state: &AppState,
    person_id: &str,
    programme_id: Option<&str>,
) -> Result<Option<Account>, Problem> {
    let accounts = state
        .store()
        .coin_accounts_of_owner(person_id)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    let mut holders = accounts.into_iter().filter(|a| a.kind == AccountKind::Holder);
    Ok(match programme_id {
        Some(p) => holders.find(|a| a.programme_id == p),
        None => {
            let first = holders.next();
            if holders.next().is_some() { None } else { first }
        }
    })
}

/// `POST /coin/payments`: `{ business, amount, programmeId? }`; `business` is
/// the code on the till or poster. The payer is the caller.
pub async fn pay(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let idem = idempotency(&headers, &actor.person_id, "/coin/payments", &body, &mut invalid);
    let holder = payer(&state, &actor.person_id, body.str("programmeId")).await?;
    if holder.is_none() {
        invalid.add("programmeId", "no-coin-account");
    }
    let business = body.str("business").unwrap_or("").to_string();
    if business.trim().is_empty() {
        invalid.add("business", "required");
    }
    let amount = amount(&body, &mut invalid);
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let holder = holder.expect("checked");
    let done = state.store().pay(&holder.id, &business, amount, Some(&actor.person_id), idem.as_ref()).await;
    Ok(posted(done.map_err(|e| Problem::from_store(state.i18n(), e))?))
}

/// `POST /coin/redemptions`: `{ account, amount }` for a business account of the caller.
pub async fn redeem(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let idem = idempotency(&headers, &actor.person_id, "/coin/redemptions", &body, &mut invalid);
    let account_id = body.str("account").unwrap_or("").to_string();
    let mine = state
        .store()
        .business_accounts_of_person(&actor.person_id)
        .await
        .map_err(|e| Problem::from_store(state.i18n(), e))?;
    if !mine.iter().any(|(a, _)| a.id == account_id) {
        invalid.add("account", "not-your-business");
    }
    let amount = amount(&body, &mut invalid);
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let done = state.store().redeem(&account_id, amount, Some(&actor.person_id), idem.as_ref()).await;
    Ok(posted(done.map_err(|e| Problem::from_store(state.i18n(), e))?))
}

/// `POST /coin/reversals`: `{ transactionId, memo }`, by the gemeente of the programme.
pub async fn reverse(
    State(state): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    body: JsonObject,
) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let idem = idempotency(&headers, &actor.person_id, "/coin/reversals", &body, &mut invalid);
    let tx = body.str("transactionId").unwrap_or("").to_string();
    let programme = if is_id(&tx) {
        state
            .store()
            .coin_transaction_programme(&tx)
            .await
            .map_err(|e| Problem::from_store(state.i18n(), e))?
    } else {
        None
    };
    let mut allowed = false;
    if let Some(p) = &programme {
        allowed = own_programme(&state, actor, p).await.is_ok();
    }
    if !allowed {
        invalid.add("transactionId", "transaction-unknown");
    }
    let memo = text_field(&body, "memo", 200, &mut invalid);
    if memo.trim().is_empty() {
        invalid.add("memo", "required");
    }
    invalid.into_result(()).map_err(|i| Problem::invalid(state.i18n(), &i))?;
    let done = state.store().reverse(&tx, &memo, Some(&actor.person_id), idem.as_ref()).await;
    Ok(posted(done.map_err(|e| Problem::from_store(state.i18n(), e))?))
}

fn account_json(a: &Account, name: &str) -> Value {
    json!({
        "id": a.id,
        "programmeId": a.programme_id,
        "kind": a.kind,
        "code": a.code,
        "name": name,
        "balance": a.balance,
        "held": a.held,
        "available": a.available(),
        "version": a.version,
        "active": a.active,
        "benefit": { "percent": a.benefit.percent, "cap": a.benefit.cap, "description": a.benefit_text },
    })
}

/// `GET /coin/accounts/{id}`: balance and newest entries, for the holder, the
/// business's people, and the programme's gemeente (a read that the holder
/// sees in their access log).
pub async fn account(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let err = |e| Problem::from_store(state.i18n(), e);
    let missing = || Problem::not_found(format!("There is no coin account with id {id}."));
    let account = if is_id(&id) { state.store().coin_account(&id).await.map_err(err)? } else { None };
    let account = account.ok_or_else(missing)?;
    let programme = state.store().programme(&account.programme_id).await.map_err(err)?.ok_or_else(missing)?;
    let gemeente = issues_for(&state, actor, &programme.place_code).await?;
    let (allowed, name) = match account.kind {
        AccountKind::Holder => (account.owner_id == actor.person_id || gemeente, String::new()),
        AccountKind::Business => {
            let mine = state.store().business_accounts_of_person(&actor.person_id).await.map_err(err)?;
            let name = state
                .store()
                .organisation(&account.owner_id)
                .await
                .map_err(err)?
                .map(|o| o.name)
                .unwrap_or_default();
            (gemeente || mine.iter().any(|(a, _)| a.id == account.id), name)
        }
        AccountKind::Escrow | AccountKind::Programme => (gemeente, programme.name.clone()),
    };
    if !allowed {
        return Err(missing());
    }
    if account.kind == AccountKind::Holder && account.owner_id != actor.person_id {
        state
            .store()
            .log_access(&actor.person_id, &account.owner_id, "coin-account", "gemeente-programme", None)
            .await
            .map_err(err)?;
    }
    let entries = state.store().coin_entries(&account.id, 100).await.map_err(err)?;
    let mut body = account_json(&account, &name);
    body["entries"] = Value::Array(
        entries
            .iter()
            .map(|e| {
                json!({
                    "transactionId": e.transaction_id,
                    "kind": e.kind,
                    "version": e.account_version,
                    "amount": e.amount,
                    "change": e.change,
                    "balanceBefore": e.balance_before,
                    "balanceAfter": e.balance_after,
                    "postedAt": e.posted_at,
                    "memo": e.memo,
                    "counterparty": e.counterparty,
                })
            })
            .collect(),
    );
    Ok(Json(body).into_response())
}

/// `GET /coin/ledger.beancount`: the whole ledger for the gemeente's
/// accountants, streamed; `bean-check` accepts it.
pub async fn beancount(State(state): State<AppState>, ctx: Context) -> ApiResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    if !actor.has_role(Role::Gemeente) {
        return Err(Problem::forbidden("Only the gemeente reads the whole ledger."));
    }
    Ok(beancount_response(&state))
}

/// The Beancount file as a streamed download (also used by the page).
pub fn beancount_response(state: &AppState) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(4);
    let store = state.store().clone();
    tokio::spawn(async move {
        if let Err(e) = store.write_beancount(tx).await {
            tracing::error!(error = %e, "beancount export failed");
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(chunk)), rx))
    });
    let mut res = Response::new(Body::from_stream(stream));
    *res.status_mut() = StatusCode::OK;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"wijkwerk-munt.beancount\""),
    );
    res
}
