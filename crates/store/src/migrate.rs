//! Schema migrations, applied in order exactly once.
//!
//! Most SQL runs unchanged on both engines, so a migration is one file,
//! `migrations/NNNN_name.sql`. Where the engines need different SQL
//! (collations, triggers) the migration has a part per engine as well,
//! `migrations/{sqlite,postgres}/NNNN_name.sql`, run after the shared part in
//! the same transaction. A test compares the resulting schemas.
//!
//! Several app servers may start at once against one PostgreSQL: the runner
//! takes an advisory lock so only one of them migrates. On SQLite the write
//! transaction (`BEGIN IMMEDIATE`) already serialises it.

use crate::{Engine, Result, Store};
use sqlx::{AssertSqlSafe, Row};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    /// The SQL both engines run.
    pub shared: &'static str,
    /// What each engine runs after it ("" when nothing).
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! migration {
    ($version:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            shared: include_str!(concat!("../migrations/", $name, ".sql")),
            sqlite: "",
            postgres: "",
        }
    };
    ($version:literal, $name:literal, per_engine) => {
        Migration {
            version: $version,
            name: $name,
            shared: "",
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
    ($version:literal, $name:literal, shared_and_per_engine) => {
        Migration {
            shared: include_str!(concat!("../migrations/", $name, ".sql")),
            ..migration!($version, $name, per_engine)
        }
    };
}

#[rustfmt::skip]
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_foundation"),
    migration!(2, "0002_weektest"),
    migration!(3, "0003_goals"),
    migration!(4, "0004_family"),
    migration!(5, "0005_wijk"),
    migration!(6, "0006_surveys"),
    migration!(7, "0007_search_words", per_engine),
    migration!(8, "0008_coin", shared_and_per_engine),
    migration!(9, "0009_search_domain_places"),
    migration!(10, "0010_search_everything"),
    migration!(11, "0011_survey_links"),
    migration!(12, "0012_sign_in_attempts"),
    migration!(13, "0013_household_join_requests"),
    migration!(14, "0014_cell_keys"),
    migration!(15, "0015_audit_trail", shared_and_per_engine),
    migration!(16, "0016_organisation_keepers"),
    migration!(17, "0017_role_invitations"),
    migration!(18, "0018_indicators"),
    migration!(19, "0019_place_shapes"),
    migration!(20, "0020_indicator_by_year"),
    migration!(21, "0021_money"),
    migration!(22, "0022_wijkscan"),
    migration!(23, "0023_housing_projects"),
    migration!(24, "0024_indicator_surveys"),
    migration!(25, "0025_compare_covering"),
    migration!(26, "0026_provinces"),
    migration!(27, "0027_meetings"),
    migration!(28, "0028_meeting_minutes"),
    migration!(29, "0029_initiatives", shared_and_per_engine),
    migration!(30, "0030_challenges"),
    migration!(31, "0031_newspaper"),
    migration!(32, "0032_meeting_evaluations"),
    migration!(33, "0033_initiative_savings"),
    migration!(34, "0034_mail"),
    migration!(35, "0035_initiative_files"),
    migration!(36, "0036_emergency", shared_and_per_engine),
    migration!(37, "0037_intakes"),
    migration!(38, "0038_referrals"),
    migration!(39, "0039_token_scope"),
    migration!(40, "0040_intake_notes"),
    migration!(41, "0041_cooperative", shared_and_per_engine),
    migration!(42, "0042_alliances"),
    migration!(43, "0043_market_digest"),
];

/// Arbitrary constant naming wijkwerk's migration lock in PostgreSQL.
const PG_LOCK_KEY: i64 = 0x776a_6b77_6b00;

pub(crate) async fn run(store: &Store) -> Result<Vec<&'static str>> {
    let mut tx = store.begin_write().await?;
    if store.engine() == Engine::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(PG_LOCK_KEY).execute(&mut *tx).await?;
    }
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    BIGINT PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )
    .execute(&mut *tx)
    .await?;
    let done: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("version"))
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| !done.contains(&m.version)) {
        let own = match store.engine() {
            Engine::Sqlite => m.sqlite,
            Engine::Postgres => m.postgres,
        };
        for sql in [m.shared, own].into_iter().filter(|sql| !sql.trim().is_empty()) {
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(wijkwerk_domain::Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        applied.push(m.name);
    }
    tx.commit().await?;
    // Data a migration cannot make in SQL: the search words of entries that
    // existed before the word index did.
    let remade = ["0007_search_words", "0009_search_domain_places", "0010_search_everything"];
    if applied.iter().any(|name| remade.contains(name)) {
        store.rebuild_search_words().await?;
    }
    Ok(applied)
}
