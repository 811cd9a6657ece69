//! The social coin in the browser: the resident's wallet and payments (a
//! phone page that works without JavaScript), the printed card with its PIN,
//! the business's till (card payments, benefit, redemption, QR poster) and
//! the gemeente's programme pages (funding, issuing one by one or pasted from
//! Excel, businesses, limits, the books as Beancount).
//!
//! Every money-moving form carries a fresh idempotency key, so a double tap
//! or a resent form never pays twice.

use crate::AppState;
use crate::problem::PageError;
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_app::Error as AppError;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::coin::{AccountKind, TransactionKind, format_euros};
use wijkwerk_store::coin::Entry;

pub(super) type Errors = BTreeMap<String, String>;

pub(super) fn errors_of(invalid: &Invalid) -> Errors {
    invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect()
}

/// A refusal as form errors; anything else is a page error.
pub(super) fn refused(e: AppError) -> Result<Errors, PageError> {
    match e {
        AppError::Invalid(i) => Ok(errors_of(&i)),
        AppError::Conflict("idempotency-key-reused") => {
            Ok(Errors::from([("amount".to_string(), "error-idempotency-key-reused".to_string())]))
        }
        other => Err(other.into()),
    }
}

/// A refusal's form errors, all shown at one place of the form.
pub(super) fn refused_at(place: &str, e: AppError) -> Result<Errors, PageError> {
    Ok(refused(e)?.into_values().map(|v| (place.to_string(), v)).collect())
}

pub(super) use crate::pages::form_key;

#[derive(Serialize)]
pub(super) struct EntryView {
    date: String,
    what: String,
    other: String,
    change: String,
    incoming: bool,
    balance: String,
}

pub(super) fn entry_views(
    state: &AppState,
    lang: &str,
    entries: &[Entry],
    names: &BTreeMap<String, String>,
) -> Vec<EntryView> {
    entries
        .iter()
        .map(|e| {
            // A payment's legs read differently from each side.
            let kind = match (e.kind, e.counterparty_kind, e.change > 0) {
                (TransactionKind::Payment, Some(AccountKind::Business), true) => "bonus-in",
                (TransactionKind::Payment, Some(AccountKind::Holder), true) => "payment-in",
                (TransactionKind::Payment, Some(AccountKind::Holder), false) => "bonus-out",
                (kind, ..) => kind.as_str(),
            };
            // Only businesses and other holders are worth naming: the programme
            // and the escrow are the gemeente. A business sees no code of the
            // resident who paid.
            let other = match (e.counterparty_kind, &e.counterparty) {
                (Some(AccountKind::Business), Some(c)) => names.get(c).cloned().unwrap_or_else(|| c.clone()),
                (Some(AccountKind::Holder), Some(c)) => names.get(c).cloned().unwrap_or_default(),
                _ => String::new(),
            };
            EntryView {
                date: crate::i18n::local_parts(&e.posted_at)
                    .map(|(y, m, d, h, min)| format!("{d:02}-{m:02}-{y} {h:02}:{min:02}"))
                    .unwrap_or_default(),
                what: if e.memo.is_empty() {
                    state.i18n().t(lang, &format!("coin-kind-{kind}"))
                } else {
                    format!("{} – {}", state.i18n().t(lang, &format!("coin-kind-{kind}")), e.memo)
                },
                other,
                change: format_euros(e.change, lang),
                incoming: e.change > 0,
                balance: format_euros(e.balance_after, lang),
            }
        })
        .collect()
}

/// Names of businesses by code, for histories and pay forms.
mod business;
mod gemeente;
mod resident;

pub use business::*;
pub use gemeente::*;
pub use resident::*;
