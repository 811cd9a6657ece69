//! Statement shapes many modules share: multi-row `INSERT … VALUES (…),
//! (…), …` in chunks the engine handles well, records read from rows
//! (`FromRow`, `all_where`, `one_where`), and joining or leaving a group
//! (`set_member`).

use crate::{Engine, Result, Store};

pub(crate) type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// `($1, $2), ($3, $4)`: placeholders for `rows` rows of `width` values,
/// numbered after `first`.
pub(crate) fn value_rows(rows: usize, width: usize, first: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=width).map(|c| format!("${}", first + r * width + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Rows per multi-row statement. sqlx looks each SQLite parameter up by
    /// name, which grows with the square of the parameters in a statement:
    /// small statements there; PostgreSQL binds by position.
    pub(crate) fn rows_per_statement(&self) -> usize {
        match self.engine {
            Engine::Sqlite => 25,
            Engine::Postgres => 500,
        }
    }
}

/// Inserts `rows`, `per_statement` to a statement: `head` is `INSERT INTO t
/// (a, b) VALUES`, `tail` what follows the values (an `ON CONFLICT` clause,
/// or nothing), `bind` adds one row's `width` values.
pub(crate) async fn insert_rows<'a, T>(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    per_statement: usize,
    (head, width, tail): (&str, usize, &str),
    rows: &'a [T],
    bind: impl Fn(Query<'a>, &'a T) -> Query<'a>,
) -> Result<()> {
    for chunk in rows.chunks(per_statement) {
        let sql = format!("{head} {} {tail}", value_rows(chunk.len(), width, 0));
        let mut q: Query<'a> = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A record read from a row by column name.
pub(crate) trait FromRow: Sized {
    fn from_row(row: &crate::AnyRow) -> Result<Self>;
}

/// `from_row! { Record { field: getter, other: getter("column") } }` reads
/// each field with the getter (`text`, `opt_text`, `int`, or any function of
/// that shape) from the column of its own name, or of the name given.
macro_rules! from_row {
    ($ty:ident { $($field:ident: $get:ident $(($col:literal))?),* $(,)? }) => {
        impl $crate::rows::FromRow for $ty {
            fn from_row(row: &$crate::AnyRow) -> $crate::Result<Self> {
                Ok($ty { $($field: $get(row, $crate::rows::from_row!(@col $field $($col)?))?),* })
            }
        }
    };
    (@col $field:ident) => { stringify!($field) };
    (@col $field:ident $col:literal) => { $col };
}
pub(crate) use from_row;

/// A person's place in a group (supporters of an initiative, editors of a
/// wijkkrant): `table` has the columns `group_column`, `person_id` and
/// `since_column`, with those first two as its key.
pub(crate) struct Membership {
    pub table: &'static str,
    pub group_column: &'static str,
    pub since_column: &'static str,
}

impl Store {
    /// Puts the person in the group or takes them out; doing either twice
    /// changes nothing (the insert skips an existing row, the delete finds
    /// none), so a double click or a retried request is harmless.
    pub(crate) async fn set_member(
        &self,
        m: &Membership,
        group: &str,
        person_id: &str,
        on: bool,
    ) -> Result<()> {
        let Membership { table, group_column, since_column } = m;
        let sql = if on {
            format!(
                "INSERT INTO {table} ({group_column}, person_id, {since_column}) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
            )
        } else {
            format!("DELETE FROM {table} WHERE {group_column} = $1 AND person_id = $2")
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(group).bind(person_id);
        if on {
            q = q.bind(wijkwerk_domain::Timestamp::now().to_rfc3339());
        }
        q.execute(&self.write).await?;
        Ok(())
    }
}

impl Store {
    /// Every row of the query as a record.
    pub(crate) async fn read_all<'q, T: FromRow>(&self, query: Query<'q>) -> Result<Vec<T>> {
        query.fetch_all(&self.read).await?.iter().map(T::from_row).collect()
    }

    /// The one record a query finds (by id), if any.
    pub(crate) async fn read_one<'q, T: FromRow>(&self, query: Query<'q>) -> Result<Option<T>> {
        query.fetch_optional(&self.read).await?.as_ref().map(T::from_row).transpose()
    }

    /// Every record `sql` finds for the one key it takes (`$1`): the shape
    /// of most lists (a place's, a person's, a post's).
    pub(crate) async fn all_where<T: FromRow>(&self, sql: String, key: &str) -> Result<Vec<T>> {
        self.read_all(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key)).await
    }

    /// The one record `sql` finds for its key (`$1`, mostly an id), if any.
    pub(crate) async fn one_where<T: FromRow>(&self, sql: String, key: &str) -> Result<Option<T>> {
        self.read_one(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key)).await
    }
}
