//! The marketplace's pages: a wijk's requests and offers with search and
//! the form to post (`/plaatsen/{code}/markt`), one post with its
//! suggestions and the form to answer it (`/markt/{id}`), an agreement with
//! the forms to accept and to confirm the hours (`/markt/afspraken/{id}`),
//! and the person's own posts, agreements and hours (`/mijn/markt`).

use super::FormFields;
use super::{Fields, PageResult, after_form, get, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::pages::shown;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use wijkwerk_app::marketplace::{self as use_case, Owner};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::marketplace::{check_agreement, check_post};
use wijkwerk_store::marketplace::PostFilter;

pub async fn market(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Query(query): Query<Fields>,
) -> PageResult {
    market_page(&state, &ctx, &code, &query, Fields::new(), Fields::new()).await
}

fn filter_of(query: &Fields) -> PostFilter {
    PostFilter {
        kind: get(query, "soort").into(),
        domain: get(query, "domein").into(),
        buurt: get(query, "buurt").into(),
        words: get(query, "q").into(),
        before: use_case::parse_cursor(get(query, "voor")),
    }
}

async fn market_page(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    query: &Fields,
    errors: Fields,
    mut typed: Fields,
) -> PageResult {
    let filter = filter_of(query);
    let m = use_case::market(state.store(), ctx.actor(), code, &filter, ctx.lang).await?;
    for k in ["title", "description", "domain", "buurt", "when", "skills", "daysOpen", "resident", "consent"]
    {
        typed.entry(k.into()).or_default();
    }
    typed.entry("kind".into()).or_insert_with(|| "request".into());
    typed.entry("reward".into()).or_insert_with(|| "volunteer".into());
    typed.entry("for".into()).or_insert_with(|| "me".into());
    let mut search: Fields = Fields::new();
    for k in ["soort", "domein", "buurt", "q"] {
        search.insert(k.into(), get(query, k).into());
    }
    let html = render(
        state,
        ctx,
        "market.html",
        view! {
            coop => m.cooperative,
            path => m.path,
            posts => m.posts,
            next => m.next,
            later_page => filter.before.is_some(),
            domains => m.domains,
            buurten => m.buurten,
            is_member => m.is_member,
            may_post_for_others => m.may_post_for_others,
            rewards => ["volunteer", "hours", "coin", "paid"],
            search,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let domains: Vec<String> = wijkwerk_app::places::life_domains(state.store(), "nl")
        .await?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    let input = check_post(
        f("kind"),
        f("title"),
        f("description"),
        f("domain"),
        f("buurt"),
        f("when"),
        f("reward"),
        f("skills"),
        f("daysOpen"),
        &domains,
    );
    let owner = if f("for") == "resident" {
        Owner::Resident { email: f("resident"), consents: f("consent") == "yes" }
    } else {
        Owner::Myself
    };
    let result =
        use_case::post(state.store(), ctx.actor(), &code, owner, f("buurt"), input, Timestamp::now()).await;
    let no_search = Fields::new();
    after_form(
        result,
        |p| format!("/markt/{}", p.id),
        |errors| market_page(&state, &ctx, &code, &no_search, errors, typed.clone()),
    )
    .await
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    post_page(&state, &ctx, &id, Fields::new(), Fields::new()).await
}

async fn post_page(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
    errors: Fields,
    mut typed: Fields,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), id, Timestamp::now()).await?;
    for k in ["what", "when", "hours", "team"] {
        typed.entry(k.into()).or_default();
    }
    let html = render(
        state,
        ctx,
        "market_post.html",
        view! {
            post => v.post,
            path => v.path,
            expiry => v.expiry,
            suggestions => v.suggestions,
            agreements => v.agreements,
            is_owner => v.is_owner,
            may_respond => v.may_respond,
            my_teams => v.my_teams,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn withdraw(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let result = use_case::withdraw(state.store(), ctx.actor(), &id).await;
    after_form(
        result,
        |_| "/mijn/markt".to_string(),
        |_| async { Err(crate::problem::PageError::not_found()) },
    )
    .await
}

pub async fn renew(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result =
        use_case::renew(state.store(), ctx.actor(), &id, get(&typed, "daysOpen"), Timestamp::now()).await;
    after_form(
        result,
        |p| format!("/markt/{}", p.id),
        |errors| post_page(&state, &ctx, &id, errors, Fields::new()),
    )
    .await
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = check_agreement(f("what"), f("when"), f("hours"));
    let team = Some(f("team")).filter(|t| !t.is_empty());
    let result = use_case::respond(state.store(), ctx.actor(), &id, team, input, Timestamp::now()).await;
    after_form(
        result,
        |a| format!("/markt/afspraken/{}", a.id),
        |errors| post_page(&state, &ctx, &id, errors, typed.clone()),
    )
    .await
}

pub async fn agreement(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    agreement_page(&state, &ctx, &id, Fields::new()).await
}

async fn agreement_page(state: &AppState, ctx: &SignedIn, id: &str, errors: Fields) -> PageResult {
    let v = use_case::agreement(state.store(), ctx.actor(), id).await?;
    let team = match (&v.agreement.team_id, v.is_coach) {
        (Some(t), true) => Some(wijkwerk_app::cooperative::team(state.store(), ctx.actor(), t).await?),
        _ => None,
    };
    let html = render(
        state,
        ctx,
        "market_agreement.html",
        view! {
            a => v.agreement,
            path => v.path,
            my_side => v.my_side,
            confirmation => v.confirmation,
            may_answer => v.may_answer,
            may_confirm => v.may_confirm,
            team_members => team.map(|t| t.members).unwrap_or_default(),
            errors,
        },
    )?;
    shown(html, &errors)
}

async fn back_to_agreement<T>(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
    result: wijkwerk_app::Result<T>,
) -> PageResult {
    after_form(result, |_| format!("/markt/afspraken/{id}"), |errors| agreement_page(state, ctx, id, errors))
        .await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let accept = get(&typed, "answer") == "accept";
    let result = use_case::answer(state.store(), ctx.actor(), &id, accept, Timestamp::now()).await;
    back_to_agreement(&state, &ctx, &id, result).await
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let (hours, thanks) = (get(&typed, "hours"), get(&typed, "thanks"));
    let result = use_case::confirm(state.store(), ctx.actor(), &id, hours, thanks, Timestamp::now()).await;
    back_to_agreement(&state, &ctx, &id, result).await
}

/// The coach's form after a team's task: `member{i}` and `hours{i}` per member.
pub async fn team_hours(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let hours: Vec<(String, String)> = (0..100)
        .map_while(|i| {
            typed.get(&format!("member{i}")).map(|m| (m.clone(), get(&typed, &format!("hours{i}")).into()))
        })
        .collect();
    let result = wijkwerk_app::cooperative::record_task_hours(state.store(), ctx.actor(), &id, &hours).await;
    back_to_agreement(&state, &ctx, &id, result).await
}

pub async fn mine(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let m = use_case::mine(state.store(), ctx.actor(), Timestamp::now()).await?;
    let c = wijkwerk_app::cooperative::mine(state.store(), ctx.actor()).await?;
    let html = render(
        &state,
        &ctx,
        "market_mine.html",
        view! {
            posts => m.posts,
            new_nearby => m.new_nearby,
            agreements => m.agreements,
            balance => m.balance,
            movements => m.movements,
            memberships => c.memberships,
            teams => c.teams,
            task_hours => c.task_hours,
        },
    )?;
    Ok(html.into_response())
}
