//! The wijk cooperative's pages: its public page with the forms to
//! register it, join, leave and start a team (`/plaatsen/{code}/cooperatie`),
//! the member register for the board (`…/leden`), and a team's page for its
//! coach and members (`/teams/{id}`).

use super::FormFields;
use super::{Fields, PageResult, after_form, get, render};
use crate::AppState;
use crate::context::{Context, Ctx, SignedIn};
use crate::pages::shown;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use wijkwerk_app::cooperative as use_case;
use wijkwerk_domain::cooperative::{LEGAL_FORMS, MemberKind, check_cooperative};

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    page(&state, &ctx, &code, Fields::new(), Fields::new()).await
}

async fn page(state: &AppState, ctx: &Ctx, code: &str, errors: Fields, mut typed: Fields) -> PageResult {
    let o = use_case::overview(state.store(), ctx.actor(), code).await?;
    if let Some(c) = &o.cooperative {
        for (k, v) in
            [("name", &c.name), ("legalForm", &c.legal_form), ("terms", &c.terms), ("mandate", &c.mandate)]
        {
            typed.entry(k.into()).or_insert_with(|| v.clone());
        }
    }
    for k in [
        "name",
        "legalForm",
        "terms",
        "mandate",
        "teamName",
        "allianceName",
        "alliancePurpose",
        "allianceOffers",
        "allianceInvited",
        "partner",
        "partnerRole",
        "contribution",
        "budget",
    ] {
        typed.entry(k.into()).or_default();
    }
    typed.entry("kind".into()).or_insert_with(|| "resident".into());
    typed
        .entry("partnerYear".into())
        .or_insert_with(|| wijkwerk_domain::Timestamp::now().dutch_date()[..4].to_string());
    let html = render(
        state,
        ctx,
        "cooperative.html",
        view! {
            place => o.place,
            path => o.path,
            coop => o.cooperative,
            counts => o.counts,
            members => o.members,
            board => o.board,
            teams => o.teams,
            hours => o.hours,
            me => o.me,
            may_register => o.may_register,
            is_board => o.is_board,
            may_start_team => o.may_start_team,
            kinds => MemberKind::ALL.map(MemberKind::as_str),
            forms => LEGAL_FORMS,
            alliances => o.alliances,
            partners => o.partners,
            meetings => o.meetings,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

/// After a form on the cooperative's page: back to it, or the page again
/// with the form's problems.
async fn back<T>(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    result: wijkwerk_app::Result<T>,
    typed: Fields,
) -> PageResult {
    after_form(
        result,
        |_| format!("/plaatsen/{code}/cooperatie"),
        |errors| page(state, ctx, code, errors, typed.clone()),
    )
    .await
}

pub async fn register(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = check_cooperative(f("name"), f("legalForm"), f("terms"), f("mandate"));
    let result = use_case::register(state.store(), ctx.actor(), &code, input).await;
    back(&state, &ctx, &code, result, typed.clone()).await
}

pub async fn join(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = use_case::join(
        state.store(),
        ctx.actor(),
        &code,
        get(&typed, "kind"),
        get(&typed, "acceptTerms") == "yes",
    )
    .await;
    back(&state, &ctx, &code, result, typed.clone()).await
}

pub async fn leave(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    let result = use_case::leave(state.store(), ctx.actor(), &code).await;
    back(&state, &ctx, &code, result, Fields::new()).await
}

pub async fn start_team(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = use_case::start_team(state.store(), ctx.actor(), &code, get(&typed, "teamName")).await;
    after_form(
        result.map_err(|e| e.renamed(&[("name", "teamName")])),
        |t| format!("/teams/{}", t.id),
        |errors| page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn members(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    members_page(&state, &ctx, &code, Fields::new()).await
}

async fn members_page(state: &AppState, ctx: &SignedIn, code: &str, errors: Fields) -> PageResult {
    let (coop, members) = use_case::register_list(state.store(), ctx.actor(), code).await?;
    let (_, path) = wijkwerk_app::places::place_at(state.store(), code).await?;
    let html = render(state, ctx, "coop_members.html", view! { coop, members, path, errors })?;
    shown(html, &errors)
}

pub async fn board_role(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = use_case::set_board_role(
        state.store(),
        ctx.actor(),
        &code,
        get(&typed, "email"),
        get(&typed, "boardRole"),
    )
    .await;
    after_form(
        result,
        |_| format!("/plaatsen/{code}/cooperatie/leden"),
        |errors| members_page(&state, &ctx, &code, errors),
    )
    .await
}

pub async fn team(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    team_page(&state, &ctx, &id, Fields::new()).await
}

async fn team_page(state: &AppState, ctx: &SignedIn, id: &str, errors: Fields) -> PageResult {
    let v = use_case::team(state.store(), ctx.actor(), id).await?;
    let html = render(
        state,
        ctx,
        "coop_team.html",
        view! {
            team => v.team,
            path => v.path,
            members => v.members,
            tasks => v.tasks,
            is_coach => v.is_coach,
            my_hours => v.my_hours,
            errors,
        },
    )?;
    shown(html, &errors)
}

async fn back_to_team(
    state: &AppState,
    ctx: &SignedIn,
    id: &str,
    result: wijkwerk_app::Result<use_case::TeamView>,
) -> PageResult {
    after_form(result, |_| format!("/teams/{id}"), |errors| team_page(state, ctx, id, errors)).await
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = use_case::add_member(state.store(), ctx.actor(), &id, get(&typed, "email")).await;
    back_to_team(&state, &ctx, &id, result).await
}

pub async fn share_priority(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result =
        use_case::share_priority(state.store(), ctx.actor(), &id, get(&typed, "share") == "yes").await;
    back_to_team(&state, &ctx, &id, result).await
}

pub async fn buurtbaan(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result =
        use_case::buurtbaan(state.store(), ctx.actor(), &id, get(&typed, "member"), get(&typed, "buurtbaan"))
            .await;
    back_to_team(&state, &ctx, &id, result).await
}

pub async fn propose_alliance(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = wijkwerk_domain::cooperative::check_alliance(
        f("allianceName"),
        f("alliancePurpose"),
        f("allianceOffers"),
        f("allianceInvited"),
    );
    let result = wijkwerk_app::alliances::propose(state.store(), ctx.actor(), &code, input).await;
    let pairs = [
        ("name", "allianceName"),
        ("purpose", "alliancePurpose"),
        ("offers", "allianceOffers"),
        ("invited", "allianceInvited"),
    ];
    after_form(
        result.map_err(|e| e.renamed(&pairs)),
        |a| format!("/allianties/{}", a.id),
        |errors| page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn add_partner(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = wijkwerk_domain::cooperative::check_partner(
        f("partnerYear"),
        f("partner"),
        f("partnerRole"),
        f("contribution"),
        f("budget"),
    );
    let result = wijkwerk_app::alliances::add_partner(state.store(), ctx.actor(), &code, input).await;
    after_form(
        result.map_err(|e| e.renamed(&[("year", "partnerYear"), ("role", "partnerRole")])),
        |_| format!("/plaatsen/{code}/cooperatie#wijkalliantie"),
        |errors| page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn alliance(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    alliance_page(&state, &ctx, &id, Fields::new()).await
}

async fn alliance_page(state: &AppState, ctx: &Ctx, id: &str, errors: Fields) -> PageResult {
    let v = wijkwerk_app::alliances::show(state.store(), ctx.actor(), id).await?;
    let html = render(
        state,
        ctx,
        "alliance.html",
        view! {
            alliance => v.alliance,
            members => v.members,
            exchange => v.exchange,
            min_group => v.min_group,
            may_join_for => v.may_join_for,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn join_alliance(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let result = wijkwerk_app::alliances::join(
        state.store(),
        ctx.actor(),
        &id,
        get(&typed, "wijk"),
        get(&typed, "offers"),
    )
    .await;
    after_form(result, |_| format!("/allianties/{id}"), |errors| alliance_page(&state, &ctx, &id, errors))
        .await
}

pub async fn desk(State(state): State<AppState>, ctx: SignedIn, Path(code): Path<String>) -> PageResult {
    desk_page(&state, &ctx, &code, Fields::new(), Fields::new()).await
}

async fn desk_page(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    errors: Fields,
    mut typed: Fields,
) -> PageResult {
    let d = wijkwerk_app::alliances::desk(state.store(), ctx.actor(), code).await?;
    for k in ["initiative", "kind", "question"] {
        typed.entry(k.into()).or_default();
    }
    let html = render(
        state,
        ctx,
        "coop_desk.html",
        view! {
            path => d.path,
            place_code => d.place_code,
            cooperative => d.cooperative,
            requests => d.requests,
            runs_it => d.runs_it,
            my_initiatives => d.my_initiatives,
            kinds => wijkwerk_domain::cooperative::SERVICE_KINDS,
            states => wijkwerk_domain::cooperative::SERVICE_STATES,
            typed,
            errors,
        },
    )?;
    shown(html, &errors)
}

pub async fn ask_desk(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let f = |k| get(&typed, k);
    let input = wijkwerk_domain::cooperative::check_service_request(f("kind"), f("question"));
    let result =
        wijkwerk_app::alliances::ask(state.store(), ctx.actor(), &code, f("initiative"), input).await;
    after_form(
        result,
        |_| format!("/plaatsen/{code}/cooperatie/loket"),
        |errors| desk_page(&state, &ctx, &code, errors, typed.clone()),
    )
    .await
}

pub async fn handle_desk(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    FormFields(typed): FormFields,
) -> PageResult {
    let input =
        wijkwerk_domain::cooperative::check_service_update(get(&typed, "status"), get(&typed, "answer"));
    let result = wijkwerk_app::alliances::handle(state.store(), ctx.actor(), &id, input).await;
    match result {
        Ok(r) => Ok(axum::response::Redirect::to(&format!("/plaatsen/{}/cooperatie/loket", r.place_code))
            .into_response()),
        Err(wijkwerk_app::Error::Invalid(i)) => {
            let r = state
                .store()
                .service_request(&id)
                .await
                .ok()
                .flatten()
                .ok_or(crate::problem::PageError::not_found())?;
            desk_page(&state, &ctx, &r.place_code, super::errors_map(&i), Fields::new()).await
        }
        Err(e) => Err(e.into()),
    }
}
