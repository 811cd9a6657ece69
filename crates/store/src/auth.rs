//! Sessions, API tokens and sign-in rate limiting.
//!
//! All of it lives in the database, not in the app server, so any number of
//! servers can share one PostgreSQL and a sign-out on one is a sign-out on all.

use crate::{Result, Store, secrets, text};
use wijkwerk_domain::{Timestamp, new_id};

/// A signed-in browser session, found by the token in its cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub person_id: String,
    pub csrf_token: String,
    pub expires_at: String,
}

/// A new session: `token` goes into the cookie and is never stored.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// A token that may do what its person may do.
pub const TOKEN_SCOPE_ALL: &str = "all";
/// A partner organisation's connection: only its referrals and what
/// residents share with it (`/api/v1/referrals…`, `/api/v1/intakes/…`).
pub const TOKEN_SCOPE_REFERRALS: &str = "referrals";

impl Store {
    /// Starts a session for `person_id`, ending `replaces` (the session the
    /// browser had before signing in) so an attacker-planted session id cannot
    /// survive sign-in.
    pub async fn create_session(
        &self,
        person_id: &str,
        ttl_seconds: i64,
        replaces: Option<&str>,
    ) -> Result<NewSession> {
        let now = Timestamp::now();
        let session = NewSession { token: secrets::new_token(), csrf_token: secrets::new_token() };
        let mut tx = self.begin_write().await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(secrets::token_hash(old))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND expires_at <= $2")
            .bind(person_id)
            .bind(now.to_rfc3339())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secrets::token_hash(&session.token))
        .bind(person_id)
        .bind(&session.csrf_token)
        .bind(now.to_rfc3339())
        .bind(now.plus_seconds(ttl_seconds).to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    /// The live session behind a cookie token, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT person_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(secrets::token_hash(token))
        .bind(Timestamp::now().to_rfc3339())
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(Session {
                person_id: text(&r, "person_id")?,
                csrf_token: text(&r, "csrf_token")?,
                expires_at: text(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// The person's live sessions, oldest first; `current` marks the one
    /// behind `token` (the browser asking).
    pub async fn sessions_of(&self, person_id: &str, token: Option<&str>) -> Result<Vec<SessionInfo>> {
        let mine = token.map(secrets::token_hash).unwrap_or_default();
        sqlx::query(
            "SELECT token_hash, created_at, expires_at FROM sessions WHERE person_id = $1 AND expires_at > $2
             ORDER BY created_at",
        )
        .bind(person_id)
        .bind(Timestamp::now().to_rfc3339())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(SessionInfo {
                created_at: text(r, "created_at")?,
                expires_at: text(r, "expires_at")?,
                current: text(r, "token_hash")? == mine,
            })
        })
        .collect()
    }

    /// Signs the person out everywhere and forgets their known browsers (a
    /// lost phone keeps neither its session nor its place among them).
    pub async fn end_sessions_of(&self, person_id: &str) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM known_devices WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ended.rows_affected())
    }

    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Creates an API token for `person_id`; the token itself is returned once.
    pub async fn create_api_token(&self, person_id: &str, label: &str) -> Result<String> {
        self.create_scoped_api_token(person_id, label, TOKEN_SCOPE_ALL).await
    }

    /// An API token that may be used only for `scope` (see [`TOKEN_SCOPE_REFERRALS`]).
    pub async fn create_scoped_api_token(&self, person_id: &str, label: &str, scope: &str) -> Result<String> {
        let token = secrets::new_token();
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, id, person_id, label, created_at, scope) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(secrets::token_hash(&token))
        .bind(new_id())
        .bind(person_id)
        .bind(label)
        .bind(Timestamp::now().to_rfc3339())
        .bind(scope)
        .execute(&self.write)
        .await?;
        Ok(token)
    }

    /// The person an API token belongs to, and its scope.
    pub async fn api_token_owner(&self, token: &str) -> Result<Option<(String, String)>> {
        Ok(sqlx::query_as("SELECT person_id, scope FROM api_tokens WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .fetch_optional(&self.read)
            .await?)
    }

    /// Counts one more attempt for each `(key, window_seconds)`, before the
    /// attempt is checked, and returns each key's count in its current window
    /// (a window of `window_seconds` starts with the first attempt after the
    /// last one ended: a window of 0 is over at once). One
    /// upsert per key, in one transaction: parallel attempts each get their
    /// own number, on every app server.
    pub async fn count_attempts(&self, keys: &[(&str, i64)]) -> Result<Vec<i64>> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut counts = Vec::with_capacity(keys.len());
        for (key, window) in keys {
            let n: i64 = sqlx::query_scalar(
                "INSERT INTO sign_in_attempts (key_hash, window_start, attempts) VALUES ($1, $2, 1)
                 ON CONFLICT (key_hash) DO UPDATE SET
                     attempts = CASE WHEN sign_in_attempts.window_start <= $3 THEN 1
                                     ELSE sign_in_attempts.attempts + 1 END,
                     window_start = CASE WHEN sign_in_attempts.window_start <= $3 THEN excluded.window_start
                                         ELSE sign_in_attempts.window_start END
                 RETURNING attempts",
            )
            .bind(secrets::token_hash(key))
            .bind(now.to_rfc3339())
            .bind(now.minus_seconds(*window).to_rfc3339())
            .fetch_one(&mut *tx)
            .await?;
            counts.push(n);
        }
        tx.commit().await?;
        Ok(counts)
    }

    /// Takes back an attempt that succeeded: `reset` keys start again from
    /// nothing, `uncount` keys lose the one attempt (they count failures).
    pub async fn forget_attempts(&self, reset: &[&str], uncount: &[&str]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for key in reset {
            sqlx::query("DELETE FROM sign_in_attempts WHERE key_hash = $1")
                .bind(secrets::token_hash(key))
                .execute(&mut *tx)
                .await?;
        }
        for key in uncount {
            sqlx::query(
                "UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key_hash = $1 AND attempts > 0",
            )
            .bind(secrets::token_hash(key))
            .execute(&mut *tx)
            .await?;
        }
        // Windows long over no longer count; keep the table small.
        sqlx::query("DELETE FROM sign_in_attempts WHERE window_start < $1")
            .bind(Timestamp::now().minus_seconds(86_400).to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a browser's device token belongs to, if it is known.
    pub async fn device_owner(&self, token: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT person_id FROM known_devices WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .fetch_optional(&self.read)
            .await?)
    }

    /// Remembers that this browser signed in to `person_id`: a new token, or
    /// the browser's own when it is already known for that account.
    pub async fn remember_device(&self, person_id: &str, token: Option<&str>) -> Result<String> {
        let now = Timestamp::now().to_rfc3339();
        if let Some(token) = token {
            let updated = sqlx::query(
                "UPDATE known_devices SET last_used_at = $3 WHERE token_hash = $1 AND person_id = $2",
            )
            .bind(secrets::token_hash(token))
            .bind(person_id)
            .bind(&now)
            .execute(&self.write)
            .await?;
            if updated.rows_affected() == 1 {
                return Ok(token.to_string());
            }
        }
        let token = secrets::new_token();
        sqlx::query("INSERT INTO known_devices (token_hash, person_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)")
            .bind(secrets::token_hash(&token))
            .bind(person_id)
            .bind(&now)
            .execute(&self.write)
            .await?;
        Ok(token)
    }
}

/// A live session as its owner sees it in "Mijn gegevens".
#[derive(Clone, Debug, serde::Serialize)]
pub struct SessionInfo {
    pub created_at: String,
    pub expires_at: String,
    /// The session of the browser that asks.
    pub current: bool,
}
