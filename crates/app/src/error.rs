//! The one error every use case answers with. Pages turn it into an error
//! page or a form with its problems marked; the API into problem+json.

use wijkwerk_domain::Invalid;
use wijkwerk_store::StoreError;

#[derive(Debug)]
pub enum Error {
    /// Nothing of that kind exists, or the caller may not know it does.
    /// The text names the kind of thing (`"survey"`, `"coin programme"`).
    NotFound(&'static str),
    /// The caller is known but may not do this; the message key says why.
    Forbidden(&'static str),
    /// The input breaks rules; every problem is listed, nothing changed.
    Invalid(Invalid),
    /// The request conflicts with the state of things (a closed survey, a
    /// reused idempotency key); the code says which.
    Conflict(&'static str),
    /// Too many attempts of this kind from this source for now; the message
    /// key says what, `retry_after` when to try again (seconds).
    TooMany { key: &'static str, retry_after: i64 },
    /// The database failed.
    Store(StoreError),
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::Invalid(i) => Error::Invalid(i),
            StoreError::NotFound => Error::NotFound("resource"),
            StoreError::Conflict(code) => Error::Conflict(code),
            other => Error::Store(other),
        }
    }
}

impl From<Invalid> for Error {
    fn from(i: Invalid) -> Error {
        Error::Invalid(i)
    }
}

impl Error {
    /// One invalid field.
    pub fn invalid(field: &str, code: &'static str) -> Error {
        Error::Invalid(Invalid::single(field, code))
    }

    /// The same error with its problems moved to the names the caller used:
    /// a form or an API body may name a field otherwise than the use case
    /// does (`("person", "personId")`), and each problem should show at the
    /// caller's own name for it.
    pub fn renamed(self, pairs: &[(&str, &str)]) -> Error {
        match self {
            Error::Invalid(mut i) => {
                for e in i.errors.iter_mut() {
                    if let Some((_, to)) = pairs.iter().find(|(from, _)| e.field == *from) {
                        e.field = (*to).into();
                    }
                }
                Error::Invalid(i)
            }
            other => other,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound(what) => write!(f, "no such {what}"),
            Error::Forbidden(key) => write!(f, "forbidden: {key}"),
            Error::Invalid(i) => i.fmt(f),
            Error::Conflict(code) => write!(f, "conflict: {code}"),
            Error::TooMany { key, .. } => write!(f, "too many: {key}"),
            Error::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}
