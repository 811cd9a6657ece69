//! Fresh databases for tests, on every engine that is available.
//!
//! SQLite always; PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set. Each
//! PostgreSQL test gets a schema of its own, so tests run in parallel on one
//! database without seeing each other.

use crate::{Engine, Store, StoreOptions};

pub const POSTGRES_URL_VAR: &str = "WIJKWERK_TEST_POSTGRES_URL";
pub const REQUIRE_POSTGRES_VAR: &str = "WIJKWERK_REQUIRE_POSTGRES";

/// A migrated, empty store; dropping it does not clean up (temp files and
/// test schemas are cheap, and a failed test's data is there to inspect).
pub struct TestDb {
    pub store: Store,
    pub url: String,
}

impl TestDb {
    pub fn engine(&self) -> Engine {
        self.store.engine()
    }
}

/// One fresh store per available engine.
pub async fn fresh_stores() -> Vec<TestDb> {
    crate::secrets::use_fast_password_hashing_for_tests();
    let mut out = vec![fresh_sqlite().await];
    if let Some(pg) = fresh_postgres().await {
        out.push(pg);
    }
    out
}

pub async fn fresh_sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("wijkwerk-test-{}.db", wijkwerk_domain::new_id()));
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url, StoreOptions::default()).await.expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestDb { store, url }
}

/// A fresh schema in the test PostgreSQL, or `None` when none is configured.
/// With `WIJKWERK_REQUIRE_POSTGRES` set (CI sets it), a missing one fails the
/// test instead of leaving it to SQLite alone.
pub async fn fresh_postgres() -> Option<TestDb> {
    let Some(base) = std::env::var(POSTGRES_URL_VAR).ok().filter(|u| !u.is_empty()) else {
        assert!(
            std::env::var_os(REQUIRE_POSTGRES_VAR).is_none(),
            "{REQUIRE_POSTGRES_VAR} is set but {POSTGRES_URL_VAR} is not: the PostgreSQL half of the tests would not run"
        );
        return None;
    };
    let url = postgres_schema_url(&base).await;
    let store = Store::connect(&url, StoreOptions { max_connections: 4, ..Default::default() })
        .await
        .expect("open postgres");
    store.migrate().await.expect("migrate postgres");
    Some(TestDb { store, url })
}

/// Creates a new schema in the database at `base` and returns a URL whose
/// connections use it.
pub async fn postgres_schema_url(base: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let schema = format!("t_{}", wijkwerk_domain::new_id().replace('-', ""));
    let mut admin = sqlx::AnyConnection::connect(base).await.expect("connect to test postgres");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .expect("create schema");
    admin.close().await.ok();
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}
