//! The store's behaviour, run on every available engine (SQLite always,
//! PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set).

#[path = "store/coin.rs"]
mod coin;
#[path = "store/emergency.rs"]
mod emergency;
#[path = "store/initiatives.rs"]
mod initiatives;
#[path = "store/intakes.rs"]
mod intakes;
#[path = "store/marketplace.rs"]
mod marketplace;
#[path = "store/search.rs"]
mod search;

use std::collections::BTreeMap;
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Role};
use wijkwerk_store::testing::{TestDb, fresh_postgres, fresh_sqlite, fresh_stores};
use wijkwerk_store::{Engine, MIGRATIONS, Store, StoreError, StoreOptions};

fn account(email: &str, name: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        display_name: name.into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: None,
    }
}

async fn with_places(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place("WK960101", PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
    store.add_place("BU96010101", PlaceLevel::Buurt, "Binnenstad", Some("WK960101")).await.unwrap();
    store.add_place("BU96010102", PlaceLevel::Buurt, "Stationsbuurt", Some("WK960101")).await.unwrap();
}

fn fields(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(i) => i.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

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

#[tokio::test]
async fn places_nest_and_are_checked() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let path: Vec<String> =
            store.place_path("BU96010102").await.unwrap().into_iter().map(|p| p.code).collect();
        assert_eq!(path, ["NL", "GM9601", "WK960101", "BU96010102"]);
        let kids: Vec<String> =
            store.children("WK960101").await.unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(kids, ["Binnenstad", "Stationsbuurt"], "children by name");
        assert!(store.place_path("BU00000000").await.unwrap().is_empty());

        // Wrong nesting, unknown parent and empty name are all reported at once.
        let err = store.add_place("WK059901", PlaceLevel::Wijk, " ", Some("GM9601")).await.unwrap_err();
        assert_eq!(fields(err), [("name".into(), "required"), ("code".into(), "place-code-not-in-parent")]);
        let err = store.add_place("BU96019999", PlaceLevel::Buurt, "X", Some("WK969999")).await.unwrap_err();
        assert_eq!(fields(err), [("parentCode".into(), "place-unknown")]);
        // A duplicate code changes nothing.
        let err =
            store.add_place("WK960101", PlaceLevel::Wijk, "Nog eens", Some("GM9601")).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)));
        assert_eq!(store.place("WK960101").await.unwrap().unwrap().name, "Centrum");
    }
}

#[tokio::test]
async fn resident_counts_roll_up_to_children() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        for _ in 0..3 {
            store.add_person("Bewoner", Some("BU96010101")).await.unwrap();
        }
        store.add_person("Bewoner", Some("BU96010102")).await.unwrap();
        store.add_person("Dakloos", None).await.unwrap();
        store.add_place("WK960102", PlaceLevel::Wijk, "Leeg", Some("GM9601")).await.unwrap();
        let counts = |rows: Vec<(wijkwerk_domain::Place, u64)>| -> Vec<(String, u64)> {
            rows.into_iter().map(|(p, n)| (p.name, n)).collect()
        };
        assert_eq!(
            counts(store.children_with_residents("GM9601").await.unwrap()),
            [("Centrum".to_string(), 4), ("Leeg".to_string(), 0)],
            "residents of buurten count for their wijk; an empty wijk shows 0"
        );
        assert_eq!(
            counts(store.children_with_residents("WK960101").await.unwrap()),
            [("Binnenstad".to_string(), 3), ("Stationsbuurt".to_string(), 1)]
        );
    }
}

#[tokio::test]
async fn accounts_sign_in_and_hold_roles_per_place() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let p = store.create_account(account(" Fatima@Example.NL", "Fatima")).await.unwrap();
        assert_eq!(p.email.as_deref(), Some("fatima@example.nl"));
        let again = store.create_account(account("fatima@example.nl", "Ander")).await.unwrap_err();
        assert_eq!(fields(again), [("email".into(), "email-taken")]);

        assert!(store.check_credentials("FATIMA@example.nl", "een-goed-wachtwoord").await.unwrap().is_some());

        // An account with a role at an unknown place is not created at all.
        let err = store
            .create_account_with_roles(account("b@example.nl", ""), &[(Role::Coach, "WK000000")])
            .await
            .unwrap_err();
        assert_eq!(fields(err), [("displayName".into(), "required"), ("placeCode".into(), "place-unknown")]);
        let err = store
            .create_account_with_roles(account("b@example.nl", "B"), &[(Role::Coach, "WK000000")])
            .await
            .unwrap_err();
        assert_eq!(fields(err), [("placeCode".into(), "place-unknown")]);
        assert!(store.person_by_email("b@example.nl").await.unwrap().is_none(), "nothing stored");
        let b = store
            .create_account_with_roles(
                account("b@example.nl", "B"),
                &[(Role::Coach, "WK960101"), (Role::Bewoner, "BU96010101")],
            )
            .await
            .unwrap();
        assert_eq!(store.roles_of(&b.id).await.unwrap().len(), 2);
        assert!(store.check_credentials("fatima@example.nl", "fout-wachtwoord").await.unwrap().is_none());
        assert!(
            store.check_credentials("niemand@example.nl", "een-goed-wachtwoord").await.unwrap().is_none()
        );

        store.assign_role(&p.id, Role::Wijkwerker, "WK960101", None).await.unwrap();
        store.assign_role(&p.id, Role::Bewoner, "BU96010102", None).await.unwrap();
        let dup = store.assign_role(&p.id, Role::Bewoner, "BU96010102", None).await.unwrap_err();
        assert!(matches!(dup, StoreError::Conflict("role-already-held")));
        let err = store.assign_role(&p.id, Role::Coach, "WK000000", None).await.unwrap_err();
        assert_eq!(fields(err), [("placeCode".into(), "place-unknown")]);
        let actor = store.actor(&p.id).await.unwrap();
        assert_eq!(actor.roles.len(), 2);
        let team = store.team_at("WK960101").await.unwrap();
        let roles: Vec<(Role, &str)> = team.iter().map(|m| (m.role, m.display_name.as_str())).collect();
        assert_eq!(roles, [(Role::Coach, "B"), (Role::Wijkwerker, "Fatima")], "by role, then name");
    }
}

#[tokio::test]
async fn sessions_rotate_and_end_everywhere() {
    for TestDb { store, url } in fresh_stores().await {
        let p = store.create_account(account("a@example.nl", "A")).await.unwrap();
        // A second app server on the same database sees the same sessions.
        let other = Store::connect(&url, StoreOptions::default()).await.unwrap();
        let first = store.create_session(&p.id, 3600, None).await.unwrap();
        let seen = other.session(&first.token).await.unwrap().expect("other server sees the session");
        assert_eq!(seen.person_id, p.id);
        assert_eq!(seen.csrf_token, first.csrf_token);

        let second = store.create_session(&p.id, 3600, Some(&first.token)).await.unwrap();
        assert!(store.session(&first.token).await.unwrap().is_none(), "the old session is gone");
        assert!(store.session(&second.token).await.unwrap().is_some());

        other.end_session(&second.token).await.unwrap();
        assert!(store.session(&second.token).await.unwrap().is_none(), "sign-out holds on every server");

        let expired = store.create_session(&p.id, -1, None).await.unwrap();
        assert!(store.session(&expired.token).await.unwrap().is_none());
        assert!(store.session("nonsense").await.unwrap().is_none());
        other.close().await;
    }
}

#[tokio::test]
async fn api_tokens_and_sign_in_attempts() {
    for TestDb { store, .. } in fresh_stores().await {
        let p = store.create_account(account("a@example.nl", "A")).await.unwrap();
        let token = store.create_api_token(&p.id, "test").await.unwrap();
        assert_eq!(store.api_token_owner(&token).await.unwrap(), Some((p.id.clone(), "all".to_string())));
        assert_eq!(store.api_token_owner("x").await.unwrap(), None);

        let keys = [("account:a@example.nl", 900), ("address:127.0.0.1", 900)];
        for n in 1..=3 {
            assert_eq!(store.count_attempts(&keys).await.unwrap(), [n, n]);
        }
        store.forget_attempts(&["account:a@example.nl"], &["address:127.0.0.1"]).await.unwrap();
        assert_eq!(store.count_attempts(&keys).await.unwrap(), [1, 3], "one reset, one attempt taken back");
        // A window that is over starts again.
        assert_eq!(store.count_attempts(&[("account:a@example.nl", 0)]).await.unwrap(), [1]);

        // Counted atomically: forty attempts at once each get their own number.
        let burst: Vec<_> = (0..40)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.count_attempts(&[("pair:burst", 900)]).await.unwrap()[0] })
            })
            .collect();
        let mut got = Vec::new();
        for task in burst {
            got.push(task.await.unwrap());
        }
        got.sort();
        assert_eq!(got, (1..=40).collect::<Vec<i64>>(), "{:?}", store.engine());

        // Known browsers: a token per browser and account.
        let device = store.remember_device(&p.id, None).await.unwrap();
        assert_eq!(store.device_owner(&device).await.unwrap().as_deref(), Some(p.id.as_str()));
        assert_eq!(store.remember_device(&p.id, Some(&device)).await.unwrap(), device, "kept");
        let q = store.create_account(account("q@example.nl", "Q")).await.unwrap();
        assert_ne!(store.remember_device(&q.id, Some(&device)).await.unwrap(), device, "not another's");
        assert_eq!(store.device_owner("nonsense").await.unwrap(), None);
    }
}

#[tokio::test]
async fn reads_need_consent_and_are_logged() {
    for TestDb { store, .. } in fresh_stores().await {
        let subject = store.create_account(account("s@example.nl", "Subject")).await.unwrap();
        let coach = store.create_account(account("c@example.nl", "Coach")).await.unwrap();
        let stranger = store.create_account(account("x@example.nl", "Stranger")).await.unwrap();

        // Without consent: nothing read, nothing logged.
        assert!(store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().is_none());
        assert!(store.access_log_for(&subject.id, 100).await.unwrap().is_empty());

        let bad =
            store.grant_consent(&subject.id, &subject.id, "alles", "", Some("2001-01-01")).await.unwrap_err();
        assert_eq!(
            fields(bad),
            [
                ("granteeId".into(), "grantee-self"),
                ("scope".into(), "scope-unknown"),
                ("purpose".into(), "required"),
                ("validUntil".into(), "date-in-past")
            ]
        );
        let consent = store.grant_consent(&subject.id, &coach.id, "profile", "Coaching", None).await.unwrap();

        let (person, used) = store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().unwrap();
        assert_eq!(person.id, subject.id);
        assert_eq!(used.id, consent.id);
        assert!(store.read_profile_with_consent(&stranger.id, &subject.id).await.unwrap().is_none());

        let log = store.access_log_for(&subject.id, 100).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].actor_name, "Coach");
        assert_eq!(log[0].what, "profile");
        assert_eq!(log[0].why, "Coaching");

        // Only the subject can revoke; after that, no more reads.
        assert!(matches!(store.revoke_consent(&coach.id, &consent.id).await, Err(StoreError::NotFound)));
        store.revoke_consent(&subject.id, &consent.id).await.unwrap();
        assert!(store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().is_none());
        assert_eq!(store.access_log_for(&subject.id, 100).await.unwrap().len(), 1);

        let given = store.consents_given(&subject.id).await.unwrap();
        assert_eq!(given.len(), 1);
        assert!(!given[0].active);
        assert_eq!(given[0].other_name, "Coach");
        assert_eq!(store.consents_received(&coach.id).await.unwrap()[0].other_name, "Subject");
    }
}

#[tokio::test]
async fn export_holds_everything_and_erasure_removes_it() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let subject = store.create_account(account("s@example.nl", "Subject")).await.unwrap();
        let coach = store.create_account(account("c@example.nl", "Coach")).await.unwrap();
        let other = store.create_account(account("o@example.nl", "Other")).await.unwrap();
        store.assign_role(&subject.id, Role::Bewoner, "BU96010101", None).await.unwrap();
        store.grant_consent(&subject.id, &coach.id, "profile", "Coaching", None).await.unwrap();
        store.grant_consent(&other.id, &subject.id, "profile", "Buurthulp", None).await.unwrap();
        store.read_profile_with_consent(&coach.id, &subject.id).await.unwrap().unwrap();
        store.read_profile_with_consent(&subject.id, &other.id).await.unwrap().unwrap();
        let session = store.create_session(&subject.id, 3600, None).await.unwrap();
        store.create_api_token(&subject.id, "mijn script").await.unwrap();

        let export = store.export_person(&subject.id).await.unwrap();
        assert_eq!(export.person.email.as_deref(), Some("s@example.nl"));
        assert_eq!(export.roles.len(), 1);
        assert_eq!(export.consents_given.len(), 1);
        assert_eq!(export.consents_received.len(), 1);
        assert_eq!(export.access_log.len(), 1);
        assert_eq!(export.sessions.len(), 1);
        assert_eq!(export.api_tokens[0].label, "mijn script");
        let json = serde_json::to_string(&export).unwrap();
        assert!(!json.contains(&session.token), "the export never contains a live secret");

        store.erase_person(&subject.id).await.unwrap();
        assert!(store.person(&subject.id).await.unwrap().is_none());
        assert!(store.person_by_email("s@example.nl").await.unwrap().is_none());
        assert!(store.session(&session.token).await.unwrap().is_none());
        assert!(store.access_log_for(&subject.id, 10).await.unwrap().is_empty());
        // The other person still sees that someone read their data, without a name.
        let theirs = store.access_log_for(&other.id, 10).await.unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].actor_id, None);
        assert_eq!(theirs[0].actor_name, "");
        assert!(matches!(store.erase_person(&subject.id).await, Err(StoreError::NotFound)));
    }
}

#[tokio::test]
async fn erasure_leaves_no_name_in_texts_files_or_cards() {
    for TestDb { store, url } in fresh_stores().await {
        store.seed_demo(&mut |_| {}).await.unwrap();
        let fatima = store.person_by_email("fatima@demo.wijkwerk.nl").await.unwrap().unwrap();
        let karim = store.person_by_email("karim@demo.wijkwerk.nl").await.unwrap().unwrap();
        let household = store.households_of(&karim.id).await.unwrap().remove(0);
        let plan_id = store.plan_id_of(&household.id).await.unwrap().unwrap();
        let card = store.coin_accounts_of_owner(&fatima.id).await.unwrap().remove(0);
        assert!(card.has_pin && card.active);

        store.erase_person(&fatima.id).await.unwrap();

        // The family keeps its plan, without her name in it, and is told.
        let plan = store.family_plan(&plan_id).await.unwrap().unwrap();
        let texts: Vec<String> = plan
            .goals
            .iter()
            .map(|g| g.title.clone())
            .chain(plan.actions.iter().flat_map(|a| [a.who.clone(), a.what.clone()]))
            .chain(plan.evaluations.iter().map(|e| e.summary.clone()))
            .collect();
        assert!(texts.iter().all(|t| !t.contains("Fatima")), "{:?}: {texts:?}", store.engine());
        assert!(texts.iter().any(|t| t.contains("(naam verwijderd)")));
        assert!(plan.evaluations.iter().any(|e| e.summary.contains("gegevens laten verwijderen")));
        // Her card no longer pays; its balance stays on the books.
        let after = store.coin_account(&card.id).await.unwrap().unwrap();
        assert!(!after.active && !after.has_pin && after.balance == card.balance);
        assert!(store.coin_check(&mut |_| {}).await.unwrap().is_empty());

        // Nothing of her in the database file or its write-ahead log.
        if let Some(path) = url.strip_prefix("sqlite://") {
            for file in [path.to_string(), format!("{path}-wal")] {
                let Ok(bytes) = std::fs::read(&file) else { continue };
                for needle in ["fatima@demo.wijkwerk.nl", "Fatima El Amrani"] {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                        "{needle} still in {file}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn join_codes_ask_and_expire() {
    use wijkwerk_domain::family::Relation;
    for TestDb { store, .. } in fresh_stores().await {
        let a = store.create_account(account("a@example.nl", "A")).await.unwrap();
        let b = store.create_account(account("b@example.nl", "B")).await.unwrap();
        let h = store.create_household(&a.id, "Huis", Relation::Ouder).await.unwrap();
        assert_eq!(
            store.request_to_join(&h.join_code, &b.id, Relation::Partner).await.unwrap(),
            Some(h.id.clone())
        );
        assert_eq!(store.household(&h.id).await.unwrap().unwrap().members.len(), 1, "asking is not joining");
        assert_eq!(store.join_requests(Some(&h.id), None).await.unwrap()[0].person_id, b.id);
        assert!(store.decide_join(&h.id, &b.id, true).await.unwrap());
        assert_eq!(store.household(&h.id).await.unwrap().unwrap().members.len(), 2);
        assert!(!store.decide_join(&h.id, &b.id, true).await.unwrap(), "the request is gone");
        // A member asking again changes nothing; an expired code asks nothing.
        store.request_to_join(&h.join_code, &b.id, Relation::Partner).await.unwrap();
        assert!(store.join_requests(Some(&h.id), None).await.unwrap().is_empty());
        sqlx::query("UPDATE households SET join_code_expires_at = '2020-01-01T00:00:00.000Z' WHERE id = $1")
            .bind(&h.id)
            .execute(store.writer())
            .await
            .unwrap();
        let c = store.create_account(account("c@example.nl", "C")).await.unwrap();
        assert_eq!(store.request_to_join(&h.join_code, &c.id, Relation::Anders).await.unwrap(), None);
        store.renew_join_code(&h.id).await.unwrap();
        let renewed = store.household(&h.id).await.unwrap().unwrap();
        assert_ne!(renewed.join_code, h.join_code);
        assert!(store.request_to_join(&renewed.join_code, &c.id, Relation::Anders).await.unwrap().is_some());
        // The request is the asker's data: in their export, gone with them.
        assert_eq!(store.export_person(&c.id).await.unwrap().join_requests[0].household, "Huis");
        store.erase_person(&c.id).await.unwrap();
        assert!(store.join_requests(Some(&h.id), None).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_audit_trail_is_append_only() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        store.record_audit(None, "role-given", "WK960101", "someone", "coach").await.unwrap();
        assert_eq!(store.audit_trail("GM9601", 10).await.unwrap().len(), 1, "read from above");
        for sql in ["UPDATE audit_trail SET detail = 'x'", "DELETE FROM audit_trail"] {
            let refused = sqlx::query(sql).execute(store.writer()).await;
            assert!(refused.is_err(), "{:?}: {sql}", store.engine());
        }
        assert_eq!(store.audit_trail("WK960101", 10).await.unwrap()[0].detail, "coach");
    }
}

#[tokio::test]
async fn demo_municipality_is_complete() {
    for TestDb { store, .. } in fresh_stores().await {
        assert!(!store.has_demo().await.unwrap());
        let mut steps = Vec::new();
        store.seed_demo(&mut |s| steps.push(s.to_string())).await.unwrap();
        assert!(steps.len() >= 4, "progress is reported");
        assert!(store.has_demo().await.unwrap());

        let wijken = store.children("GM9601").await.unwrap();
        assert!(wijken.len() >= 4);
        for w in &wijken {
            assert!(w.code.starts_with("WK9601"));
            let buurten = store.children(&w.code).await.unwrap();
            assert!(buurten.len() >= 3, "{} has {} buurten", w.name, buurten.len());
            assert!(buurten.iter().all(|b| b.code.starts_with(&format!("BU{}", &w.code[2..]))));
        }
        for a in wijkwerk_store::demo::demo_accounts() {
            let p = store
                .check_credentials(a.email, wijkwerk_store::demo::DEMO_PASSWORD)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{} can sign in", a.email));
            assert!(store.actor(&p.id).await.unwrap().has_role(a.role));
        }
        let counts = store.children_with_residents("WK960102").await.unwrap();
        assert!(counts.iter().any(|(_, n)| *n < 10), "some buurt falls under the minimum");
        assert!(!store.organisations_in("WK960102").await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn week_test_variants_are_data() {
    use wijkwerk_domain::weektest::{self, RawAnswer, Template};
    for TestDb { store, .. } in fresh_stores().await {
        let codes: Vec<String> = store.templates().await.unwrap().into_iter().map(|t| t.code).collect();
        assert_eq!(codes, ["basis", "jongere", "mantelzorger", "ondernemer", "ouder", "werkzoekende"]);

        // A new variant, imported as a file's text: no code involved.
        let mut t: Template = store.template("basis", None).await.unwrap().unwrap();
        t.code = "student".into();
        t.version = 1;
        t.name.insert("nl".into(), "Ik ben… student".into());
        store.import_template(&t).await.unwrap();
        store.import_template(&t).await.unwrap(); // the same again is fine
        assert!(store.template("student", None).await.unwrap().is_some());
        // Changing a stored version is refused; a new version is fine.
        let mut changed = t.clone();
        changed.name.insert("nl".into(), "Anders".into());
        assert!(matches!(store.import_template(&changed).await, Err(StoreError::Conflict(_))));
        changed.version = 2;
        store.import_template(&changed).await.unwrap();
        assert_eq!(store.template("student", None).await.unwrap().unwrap().version, 2);
        assert_eq!(store.template("student", Some(1)).await.unwrap().unwrap().name["nl"], "Ik ben… student");

        // A test taken with version 1 keeps its template.
        let p = store.add_person("Student", None).await.unwrap();
        let raw: Vec<RawAnswer> = t
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| RawAnswer {
                domain: d.code.clone(),
                hours: Some(if i == 0 { 104.0 } else { 8.0 }),
                wished_hours: Some(if i == 0 { 104.0 } else { 8.0 }),
                satisfaction: Some(3.0),
            })
            .collect();
        let answers = weektest::validate(&t, &raw).unwrap();
        let outcome = weektest::prioritise(&t, &answers);
        let saved =
            store.save_weektest(&p.id, &t, &answers, &Default::default(), &outcome, None).await.unwrap();
        let loaded = store.weektest(&saved.id).await.unwrap().unwrap();
        assert_eq!((loaded.template_code.as_str(), loaded.template_version), ("student", 1));
        assert_eq!(loaded.answers, answers);
        assert_eq!(loaded.priority, None);
    }
}

#[tokio::test]
async fn hsds_imports_update_what_they_made_before() {
    use wijkwerk_domain::socialmap::check_service;
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let doc = serde_json::json!({ "contents": [
            { "name": "Taalcafé", "description": "Nederlands oefenen.", "organization": { "name": "Bibliotheek" },
              "service_areas": [{ "name": "Binnenstad" }], "attributes": [{ "taxonomy_term": { "code": "leren" } }], "schedules": [{ "byday": "WE", "opens_at": "19:00", "closes_at": "21:00" }] },
            { "name": "Schuldhulp", "description": "Hulp bij geldzaken.", "organization": { "name": "bibliotheek" },
              "service_areas": [{ "description": "WK960101" }], "attributes": [{ "taxonomy_term": { "code": "werk" } }] },
        ]});
        let places: Vec<(String, String)> =
            store.all_places().await.unwrap().into_iter().map(|p| (p.code, p.name)).collect();
        let codes: Vec<&str> = places.iter().map(|(c, _)| c.as_str()).collect();
        let read = wijkwerk_domain::hsds_import::services_in(&doc, &places, "public").unwrap();
        let checked: Vec<(String, _)> = read
            .into_iter()
            .map(|s| (s.organisation.unwrap(), check_service(&s.input, &["leren", "werk"], &codes).unwrap()))
            .collect();
        let mut seen = Vec::new();
        let first =
            store.import_services(&checked, "GM9601", None, &mut |d, t| seen.push((d, t))).await.unwrap();
        assert_eq!(
            (first.created, first.updated, first.organisations_created),
            (2, 0, 1),
            "one organisation, any case"
        );
        assert_eq!(seen, [(1, 2), (2, 2)], "progress after each service");
        let again = store.import_services(&checked, "GM9601", None, &mut |_, _| {}).await.unwrap();
        assert_eq!((again.created, again.updated, again.organisations_created), (0, 2, 0));
        let q = wijkwerk_store::socialmap::ServiceQuery { page: 1, per_page: 10, ..Default::default() };
        let (found, total) = store.search_services(&q).await.unwrap();
        assert_eq!(total, 2);
        assert!(
            found.iter().all(|s| s.review_status == "pending"),
            "imports wait for review unless approved"
        );
    }
}

#[tokio::test]
async fn bulk_responses_count_the_same_as_one_by_one() {
    use wijkwerk_domain::survey::{RawAnswers, SurveyDef, check_response};
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let def: SurveyDef = serde_json::from_value(serde_json::json!({
            "title": { "nl": "T" }, "places": ["WK960101"],
            "questions": [
                { "code": "wie", "kind": "respondent-type", "text": { "nl": "Wie?" } },
                { "code": "c", "kind": "scale", "text": { "nl": "Cijfer" } },
                { "code": "r", "kind": "ranking", "text": { "nl": "Top" }, "top": 2,
                  "options": [{ "code": "a", "label": { "nl": "A" } }, { "code": "b", "label": { "nl": "B" } }, { "code": "x", "label": { "nl": "X" } }] },
            ],
        }))
        .unwrap();
        let buurten = ["BU96010101", "BU96010102"];
        let responses: Vec<_> = (0..2500)
            .map(|i| {
                let mut raw = RawAnswers::new();
                raw.insert("wie".into(), vec![["resident", "business"][i % 2].into()]);
                raw.insert("c".into(), vec![(1 + i % 5).to_string()]);
                raw.insert(
                    "r".into(),
                    if i % 3 == 0 { vec!["a".into(), "b".into()] } else { vec!["x".into()] },
                );
                check_response(&def, &buurten, (i % 7 != 0).then_some(buurten[i % 2]), &raw).unwrap()
            })
            .collect();
        let one = store.create_survey(&def, None).await.unwrap();
        let bulk = store.create_survey(&def, None).await.unwrap();
        for r in &responses[..300] {
            store.submit_response(&one, r, "online", None, None).await.unwrap();
        }
        let mut seen = 0;
        store.add_responses_in_bulk(&bulk, &responses[..300], "online", &mut |d, _| seen = d).await.unwrap();
        assert_eq!(seen, 300);
        for by in [None, Some("buurt"), Some("type")] {
            let (mut a, ta) = store.survey_counts(&one, by).await.unwrap();
            let (mut b, tb) = store.survey_counts(&bulk, by).await.unwrap();
            let key = |c: &wijkwerk_store::surveys::CountRow| {
                (
                    c.question.clone(),
                    c.option.clone(),
                    c.value,
                    c.group_kind.clone(),
                    c.group_key.clone(),
                    c.n,
                )
            };
            a.sort_by_key(key);
            b.sort_by_key(key);
            assert_eq!(
                a.iter().map(key).collect::<Vec<_>>(),
                b.iter().map(key).collect::<Vec<_>>(),
                "{by:?}"
            );
            let plain = |t: Vec<wijkwerk_store::surveys::GroupTotal>| {
                let mut t: Vec<_> = t.into_iter().map(|t| (t.kind, t.key, t.n)).collect();
                t.sort();
                t
            };
            assert_eq!(plain(ta), plain(tb));
        }
        // Each count keeps the sum of its responses' record keys (mod 2^32),
        // one by one and in bulk alike: the cell key of the cell key method.
        for survey in [&one, &bulk] {
            let (_, totals) = store.survey_counts(survey, Some("buurt")).await.unwrap();
            let sums = sqlx::query(
                "SELECT COALESCE(buurt_code, '') AS b, CAST(SUM(record_key) AS BIGINT) AS s, COUNT(*) AS n
                 FROM survey_responses WHERE survey_id = $1 GROUP BY COALESCE(buurt_code, '')",
            )
            .bind(survey)
            .fetch_all(store.reader())
            .await
            .unwrap();
            use sqlx::Row;
            for r in &sums {
                let (b, sum): (String, i64) = (r.get("b"), r.get("s"));
                let t = totals.iter().find(|t| t.kind == "buurt" && t.key == b).unwrap();
                assert_eq!(t.key_sum, sum.rem_euclid(1 << 32), "{:?}: buurt {b:?}", store.engine());
                assert!(sum > 0, "record keys are random, not zero");
            }
        }
        // Batches add up across transactions.
        store.add_responses_in_bulk(&bulk, &responses[300..], "paper", &mut |_, _| {}).await.unwrap();
        let (_, totals) = store.survey_counts(&bulk, None).await.unwrap();
        assert_eq!(totals.iter().find(|t| t.kind == "all").unwrap().n, 2500);
        let rows = store.export_responses(&bulk);
        use futures_util::StreamExt;
        assert_eq!(rows.count().await, 2500, "every response exports");
    }
}

#[tokio::test]
async fn search_finds_word_starts_without_accents_and_inside_words_as_a_fallback() {
    use wijkwerk_domain::socialmap::{ServiceInput, check_service};
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let org =
            store.add_organisation("Buurthuis De Linde", "partner", "WK960101", "", None).await.unwrap();
        let reviewer = store.create_account(account("r@example.nl", "Rita")).await.unwrap();
        for (name, description) in
            [("Budgetcafé", "Hulp bij geldzaken"), ("Taalles", "Nederlands leren"), ("Café 100%", "Koffie")]
        {
            let input = ServiceInput {
                name: name.into(),
                description: description.into(),
                kind: "informal".into(),
                domains: vec!["werk".into()],
                areas: vec!["WK960101".into()],
                ..Default::default()
            };
            let checked = check_service(&input, &["werk"], &["WK960101"]).unwrap();
            store.save_service(None, &org.id, &checked, Some(&reviewer.id)).await.unwrap();
        }
        let names = |text: &str| {
            let store = store.clone();
            let q = wijkwerk_store::socialmap::ServiceQuery {
                text: text.into(),
                page: 1,
                per_page: 10,
                ..Default::default()
            };
            async move {
                store.search_services(&q).await.unwrap().0.into_iter().map(|s| s.name).collect::<Vec<_>>()
            }
        };
        assert_eq!(names("budgetcafe").await, ["Budgetcafé"], "accents do not matter");
        assert_eq!(names("GELD").await, ["Budgetcafé"], "word starts, any case");
        assert_eq!(names("taal nederl").await, ["Taalles"], "every word must match");
        assert_eq!(names("cafe").await, ["Café 100%"], "a word start wins over inside words");
        assert_eq!(names("etcaf").await, ["Budgetcafé"], "inside words when no word starts so");
        assert_eq!(names("100%").await, ["Café 100%"], "percent signs are text, not wildcards");
        assert!(names("fiets").await.is_empty());
        // Place and domain through the same index: areas it lies in, and inside it.
        let filtered = |place: &str, domain: &str| {
            let store = store.clone();
            let q = wijkwerk_store::socialmap::ServiceQuery {
                place: Some(place.into()),
                domain: Some(domain.into()),
                approved_only: true,
                page: 1,
                per_page: 10,
                ..Default::default()
            };
            async move { store.search_services(&q).await.unwrap().1 }
        };
        assert_eq!(filtered("BU96010101", "werk").await, 3, "a buurt of the wijk the entries serve");
        assert_eq!(filtered("GM9601", "werk").await, 3, "the gemeente the wijk lies in");
        assert_eq!(filtered("GM9601", "leren").await, 0);
        assert_eq!(filtered("BU99999999", "werk").await, 0);
        // The word index can be made again from the stored texts.
        store.rebuild_search_words().await.unwrap();
        assert_eq!(names("linde").await.len(), 3, "the organisation's name counts too");
    }
}
