//! "Mijn gegevens": everything stored about me, who read it, who may see
//! it, a download, and erasure.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::context::{SESSION_COOKIE, set_cookie};
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use wijkwerk_app::privacy;
use wijkwerk_domain::Invalid;

#[derive(Deserialize)]
pub struct Done {
    klaar: Option<String>,
}

/// Values typed into the consent form, kept when it has to be shown again.
#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct GrantForm {
    #[serde(default)]
    grantee_id: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    valid_until: String,
}

async fn page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    done: Option<String>,
    form: GrantForm,
    errors: Option<Invalid>,
) -> PageResult {
    let store = state.store();
    let viewer = ctx.viewer();
    let actor = &viewer.actor;
    let home = match &viewer.person.home_place_code {
        Some(code) => wijkwerk_app::places::place(store, code).await?,
        None => None,
    };
    let field_errors: std::collections::BTreeMap<String, String> = errors
        .map(|i| i.errors.into_iter().map(|e| (e.field, format!("error-{}", e.code))).collect())
        .unwrap_or_default();
    let html = render(
        state,
        ctx,
        "my_data.html",
        view! {
            person => &viewer.person,
            home,
            roles => &viewer.actor.roles,
            given => privacy::consents(store, actor).await?.0,
            received => privacy::received(store, actor).await?,
            log => privacy::access_log(store, actor, 200).await?,
            meetings => wijkwerk_app::meetings::mine(store, &viewer.actor)
                .await?
                .into_iter()
                .map(|r| serde_json::json!({
                    "id": r.meeting_id, "title": r.meeting, "status": r.status,
                    "starts_at": r.starts_at,
                }))
                .collect::<Vec<_>>(),
            initiatives => wijkwerk_app::initiatives::mine(store, &viewer.actor).await?,
            challenges => wijkwerk_app::challenges::mine(store, &viewer.actor).await?,
            editor_of => wijkwerk_app::newspaper::mine(store, &viewer.actor).await?,
            emergency => wijkwerk_app::emergency::mine(store, &viewer.actor).await?,
            mail => wijkwerk_app::mail::preferences(store, &viewer.actor).await?,
            mails => wijkwerk_app::mail::mine(store, &viewer.actor).await?,
            sessions => wijkwerk_app::auth::sessions(store, actor, ctx.session_token.as_deref()).await?,
            grantees => privacy::possible_grantees(store, actor).await?,
            form,
            field_errors,
            done,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Query(q): Query<Done>) -> PageResult {
    page(
        &state,
        &ctx,
        StatusCode::OK,
        q.klaar,
        GrantForm { scope: "profile".into(), ..Default::default() },
        None,
    )
    .await
}

/// The e-mail choices; an unticked box is simply absent from the form.
#[derive(Deserialize)]
pub struct MailForm {
    invitations: Option<String>,
    reminders: Option<String>,
    #[serde(rename = "marketDigest")]
    market_digest: Option<String>,
}

pub async fn mail_preferences(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(form): Form<MailForm>,
) -> PageResult {
    wijkwerk_app::mail::set_preferences(
        state.store(),
        ctx.actor(),
        form.invitations.is_some(),
        form.reminders.is_some(),
        Some(form.market_digest.is_some()),
    )
    .await?;
    Ok(Redirect::to("/mijn-gegevens?klaar=e-mail#e-mail").into_response())
}

pub async fn export(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let export = privacy::export(state.store(), ctx.actor()).await?;
    let body = serde_json::to_string_pretty(&export).map_err(|_| PageError::internal())?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mijn-gegevens-wijkwerk.json\""),
    );
    Ok(res)
}

pub async fn grant(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<GrantForm>) -> PageResult {
    let until = Some(form.valid_until.as_str());
    match privacy::grant_consent(
        state.store(),
        ctx.actor(),
        &form.grantee_id,
        &form.scope,
        &form.purpose,
        until,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/mijn-gegevens?klaar=toestemming#toestemmingen").into_response()),
        Err(wijkwerk_app::Error::Invalid(invalid)) => {
            page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, None, form, Some(invalid)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(consent_id): Path<String>,
) -> PageResult {
    privacy::revoke_consent(state.store(), ctx.actor(), &consent_id).await?;
    Ok(Redirect::to("/mijn-gegevens?klaar=ingetrokken#toestemmingen").into_response())
}

pub async fn erase_form(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    ok(render(&state, &ctx, "erase.html", view! { error => None::<&str> })?)
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn erase(State(state): State<AppState>, ctx: SignedIn, Form(form): Form<EraseForm>) -> PageResult {
    let confirmed = form.confirm == "ja";
    match privacy::erase_me(state.store(), ctx.actor(), confirmed, &form.password).await {
        Ok(()) => Ok(signed_out(&state, Redirect::to("/gegevens-verwijderd"))),
        Err(wijkwerk_app::Error::Invalid(i)) => {
            let error =
                format!("error-{}", i.errors.first().map(|e| e.code).unwrap_or("erase-not-confirmed"));
            let html = render(&state, &ctx, "erase.html", view! { error })?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `to`, with the session cookie cleared.
fn signed_out(state: &AppState, to: Redirect) -> axum::response::Response {
    let mut res = to.into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie(state, SESSION_COOKIE, "", Some(0))) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn erased(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    ok(render(&state, &ctx, "erased.html", view! {})?)
}

/// Signs me out on every browser and device, this one too.
pub async fn sign_out_everywhere(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    privacy::sign_out_everywhere(state.store(), ctx.actor()).await?;
    Ok(signed_out(&state, Redirect::to("/")))
}
