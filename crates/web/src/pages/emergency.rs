//! The luisterloket's emergency budget: a wijk's budgets and requests with
//! the forms to ask and to allocate (`/plaatsen/{code}/noodbudget`), and one
//! request with its approvals and the forms to approve, refuse or change
//! the amount (`/noodbudget/{id}`).

use super::FormFields;
use super::{Fields, PageResult, after_form, form_key, get, render};
use crate::AppState;
use crate::context::{Ctx, SignedIn};
use crate::pages::shown;
use axum::extract::{Path, State};
use wijkwerk_app::emergency as use_case;
use wijkwerk_domain::emergency::{Payout, check_request};
use wijkwerk_domain::{Timestamp, new_id};

pub async fn overview(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    overview_page(&state, &ctx, &code, Fields::new(), Fields::new()).await
}

async fn overview_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    errors: Fields,
    mut typed: Fields,
) -> PageResult {
    let actor = ctx.actor().ok_or(crate::problem::PageError::not_found())?;
    let o = use_case::overview(state.store(), actor, code).await?;
    for k in ["resident", "what", "amount", "why", "creditor", "allocation", "thirdAbove"] {
        typed.entry(k.into()).or_default();
    }
    typed.entry("payout".into()).or_insert_with(|| if o.coin_available { "coin" } else { "creditor" }.into());
    typed.entry("year".into()).or_insert_with(|| Timestamp::now().dutch_date()[..4].to_string());
    let html = render(
        state,
        ctx,
        "emergency.html",
        view! {
            place => o.place,
            path => o.path,
            budgets => o.budgets,
            requests => o.requests,
            may_request => o.may_request,
            may_allocate => o.may_allocate,
            coin_available => o.coin_available,
            payouts => Payout::ALL.map(Payout::as_str),
            key => new_id(),
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn request(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = check_request(f("what"), f("amount"), f("why"), f("payout"), f("creditor"));
    let result =
        use_case::request(state.store(), ctx.actor(), &code, f("resident"), input, Timestamp::now()).await;
    after_form(
        result,
        |r| format!("/noodbudget/{}", r.id),
        |errors| overview_page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn allocate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let what = format!("emergency-allocate {code} {} {} {}", f("year"), f("allocation"), f("thirdAbove"));
    let idem = form_key(&ctx, f("key"), &what);
    let input = (f("year"), f("allocation"), f("thirdAbove"));
    let result = use_case::allocate(state.store(), ctx.actor(), &code, input, idem.as_ref()).await;
    after_form(
        // The form names the amount "allocation"; the use case "amount".
        result.map_err(|e| e.renamed(&[("amount", "allocation")])),
        |_| format!("/plaatsen/{code}/noodbudget#budget"),
        |errors| overview_page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    request_page(&state, &ctx, &id, Fields::new()).await
}

async fn request_page(state: &AppState, ctx: &Ctx, id: &str, errors: Fields) -> PageResult {
    let actor = ctx.actor().ok_or(crate::problem::PageError::not_found())?;
    let v = use_case::show(state.store(), actor, id).await?;
    let html = render(
        state,
        ctx,
        "emergency_request.html",
        view! {
            r => v.request,
            path => v.path,
            approvals => v.approvals,
            needed => v.needed,
            counting => v.counting,
            third_above => v.third_above,
            for_me => v.for_me,
            may_approve => v.may_approve,
            may_refuse => v.may_refuse,
            may_change => v.may_change,
            key => new_id(),
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let amount: i64 = get(&typed, "amount").parse().unwrap_or(-1);
    let idem = form_key(&ctx, get(&typed, "key"), &format!("emergency-approve {id} {amount}"));
    let result =
        use_case::approve(state.store(), ctx.actor(), &id, amount, Timestamp::now(), idem.as_ref()).await;
    back_to_request(&state, &ctx, &id, result, "#goedkeuringen").await
}

/// After a form on a request: to the request (at `anchor`), or the request
/// page again with the form's problems.
async fn back_to_request(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
    result: wijkwerk_app::Result<use_case::RequestView>,
    anchor: &str,
) -> PageResult {
    after_form(result, |_| format!("/noodbudget/{id}{anchor}"), |errors| request_page(state, ctx, id, errors))
        .await
}

pub async fn refuse(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result =
        use_case::refuse(state.store(), ctx.actor(), &id, get(&typed, "reason"), Timestamp::now()).await;
    back_to_request(&state, &ctx, &id, result, "").await
}

pub async fn change_amount(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = use_case::change_amount(state.store(), ctx.actor(), &id, get(&typed, "amount")).await;
    back_to_request(&state, &ctx, &id, result, "").await
}
