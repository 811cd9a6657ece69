//! Server-rendered pages. They work without JavaScript, on a phone and on paper.

/// Builds a template context from serialisable values:
/// `view! { place, total => shown.total }`.
macro_rules! view {
    ($($key:ident $(=> $value:expr)?),* $(,)?) => {{
        let pairs: Vec<(&'static str, minijinja::Value)> = vec![
            $((stringify!($key), view!(@value $key $(=> $value)?))),*
        ];
        minijinja::Value::from_pairs(pairs)
    }};
    (@value $key:ident) => { minijinja::Value::from(minijinja::value::Serde(&$key)) };
    (@value $key:ident => $value:expr) => { minijinja::Value::from(minijinja::value::Serde(&$value)) };
}

pub mod auth;
pub mod challenges;
pub mod coin;
pub mod cooperative;
pub mod demand_supply;
pub mod emergency;
pub mod family;
pub mod goals;
pub mod home;
pub mod housing;
pub mod indicators;
pub mod initiatives;
pub mod intake;
pub mod market;
pub mod meetings;
pub mod money;
pub mod my_data;
pub mod newspaper;
pub mod person;
pub mod places;
pub mod socialmap;
pub mod surveys;
pub mod weektest;
pub mod wijkplan;
pub mod wijkscan;

use crate::AppState;
use crate::context::Ctx;
use crate::problem::PageError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Value;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct ViewerView<'a> {
    id: &'a str,
    name: &'a str,
    roles: Vec<RoleView<'a>>,
}

#[derive(Serialize)]
struct RoleView<'a> {
    role: &'static str,
    place_code: &'a str,
}

/// What every template may use: language, viewer, CSRF token, current path.
fn base_context(ctx: &Ctx) -> Value {
    let viewer = ctx.viewer.as_ref().map(|v| ViewerView {
        id: &v.person.id,
        name: &v.person.display_name,
        roles: v
            .actor
            .roles
            .iter()
            .map(|r| RoleView { role: r.role.as_str(), place_code: &r.place_code })
            .collect(),
    });
    minijinja::context! {
        lang => ctx.lang,
        viewer => Value::from(minijinja::value::Serde(&viewer)),
        csrf => ctx.form_csrf().unwrap_or(""),
        path => ctx.path.clone(),
        asset_version => crate::assets::VERSION,
    }
}

/// A refusal's problems per field, as message keys for the form.
pub fn errors_map(invalid: &wijkwerk_domain::Invalid) -> std::collections::BTreeMap<String, String> {
    invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect()
}

/// After a form: on success to the address `to` makes of the result; on
/// invalid input the page again (`again`, 422) with every problem at its
/// field; any other refusal as an error page.
pub async fn after_form<T, Fut>(
    result: Result<T, wijkwerk_app::Error>,
    to: impl FnOnce(&T) -> String,
    again: impl FnOnce(std::collections::BTreeMap<String, String>) -> Fut,
) -> PageResult
where
    Fut: std::future::Future<Output = PageResult>,
{
    match result {
        Ok(value) => Ok(axum::response::Redirect::to(&to(&value)).into_response()),
        Err(wijkwerk_app::Error::Invalid(invalid)) => again(errors_map(&invalid)).await,
        Err(e) => Err(e.into()),
    }
}

/// Renders `template` with the base context plus `extra`.
pub fn render(state: &AppState, ctx: &Ctx, template: &str, extra: Value) -> Result<Html<String>, PageError> {
    let tmpl = state.templates().get_template(template).map_err(|e| {
        tracing::error!(error = %e, template, "template missing");
        PageError::internal()
    })?;
    let merged = minijinja::context! { ..extra, ..base_context(ctx) };
    tmpl.render(merged).map(Html).map_err(|e| {
        tracing::error!(error = %e, template, "template failed");
        PageError::internal()
    })
}

/// Middleware: replaces the empty body of a [`PageError`] response with a
/// full error page in the visitor's language.
pub async fn render_error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Arc<Ctx>>().cloned();
    let res = next.run(req).await;
    let Some(err) = res.extensions().get::<PageError>().copied() else {
        return res;
    };
    let Some(ctx) = ctx else { return res };
    let body =
        render(&state, &ctx, "error.html", view! { status => err.status.as_u16(), message => err.message })
            .map(|h| h.0)
            .unwrap_or_else(|_| "Er ging iets mis. Something went wrong.".into());
    let mut out = (err.status, Html(body)).into_response();
    out.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}

/// Convenience for handlers: the context plus the state.
pub type PageResult = Result<Response, PageError>;

pub fn ok(html: Html<String>) -> PageResult {
    Ok(html.into_response())
}

/// The form's one-time key (a hidden field made when the form was shown),
/// so a double tap on a money-moving form moves money once.
/// A form's fields by name, or a page's query.
pub(crate) type Fields = std::collections::BTreeMap<String, String>;

/// A field as typed, or empty when the form did not send it.
pub(crate) fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.get(k).map(String::as_str).unwrap_or("")
}

/// A page form's fields without its CSRF token, by name (the last of a name
/// counts), for forms sent back with what was typed.
pub(crate) fn form_fields(form: Vec<(String, String)>) -> std::collections::BTreeMap<String, String> {
    form.into_iter().filter(|(k, _)| k != "csrf").collect()
}

/// A page form's fields by name without its CSRF token (see [`form_fields`]).
pub(crate) struct FormFields(pub Fields);

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormFields {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let axum::Form(form) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(FormFields(form_fields(form)))
    }
}

/// A rendered page: 200, or 422 when it shows a form's problems.
pub(crate) fn shown(html: Html<String>, errors: &Fields) -> PageResult {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, html).into_response())
}

pub(crate) fn form_key(
    ctx: &crate::context::SignedIn,
    key: &str,
    what: &str,
) -> Option<wijkwerk_store::coin::Idempotency> {
    wijkwerk_domain::ids::is_id(key).then(|| wijkwerk_store::coin::Idempotency {
        actor_id: ctx.person_id().to_string(),
        key: format!("form:{key}"),
        request_hash: what.to_string(),
    })
}
