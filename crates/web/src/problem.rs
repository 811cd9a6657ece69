//! Errors: `application/problem+json` (RFC 9457) for the API, an HTML page
//! for everything else.

use crate::i18n::I18n;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wijkwerk_domain::Invalid;
use wijkwerk_store::StoreError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvalidParam {
    pub name: String,
    pub code: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, detail)
    }

    /// Every invalid field, each with a code and an English reason.
    pub fn invalid(i18n: &I18n, invalid: &Invalid) -> Problem {
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{} field(s) are invalid; see invalidParams.", invalid.errors.len()),
        );
        p.kind = "https://wijkwerk.nl/problems/invalid-input".into();
        p.invalid_params = invalid
            .errors
            .iter()
            .map(|e| InvalidParam {
                name: e.field.clone(),
                code: e.code.into(),
                reason: i18n.t("en", &format!("error-{}", e.code)),
            })
            .collect();
        p
    }

    pub fn from_store(i18n: &I18n, err: StoreError) -> Problem {
        match err {
            StoreError::Invalid(i) => Problem::invalid(i18n, &i),
            StoreError::NotFound => Problem::not_found("The resource does not exist."),
            StoreError::Conflict(what) => Problem::new(
                StatusCode::CONFLICT,
                format!("The request conflicts with stored data ({what})."),
            ),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.")
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(self)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        res
    }
}

/// A page that could not be shown. Turned into a full HTML error page, in the
/// visitor's language, by [`crate::pages::render_error_pages`].
#[derive(Clone, Copy, Debug)]
pub struct PageError {
    pub status: StatusCode,
    /// Message key explaining what went wrong, in plain words.
    pub message: &'static str,
}

impl PageError {
    pub fn not_found() -> PageError {
        PageError { status: StatusCode::NOT_FOUND, message: "error-page-not-found" }
    }

    pub fn forbidden(message: &'static str) -> PageError {
        PageError { status: StatusCode::FORBIDDEN, message }
    }

    pub fn internal() -> PageError {
        PageError { status: StatusCode::INTERNAL_SERVER_ERROR, message: "error-page-internal" }
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => PageError::not_found(),
            other => {
                tracing::error!(error = %other, "store error on a page");
                PageError::internal()
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}
