//! Right to challenge: a place's interventions open to challenge
//! (`/plaatsen/{code}/uitdaagrecht`, with the gemeente's forms) and one
//! intervention with its challenges, the gemeente's own spending on the task
//! beside each bid, and the forms to challenge and to answer
//! (`/interventies/{id}`).

use super::FormFields;
use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::{Context, Ctx, SignedIn};
use crate::pages::shown;
use axum::extract::{Path, State};
use std::collections::BTreeMap;
use wijkwerk_app::challenges as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::challenges::{CHALLENGERS, RawIntervention, check_intervention, check_rules};

type Fields = BTreeMap<String, String>;

fn with_defaults(mut typed: Fields, keys: &[&str]) -> Fields {
    for k in keys {
        typed.entry(k.to_string()).or_default();
    }
    typed
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    list_page(&state, &ctx, &code, Fields::new(), Fields::new()).await
}

async fn list_page(state: &AppState, ctx: &Ctx, code: &str, errors: Fields, typed: Fields) -> PageResult {
    let l = use_case::list(state.store(), ctx.actor(), code).await?;
    let mut typed =
        with_defaults(typed, &["title", "description", "budget", "startsOn", "endsOn", "taakveld", "domain"]);
    typed.entry("answerDays".into()).or_insert(l.rules.answer_days.to_string());
    typed.entry("regulation".into()).or_insert(l.rules.regulation.clone());
    let html = render(
        state,
        ctx,
        "interventions.html",
        view! {
            place => l.place,
            path => l.path,
            rules => l.rules,
            interventions => l.interventions,
            may_announce => l.may_announce,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn announce(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let raw = RawIntervention {
        title: get("title"),
        description: get("description"),
        budget: get("budget"),
        starts_on: get("startsOn"),
        ends_on: get("endsOn"),
        taakveld: get("taakveld"),
        domain: get("domain"),
    };
    let result = use_case::announce(state.store(), ctx.actor(), &code, check_intervention(&raw)).await;
    after_form(
        result,
        |i| format!("/interventies/{}", i.id),
        |errors| list_page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn set_rules(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let result = use_case::set_rules(
        state.store(),
        ctx.actor(),
        &code,
        check_rules(get("answerDays"), get("regulation")),
    )
    .await;
    after_form(
        result,
        |_| format!("/plaatsen/{code}/uitdaagrecht#regels"),
        |errors| list_page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    intervention_page(&state, &ctx, &id, Fields::new(), Fields::new()).await
}

async fn intervention_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    errors: Fields,
    typed: Fields,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), id, Timestamp::now()).await?;
    let typed =
        with_defaults(typed, &["kind", "name", "plan", "bid", "whyBetter", "outcome", "reason", "challenge"]);
    let html = render(
        state,
        ctx,
        "intervention.html",
        view! {
            i => v.intervention,
            path => v.path,
            rules => v.rules,
            challenges => v.challenges,
            spending => v.spending,
            may_answer => v.may_answer,
            may_challenge => v.may_challenge,
            started => v.started,
            kinds => CHALLENGERS,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn challenge(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let input = (get("kind"), get("name"), get("plan"), get("bid"), get("whyBetter"));
    let result = use_case::challenge(state.store(), ctx.actor(), &id, input, Timestamp::now()).await;
    after_form(
        result,
        |c| format!("/interventies/{id}#uitdaging-{}", c.id),
        |errors| intervention_page(&state, &ctx, &id, errors, typed.clone()),
    )
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(challenge_id): Path<String>,
    FormFields(mut typed): FormFields,
) -> PageResult {
    typed.insert("challenge".into(), challenge_id.clone());
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let result = use_case::answer(
        state.store(),
        ctx.actor(),
        &challenge_id,
        (get("outcome"), get("reason")),
        Timestamp::now(),
    )
    .await;
    let intervention = get("intervention").to_string();
    after_form(
        result,
        |c| format!("/interventies/{}#uitdaging-{}", c.intervention_id, c.id),
        |errors| intervention_page(&state, &ctx, &intervention, errors, typed.clone()),
    )
    .await
}
