//! The schema: migrations run twice change nothing, every file is registered,
//! and both engines end up with the same tables, columns, indexes and triggers.

use super::*;

#[tokio::test]
async fn migrations_are_idempotent() {
    for TestDb { store, .. } in fresh_stores().await {
        assert!(
            store.migrate().await.unwrap().is_empty(),
            "{:?}: second run applies nothing",
            store.engine()
        );
        store.ping().await.unwrap();
    }
}

#[test]
fn every_migration_file_is_registered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let list = |sub: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter_map(|n| n.strip_suffix(".sql").map(str::to_string))
            .collect();
        names.sort();
        names
    };
    let with = |part: fn(&wijkwerk_store::Migration) -> &'static str| -> Vec<String> {
        MIGRATIONS.iter().filter(|m| !part(m).is_empty()).map(|m| m.name.to_string()).collect()
    };
    assert_eq!(list(""), with(|m| m.shared), "every shared migration file is registered as shared");
    assert_eq!(list("sqlite"), with(|m| m.sqlite), "every SQLite part is registered");
    assert_eq!(list("postgres"), with(|m| m.postgres), "every PostgreSQL part is registered");
    assert_eq!(
        list("sqlite"),
        list("postgres"),
        "a migration with a part for one engine has one for the other"
    );
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version, i as i64 + 1, "versions run 1, 2, 3, …");
        assert!(m.name.starts_with(&format!("{:04}_", m.version)));
    }
}

/// What a schema is made of, read from the engine's own catalogue, in terms
/// both engines share.
#[derive(Debug, Default, PartialEq)]
struct Schema {
    /// table → column → (declared type, nullable)
    columns: BTreeMap<String, BTreeMap<String, (String, bool)>>,
    /// table → primary-key columns in order
    primary_keys: BTreeMap<String, Vec<String>>,
    /// (table, columns in order, unique): every other index, also those
    /// behind UNIQUE constraints (their names differ per engine)
    indexes: std::collections::BTreeSet<(String, Vec<String>, bool)>,
    /// (table, timing, event) of every trigger
    triggers: std::collections::BTreeSet<(String, String, String)>,
}

async fn rows(store: &Store, sql: &str) -> Vec<sqlx::any::AnyRow> {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).fetch_all(store.reader()).await.unwrap()
}

fn get(r: &sqlx::any::AnyRow, c: &str) -> String {
    use sqlx::Row;
    r.try_get::<String, _>(c).unwrap()
}

fn num(r: &sqlx::any::AnyRow, c: &str) -> i64 {
    use sqlx::Row;
    r.try_get::<i64, _>(c).unwrap()
}

async fn schema_of(store: &Store) -> Schema {
    let mut s = Schema::default();
    match store.engine() {
        Engine::Sqlite => {
            let cols = rows(
                store,
                "SELECT m.name AS t, p.name AS c, lower(p.type) AS ty, p.\"notnull\" AS nn, p.pk AS pk
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.pk",
            )
            .await;
            for r in &cols {
                let (t, c, pk) = (get(r, "t"), get(r, "c"), num(r, "pk"));
                // A primary-key column is NOT NULL on PostgreSQL whatever it says.
                let nullable = num(r, "nn") == 0 && pk == 0;
                s.columns.entry(t.clone()).or_default().insert(c.clone(), (get(r, "ty"), nullable));
                if pk > 0 {
                    s.primary_keys.entry(t).or_default().push(c);
                }
            }
            let idx = rows(
                store,
                "SELECT m.name AS t, il.name AS i, il.\"unique\" AS u, il.origin AS o, ii.name AS c
                 FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
                 WHERE m.type = 'table' ORDER BY m.name, il.name, ii.seqno",
            )
            .await;
            let mut grouped: BTreeMap<(String, String), (Vec<String>, bool, String)> = BTreeMap::new();
            for r in &idx {
                let e = grouped.entry((get(r, "t"), get(r, "i"))).or_insert((
                    vec![],
                    num(r, "u") == 1,
                    get(r, "o"),
                ));
                e.0.push(get(r, "c"));
            }
            for ((t, _), (cols, unique, origin)) in grouped {
                if origin != "pk" {
                    s.indexes.insert((t, cols, unique));
                }
            }
            for r in &rows(
                store,
                "SELECT tbl_name AS t, upper(sql) AS q FROM sqlite_master WHERE type = 'trigger'",
            )
            .await
            {
                let q = get(r, "q");
                let timing = if q.contains(" BEFORE ") { "BEFORE" } else { "AFTER" };
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    if q.contains(&format!("{timing} {event} ")) || q.contains(&format!("OR {event} ")) {
                        s.triggers.insert((get(r, "t"), timing.into(), event.into()));
                    }
                }
            }
        }
        Engine::Postgres => {
            let cols = rows(
                store,
                "SELECT table_name::text AS t, column_name::text AS c, lower(data_type::text) AS ty,
                        CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS nn
                 FROM information_schema.columns WHERE table_schema = current_schema()",
            )
            .await;
            for r in &cols {
                s.columns
                    .entry(get(r, "t"))
                    .or_default()
                    .insert(get(r, "c"), (get(r, "ty"), num(r, "nn") == 0));
            }
            let idx = rows(
                store,
                "SELECT t.relname::text AS t, CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS u,
                        CASE WHEN ix.indisprimary THEN 1 ELSE 0 END AS p,
                        (SELECT string_agg(a.attname::text, ',' ORDER BY k.n)
                         FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
                 FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
                 JOIN pg_namespace ns ON ns.oid = t.relnamespace
                 WHERE ns.nspname = current_schema()",
            )
            .await;
            for r in &idx {
                let cols: Vec<String> = get(r, "cols").split(',').map(str::to_string).collect();
                if num(r, "p") == 1 {
                    s.primary_keys.insert(get(r, "t"), cols);
                } else {
                    s.indexes.insert((get(r, "t"), cols, num(r, "u") == 1));
                }
            }
            let trg = rows(
                store,
                "SELECT event_object_table::text AS t, action_timing::text AS w, event_manipulation::text AS e
                 FROM information_schema.triggers WHERE trigger_schema = current_schema()",
            )
            .await;
            for r in &trg {
                s.triggers.insert((get(r, "t"), get(r, "w"), get(r, "e")));
            }
        }
    }
    s
}

#[tokio::test]
async fn both_engines_have_the_same_schema() {
    // Without PostgreSQL this test proves nothing; CI sets
    // WIJKWERK_REQUIRE_POSTGRES, and then a missing server fails it.
    let Some(pg) = fresh_postgres().await else {
        eprintln!("skipped: set WIJKWERK_TEST_POSTGRES_URL to compare with PostgreSQL");
        return;
    };
    let lite = fresh_sqlite().await;
    let (a, b) = (schema_of(&lite.store).await, schema_of(&pg.store).await);
    assert_eq!(a.columns.keys().collect::<Vec<_>>(), b.columns.keys().collect::<Vec<_>>(), "same tables");
    for (table, cols) in &a.columns {
        assert_eq!(Some(cols), b.columns.get(table), "columns, types and nullability of {table}");
    }
    assert_eq!(a.primary_keys, b.primary_keys, "primary keys");
    let only = |x: &Schema, y: &Schema| x.indexes.difference(&y.indexes).cloned().collect::<Vec<_>>();
    assert_eq!(
        (only(&a, &b), only(&b, &a)),
        (vec![], vec![]),
        "indexes and unique constraints (SQLite only, PostgreSQL only)"
    );
    assert_eq!(a.triggers, b.triggers, "triggers");
    assert!(!a.triggers.is_empty() && !a.indexes.is_empty(), "the comparison saw something");
}
