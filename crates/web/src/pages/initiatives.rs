//! Initiatives: a wijk's public register with its rules and wijkbudget
//! (`/plaatsen/{code}/initiatieven`), one initiative with its clock
//! (`/initiatieven/{id}`), and the forms of each role: submit and support
//! (residents), decide and record payment (the initiatievenmakelaar), the
//! account afterwards (the group, or a wijkwerker for them), paper
//! signatures (wijkwerker), rules and money (gemeente).

use super::{PageResult, after_form, form_key, render};
use crate::AppState;
use crate::context::{Context, Ctx, SignedIn};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::collections::BTreeMap;
use wijkwerk_app::initiatives as use_case;
use wijkwerk_domain::initiatives::{NEEDS, RawInitiative, RawRules, check_initiative, check_rules};
use wijkwerk_domain::{Timestamp, new_id};

type Errors = BTreeMap<String, String>;

/// "woensdag 9 december": the last day a decision may take (the day before
/// the instant it is due), in Dutch time.
fn last_day(state: &AppState, lang: &str, due_at: &str) -> String {
    let Some(due) = Timestamp::parse(due_at) else { return String::new() };
    let l = due.minus_seconds(1).dutch_civil();
    let i18n = state.i18n();
    format!(
        "{} {} {}",
        i18n.t(lang, &format!("day-{}", l.weekday().number_from_monday())),
        l.day(),
        i18n.t(lang, &format!("month-{}", u8::from(l.month())))
    )
}

fn shown(state: &AppState, lang: &str, s: use_case::Shown) -> serde_json::Value {
    let mut v = serde_json::to_value(&s).unwrap_or_default();
    v["lastDay"] = last_day(state, lang, &s.initiative.due_at).into();
    v
}

pub async fn register(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    register_page(&state, &ctx, &code, StatusCode::OK, Errors::new(), BTreeMap::new()).await
}

async fn register_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    status: StatusCode,
    errors: Errors,
    typed: BTreeMap<String, String>,
) -> PageResult {
    let now = Timestamp::now();
    let r = use_case::register(state.store(), ctx.actor(), code, now).await?;
    let mut typed = typed;
    for key in ["title", "description", "amount", "groupName", "needsNote", "year", "allocation", "memo"] {
        typed.entry(key.to_string()).or_default();
    }
    let rules = r.rules.clone().unwrap_or_default();
    for (key, value) in [
        ("smallLimit", format!("{}", rules.small_limit / 100)),
        ("smallDays", rules.small_days.to_string()),
        ("largeDays", rules.large_days.to_string()),
        ("onTimeout", rules.on_timeout.as_str().to_string()),
        ("eligible", rules.eligible.clone()),
        ("accounting", rules.accounting.clone()),
    ] {
        typed.entry(key.to_string()).or_insert(value);
    }
    let needs: Vec<String> =
        typed.get("needs").map(|n| n.split(',').map(str::to_string).collect()).unwrap_or_default();
    let lang = ctx.lang;
    let (open, decided): (Vec<_>, Vec<_>) = r
        .initiatives
        .into_iter()
        .partition(|s| matches!(s.initiative.status.as_str(), "submitted" | "escalated"));
    let html = render(
        state,
        ctx,
        "initiatives.html",
        view! {
            place => r.place,
            path => r.path,
            rules => r.rules,
            open => open.into_iter().map(|s| shown(state, lang, s)).collect::<Vec<_>>(),
            decided => decided.into_iter().map(|s| shown(state, lang, s)).collect::<Vec<_>>(),
            budget => r.budget,
            movements => r.movements.into_iter().take(30).collect::<Vec<_>>(),
            may_submit => r.may_submit,
            may_keep_budget => r.may_keep_budget,
            all_needs => NEEDS,
            needs,
            key => new_id(),
            this_year => now.dutch_civil().year(),
            typed,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

/// Field names as the form sends them (`needs` may come several times).
fn collect(fields: Vec<(String, String)>) -> BTreeMap<String, String> {
    let mut typed: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in fields.into_iter().filter(|(k, _)| k != "csrf") {
        typed.entry(k).and_modify(|e| *e = format!("{e},{v}")).or_insert(v);
    }
    typed
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let typed = collect(fields);
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let raw = RawInitiative {
        title: get("title"),
        description: get("description"),
        needs: get("needs").split(',').filter(|n| !n.is_empty()).collect(),
        amount: get("amount"),
        group_name: get("groupName"),
        needs_note: get("needsNote"),
    };
    let result =
        use_case::submit(state.store(), ctx.actor(), &code, check_initiative(&raw), Timestamp::now()).await;
    after_form(
        result,
        |i| format!("/initiatieven/{}", i.id),
        |errors| register_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors, typed.clone()),
    )
    .await
}

pub async fn set_rules(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let typed = collect(fields);
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let raw = RawRules {
        small_limit: get("smallLimit"),
        small_days: get("smallDays"),
        large_days: get("largeDays"),
        on_timeout: get("onTimeout"),
        eligible: get("eligible"),
        accounting: get("accounting"),
        groups_may_save: get("groupsMaySave") == "1",
    };
    let result = use_case::set_rules(state.store(), ctx.actor(), &code, check_rules(&raw)).await;
    after_form(
        result,
        |_| format!("/plaatsen/{code}/initiatieven#regels"),
        |errors| register_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors, typed.clone()),
    )
    .await
}

#[derive(Deserialize)]
pub struct AllocationForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    allocation: String,
    #[serde(default)]
    memo: String,
}

pub async fn allocate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<AllocationForm>,
) -> PageResult {
    let idem = form_key(&ctx, &f.key, &format!("allocate {code} {} {} {}", f.year, f.allocation, f.memo));
    let result = use_case::allocate(
        state.store(),
        ctx.actor(),
        &code,
        (&f.year, &f.allocation, &f.memo),
        idem.as_ref(),
    )
    .await;
    let typed = BTreeMap::from([
        ("year".to_string(), f.year.clone()),
        ("allocation".to_string(), f.allocation.clone()),
        ("memo".to_string(), f.memo.clone()),
    ]);
    after_form(
        result,
        |_| format!("/plaatsen/{code}/initiatieven#budget"),
        |errors| {
            // The amount's field is called `allocation` on this page.
            let errors = errors
                .into_iter()
                .map(|(k, v)| (if k == "amount" { "allocation".into() } else { k }, v))
                .collect();
            register_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors, typed)
        },
    )
    .await
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    initiative_page(&state, &ctx, &id, StatusCode::OK, Errors::new(), BTreeMap::new()).await
}

async fn initiative_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    status: StatusCode,
    errors: Errors,
    typed: BTreeMap<String, String>,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), id, Timestamp::now()).await?;
    let (files, may_add_file) = wijkwerk_app::initiative_files::list(state.store(), ctx.actor(), id).await?;
    let mut typed = typed;
    for key in ["verdict", "amount", "reason", "report", "spent", "count", "description", "kind"] {
        typed.entry(key.to_string()).or_default();
    }
    let html = render(
        state,
        ctx,
        "initiative.html",
        view! {
            i => shown(state, ctx.lang, v.shown),
            path => v.path,
            rules => v.rules,
            supported => v.supported,
            may_decide => v.may_decide,
            may_pay => v.may_pay,
            may_account => v.may_account,
            may_enter_paper => v.may_enter_paper,
            files,
            may_add_file,
            key => new_id(),
            typed,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let idem = form_key(&ctx, &f.key, &format!("decide {id} {} {} {}", f.verdict, f.amount, f.reason));
    let now = Timestamp::now();
    let result = use_case::decide(
        state.store(),
        ctx.actor(),
        &id,
        (&f.verdict, &f.amount, &f.reason),
        now,
        idem.as_ref(),
    )
    .await;
    let typed = BTreeMap::from([
        ("verdict".to_string(), f.verdict.clone()),
        ("amount".to_string(), f.amount.clone()),
        ("reason".to_string(), f.reason.clone()),
    ]);
    after_form(
        result,
        |_| format!("/initiatieven/{id}#besluit"),
        |errors| initiative_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, typed),
    )
    .await
}

#[derive(Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    key: String,
}

pub async fn pay(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<KeyForm>,
) -> PageResult {
    let idem = form_key(&ctx, &f.key, &format!("pay {id}"));
    use_case::pay(state.store(), ctx.actor(), &id, Timestamp::now(), idem.as_ref()).await?;
    Ok(Redirect::to(&format!("/initiatieven/{id}#geld")).into_response())
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    report: String,
    #[serde(default)]
    spent: String,
    #[serde(default)]
    keep: String,
}

pub async fn account(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<AccountForm>,
) -> PageResult {
    let idem = form_key(&ctx, &f.key, &format!("account {id} {} {} {}", f.report, f.spent, f.keep));
    let input = (f.report.as_str(), f.spent.as_str(), f.keep == "1");
    let result =
        use_case::account(state.store(), ctx.actor(), &id, input, Timestamp::now(), idem.as_ref()).await;
    let typed =
        BTreeMap::from([("report".to_string(), f.report.clone()), ("spent".to_string(), f.spent.clone())]);
    after_form(
        result,
        |_| format!("/initiatieven/{id}#verantwoording"),
        |errors| initiative_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, typed),
    )
    .await
}

#[derive(Deserialize)]
pub struct SupportForm {
    #[serde(default)]
    support: String,
}

pub async fn support(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<SupportForm>,
) -> PageResult {
    use_case::support(state.store(), ctx.actor(), &id, f.support != "0").await?;
    Ok(Redirect::to(&format!("/initiatieven/{id}#steun")).into_response())
}

#[derive(Deserialize)]
pub struct PaperForm {
    #[serde(default)]
    count: String,
}

pub async fn paper(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<PaperForm>,
) -> PageResult {
    let result = use_case::paper_support(state.store(), ctx.actor(), &id, &f.count).await;
    let typed = BTreeMap::from([("count".to_string(), f.count.clone())]);
    after_form(
        result,
        |_| format!("/initiatieven/{id}#steun"),
        |errors| initiative_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, typed),
    )
    .await
}

/// `POST /initiatieven/{id}/bestanden`: a photo or receipt, as
/// `multipart/form-data` with `kind`, `description` and `file` (the
/// security layer has read the body within its limit and checked its csrf).
pub async fn add_file(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> PageResult {
    // Parsed and checked by the security layer; a form that is not
    // multipart has no parts, and every field is then reported missing.
    let form = req.extensions().get::<crate::multipart::Form>().cloned().unwrap_or_default();
    let file = form.file("file");
    let (kind, description) = (form.text("kind"), form.text("description"));
    let upload = wijkwerk_domain::attachments::check_upload(&kind, &description, file);
    let result =
        wijkwerk_app::initiative_files::add(state.store(), ctx.actor(), &id, upload, Timestamp::now()).await;
    after_form(
        result,
        |_| format!("/initiatieven/{id}#bestanden"),
        |errors| {
            let typed = BTreeMap::from([
                ("kind".to_string(), kind.clone()),
                ("description".to_string(), description.clone()),
            ]);
            initiative_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, typed)
        },
    )
    .await
}

/// `GET /initiatieven/{id}/bestanden/{file}`: the file itself. Images are
/// shown in the page; a PDF is downloaded, never opened in our origin.
pub async fn file(
    State(state): State<AppState>,
    ctx: Context,
    Path((id, file)): Path<(String, String)>,
) -> PageResult {
    let (meta, bytes) = wijkwerk_app::initiative_files::get(state.store(), ctx.actor(), &id, &file).await?;
    Ok(crate::download::stored_file(&meta, bytes))
}

pub async fn remove_file(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path((id, file)): Path<(String, String)>,
) -> PageResult {
    wijkwerk_app::initiative_files::remove(state.store(), ctx.actor(), &id, &file).await?;
    Ok(axum::response::Redirect::to(&format!("/initiatieven/{id}#bestanden")).into_response())
}
