//! Errors: `application/problem+json` (RFC 9457) for the API, an HTML page
//! for everything else.

use crate::i18n::I18n;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wijkwerk_app::Error as AppError;
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
    /// Seconds to wait, sent as the `Retry-After` header (not in the body).
    #[serde(skip)]
    pub retry_after: Option<i64>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            retry_after: None,
        }
    }

    /// The same problem under another status (a bad query is a 400, not a 422).
    pub fn with_status(mut self, status: StatusCode) -> Problem {
        self.status = status.as_u16();
        self.title = status.canonical_reason().unwrap_or("Error").into();
        self
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

    /// The one conversion of a use case's refusal into problem+json.
    pub fn from_app(i18n: &I18n, err: AppError) -> Problem {
        match err {
            AppError::Invalid(i) => Problem::invalid(i18n, &i),
            AppError::NotFound(what) => Problem::not_found(format!("There is no such {what}.")),
            AppError::Forbidden(key) => Problem::forbidden(i18n.t("en", key)),
            AppError::Conflict(code) => {
                let mut p = Problem::new(StatusCode::CONFLICT, conflict_detail(code));
                p.kind = format!("https://wijkwerk.nl/problems/{code}");
                p
            }
            AppError::TooMany { key, retry_after } => {
                let mut p = Problem::new(StatusCode::TOO_MANY_REQUESTS, i18n.t("en", key));
                p.kind = "https://wijkwerk.nl/problems/too-many-requests".into();
                p.retry_after = Some(retry_after);
                p
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "database error");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side.")
            }
        }
    }
}

/// The message key of a conflict on a page (a static key per known code).
fn conflict_key(code: &str) -> &'static str {
    match code {
        "survey-closed" => "error-survey-closed",
        "survey-not-draft" => "error-survey-not-draft",
        "meeting-over" => "error-meeting-over",
        "meeting-not-over" => "error-meeting-not-over",
        "idempotency-key-reused" => "error-idempotency-key-reused",
        "initiative-decided" => "error-initiative-decided",
        "initiative-not-payable" => "error-initiative-not-payable",
        "initiative-not-accountable" => "error-initiative-not-accountable",
        "initiative-closed" => "error-initiative-closed",
        "challenge-answered" => "error-challenge-answered",
        "edition-exists" => "error-edition-exists",
        "edition-published" => "error-edition-published",
        "edition-full" => "error-edition-full",
        "item-taken" => "error-item-taken",
        "attachments-full" => "error-attachments-full",
        "intervention-started" => "error-intervention-started",
        "initiative-not-granted" => "error-initiative-not-granted",
        "emergency-decided" => "error-emergency-decided",
        "emergency-other-amount" => "error-emergency-other-amount",
        "emergency-no-coin-here" => "error-emergency-no-coin-here",
        "emergency-no-resident" => "error-emergency-no-resident",
        "intake-none" => "error-intake-none",
        "referral-answered" => "error-referral-answered",
        "agreement-not-proposed" => "error-agreement-not-proposed",
        "agreement-done" => "error-agreement-done",
        "agreement-not-agreed" => "error-agreement-not-agreed",
        "post-not-open" => "error-post-not-open",
        "post-own" => "error-post-own",
        _ => "error-page-conflict",
    }
}

/// Plain words for the conflicts the API can meet.
fn conflict_detail(code: &str) -> String {
    match code {
        "survey-closed" => "The survey is not open for answers.".into(),
        "survey-not-draft" => "The survey is open; its questions are fixed.".into(),
        "idempotency-key-reused" => "This Idempotency-Key was used with another request.".into(),
        "edition-exists" => "There is already an edition of the wijkkrant about that month.".into(),
        "edition-published" => "This edition has been published; it no longer changes.".into(),
        "edition-full" => "This edition is full.".into(),
        "item-taken" => "This is in the edition already.".into(),
        "challenge-answered" => "This challenge has been answered already.".into(),
        "intervention-started" => "The work of this plan has started; it can no longer be challenged.".into(),
        "initiative-decided" => "This initiative has been decided already.".into(),
        "initiative-not-payable" => {
            "Only an approved initiative with a grant that was not paid yet can be paid.".into()
        }
        "initiative-not-accountable" => {
            "An account follows payment (or approval, when no money was granted).".into()
        }
        "initiative-closed" => "This initiative is closed; support is no longer counted.".into(),
        "emergency-decided" => "This emergency request has been decided already.".into(),
        "intake-none" => "Write your intake first; then you can share it.".into(),
        "referral-answered" => "This referral has been answered already.".into(),
        "agreement-not-proposed" => "This agreement has been answered already.".into(),
        "agreement-done" => "This agreement is done; its hours are fixed.".into(),
        "agreement-not-agreed" => "This can only be done once the agreement is made.".into(),
        "post-not-open" => "This post is no longer open.".into(),
        "post-own" => "This post is your own.".into(),
        "emergency-other-amount" => "The request asks another amount now; approve the amount it asks.".into(),
        other => format!("The request conflicts with stored data ({other})."),
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        Problem::from_app(&I18n::shared(), e)
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        Problem::from_app(&I18n::shared(), AppError::from(e))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let mut res = (status, Json(self)).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
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
        AppError::from(e).into()
    }
}

/// A refusal the page does not turn into form errors itself: not found,
/// forbidden, or broken. Invalid input and conflicts belong on the form, so
/// reaching here with one is logged as a mistake of the page.
impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound(_) => PageError::not_found(),
            AppError::Forbidden(key) => PageError::forbidden(key),
            AppError::TooMany { key, .. } => {
                PageError { status: StatusCode::TOO_MANY_REQUESTS, message: key }
            }
            // A double tap or a second person a moment earlier: say what
            // happened instead of failing.
            AppError::Conflict(code) => {
                PageError { status: StatusCode::CONFLICT, message: conflict_key(code) }
            }
            other => {
                tracing::error!(error = %other, "refusal a page did not show on its form");
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
