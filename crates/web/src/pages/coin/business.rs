//! The business: the till, card payments with a PIN, the benefit, redeeming.

use super::*;
use crate::AppState;
use crate::context::SignedIn;
use crate::pages::{PageResult, render};
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::coin::{self as use_case};
use wijkwerk_domain::coin::{Benefit, format_euros, normalise_code, parse_euros};
use wijkwerk_domain::{Invalid, new_id};
use wijkwerk_store::coin::Account;

// ----- the business -------------------------------------------------------------

#[derive(Serialize)]
struct TillView {
    account: Account,
    name: String,
    programme: String,
    balance: String,
    entries: Vec<EntryView>,
    benefit_percent: i64,
    benefit_cap: String,
}

#[derive(Deserialize, Default)]
pub struct TillQuery {
    kaart: Option<String>,
    klaar: Option<String>,
}

async fn till_page(
    state: &AppState,
    ctx: &SignedIn,
    card: &str,
    done: Option<String>,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let lang = ctx.lang;
    let mut tills = Vec::new();
    let mut received = None;
    for till in use_case::tills(state.store(), ctx.actor(), 30).await? {
        let (account, name, programme, entries) = (till.account, till.name, till.programme, till.entries);
        if let Some(tx) = &done
            && let Some(e) = entries.iter().find(|e| &e.transaction_id == tx && e.change > 0)
        {
            received = Some(format_euros(e.change, lang));
        }
        tills.push(TillView {
            balance: format_euros(account.balance, lang),
            entries: entry_views(state, lang, &entries, &BTreeMap::new()),
            benefit_percent: account.benefit.percent,
            benefit_cap: if account.benefit.cap > 0 {
                format_euros(account.benefit.cap, lang)
            } else {
                String::new()
            },
            account,
            name,
            programme: programme.name,
        });
    }
    let view = view! { tills, card => normalise_code(card), key => new_id(), errors, received };
    Ok((status, render(state, ctx, "coin_till.html", view)?).into_response())
}

pub async fn till(State(state): State<AppState>, ctx: SignedIn, Query(q): Query<TillQuery>) -> PageResult {
    till_page(&state, &ctx, q.kaart.as_deref().unwrap_or(""), q.klaar, StatusCode::OK, Errors::new()).await
}

/// The business account of the caller named in a form, or 404.
async fn my_till(state: &AppState, ctx: &SignedIn, account_id: &str) -> Result<Account, PageError> {
    let _person = ctx.person_id();
    Ok(use_case::own_till(state.store(), ctx.actor(), account_id).await?)
}

#[derive(Deserialize)]
pub struct CardPaymentForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    card: String,
    #[serde(default)]
    amount: String,
}

/// Step 1 of a card payment: the business types the card code and the amount;
/// the amount is reserved until the holder types the PIN.
pub async fn start_card_payment(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<CardPaymentForm>,
) -> PageResult {
    let mut invalid = Invalid::new();
    let amount = parse_euros(&form.amount);
    if amount.is_none() {
        invalid.add("amount", if form.amount.trim().is_empty() { "required" } else { "amount-format" });
    }
    let started =
        use_case::start_card_payment(state.store(), ctx.actor(), &form.account, &form.card, amount, invalid);
    match started.await {
        Ok(hold) => Ok(Redirect::to(&format!("/munt/kassa/pin/{}", hold.id)).into_response()),
        Err(e) => {
            till_page(&state, &ctx, &form.card, None, StatusCode::UNPROCESSABLE_ENTITY, refused(e)?).await
        }
    }
}

async fn pin_page(
    state: &AppState,
    ctx: &SignedIn,
    hold_id: &str,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let (hold, till) = use_case::open_hold(state.store(), ctx.actor(), hold_id).await?;
    let name = use_case::business_name(state.store(), &till).await?;
    let bonus = till.benefit.bonus_for(hold.amount);
    let view = view! {
        hold,
        name,
        amount => format_euros(hold.amount, ctx.lang),
        bonus => (bonus > 0).then(|| format_euros(bonus, ctx.lang)),
        key => new_id(),
        errors,
    };
    Ok((status, render(state, ctx, "coin_pin.html", view)?).into_response())
}

pub async fn pin_form(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    pin_page(&state, &ctx, &id, StatusCode::OK, Errors::new()).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    key: String,
}

/// Step 2: the holder types the PIN on the business's device (or the business cancels).
pub async fn confirm_card_payment(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> PageResult {
    if form.action == "cancel" {
        use_case::cancel_card_payment(state.store(), ctx.actor(), &id).await?;
        return Ok(Redirect::to("/munt/kassa").into_response());
    }
    let idem = form_key(&ctx, &form.key, &format!("capture {id}"));
    match use_case::confirm_card_payment(state.store(), ctx.actor(), &id, &form.pin, idem.as_ref()).await {
        Ok(posted) => {
            Ok(Redirect::to(&format!("/munt/kassa?klaar={}", posted.receipt.transaction_id)).into_response())
        }
        Err(e) => pin_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, refused(e)?).await,
    }
}

#[derive(Deserialize)]
pub struct BenefitForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    cap: String,
    #[serde(default)]
    description: String,
}

pub async fn set_benefit(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<BenefitForm>,
) -> PageResult {
    let mut invalid = Invalid::new();
    let percent = form.percent.trim().trim_end_matches('%').trim().parse::<i64>().ok();
    if percent.is_none() {
        invalid.add("percent", "percent-out-of-range");
    }
    let cap = if form.cap.trim().is_empty() { Some(0) } else { parse_euros(&form.cap) };
    if cap.is_none() {
        invalid.add("cap", "amount-format");
    }
    if invalid.is_empty() {
        let benefit = Benefit { percent: percent.unwrap_or(0), cap: cap.unwrap_or(0) };
        match use_case::set_benefit(state.store(), ctx.actor(), &form.account, benefit, &form.description)
            .await
        {
            Ok(()) => return Ok(Redirect::to("/munt/kassa").into_response()),
            Err(e) => {
                return till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, refused(e)?)
                    .await;
            }
        }
    }
    till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&invalid)).await
}

#[derive(Deserialize)]
pub struct RedeemForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    key: String,
}

pub async fn redeem(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<RedeemForm>,
) -> PageResult {
    let account = my_till(&state, &ctx, &form.account).await?;
    let Some(amount) = parse_euros(&form.amount) else {
        let errors = Errors::from([("redeem".to_string(), "error-amount-format".to_string())]);
        return till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let idem = form_key(&ctx, &form.key, &format!("redeem {} {amount}", account.id));
    match use_case::redeem(state.store(), ctx.actor(), &account.id, amount, idem.as_ref(), Invalid::new())
        .await
    {
        Ok(_) => Ok(Redirect::to("/munt/kassa").into_response()),
        Err(e) => {
            let errors = refused_at("redeem", e)?;
            till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}
