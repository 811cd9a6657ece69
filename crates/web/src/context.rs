//! Who is asking, in which language: worked out once per request.
//!
//! Pages know the caller by the session cookie, the API by a bearer token;
//! the API never looks at cookies, so it needs no CSRF protection.

use crate::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use wijkwerk_domain::person::Person;
use wijkwerk_domain::role::Actor;
use wijkwerk_store::auth::TOKEN_SCOPE_REFERRALS;

pub const SESSION_COOKIE: &str = "wijkwerk_session";
pub const CSRF_COOKIE: &str = "wijkwerk_csrf";
pub const LANG_COOKIE: &str = "wijkwerk_lang";
/// A browser that signed in before (see `wijkwerk_app::auth`).
pub const DEVICE_COOKIE: &str = "wijkwerk_device";

/// A signed-in person with their roles.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub person: Person,
    pub actor: Actor,
}

/// Facts about the current request, available to every handler.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: &'static str,
    pub viewer: Option<Viewer>,
    /// The session cookie's token, when it names a live session.
    pub session_token: Option<String>,
    /// The CSRF token forms must carry: the session's, or for anonymous
    /// visitors the one in the CSRF cookie.
    pub session_csrf: Option<String>,
    pub cookie_csrf: Option<String>,
    pub is_api: bool,
    /// Path and query, for "back to where you were" links.
    pub path: String,
    /// Scheme and host as this request came in (see [`site_of`]), for
    /// addresses people copy or scan.
    pub site: String,
}

impl Ctx {
    pub fn actor(&self) -> Option<&Actor> {
        self.viewer.as_ref().map(|v| &v.actor)
    }

    pub fn person_id(&self) -> Option<&str> {
        self.viewer.as_ref().map(|v| v.person.id.as_str())
    }

    /// The token to put in forms rendered for this request.
    pub fn form_csrf(&self) -> Option<&str> {
        self.session_csrf.as_deref().or(self.cookie_csrf.as_deref())
    }
}

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The paths a partner organisation's connection token may use.
fn referrals_only_path(path: &str) -> bool {
    path == "/api/v1/referrals"
        || path.starts_with("/api/v1/referrals/")
        || (path.starts_with("/api/v1/intakes/")
            && !path.ends_with("/referrals")
            && !path.ends_with("/notes"))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Middleware: builds the [`Ctx`] and stores it in the request.
pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let path = req.uri().path();
    let is_api = path.starts_with("/api/");
    let store = state.store();

    let mut viewer_id = None;
    let mut session_token = None;
    let mut session_csrf = None;
    if is_api {
        if let Some(token) = bearer(headers) {
            // A partner's connection token counts only where it is meant for;
            // elsewhere it is no token at all.
            viewer_id = store
                .api_token_owner(token)
                .await
                .ok()
                .flatten()
                .filter(|(_, scope)| scope != TOKEN_SCOPE_REFERRALS || referrals_only_path(path))
                .map(|(person, _)| person);
        }
    } else if let Some(token) = cookie(headers, SESSION_COOKIE)
        && let Ok(Some(session)) = store.session(token).await
    {
        viewer_id = Some(session.person_id);
        session_token = Some(token.to_string());
        session_csrf = Some(session.csrf_token);
    }
    let viewer = match viewer_id {
        Some(id) => match (store.person(&id).await, store.actor(&id).await) {
            (Ok(Some(person)), Ok(actor)) => Some(Viewer { person, actor }),
            _ => None,
        },
        None => None,
    };

    let i18n = state.i18n();
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(|c| i18n.supported(c))
        .or_else(|| viewer.as_ref().and_then(|v| i18n.supported(&v.person.language)))
        .unwrap_or_else(|| {
            i18n.negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
        });

    let ctx = Ctx {
        lang,
        cookie_csrf: cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 64).map(String::from),
        viewer,
        session_token: session_token.filter(|_| session_csrf.is_some()),
        session_csrf,
        is_api,
        path: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default(),
        site: site_of(headers),
    };
    req.extensions_mut().insert(Arc::new(ctx));
    next.run(req).await
}

/// Extractor for the request's [`Ctx`].
#[derive(Clone, Debug)]
pub struct Context(pub Arc<Ctx>);

impl std::ops::Deref for Context {
    type Target = Ctx;
    fn deref(&self) -> &Ctx {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Context(parts.extensions.get::<Arc<Ctx>>().cloned().expect("context middleware runs first")))
    }
}

/// A `Set-Cookie` value with the attributes every wijkwerk cookie shares.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if state.config().secure_cookies {
        c.push_str("; Secure");
    }
    c
}

/// Extractor for routes whose gate requires a signed-in person: the request's
/// [`Ctx`] with its viewer guaranteed. Without one, pages send the visitor to
/// sign in and the API answers 401, as the gate would.
#[derive(Clone, Debug)]
pub struct SignedIn(pub Arc<Ctx>);

impl SignedIn {
    pub fn viewer(&self) -> &Viewer {
        self.0.viewer.as_ref().expect("checked when extracted")
    }

    pub fn actor(&self) -> &Actor {
        &self.viewer().actor
    }

    pub fn person_id(&self) -> &str {
        &self.viewer().person.id
    }

    pub fn person(&self) -> &Person {
        &self.viewer().person
    }
}

impl std::ops::Deref for SignedIn {
    type Target = Ctx;
    fn deref(&self) -> &Ctx {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        use axum::response::IntoResponse;
        let ctx = parts.extensions.get::<Arc<Ctx>>().cloned().expect("context middleware runs first");
        if ctx.viewer.is_some() {
            return Ok(SignedIn(ctx));
        }
        Err(if ctx.is_api {
            crate::problem::Problem::new(axum::http::StatusCode::UNAUTHORIZED, "Sign in first.")
                .into_response()
        } else {
            axum::response::Redirect::to("/inloggen").into_response()
        })
    }
}

/// The address people type or scan: scheme and host as this request came in
/// (a proxy in front says `X-Forwarded-Proto: https`).
pub fn site_of(headers: &axum::http::HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let https = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) == Some("https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The client's address when the server knows it (not in router tests).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()),
        ))
    }
}

impl ClientAddr {
    /// The address as text, for counting attempts per source.
    pub fn text(&self) -> Option<String> {
        self.0.map(|a| a.to_string())
    }
}
