//! Storage of wijkwerk on SQLite (embedded, the default) and PostgreSQL (scale-out).
//!
//! One set of SQL serves both engines through sqlx's `Any` driver: ids and times
//! are text, numbers are 64-bit integers, flags are integers. Where the engines
//! differ (locking, upserts), [`Engine`] picks the statement. The schema of each
//! engine lives in its own `migrations/<engine>/` tree, kept in step by a test.
//!
//! SQLite allows one writer at a time, so on SQLite the store keeps a separate
//! pool of one connection for writes: writers queue in the application instead
//! of failing with `SQLITE_BUSY`, and readers never wait for them (WAL).

pub mod alliances;
pub mod audit;
pub mod auth;
pub mod challenges;
pub mod coin;
pub mod cooperative;
pub mod demo;
pub mod digests;
pub mod emergency;
pub mod family;
pub mod goals;
pub mod housing;
pub mod indicators;
pub mod initiative_files;
pub mod initiatives;
pub mod intakes;
pub mod mail;
pub mod marketplace;
pub mod meetings;
mod migrate;
pub mod money;
pub mod newspaper;
pub mod people;
pub mod places;
pub mod privacy;
mod rows;
pub mod secrets;
pub mod socialmap;
pub mod surveys;
#[doc(hidden)]
pub mod testing;
pub mod weektests;
pub mod wijkplan;
pub mod wijkscan;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::sync::Once;
use std::time::Duration;
use wijkwerk_domain::Invalid;
use wijkwerk_domain::privacy::MinGroupSize;

pub use migrate::{MIGRATIONS, Migration};
pub use sqlx::any::AnyRow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    /// The input breaks a rule; nothing was changed.
    Invalid(Invalid),
    NotFound,
    /// The change conflicts with what is stored (a duplicate, say).
    Conflict(&'static str),
    Database(sqlx::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Invalid(i) => i.fmt(f),
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Conflict(what) => write!(f, "conflict: {what}"),
            StoreError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            return StoreError::Conflict("unique");
        }
        StoreError::Database(e)
    }
}

impl From<Invalid> for StoreError {
    fn from(i: Invalid) -> Self {
        StoreError::Invalid(i)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Settings that shape what the store does, not where it is.
#[derive(Clone, Copy, Debug)]
pub struct StoreOptions {
    pub min_group_size: MinGroupSize,
    /// Readers in the pool (SQLite) or connections in all (PostgreSQL).
    pub max_connections: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { min_group_size: MinGroupSize::DEFAULT, max_connections: 8 }
    }
}

/// A handle to the database; cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    engine: Engine,
    read: AnyPool,
    write: AnyPool,
    options: StoreOptions,
    /// The ledger's payment queue (see `coin::batching`).
    ledger: coin::Ledger,
}

static DRIVERS: Once = Once::new();

impl Store {
    /// Connects to `url` (`sqlite://file.db`, `sqlite::memory:`,
    /// `postgres://…`), creating a SQLite file when it does not exist yet.
    pub async fn connect(url: &str, options: StoreOptions) -> Result<Store> {
        DRIVERS.call_once(install_default_drivers);
        let engine = Engine::from_url(url).ok_or_else(|| {
            StoreError::Database(sqlx::Error::Configuration(
                format!("unknown database URL {url:?}: use sqlite://… or postgres://…").into(),
            ))
        })?;
        match engine {
            Engine::Sqlite => {
                let url = sqlite_url(url);
                let pool = |max: u32| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .min_connections(1)
                        .test_before_acquire(false)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                // Durability first: FULL syncs the WAL at every commit.
                                for pragma in [
                                    "PRAGMA journal_mode = WAL",
                                    "PRAGMA foreign_keys = ON",
                                    "PRAGMA busy_timeout = 10000",
                                    "PRAGMA synchronous = FULL",
                                    // Deleted content is overwritten, not left in free pages
                                    // (erasure must not leave the name readable in the file).
                                    "PRAGMA secure_delete = ON",
                                ] {
                                    conn.execute(pragma).await?;
                                }
                                Ok(())
                            })
                        })
                };
                // The writer connects first so that it creates the file and sets WAL.
                let write = pool(1).connect(&url).await?;
                let read = if url.contains(":memory:") {
                    // Every connection to :memory: is a database of its own.
                    write.clone()
                } else {
                    pool(options.max_connections).connect(&url).await?
                };
                Ok(Store { engine, read, write, options, ledger: Default::default() })
            }
            Engine::Postgres => {
                // No ping before every acquire: a broken connection shows itself
                // on the query anyway, and the ping is a round trip per request.
                let pool = AnyPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(Duration::from_secs(30))
                    .test_before_acquire(false)
                    .connect(url)
                    .await?;
                Ok(Store { engine, read: pool.clone(), write: pool, options, ledger: Default::default() })
            }
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn min_group_size(&self) -> MinGroupSize {
        self.options.min_group_size
    }

    /// Pool for statements that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// Pool for writes (SQLite's single writer), for tests that set up a
    /// state no use case makes, such as an expired code.
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes cannot
    /// fail half-way on a lock upgrade.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.write.begin().await?,
        })
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<()> {
        let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&self.read).await?;
        debug_assert_eq!(one, 1);
        Ok(())
    }

    /// After loading much data at once: on PostgreSQL, statistics for the
    /// planner and the visibility map that lets index-only scans skip the
    /// table (what autovacuum does some time later anyway). SQLite needs
    /// nothing.
    pub async fn settle_after_bulk_load(&self) -> Result<()> {
        if self.engine() == Engine::Postgres {
            sqlx::raw_sql("VACUUM (ANALYZE)").execute(&self.write).await?;
        }
        Ok(())
    }

    /// Brings the schema up to date and adds reference data that ships with
    /// the binary (the built-in week-test templates).
    pub async fn migrate(&self) -> Result<Vec<&'static str>> {
        let applied = migrate::run(self).await?;
        self.seed_builtin_templates().await?;
        Ok(applied)
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// `sqlite://file.db` → a URL that creates the file when missing.
fn sqlite_url(url: &str) -> String {
    if url.contains(":memory:") || url.contains("mode=") {
        return url.to_string();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}mode=rwc")
}

/// Reads a text column.
pub(crate) fn text(row: &AnyRow, col: &str) -> Result<String> {
    use sqlx::Row;
    Ok(row.try_get::<String, _>(col)?)
}

/// Reads a nullable text column.
pub(crate) fn opt_text(row: &AnyRow, col: &str) -> Result<Option<String>> {
    use sqlx::Row;
    Ok(row.try_get::<Option<String>, _>(col)?)
}

/// Reads an integer column (counts come back as 32 or 64 bits depending on the engine).
pub(crate) fn int(row: &AnyRow, col: &str) -> Result<i64> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(col)?)
}
