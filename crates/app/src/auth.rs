//! Signing in, with attempt limits that stop a guesser without locking out
//! the owner.
//!
//! Every attempt is counted *before* the password is checked, atomically in
//! the database ([`Store::count_attempts`]), so a burst of parallel attempts
//! gets no more tries than a patient one, on any number of app servers.
//!
//! Who is counted together (the scheme of "device cookies"): a browser that
//! signed in to the account before carries a device token, and its attempts
//! count on their own, so strangers guessing the password can never lock the
//! owner out of the browsers the owner uses. Attempts from any other browser
//! count per account and address together (a guesser at one address is
//! stopped after a few), per account (guessers spread over many addresses are
//! stopped too, at the cost that the owner then also waits on a *new*
//! browser), and per address (one address spraying many accounts; the limit
//! is high because a municipal proxy puts many honest people behind one).
//! A sign-in link by e-mail or a second factor would let the owner in from
//! a new browser as well; neither exists yet.

use crate::Result;
use wijkwerk_domain::person::{MAX_PASSWORD_BYTES, Person, normalize_email};
use wijkwerk_store::Store;

/// How many attempts each kind of key allows within its window.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub window_seconds: i64,
    /// Per known browser of the account.
    pub per_device: i64,
    /// Per account and address, from browsers the account does not know.
    pub per_account_and_address: i64,
    /// Per account, from all browsers it does not know.
    pub per_account: i64,
    /// Per address, over every account.
    pub per_address: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            window_seconds: 15 * 60,
            per_device: 10,
            per_account_and_address: 5,
            per_account: 50,
            per_address: 200,
        }
    }
}

/// What a sign-in attempt came with besides e-mail and password.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The client's address as the server saw it, if it knows.
    pub address: Option<&'a str>,
    /// The browser's device token, if it sent one.
    pub device: Option<&'a str>,
}

pub enum Outcome {
    /// Signed in; `device` is the token the browser keeps from now on.
    SignedIn { person: Person, device: String },
    /// E-mail unknown or password wrong (one answer for both).
    Refused,
    /// Too many attempts: try again after this many seconds.
    TooMany { retry_after: i64 },
}

/// One attempt to sign in.
pub async fn sign_in(store: &Store, limits: &Limits, attempt: Attempt<'_>) -> Result<Outcome> {
    let email = normalize_email(attempt.email);
    let address = attempt.address.unwrap_or("unknown");
    let device = match attempt.device {
        Some(token) => store.device_owner(token).await?.map(|owner| (token, owner)),
        None => None,
    };
    let device_key = device.as_ref().map(|(token, _)| format!("device:{token}"));
    let (pair, account, client) =
        (format!("pair:{email}|{address}"), format!("account:{email}"), format!("address:{address}"));
    let keys: Vec<(&str, i64, i64)> = match &device_key {
        Some(key) => vec![(key.as_str(), limits.window_seconds, limits.per_device)],
        None => vec![
            (pair.as_str(), limits.window_seconds, limits.per_account_and_address),
            (account.as_str(), limits.window_seconds, limits.per_account),
            (client.as_str(), limits.window_seconds, limits.per_address),
        ],
    };
    let windows: Vec<(&str, i64)> = keys.iter().map(|(k, w, _)| (*k, *w)).collect();
    let counts = store.count_attempts(&windows).await?;
    if keys.iter().zip(&counts).any(|((_, _, limit), n)| n > limit) {
        return Ok(Outcome::TooMany { retry_after: limits.window_seconds });
    }
    let password: String = attempt.password.chars().take(MAX_PASSWORD_BYTES).collect();
    let Some(person) = store.check_credentials(&email, &password).await? else {
        return Ok(Outcome::Refused);
    };
    // A success is not a guess: the browser's own counters start again, the
    // shared ones lose this attempt.
    let own: Vec<&str> = device_key.iter().map(String::as_str).chain([pair.as_str()]).collect();
    store.forget_attempts(&own, &[account.as_str(), client.as_str()]).await?;
    let known = device.filter(|(_, owner)| *owner == person.id).map(|(token, _)| token);
    let device = store.remember_device(&person.id, known).await?;
    Ok(Outcome::SignedIn { person, device })
}

/// The actor's open sessions; `current` marks the one they are using.
pub async fn sessions(
    store: &Store,
    actor: &wijkwerk_domain::role::Actor,
    current: Option<&str>,
) -> Result<Vec<wijkwerk_store::auth::SessionInfo>> {
    Ok(store.sessions_of(&actor.person_id, current).await?)
}

/// Ends the session the person signs out of (none: nothing to end).
pub async fn sign_out(store: &Store, token: Option<&str>) -> Result<()> {
    if let Some(token) = token {
        store.end_session(token).await?;
    }
    Ok(())
}

/// The language a signed-in person reads wijkwerk in, kept for their mail too.
pub async fn set_language(store: &Store, actor: &wijkwerk_domain::role::Actor, language: &str) -> Result<()> {
    Ok(store.set_language(&actor.person_id, language).await?)
}
