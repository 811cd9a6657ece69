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

    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(secrets::token_hash(token))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Creates an API token for `person_id`; the token itself is returned once.
    pub async fn create_api_token(&self, person_id: &str, label: &str) -> Result<String> {
        let token = secrets::new_token();
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, id, person_id, label, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secrets::token_hash(&token))
        .bind(new_id())
        .bind(person_id)
        .bind(label)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(token)
    }

    /// The person an API token belongs to.
    pub async fn api_token_owner(&self, token: &str) -> Result<Option<String>> {
        let owner: Option<String> =
            sqlx::query_scalar("SELECT person_id FROM api_tokens WHERE token_hash = $1")
                .bind(secrets::token_hash(token))
                .fetch_optional(&self.read)
                .await?;
        Ok(owner)
    }

    /// Counts failed sign-ins for each key (hashed e-mail, hashed address) in
    /// the last `window_seconds`.
    pub async fn recent_login_failures(&self, keys: &[&str], window_seconds: i64) -> Result<Vec<i64>> {
        let since = Timestamp::now().minus_seconds(window_seconds).to_rfc3339();
        let mut counts = Vec::with_capacity(keys.len());
        for key in keys {
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key_hash = $1 AND at > $2")
                    .bind(secrets::token_hash(key))
                    .bind(&since)
                    .fetch_one(&self.read)
                    .await?;
            counts.push(n);
        }
        Ok(counts)
    }

    pub async fn record_login_failure(&self, keys: &[&str]) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key_hash, at) VALUES ($1, $2)")
                .bind(secrets::token_hash(key))
                .bind(now.to_rfc3339())
                .execute(&mut *tx)
                .await?;
        }
        // Old failures no longer count; keep the table small.
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(now.minus_seconds(86_400).to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE key_hash = $1")
            .bind(secrets::token_hash(key))
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
