//! HTTP for wijkwerk: server-rendered pages, the JSON API and sessions.
//!
//! This is the only crate that knows HTTP, HTML and JSON. Handlers are thin:
//! they read the request, ask the domain and the store, and render. Every
//! route is declared once in [`routes`] together with its [`Gate`] (who may
//! call it at all), which the router enforces before the handler runs.
//!
//! [`Gate`]: wijkwerk_domain::access::Gate

mod api;
mod assets;
pub mod context;
mod download;
mod export;
pub mod i18n;
pub mod mail_view;
mod multipart;
mod pages;
mod problem;
mod render;
pub mod routes;
mod security;
mod weektest_view;

use std::sync::Arc;
use wijkwerk_store::Store;

pub use routes::{RouteKind, RouteSpec, route_specs};

/// Settings of the web layer.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Browsers accept secure cookies from
    /// `http://localhost` and `http://127.0.0.1`, so this stays on even in the demo.
    pub secure_cookies: bool,
    pub session_ttl_seconds: i64,
    /// Sign-in attempts allowed, per kind of key (see `wijkwerk_app::auth`).
    pub sign_in_limits: wijkwerk_app::auth::Limits,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            session_ttl_seconds: 12 * 3600,
            sign_in_limits: wijkwerk_app::auth::Limits::default(),
        }
    }
}

struct Inner {
    store: Store,
    i18n: Arc<i18n::I18n>,
    templates: minijinja::Environment<'static>,
    config: WebConfig,
}

/// Shared by every request. Holds no state of its own beyond configuration
/// and compiled templates: all data lives in the database, so several app
/// servers can serve one PostgreSQL.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        let i18n = i18n::I18n::shared();
        AppState(Arc::new(Inner { store, templates: render::environment(i18n.clone()), i18n, config }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn i18n(&self) -> &i18n::I18n {
        &self.0.i18n
    }

    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }

    pub(crate) fn templates(&self) -> &minijinja::Environment<'static> {
        &self.0.templates
    }
}

/// The OpenAPI document of `/api/v1`.
pub fn openapi_document() -> serde_json::Value {
    api::openapi::build()
}

/// The whole application as one `axum::Router`.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
