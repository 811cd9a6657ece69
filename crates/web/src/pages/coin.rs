//! The social coin in the browser: the resident's wallet and payments (a
//! phone page that works without JavaScript), the printed card with its PIN,
//! the business's till (card payments, benefit, redemption, QR poster) and
//! the gemeente's programme pages (funding, issuing one by one or pasted from
//! Excel, businesses, limits, the books as Beancount).
//!
//! Every money-moving form carries a fresh idempotency key, so a double tap
//! or a resent form never pays twice.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::{Context, Ctx};
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_domain::coin::{
    AccountKind, Benefit, Limits, ProgrammeInput, TransactionKind, format_euros, normalise_code, parse_euros,
    parse_issuance_csv,
};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::role::Role;
use wijkwerk_domain::{Invalid, new_id};
use wijkwerk_store::StoreError;
use wijkwerk_store::coin::{Account, Entry, Idempotency, Programme};

type Errors = BTreeMap<String, String>;

fn errors_of(invalid: &Invalid) -> Errors {
    invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect()
}

/// A refusal from the ledger as form errors; anything else is a page error.
fn refused(e: StoreError) -> Result<Errors, PageError> {
    match e {
        StoreError::Invalid(i) => Ok(errors_of(&i)),
        StoreError::Conflict("idempotency-key-reused") => {
            Ok(Errors::from([("amount".to_string(), "error-idempotency-key-reused".to_string())]))
        }
        other => Err(other.into()),
    }
}

/// The form's one-time key: the person plus a key made when the form was shown.
fn form_key(ctx: &Ctx, key: &str, what: &str) -> Option<Idempotency> {
    (is_id(key)).then(|| Idempotency {
        actor_id: ctx.person_id().unwrap_or_default().to_string(),
        key: format!("form:{key}"),
        request_hash: what.to_string(),
    })
}

#[derive(Serialize)]
struct EntryView {
    date: String,
    what: String,
    other: String,
    change: String,
    incoming: bool,
    balance: String,
}

fn entry_views(
    state: &AppState,
    lang: &str,
    entries: &[Entry],
    names: &BTreeMap<String, String>,
) -> Vec<EntryView> {
    entries
        .iter()
        .map(|e| {
            // A payment's legs read differently from each side.
            let kind = match (e.kind, e.counterparty_kind, e.change > 0) {
                (TransactionKind::Payment, Some(AccountKind::Business), true) => "bonus-in",
                (TransactionKind::Payment, Some(AccountKind::Holder), true) => "payment-in",
                (TransactionKind::Payment, Some(AccountKind::Holder), false) => "bonus-out",
                (kind, ..) => kind.as_str(),
            };
            // Only businesses and other holders are worth naming: the programme
            // and the escrow are the gemeente. A business sees no code of the
            // resident who paid.
            let other = match (e.counterparty_kind, &e.counterparty) {
                (Some(AccountKind::Business), Some(c)) => names.get(c).cloned().unwrap_or_else(|| c.clone()),
                (Some(AccountKind::Holder), Some(c)) => names.get(c).cloned().unwrap_or_default(),
                _ => String::new(),
            };
            EntryView {
                date: crate::i18n::local_parts(&e.posted_at)
                    .map(|(y, m, d, h, min)| format!("{d:02}-{m:02}-{y} {h:02}:{min:02}"))
                    .unwrap_or_default(),
                what: if e.memo.is_empty() {
                    state.i18n().t(lang, &format!("coin-kind-{kind}"))
                } else {
                    format!("{} – {}", state.i18n().t(lang, &format!("coin-kind-{kind}")), e.memo)
                },
                other,
                change: format_euros(e.change, lang),
                incoming: e.change > 0,
                balance: format_euros(e.balance_after, lang),
            }
        })
        .collect()
}

/// Names of businesses by code, for histories and pay forms.
async fn business_names(state: &AppState, programme_id: &str) -> Result<BTreeMap<String, String>, PageError> {
    Ok(state
        .store()
        .programme_businesses(programme_id)
        .await?
        .into_iter()
        .map(|(a, n)| (a.code, n))
        .collect())
}

// ----- the resident -------------------------------------------------------------

#[derive(Serialize)]
struct WalletView {
    programme: Programme,
    account: Account,
    balance: String,
    available: String,
    entries: Vec<EntryView>,
    businesses: Vec<(String, String, String)>,
    limits: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct WalletQuery {
    betaald: Option<String>,
}

pub async fn wallet(State(state): State<AppState>, ctx: Context, Query(q): Query<WalletQuery>) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in");
    let lang = ctx.lang;
    let mut wallets = Vec::new();
    let mut paid = None;
    for account in state.store().coin_accounts_of_owner(person).await? {
        if account.kind != AccountKind::Holder {
            continue;
        }
        let Some(programme) = state.store().programme(&account.programme_id).await? else { continue };
        let names = business_names(&state, &programme.id).await?;
        let entries = state.store().coin_entries(&account.id, 50).await?;
        if let Some(tx) = &q.betaald
            && let Some(e) = entries.iter().find(|e| &e.transaction_id == tx && e.change < 0)
        {
            let to = e.counterparty.as_ref().and_then(|c| names.get(c)).cloned().unwrap_or_default();
            let bonus: i64 =
                entries.iter().filter(|b| &b.transaction_id == tx && b.change > 0).map(|b| b.change).sum();
            paid = Some((format_euros(-e.change, lang), to, (bonus > 0).then(|| format_euros(bonus, lang))));
        }
        let businesses = state
            .store()
            .programme_businesses(&programme.id)
            .await?
            .into_iter()
            .filter(|(a, _)| a.active)
            .map(|(a, name)| (a.code, name, a.benefit_text))
            .collect();
        let l = &programme.limits;
        let mut limits = Vec::new();
        if let Some(v) = l.max_payment {
            limits.push(state.i18n().text(
                lang,
                "coin-limit-payment",
                &[("amount", format_euros(v, lang).into())],
            ));
        }
        if let Some(v) = l.max_per_day {
            limits.push(state.i18n().text(
                lang,
                "coin-limit-day",
                &[("amount", format_euros(v, lang).into())],
            ));
        }
        if let Some(v) = l.max_balance {
            limits.push(state.i18n().text(
                lang,
                "coin-limit-balance",
                &[("amount", format_euros(v, lang).into())],
            ));
        }
        wallets.push(WalletView {
            balance: format_euros(account.balance, lang),
            available: format_euros(account.available(), lang),
            entries: entry_views(&state, lang, &entries, &names),
            programme,
            account,
            businesses,
            limits,
        });
    }
    let actor = ctx.actor().expect("signed in");
    let runs_business = actor.has_role(Role::Ondernemer);
    let runs_programmes = actor.has_role(Role::Gemeente);
    ok(render(&state, &ctx, "coin_wallet.html", view! { wallets, paid, runs_business, runs_programmes })?)
}

#[derive(Deserialize, Default)]
pub struct PayQuery {
    zaak: Option<String>,
    regeling: Option<String>,
}

async fn pay_page(
    state: &AppState,
    ctx: &Ctx,
    business: &str,
    programme: Option<&str>,
    amount: &str,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in");
    let holders: Vec<Account> = state
        .store()
        .coin_accounts_of_owner(person)
        .await?
        .into_iter()
        .filter(|a| a.kind == AccountKind::Holder)
        .collect();
    let code = normalise_code(business);
    let shop = if code.is_empty() { None } else { state.store().coin_account_by_code(&code).await? };
    let shop = shop.filter(|a| {
        a.kind == AccountKind::Business && holders.iter().any(|h| h.programme_id == a.programme_id)
    });
    // The wallet to pay from: the business's programme, the one asked for, or the only one.
    let account = match &shop {
        Some(s) => holders.iter().find(|h| h.programme_id == s.programme_id),
        None => holders.iter().find(|h| Some(h.programme_id.as_str()) == programme).or(holders.first()),
    };
    let shop_name = match &shop {
        Some(s) => state.store().organisation(&s.owner_id).await?.map(|o| o.name),
        None => None,
    };
    let view = view! {
        has_account => account.is_some(),
        account_id => account.map(|a| a.id.clone()),
        available => account.map(|a| format_euros(a.available(), ctx.lang)),
        business => if shop.is_some() { code } else { business.trim().to_string() },
        shop_name,
        benefit => shop.as_ref().map(|s| s.benefit_text.clone()).filter(|t| !t.is_empty()),
        amount,
        key => new_id(),
        errors,
    };
    Ok((status, render(state, ctx, "coin_pay.html", view)?).into_response())
}

pub async fn pay_form(State(state): State<AppState>, ctx: Context, Query(q): Query<PayQuery>) -> PageResult {
    let business = q.zaak.unwrap_or_default();
    pay_page(&state, &ctx, &business, q.regeling.as_deref(), "", StatusCode::OK, Errors::new()).await
}

#[derive(Deserialize)]
pub struct PayForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    business: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    key: String,
}

pub async fn pay(State(state): State<AppState>, ctx: Context, Form(form): Form<PayForm>) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in").to_string();
    let mut invalid = Invalid::new();
    let amount = parse_euros(&form.amount);
    if form.amount.trim().is_empty() {
        invalid.add("amount", "required");
    } else if amount.is_none() {
        invalid.add("amount", "amount-format");
    }
    if form.business.trim().is_empty() {
        invalid.add("business", "required");
    }
    let account = if is_id(&form.account) { state.store().coin_account(&form.account).await? } else { None };
    let account = account.filter(|a| a.kind == AccountKind::Holder && a.owner_id == person);
    if account.is_none() {
        invalid.add("amount", "no-coin-account");
    }
    let again = |errors: Errors| {
        let (state, ctx, form) = (&state, &ctx, &form);
        async move {
            pay_page(state, ctx, &form.business, None, &form.amount, StatusCode::UNPROCESSABLE_ENTITY, errors)
                .await
        }
    };
    if !invalid.is_empty() {
        return again(errors_of(&invalid)).await;
    }
    let (account, amount) = (account.expect("checked"), amount.expect("checked"));
    let what = format!("pay {} {} {amount}", account.id, normalise_code(&form.business));
    let idem = form_key(&ctx, &form.key, &what);
    match state.store().pay(&account.id, &form.business, amount, Some(&person), idem.as_ref()).await {
        Ok(posted) => {
            Ok(Redirect::to(&format!("/munt?betaald={}", posted.receipt.transaction_id)).into_response())
        }
        Err(e) => again(refused(e)?).await,
    }
}

/// The printable card: QR code and card code, plus setting the PIN.
pub async fn card(State(state): State<AppState>, ctx: Context) -> PageResult {
    card_page(&state, &ctx, StatusCode::OK, Errors::new(), false).await
}

async fn card_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    errors: Errors,
    saved: bool,
) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in");
    let mut cards = Vec::new();
    for a in state.store().coin_accounts_of_owner(person).await? {
        if a.kind == AccountKind::Holder
            && let Some(p) = state.store().programme(&a.programme_id).await?
        {
            cards.push((a, p.name));
        }
    }
    let name = ctx.viewer.as_ref().map(|v| v.person.display_name.clone()).unwrap_or_default();
    Ok((status, render(state, ctx, "coin_card.html", view! { cards, name, errors, saved })?).into_response())
}

#[derive(Deserialize)]
pub struct PinForm {
    #[serde(default)]
    account: String,
    #[serde(default)]
    pin: String,
    #[serde(default)]
    pin_again: String,
}

pub async fn set_pin(State(state): State<AppState>, ctx: Context, Form(form): Form<PinForm>) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in");
    let account = if is_id(&form.account) { state.store().coin_account(&form.account).await? } else { None };
    let Some(account) = account.filter(|a| a.kind == AccountKind::Holder && a.owner_id == person) else {
        return Err(PageError::not_found());
    };
    let mut invalid = Invalid::new();
    if let Err(i) = wijkwerk_domain::coin::check_pin(&form.pin) {
        invalid.errors.extend(i.errors);
    } else if form.pin != form.pin_again {
        invalid.add("pin_again", "pin-mismatch");
    }
    if !invalid.is_empty() {
        return card_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&invalid), false).await;
    }
    state.store().set_card_pin(&account.id, &form.pin).await?;
    card_page(&state, &ctx, StatusCode::OK, Errors::new(), true).await
}

/// The QR code of a business's pay link or a card's till link, as SVG.
pub async fn qr(Path(code): Path<String>, headers: HeaderMap) -> PageResult {
    let code = normalise_code(&code);
    let site = crate::pages::surveys::site_of(&headers);
    let url = match code.chars().next() {
        Some('Z') if code.len() <= 12 => format!("{site}/munt/betalen?zaak={code}"),
        Some('K') if code.len() <= 14 => format!("{site}/munt/kassa?kaart={code}"),
        _ => return Err(PageError::not_found()),
    };
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|_| PageError::internal())?;
    let svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(280, 280).build();
    let mut res = svg.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(res)
}

/// A business's public page and poster: where to scan to pay, and its benefit.
pub async fn shop(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let code = normalise_code(&code);
    let account = state.store().coin_account_by_code(&code).await?;
    let Some(account) = account.filter(|a| a.kind == AccountKind::Business) else {
        return Err(PageError::not_found());
    };
    let name = state.store().organisation(&account.owner_id).await?.map(|o| o.name).unwrap_or_default();
    let programme = state.store().programme(&account.programme_id).await?.ok_or_else(PageError::not_found)?;
    let link = format!("{}/munt/betalen?zaak={code}", crate::pages::surveys::site_of(&headers));
    ok(render(&state, &ctx, "coin_shop.html", view! { account, name, programme, link })?)
}

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
    ctx: &Ctx,
    card: &str,
    done: Option<String>,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let person = ctx.person_id().expect("gate requires sign-in");
    let lang = ctx.lang;
    let mut tills = Vec::new();
    let mut received = None;
    for (account, name) in state.store().business_accounts_of_person(person).await? {
        let Some(programme) = state.store().programme(&account.programme_id).await? else { continue };
        let entries = state.store().coin_entries(&account.id, 30).await?;
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

pub async fn till(State(state): State<AppState>, ctx: Context, Query(q): Query<TillQuery>) -> PageResult {
    till_page(&state, &ctx, q.kaart.as_deref().unwrap_or(""), q.klaar, StatusCode::OK, Errors::new()).await
}

/// The business account of the caller named in a form, or 404.
async fn my_till(state: &AppState, ctx: &Ctx, account_id: &str) -> Result<Account, PageError> {
    let person = ctx.person_id().expect("gate requires sign-in");
    state
        .store()
        .business_accounts_of_person(person)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .find(|a| a.id == account_id)
        .ok_or_else(PageError::not_found)
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
    ctx: Context,
    Form(form): Form<CardPaymentForm>,
) -> PageResult {
    let account = my_till(&state, &ctx, &form.account).await?;
    let mut invalid = Invalid::new();
    let amount = parse_euros(&form.amount);
    if amount.is_none() {
        invalid.add("amount", if form.amount.trim().is_empty() { "required" } else { "amount-format" });
    }
    if form.card.trim().is_empty() {
        invalid.add("card", "required");
    }
    if !invalid.is_empty() {
        return till_page(
            &state,
            &ctx,
            &form.card,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors_of(&invalid),
        )
        .await;
    }
    match state.store().place_hold(&account.id, &form.card, amount.expect("checked")).await {
        Ok(hold) => Ok(Redirect::to(&format!("/munt/kassa/pin/{}", hold.id)).into_response()),
        Err(e) => {
            till_page(&state, &ctx, &form.card, None, StatusCode::UNPROCESSABLE_ENTITY, refused(e)?).await
        }
    }
}

async fn pin_page(
    state: &AppState,
    ctx: &Ctx,
    hold_id: &str,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let hold = if is_id(hold_id) { state.store().hold(hold_id).await? } else { None };
    let hold = hold.ok_or_else(PageError::not_found)?;
    let till = my_till(state, ctx, &hold.business_account_id).await?;
    let name = state.store().organisation(&till.owner_id).await?.map(|o| o.name).unwrap_or_default();
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

pub async fn pin_form(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
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
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> PageResult {
    let hold = if is_id(&id) { state.store().hold(&id).await? } else { None };
    let hold = hold.ok_or_else(PageError::not_found)?;
    my_till(&state, &ctx, &hold.business_account_id).await?;
    if form.action == "cancel" {
        state.store().release_hold(&hold.id).await?;
        return Ok(Redirect::to("/munt/kassa").into_response());
    }
    let idem = form_key(&ctx, &form.key, &format!("capture {}", hold.id));
    match state.store().capture_hold(&hold.id, form.pin.trim(), ctx.person_id(), idem.as_ref()).await {
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
    ctx: Context,
    Form(form): Form<BenefitForm>,
) -> PageResult {
    let account = my_till(&state, &ctx, &form.account).await?;
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
        match state
            .store()
            .set_benefit(
                &account.id,
                Benefit { percent: percent.unwrap_or(0), cap: cap.unwrap_or(0) },
                &form.description,
            )
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

pub async fn redeem(State(state): State<AppState>, ctx: Context, Form(form): Form<RedeemForm>) -> PageResult {
    let account = my_till(&state, &ctx, &form.account).await?;
    let Some(amount) = parse_euros(&form.amount) else {
        let errors = Errors::from([("redeem".to_string(), "error-amount-format".to_string())]);
        return till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let idem = form_key(&ctx, &form.key, &format!("redeem {} {amount}", account.id));
    match state.store().redeem(&account.id, amount, ctx.person_id(), idem.as_ref()).await {
        Ok(_) => Ok(Redirect::to("/munt/kassa").into_response()),
        Err(e) => {
            let errors = refused(e)?.into_values().map(|v| ("redeem".to_string(), v)).collect();
            till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}

// ----- the gemeente -------------------------------------------------------------

/// Programmes of places where the viewer holds the gemeente role.
async fn my_programmes(state: &AppState, ctx: &Ctx) -> Result<Vec<Programme>, PageError> {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut out = Vec::new();
    for p in state.store().programmes().await? {
        let path: Vec<String> =
            state.store().place_path(&p.place_code).await?.into_iter().map(|p| p.code).collect();
        if actor.has_role_over(Role::Gemeente, &path) {
            out.push(p);
        }
    }
    Ok(out)
}

async fn programmes_page(state: &AppState, ctx: &Ctx, status: StatusCode, errors: Errors) -> PageResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut rows = Vec::new();
    for p in my_programmes(state, ctx).await? {
        let t = state.store().programme_totals(&p.id).await?;
        rows.push((p, format_euros(t.escrow, ctx.lang), t.holder_count, t.business_count));
    }
    let places: Vec<String> = actor.places_with(Role::Gemeente).map(String::from).collect();
    Ok((status, render(state, ctx, "coin_programmes.html", view! { rows, places, errors })?).into_response())
}

pub async fn programmes(State(state): State<AppState>, ctx: Context) -> PageResult {
    programmes_page(&state, &ctx, StatusCode::OK, Errors::new()).await
}

#[derive(Deserialize)]
pub struct ProgrammeForm {
    #[serde(default)]
    place: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    max_balance: String,
    #[serde(default)]
    max_payment: String,
    #[serde(default)]
    max_per_day: String,
    #[serde(default)]
    gifts: Option<String>,
}

fn limits_from(form: &ProgrammeForm, invalid: &mut Invalid) -> Limits {
    let mut euros = |field: &str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let v = parse_euros(text);
        if v.is_none() {
            invalid.add(field, "amount-format");
        }
        v
    };
    Limits {
        max_balance: euros("maxBalance", &form.max_balance),
        max_payment: euros("maxPayment", &form.max_payment),
        max_per_day: euros("maxPerDay", &form.max_per_day),
        holders_may_pay_each_other: form.gifts.is_some(),
    }
}

pub async fn create_programme(
    State(state): State<AppState>,
    ctx: Context,
    Form(form): Form<ProgrammeForm>,
) -> PageResult {
    let actor = ctx.actor().expect("gate requires sign-in");
    let mut invalid = Invalid::new();
    let limits = limits_from(&form, &mut invalid);
    if !actor.places_with(Role::Gemeente).any(|p| p == form.place) {
        invalid.add("place", "place-not-yours");
    }
    let input = ProgrammeInput { name: form.name.clone(), description: form.description.clone(), limits };
    if let Err(i) = input.validate() {
        invalid.errors.extend(i.errors);
    }
    if !invalid.is_empty() {
        return programmes_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors_of(&invalid)).await;
    }
    let p = state.store().create_programme(&form.place, &input).await?;
    Ok(Redirect::to(&format!("/munt/regelingen/{}", p.id)).into_response())
}

async fn own(state: &AppState, ctx: &Ctx, id: &str) -> Result<Programme, PageError> {
    my_programmes(state, ctx).await?.into_iter().find(|p| p.id == id).ok_or_else(PageError::not_found)
}

#[derive(Serialize)]
struct Bar {
    label: String,
    value: String,
    percent: i64,
    y: i64,
}

async fn programme_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    status: StatusCode,
    errors: Errors,
    report: Option<Vec<(usize, String)>>,
    summary: Option<String>,
) -> PageResult {
    let lang = ctx.lang;
    let p = own(state, ctx, id).await?;
    let t = state.store().programme_totals(&p.id).await?;
    let parts = [
        ("coin-total-unissued", t.unissued),
        ("coin-total-holders", t.holders),
        ("coin-total-businesses", t.businesses),
    ];
    let max = parts.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = parts
        .iter()
        .enumerate()
        .map(|(i, (key, v))| Bar {
            label: state.i18n().t(lang, key),
            value: format_euros(*v, lang),
            percent: v * 100 / max,
            y: i as i64 * 34,
        })
        .collect();
    let businesses: Vec<(Account, String, String)> = state
        .store()
        .programme_businesses(&p.id)
        .await?
        .into_iter()
        .map(|(a, n)| {
            let b = format_euros(a.balance, lang);
            (a, n, b)
        })
        .collect();
    let enrolled: Vec<String> = businesses.iter().map(|(a, ..)| a.owner_id.clone()).collect();
    let candidates: Vec<(String, String)> = state
        .store()
        .organisations_in(&p.place_code)
        .await?
        .into_iter()
        .filter(|o| o.kind == "business" || o.kind == "initiative")
        .filter(|o| !enrolled.contains(&o.id))
        .map(|o| (o.id, o.name))
        .collect();
    let euros = |v: Option<i64>| {
        v.map(|v| format_euros(v, lang).replace("€", "").trim().to_string()).unwrap_or_default()
    };
    let view = view! {
        programme => p,
        escrow => format_euros(t.escrow, lang),
        funded => format_euros(t.funded, lang),
        issued => format_euros(t.issued, lang),
        paid => format_euros(t.paid, lang),
        redeemed => format_euros(t.redeemed, lang),
        holder_count => t.holder_count,
        business_count => t.business_count,
        balanced => t.escrow == t.unissued + t.holders + t.businesses,
        bars,
        businesses,
        candidates,
        max_balance => euros(p.limits.max_balance),
        max_payment => euros(p.limits.max_payment),
        max_per_day => euros(p.limits.max_per_day),
        key => new_id(),
        errors,
        report,
        summary,
    };
    Ok((status, render(state, ctx, "coin_programme.html", view)?).into_response())
}

pub async fn programme(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    programme_page(&state, &ctx, &id, StatusCode::OK, Errors::new(), None, None).await
}

#[derive(Deserialize)]
pub struct MoneyForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    memo: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    key: String,
}

async fn after_money(state: &AppState, ctx: &Ctx, id: &str, result: Result<(), Errors>) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response()),
        Err(errors) => {
            programme_page(state, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, errors, None, None).await
        }
    }
}

pub async fn fund(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<MoneyForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    let Some(amount) = parse_euros(&form.amount) else {
        return after_money(
            &state,
            &ctx,
            &id,
            Err(Errors::from([("fund".into(), "error-amount-format".into())])),
        )
        .await;
    };
    let idem = form_key(&ctx, &form.key, &format!("fund {} {amount} {}", p.id, form.memo));
    let result =
        match state.store().fund_programme(&p.id, amount, &form.memo, ctx.person_id(), idem.as_ref()).await {
            Ok(_) => Ok(()),
            Err(e) => Err(refused(e)?.into_values().map(|v| ("fund".to_string(), v)).collect()),
        };
    after_money(&state, &ctx, &id, result).await
}

pub async fn issue(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<MoneyForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    let mut errors = Errors::new();
    let amount = parse_euros(&form.amount);
    if amount.is_none() {
        errors.insert("issue".into(), "error-amount-format".into());
    }
    let person = state.store().person_by_email(form.person.trim()).await?.filter(|p| p.erased_at.is_none());
    if person.is_none() {
        errors.insert("person".into(), "error-person-unknown".into());
    }
    if !errors.is_empty() {
        return after_money(&state, &ctx, &id, Err(errors)).await;
    }
    let (amount, person) = (amount.expect("checked"), person.expect("checked"));
    let idem = form_key(&ctx, &form.key, &format!("issue {} {} {amount} {}", p.id, person.id, form.memo));
    let result = match state
        .store()
        .issue_coins(&p.id, &person.id, amount, &form.memo, ctx.person_id(), idem.as_ref())
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => Err(refused(e)?.into_values().map(|v| ("issue".to_string(), v)).collect()),
    };
    after_money(&state, &ctx, &id, result).await
}

#[derive(Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    lines: String,
}

/// Bulk issuance from lines pasted from Excel (or a CSV file's text). The same
/// lines sent twice issue once: each line's key is the text's hash and its number.
pub async fn issue_bulk(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<BulkForm>,
) -> PageResult {
    use sha2::{Digest, Sha256};
    let p = own(&state, &ctx, &id).await?;
    let (lines, bad) = match parse_issuance_csv(&form.lines) {
        Ok(parsed) => parsed,
        Err(i) => {
            let errors = i.errors.iter().map(|e| ("bulk".to_string(), format!("error-{}", e.code))).collect();
            return programme_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, None, None)
                .await;
        }
    };
    let hash = wijkwerk_store::secrets::hex(&Sha256::digest(form.lines.trim().as_bytes()));
    let actor = ctx.person_id().expect("signed in").to_string();
    let outcome = state.store().issue_in_bulk(&p.id, &hash, &lines, &actor, &mut |_, _| {}).await?;
    let lang = ctx.lang;
    let mut report: Vec<(usize, String)> =
        bad.iter().map(|(n, code)| (*n, state.i18n().t(lang, &format!("error-{code}")))).collect();
    let (mut new, mut again) = (0, 0);
    for (line, result) in outcome {
        match result {
            Ok(true) => new += 1,
            Ok(false) => again += 1,
            Err(code) => report.push((line, state.i18n().t(lang, &format!("error-{code}")))),
        }
    }
    report.sort();
    let summary = state.i18n().text(
        lang,
        "coin-bulk-summary",
        &[("new", new.into()), ("again", again.into()), ("refused", (report.len() as i64).into())],
    );
    let status = if report.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    programme_page(&state, &ctx, &id, status, Errors::new(), Some(report), Some(summary)).await
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    active: String,
}

pub async fn businesses(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<EnrolForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    if !form.account.is_empty() {
        // Pause or resume a participating business.
        let account = state
            .store()
            .coin_account(&form.account)
            .await?
            .filter(|a| a.programme_id == p.id && a.kind == AccountKind::Business);
        let account = account.ok_or_else(PageError::not_found)?;
        state.store().set_coin_account_active(&account.id, form.active == "1").await?;
        return Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response());
    }
    let org =
        if is_id(&form.organisation) { state.store().organisation(&form.organisation).await? } else { None };
    match org {
        Some(o) if o.kind == "business" || o.kind == "initiative" => {
            state.store().enrol_business(&p.id, &o.id).await?;
            Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response())
        }
        _ => {
            after_money(
                &state,
                &ctx,
                &id,
                Err(Errors::from([("organisation".into(), "error-organisation-unknown".into())])),
            )
            .await
        }
    }
}

pub async fn set_limits(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Form(form): Form<ProgrammeForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    let mut invalid = Invalid::new();
    let limits = limits_from(&form, &mut invalid);
    if invalid.is_empty()
        && let Err(e) = state.store().set_programme_limits(&p.id, &limits).await
    {
        return after_money(&state, &ctx, &id, Err(refused(e)?)).await;
    }
    if !invalid.is_empty() {
        return after_money(&state, &ctx, &id, Err(errors_of(&invalid))).await;
    }
    Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response())
}

/// The books as a Beancount download, for the gemeente's accountants.
pub async fn ledger(State(state): State<AppState>, ctx: Context) -> PageResult {
    if !ctx.actor().is_some_and(|a| a.has_role(Role::Gemeente)) {
        return Err(PageError::forbidden("error-page-forbidden"));
    }
    Ok(crate::api::coin::beancount_response(&state))
}
