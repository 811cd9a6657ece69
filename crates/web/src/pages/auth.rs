//! Signing in and out, and choosing a language.

use super::{PageResult, render};
use crate::AppState;
use crate::context::{
    CSRF_COOKIE, ClientAddr, Context, DEVICE_COOKIE, LANG_COOKIE, SESSION_COOKIE, cookie, set_cookie,
};
use crate::problem::PageError;
use crate::security::safe_return_path;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReturnTo {
    terug: Option<String>,
}

fn with_cookie(mut res: Response, cookie: String) -> Response {
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn login_page(
    state: &AppState,
    ctx: &Context,
    status: StatusCode,
    csrf: &str,
    email: &str,
    back: &str,
    error: Option<&str>,
) -> PageResult {
    let html = render(state, ctx, "login.html", view! { email, back, error, login_csrf => csrf })?;
    Ok((status, html).into_response())
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: Context,
    Query(q): Query<ReturnTo>,
) -> PageResult {
    let back = safe_return_path(q.terug.as_deref());
    if ctx.viewer.is_some() {
        return Ok(see_other(&back));
    }
    // Before sign-in there is no session to tie the form to: a random token in
    // a cookie, repeated in the form, does that job.
    let (csrf, fresh) = match &ctx.cookie_csrf {
        Some(t) => (t.clone(), false),
        None => (wijkwerk_store::secrets::new_token(), true),
    };
    let res = login_page(&state, &ctx, StatusCode::OK, &csrf, "", &back, None)?;
    Ok(if fresh { with_cookie(res, set_cookie(&state, CSRF_COOKIE, &csrf, None)) } else { res })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    terug: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Context,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> PageResult {
    use wijkwerk_app::auth::{Attempt, Outcome, sign_in};
    let back = safe_return_path(form.terug.as_deref());
    let csrf = ctx.form_csrf().unwrap_or_default().to_string();
    let config = state.config();
    let address = addr.map(|a| a.to_string());
    let attempt = Attempt {
        email: &form.email,
        password: &form.password,
        address: address.as_deref(),
        device: cookie(&headers, DEVICE_COOKIE),
    };
    match sign_in(state.store(), &config.sign_in_limits, attempt).await? {
        Outcome::TooMany { retry_after } => {
            let mut res = login_page(
                &state,
                &ctx,
                StatusCode::TOO_MANY_REQUESTS,
                &csrf,
                &form.email,
                &back,
                Some("login-too-many"),
            )?;
            let wait = HeaderValue::from_str(&retry_after.to_string()).expect("digits");
            res.headers_mut().insert(header::RETRY_AFTER, wait);
            Ok(res)
        }
        // One message for an unknown address and a wrong password alike.
        Outcome::Refused => login_page(
            &state,
            &ctx,
            StatusCode::UNAUTHORIZED,
            &csrf,
            &form.email,
            &back,
            Some("login-failed"),
        ),
        Outcome::SignedIn { person, device } => {
            let session = state
                .store()
                .create_session(&person.id, config.session_ttl_seconds, ctx.session_token.as_deref())
                .await?;
            let res = with_cookie(
                see_other(&back),
                set_cookie(&state, SESSION_COOKIE, &session.token, Some(config.session_ttl_seconds)),
            );
            Ok(with_cookie(res, set_cookie(&state, DEVICE_COOKIE, &device, Some(365 * 86_400))))
        }
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Context) -> PageResult {
    wijkwerk_app::auth::sign_out(state.store(), ctx.session_token.as_deref()).await?;
    Ok(with_cookie(see_other("/"), set_cookie(&state, SESSION_COOKIE, "", Some(0))))
}

/// A plain link, so it works without JavaScript: it only sets a preference.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: Context,
    Path(lang): Path<String>,
    Query(q): Query<ReturnTo>,
) -> PageResult {
    let Some(lang) = state.i18n().supported(&lang) else {
        return Err(PageError::not_found());
    };
    if let Some(actor) = ctx.actor() {
        wijkwerk_app::auth::set_language(state.store(), actor, lang).await?;
    }
    let back = safe_return_path(q.terug.as_deref());
    Ok(with_cookie(see_other(&back), set_cookie(&state, LANG_COOKIE, lang, Some(365 * 86_400))))
}
