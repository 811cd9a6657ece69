//! The resident: wallet, paying, the printed card, a shop's page.

use super::*;
use crate::AppState;
use crate::context::{Context, SignedIn};
use crate::pages::{PageResult, ok, render};
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use wijkwerk_app::coin::{self as use_case, PayFrom};
use wijkwerk_domain::coin::{format_euros, normalise_code, parse_euros};
use wijkwerk_domain::role::Role;
use wijkwerk_domain::{Invalid, new_id};
use wijkwerk_store::coin::{Account, Programme};

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

pub async fn wallet(
    State(state): State<AppState>,
    ctx: SignedIn,
    Query(q): Query<WalletQuery>,
) -> PageResult {
    let lang = ctx.lang;
    let mut wallets = Vec::new();
    let mut paid = None;
    for w in use_case::wallet_overview(state.store(), ctx.actor(), 50).await? {
        let (account, programme, entries) = (w.account, w.programme, w.entries);
        let names: BTreeMap<String, String> =
            w.businesses.iter().map(|(a, n)| (a.code.clone(), n.clone())).collect();
        if let Some(tx) = &q.betaald
            && let Some(e) = entries.iter().find(|e| &e.transaction_id == tx && e.change < 0)
        {
            let to = e.counterparty.as_ref().and_then(|c| names.get(c)).cloned().unwrap_or_default();
            let bonus: i64 =
                entries.iter().filter(|b| &b.transaction_id == tx && b.change > 0).map(|b| b.change).sum();
            paid = Some((format_euros(-e.change, lang), to, (bonus > 0).then(|| format_euros(bonus, lang))));
        }
        let businesses = w
            .businesses
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
    // Without coins of their own, "Munt" opens what the role does with it.
    if wallets.is_empty() && (runs_programmes || runs_business) {
        let to = if runs_programmes { "/munt/regelingen" } else { "/munt/kassa" };
        return Ok(axum::response::Redirect::to(to).into_response());
    }
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
    let form = use_case::pay_form(state.store(), ctx.actor(), business, programme).await?;
    let (account, shop) = (form.from.as_ref(), form.shop.as_ref());
    let view = view! {
        has_account => account.is_some(),
        account_id => account.map(|a| a.id.clone()),
        available => account.map(|a| format_euros(a.available(), ctx.lang)),
        business => match shop { Some((s, _)) => s.code.clone(), None => business.trim().to_string() },
        shop_name => shop.map(|(_, name)| name),
        benefit => shop.map(|(s, _)| s.benefit_text.clone()).filter(|t| !t.is_empty()),
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
    match use_case::pay(state.store(), ctx.actor(), from, &form.business, amount, idem.as_ref(), invalid)
        .await
    {
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
    let cards = use_case::cards(state.store(), ctx.actor()).await?;
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
#[derive(Deserialize)]
pub struct ShopQuery {
    /// `?poster`: the counter poster with the QR code, for printing.
    poster: Option<String>,
}

pub async fn shop(
    State(state): State<AppState>,
    ctx: Context,
    Path(code): Path<String>,
    Query(q): Query<ShopQuery>,
    headers: HeaderMap,
) -> PageResult {
    let (account, name, programme) = use_case::shop(state.store(), &code).await?;
    let link = format!("{}/munt/betalen?zaak={}", crate::context::site_of(&headers), account.code);
    let info = use_case::shop_info(state.store(), &account).await?;
    let poster = q.poster.is_some();
    ok(render(&state, &ctx, "coin_shop.html", view! { account, name, programme, link, info, poster })?)
}
