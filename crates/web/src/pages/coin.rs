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
use crate::context::SignedIn;
use crate::context::Context;
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
use wijkwerk_app::Error as AppError;
use wijkwerk_app::coin::{self as use_case, PayFrom, Recipient};
use wijkwerk_store::coin::{Account, Entry, Idempotency, Programme};

type Errors = BTreeMap<String, String>;

fn errors_of(invalid: &Invalid) -> Errors {
    invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect()
}

/// A refusal as form errors; anything else is a page error.
fn refused(e: AppError) -> Result<Errors, PageError> {
    match e {
        AppError::Invalid(i) => Ok(errors_of(&i)),
        AppError::Conflict("idempotency-key-reused") => {
            Ok(Errors::from([("amount".to_string(), "error-idempotency-key-reused".to_string())]))
        }
        other => Err(other.into()),
    }
}

/// A refusal's form errors, all shown at one place of the form.
fn refused_at(place: &str, e: AppError) -> Result<Errors, PageError> {
    Ok(refused(e)?.into_values().map(|v| (place.to_string(), v)).collect())
}

/// The form's one-time key: the person plus a key made when the form was shown.
fn form_key(ctx: &SignedIn, key: &str, what: &str) -> Option<Idempotency> {
    (is_id(key)).then(|| Idempotency {
        actor_id: ctx.person_id().to_string(),
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

pub async fn wallet(State(state): State<AppState>, ctx: SignedIn, Query(q): Query<WalletQuery>) -> PageResult {
    let person = ctx.person_id();
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
    let actor = ctx.actor();
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
    ctx: &SignedIn,
    business: &str,
    programme: Option<&str>,
    amount: &str,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let person = ctx.person_id();
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

pub async fn pay_form(State(state): State<AppState>, ctx: SignedIn, Query(q): Query<PayQuery>) -> PageResult {
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

pub async fn pay(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<PayForm>) -> PageResult {
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
    let again = |errors: Errors| {
        let (state, ctx, form) = (&state, &ctx, &form);
        async move {
            pay_page(state, ctx, &form.business, None, &form.amount, StatusCode::UNPROCESSABLE_ENTITY, errors)
                .await
        }
    };
    let amount = amount.unwrap_or(1);
    let what = format!("pay {} {} {amount}", form.account, normalise_code(&form.business));
    let idem = form_key(&ctx, &form.key, &what);
    let from = PayFrom::Account(&form.account);
    match use_case::pay(state.store(), ctx.actor(), from, &form.business, amount, idem.as_ref(), invalid).await {
        Ok(posted) => {
            Ok(Redirect::to(&format!("/munt?betaald={}", posted.receipt.transaction_id)).into_response())
        }
        Err(e) => again(refused(e)?).await,
    }
}

/// The printable card: QR code and card code, plus setting the PIN.
pub async fn card(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    card_page(&state, &ctx, StatusCode::OK, Errors::new(), false).await
}

async fn card_page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    errors: Errors,
    saved: bool,
) -> PageResult {
    let person = ctx.person_id();
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

pub async fn set_pin(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<PinForm>) -> PageResult {
    let _person = ctx.person_id();
    match use_case::set_pin(state.store(), ctx.actor(), &form.account, &form.pin, &form.pin_again).await {
        Ok(()) => card_page(&state, &ctx, StatusCode::OK, Errors::new(), true).await,
        Err(e) => card_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, refused(e)?, false).await,
    }
}

/// The QR code of a business's pay link or a card's till link, as SVG.
pub async fn qr(Path(code): Path<String>, headers: HeaderMap) -> PageResult {
    let code = normalise_code(&code);
    let site = crate::context::site_of(&headers);
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
    let (account, name, programme) = use_case::shop(state.store(), &code).await?;
    let link = format!("{}/munt/betalen?zaak={}", crate::context::site_of(&headers), account.code);
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
    ctx: &SignedIn,
    card: &str,
    done: Option<String>,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let person = ctx.person_id();
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
    let started = use_case::start_card_payment(state.store(), ctx.actor(), &form.account, &form.card, amount, invalid);
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
        match use_case::set_benefit(state.store(), ctx.actor(), &form.account, benefit, &form.description).await {
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

pub async fn redeem(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<RedeemForm>) -> PageResult {
    let account = my_till(&state, &ctx, &form.account).await?;
    let Some(amount) = parse_euros(&form.amount) else {
        let errors = Errors::from([("redeem".to_string(), "error-amount-format".to_string())]);
        return till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let idem = form_key(&ctx, &form.key, &format!("redeem {} {amount}", account.id));
    match use_case::redeem(state.store(), ctx.actor(), &account.id, amount, idem.as_ref(), Invalid::new()).await {
        Ok(_) => Ok(Redirect::to("/munt/kassa").into_response()),
        Err(e) => {
            let errors = refused_at("redeem", e)?;
            till_page(&state, &ctx, "", None, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}

// ----- the gemeente -------------------------------------------------------------

async fn programmes_page(state: &AppState, ctx: &SignedIn, status: StatusCode, errors: Errors) -> PageResult {
    let actor = ctx.actor();
    let mut rows = Vec::new();
    for p in use_case::programmes_run_by(state.store(), ctx.actor()).await? {
        let t = state.store().programme_totals(&p.id).await?;
        rows.push((p, format_euros(t.escrow, ctx.lang), t.holder_count, t.business_count));
    }
    let places = use_case::programme_places(actor);
    Ok((status, render(state, ctx, "coin_programmes.html", view! { rows, places, errors })?).into_response())
}

pub async fn programmes(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
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
    ctx: SignedIn,
    Form(form): Form<ProgrammeForm>,
) -> PageResult {
    let mut invalid = Invalid::new();
    let limits = limits_from(&form, &mut invalid);
    let input = ProgrammeInput { name: form.name.clone(), description: form.description.clone(), limits };
    match use_case::create_programme(state.store(), ctx.actor(), &form.place, &input, invalid).await {
        Ok(p) => Ok(Redirect::to(&format!("/munt/regelingen/{}", p.id)).into_response()),
        Err(e) => {
            // The form names the place `place`.
            let errors = refused(e)?
                .into_iter()
                .map(|(k, v)| (if k == "placeCode" { "place".to_string() } else { k }, v))
                .collect();
            programmes_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
    }
}

async fn own(state: &AppState, ctx: &SignedIn, id: &str) -> Result<Programme, PageError> {
    Ok(use_case::own_programme(state.store(), ctx.actor(), id).await?)
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
    ctx: &SignedIn,
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
    let candidates: Vec<(String, String)> =
        use_case::candidates(state.store(), &p).await?.into_iter().map(|o| (o.id, o.name)).collect();
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

pub async fn programme(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
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

async fn after_money(state: &AppState, ctx: &SignedIn, id: &str, result: Result<(), Errors>) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response()),
        Err(errors) => {
            programme_page(state, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, errors, None, None).await
        }
    }
}

pub async fn fund(
    State(state): State<AppState>,
    ctx: SignedIn,
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
    let result = match use_case::fund(state.store(), ctx.actor(), &p.id, amount, &form.memo, idem.as_ref()).await {
        Ok(_) => Ok(()),
        Err(e) => Err(refused_at("fund", e)?),
    };
    after_money(&state, &ctx, &id, result).await
}

pub async fn issue(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<MoneyForm>,
) -> PageResult {
    let mut invalid = Invalid::new();
    let amount = parse_euros(&form.amount).unwrap_or_else(|| {
        invalid.add("amount", "amount-format");
        1
    });
    let what = format!("issue {id} {} {amount} {}", form.person.trim(), form.memo);
    let idem = form_key(&ctx, &form.key, &what);
    let to = Recipient::Email(&form.person);
    let done = use_case::issue(state.store(), ctx.actor(), &id, to, amount, &form.memo, idem.as_ref(), invalid);
    let result = match done.await {
        Ok(_) => Ok(()),
        // The person field has its own place on the form; every other problem shows at the amount.
        Err(e) => Err(refused(e)?
            .into_iter()
            .map(|(k, v)| (if k == "personId" { "person" } else { "issue" }.to_string(), v))
            .collect()),
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
    ctx: SignedIn,
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
    let outcome = use_case::issue_in_bulk(state.store(), ctx.actor(), &p.id, &hash, &lines, &mut |_, _| {}).await?;
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
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<EnrolForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    if !form.account.is_empty() {
        // Pause or resume a participating business.
        use_case::set_business_active(state.store(), ctx.actor(), &p.id, &form.account, form.active == "1").await?;
        return Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response());
    }
    match use_case::enrol(state.store(), ctx.actor(), &p.id, &form.organisation).await {
        Ok(_) => Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response()),
        Err(AppError::Invalid(_)) => {
            after_money(
                &state,
                &ctx,
                &id,
                Err(Errors::from([("organisation".into(), "error-organisation-unknown".into())])),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn set_limits(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ProgrammeForm>,
) -> PageResult {
    let p = own(&state, &ctx, &id).await?;
    let mut invalid = Invalid::new();
    let limits = limits_from(&form, &mut invalid);
    if invalid.is_empty()
        && let Err(e) = use_case::set_limits(state.store(), ctx.actor(), &p.id, &limits).await
    {
        return after_money(&state, &ctx, &id, Err(refused(e)?)).await;
    }
    if !invalid.is_empty() {
        return after_money(&state, &ctx, &id, Err(errors_of(&invalid))).await;
    }
    Ok(Redirect::to(&format!("/munt/regelingen/{id}")).into_response())
}

/// The books as a Beancount download, for the gemeente's accountants.
pub async fn ledger(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    Ok(crate::download::beancount(use_case::books(state.store(), ctx.actor())?))
}
