//! The gemeente: programmes, funding, issuing, businesses, limits, the books.

use super::*;
use crate::AppState;
use crate::context::SignedIn;
use crate::pages::{PageResult, render};
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use wijkwerk_app::Error as AppError;
use wijkwerk_app::coin::{self as use_case, Recipient};
use wijkwerk_domain::coin::{Limits, ProgrammeInput, format_euros, parse_euros, parse_issuance_csv};
use wijkwerk_domain::{Invalid, new_id};
use wijkwerk_store::coin::{Account, Programme};

// ----- the gemeente -------------------------------------------------------------

async fn programmes_page(state: &AppState, ctx: &SignedIn, status: StatusCode, errors: Errors) -> PageResult {
    let actor = ctx.actor();
    let mut rows = Vec::new();
    for (p, t) in use_case::programmes_with_totals(state.store(), ctx.actor()).await? {
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
    let (p, t) = use_case::programme_with_totals(state.store(), ctx.actor(), id).await?;
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
    // Spending, per month and per wijk, each bar only over enough payers.
    let spending = use_case::spending(state.store(), ctx.actor(), &p.id).await?;
    let month_name = |key: &str| match key.split_once('-') {
        Some((y, m)) => {
            format!("{} {y}", state.i18n().t(lang, &format!("month-{}", m.trim_start_matches('0'))))
        }
        None => key.to_string(),
    };
    let euros_of = |cents: Option<i64>| cents.map(|c| (c.max(0) as u64).div_ceil(100));
    let per_month: Vec<(String, Option<u64>)> =
        spending.per_month.iter().map(|(k, c)| (month_name(k), euros_of(*c))).collect();
    let per_wijk: Vec<(String, Option<u64>)> =
        spending.per_wijk.iter().map(|(k, c)| (k.clone(), euros_of(*c))).collect();
    let month_bars = crate::pages::places::bars(&per_month);
    let wijk_bars = crate::pages::places::bars(&per_wijk);
    let view = view! {
        month_height => month_bars.len() as u32 * crate::pages::places::BAR_HEIGHT,
        wijk_height => wijk_bars.len() as u32 * crate::pages::places::BAR_HEIGHT,
        month_bars,
        wijk_bars,
        per_month,
        per_wijk,
        min_group => state.store().min_group_size().get(),
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
    let result =
        match use_case::fund(state.store(), ctx.actor(), &p.id, amount, &form.memo, idem.as_ref()).await {
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
    let done =
        use_case::issue(state.store(), ctx.actor(), &id, to, amount, &form.memo, idem.as_ref(), invalid);
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
    let outcome =
        use_case::issue_in_bulk(state.store(), ctx.actor(), &p.id, &hash, &lines, &mut |_, _| {}).await?;
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
        use_case::set_business_active(state.store(), ctx.actor(), &p.id, &form.account, form.active == "1")
            .await?;
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
    Ok(crate::download::beancount(use_case::books(state.store(), ctx.actor()).await?))
}

/// The programme's books as a spreadsheet: one row per entry. Holders appear
/// by their account code only.
pub async fn book_csv(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    book_download(&state, &ctx, &id, "csv").await
}

pub async fn book_xlsx(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    book_download(&state, &ctx, &id, "xlsx").await
}

async fn book_download(state: &AppState, ctx: &SignedIn, id: &str, format: &str) -> PageResult {
    let (programme, entries) = use_case::book(state.store(), ctx.actor(), id).await?;
    let i18n = state.i18n();
    let header: Vec<String> =
        ["date", "transaction", "kind", "account", "code", "business", "change", "amount", "memo"]
            .iter()
            .map(|k| i18n.t(ctx.lang, &format!("coin-book-col-{k}")))
            .collect();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.posted_at.clone(),
                e.transaction_id.clone(),
                i18n.t(ctx.lang, &format!("coin-kind-{}", e.kind)),
                i18n.t(ctx.lang, &format!("coin-account-{}", e.account_kind)),
                e.account_code.clone(),
                e.business.clone().unwrap_or_default(),
                // Euros with a decimal point: a number in every spreadsheet.
                format!("{:.2}", e.change() as f64 / 100.0),
                format!("{:.2}", e.amount as f64 / 100.0),
                e.memo.clone(),
            ]
        })
        .collect();
    let name = format!("munt-{}.{format}", &programme.id[..8]);
    crate::download::table(&name, "Boekingen", &header, &rows, &[6, 7], format == "xlsx")
}
