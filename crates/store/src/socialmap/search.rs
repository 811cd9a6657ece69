//! Search of the sociale kaart: the word index of each service (see
//! migration 0007), kept in step with every write, and the queries over it.

use super::*;
use crate::rows::insert_rows;

/// What to look for; empty fields do not filter.
#[derive(Clone, Debug, Default)]
pub struct ServiceQuery {
    pub text: String,
    pub domain: Option<String>,
    /// Services for this place: for it, for a place above it, or for a place inside it.
    pub place: Option<String>,
    pub organisation: Option<String>,
    /// Who runs it: `public`, `private` or `informal`.
    pub kind: Option<String>,
    pub approved_only: bool,
    pub page: u32,
    pub per_page: u32,
    /// Count at most this many and answer one more when there are more: an
    /// exact count of a large intersection reads all of it, and a person
    /// needs "more than 1,000" no less than the number. `None` counts all.
    pub count_up_to: Option<u32>,
}

/// One condition of an indexed search: the service has one of these index
/// words, or a word in this range.
enum Condition {
    Words(Vec<String>),
    Range(String, String),
}

impl Condition {
    /// The condition on the index rows of `table`, its values added to `binds`.
    fn sql(&self, table: &str, binds: &mut Vec<String>) -> String {
        match self {
            Condition::Words(words) => {
                let marks: Vec<String> = words
                    .iter()
                    .map(|w| {
                        binds.push(w.clone());
                        format!("${}", binds.len())
                    })
                    .collect();
                format!("{table}.word IN ({})", marks.join(", "))
            }
            Condition::Range(from, to) => {
                binds.push(from.clone());
                binds.push(to.clone());
                format!("{table}.word >= ${} AND {table}.word < ${}", binds.len() - 1, binds.len())
            }
        }
    }
}

/// `(service_id, name)` of the services meeting every condition: for each word
/// of the first condition its index range (in name order, the first `limit`
/// when given), each row checked against the other conditions by key.
fn candidates(conditions: &[Condition], limit: Option<i64>, binds: &mut Vec<String>) -> String {
    let others: String = conditions[1..]
        .iter()
        .map(|c| {
            format!(
                " AND EXISTS (SELECT 1 FROM sk_service_words o WHERE o.service_id = w.service_id AND {})",
                c.sql("o", binds)
            )
        })
        .collect();
    let limit = limit.map(|n| format!(" ORDER BY name, service_id LIMIT {n}")).unwrap_or_default();
    match &conditions[0] {
        Condition::Words(words) => {
            let ranges: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    binds.push(word.clone());
                    format!(
                        "SELECT service_id, name FROM (SELECT service_id, name FROM sk_service_words w
                         WHERE w.word = ${} AND w.visible = 1{others}{limit}) r{i}",
                        binds.len()
                    )
                })
                .collect();
            ranges.join(" UNION ALL ")
        }
        // Many words: no index order across them.
        range => {
            let c = range.sql("w", binds);
            format!("SELECT service_id, name FROM sk_service_words w WHERE w.visible = 1 AND {c}{others}")
        }
    }
}

/// A search statement with its values, not kept prepared (see `Store::page_of`).
fn unprepared(sql: String, binds: &[String]) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
    binds.iter().fold(sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false), |q, b| q.bind(b))
}

/// A typed word is looked up as the vocabulary words it starts, up to this many.
const MAX_PREFIX_WORDS: usize = 64;

/// The index word every service has, for the list without a filter.
const EVERYTHING: &str = "~all";

/// Writes the search index of one service (see migration 0007): its folded
/// words, its domains, its areas and every place those lie in, each with the
/// name and whether the public sees it. Replaces what was there.
pub(super) async fn write_words(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM sk_service_words WHERE service_id = $1").bind(id).execute(&mut **tx).await?;
    let row = sqlx::query("SELECT name, search_text, review_status, status FROM sk_services WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let visible = i64::from(text(&row, "review_status")? == "approved" && text(&row, "status")? != "defunct");
    let name = text(&row, "name")?;
    let mut words = wijkwerk_domain::socialmap::search_words(&text(&row, "search_text")?);
    insert_rows(
        tx,
        50,
        ("INSERT INTO sk_search_vocabulary (word) VALUES", 1, "ON CONFLICT (word) DO NOTHING"),
        &words,
        |q, w| q.bind(w),
    )
    .await?;
    let mut domains = Vec::new();
    for r in sqlx::query("SELECT domain FROM sk_service_domains WHERE service_id = $1")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?
    {
        domains.push(text(&r, "domain")?);
    }
    words.push(EVERYTHING.into());
    for d in &domains {
        words.push(format!("~d:{d}"));
    }
    let areas = sqlx::query(
        "SELECT a.place_code, t.ancestor FROM sk_service_areas a JOIN place_tree t ON t.descendant = a.place_code
         WHERE a.service_id = $1",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for r in &areas {
        let (area, ancestor) = (text(r, "place_code")?, text(r, "ancestor")?);
        // Domain and place together as one word (migration 0009): a search
        // for "werk in Oosterpark" reads one small index range instead of
        // checking every "werk" entry for its place.
        for d in &domains {
            words.push(format!("~d:{d}~a:{area}"));
            words.push(format!("~d:{d}~u:{ancestor}"));
        }
        words.push(format!("~a:{area}"));
        words.push(format!("~u:{ancestor}"));
    }
    words.sort();
    words.dedup();
    let name = &name;
    insert_rows(
        tx,
        50,
        ("INSERT INTO sk_service_words (word, service_id, name, visible) VALUES", 4, ""),
        &words,
        |q, w| q.bind(w).bind(id).bind(name).bind(visible),
    )
    .await?;
    Ok(())
}

impl Store {
    /// Makes the search index of every service again (after the index was
    /// added to a database that already had services).
    pub async fn rebuild_search_words(&self) -> Result<()> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM sk_services").fetch_all(&self.read).await?;
        for chunk in ids.chunks(1000) {
            let mut tx = self.begin_write().await?;
            for id in chunk {
                write_words(&mut tx, id).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

impl Store {
    /// Services matching the query, a page of them, and how many match in all.
    pub async fn search_services(&self, q: &ServiceQuery) -> Result<(Vec<ServiceSummary>, i64)> {
        let indexed = q.approved_only && q.organisation.is_none() && q.kind.is_none();
        let found = if indexed {
            self.search_index(q, None).await?
        } else {
            self.search_services_by(q, None).await?
        };
        // No word starts so: one word of four letters or more may sit inside
        // words ("cafe" in "budgetcafé"); the vocabulary says which.
        let word = wijkwerk_domain::socialmap::fold_word(q.text.trim());
        if found.1 > 0 || q.text.split_whitespace().count() != 1 || word.chars().count() < 4 {
            return Ok(found);
        }
        // Folded words hold letters and digits only: nothing to escape.
        let inside: Vec<String> = sqlx::query_scalar(
            "SELECT word FROM sk_search_vocabulary WHERE word LIKE $1 ORDER BY word LIMIT 200",
        )
        .bind(format!("%{word}%"))
        .fetch_all(&self.read)
        .await?;
        if inside.is_empty() {
            return Ok(found);
        }
        if indexed {
            self.search_index(q, Some(&inside)).await
        } else {
            self.search_services_by(q, Some(&inside)).await
        }
    }

    /// The public search through the word index alone. Each condition is a
    /// set of index words (a typed word becomes the words it starts, from the
    /// vocabulary). One condition is read page-first: each of its words' index
    /// ranges is already in name order, so a page takes the first rows of
    /// each and the count reads the ranges without sorting. Several
    /// conditions intersect: the smallest gives candidates, the others are
    /// checked per candidate by key, and the hits are sorted.
    async fn search_index(
        &self,
        q: &ServiceQuery,
        inside: Option<&[String]>,
    ) -> Result<(Vec<ServiceSummary>, i64)> {
        let mut conditions: Vec<Condition> = Vec::new();
        match inside {
            Some(words) => conditions.push(Condition::Words(words.to_vec())),
            None => {
                let words = q
                    .text
                    .split_whitespace()
                    .map(wijkwerk_domain::socialmap::fold_word)
                    .filter(|w| !w.is_empty());
                for word in words.take(5) {
                    let end = wijkwerk_domain::socialmap::prefix_end(&word);
                    let started: Vec<String> = sqlx::query_scalar(
                        "SELECT word FROM sk_search_vocabulary WHERE word >= $1 AND word < $2 ORDER BY word LIMIT $3",
                    )
                    .bind(&word)
                    .bind(&end)
                    .bind(MAX_PREFIX_WORDS as i64 + 1)
                    .fetch_all(&self.read)
                    .await?;
                    if started.is_empty() {
                        return Ok((Vec::new(), 0));
                    }
                    // A short prefix ("ta") starts too many words to list.
                    conditions.push(if started.len() > MAX_PREFIX_WORDS {
                        Condition::Range(word, end)
                    } else {
                        Condition::Words(started)
                    });
                }
            }
        }
        let domain = q.domain.as_ref().filter(|d| !d.is_empty());
        match q.place.as_ref().filter(|p| !p.is_empty()) {
            Some(place) => {
                // For the place: areas inside it, and areas it lies in; with a
                // domain, the words that hold both.
                let prefix = domain.map(|d| format!("~d:{d}")).unwrap_or_default();
                let mut alternatives = vec![format!("{prefix}~u:{place}")];
                let path = self.place_path(place).await?;
                alternatives.extend(path.iter().map(|p| format!("{prefix}~a:{}", p.code)));
                conditions.push(Condition::Words(alternatives));
            }
            None => {
                if let Some(d) = domain {
                    conditions.push(Condition::Words(vec![format!("~d:{d}")]));
                }
            }
        }
        if conditions.is_empty() {
            conditions.push(Condition::Words(vec![EVERYTHING.into()]));
        }
        let per_page = i64::from(q.per_page.clamp(1, 200));
        let offset = i64::from(q.page.max(1) - 1) * per_page;
        let (ids, total) = self.page_of(conditions, offset, per_page, q.count_up_to).await?;
        Ok((self.summaries_in_order(&ids).await?, total))
    }

    /// Services meeting every condition, a page in name order and the count.
    /// The smallest condition gives the candidates: each of its words' index
    /// ranges is already in name order, so a page reads the first candidates
    /// of each word that meet the other conditions (checked per candidate by
    /// key) and the count needs no sorting.
    ///
    /// These statements are not kept prepared: how many rows a word has
    /// differs by thousands between words, and PostgreSQL would soon plan a
    /// kept statement once for any word (a plan that is right for none).
    async fn page_of(
        &self,
        mut conditions: Vec<Condition>,
        offset: i64,
        per_page: i64,
        count_up_to: Option<u32>,
    ) -> Result<(Vec<String>, i64)> {
        if conditions.len() > 1 {
            let mut sizes = Vec::with_capacity(conditions.len());
            for c in &conditions {
                sizes.push(self.size_of(c).await?);
            }
            let mut sized: Vec<(i64, Condition)> = sizes.into_iter().zip(conditions).collect();
            // On a tie a list of words goes first: its ranges are in name order.
            sized.sort_by_key(|(size, c)| (*size, matches!(c, Condition::Range(..))));
            conditions = sized.into_iter().map(|(_, c)| c).collect();
        }
        let wanted = offset + per_page;
        let mut binds: Vec<String> = Vec::new();
        let sql = format!(
            "SELECT DISTINCT service_id, name FROM ({}) u ORDER BY name, service_id LIMIT {per_page} OFFSET {offset}",
            candidates(&conditions, Some(wanted), &mut binds)
        );
        let ids: Vec<String> = unprepared(sql, &binds)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| text(r, "service_id"))
            .collect::<Result<_>>()?;
        if offset == 0 && (ids.len() as i64) < per_page {
            let total = ids.len() as i64;
            return Ok((ids, total));
        }
        let mut binds: Vec<String> = Vec::new();
        let up_to = count_up_to.map(|n| i64::from(n) + 1);
        let sql = match &conditions[..] {
            // A service has each word once, so one word alone counts its
            // range as it is.
            [Condition::Words(word)] if word.len() == 1 => format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM sk_service_words w WHERE w.visible = 1 AND {}{}) u",
                conditions[0].sql("w", &mut binds),
                up_to.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
            ),
            // The first n of every word in name order hold the first n
            // services: counting those reads at most n rows per word.
            [Condition::Words(_), ..] => format!(
                "SELECT COUNT(DISTINCT service_id) AS n FROM ({}) u",
                candidates(&conditions, up_to, &mut binds)
            ),
            _ => format!(
                "SELECT COUNT(DISTINCT service_id) AS n FROM ({}) u",
                candidates(&conditions, None, &mut binds)
            ),
        };
        let total = int(&unprepared(sql, &binds).fetch_one(&self.read).await?, "n")?;
        let total = count_up_to.map_or(total, |n| total.min(i64::from(n) + 1));
        Ok((ids, total))
    }

    /// How many index rows a condition has, counted up to a point: enough to
    /// tell which condition is smallest.
    async fn size_of(&self, condition: &Condition) -> Result<i64> {
        let mut binds = Vec::new();
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM sk_service_words w WHERE w.visible = 1 AND {} LIMIT 5000) c",
            condition.sql("w", &mut binds)
        );
        int(&unprepared(sql, &binds).fetch_one(&self.read).await?, "n")
    }

    /// The summaries of these services, in this order.
    async fn summaries_in_order(&self, ids: &[String]) -> Result<Vec<ServiceSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM sk_services s JOIN organisations o ON o.id = s.organisation_id WHERE s.id IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(id);
        }
        let mut found: Vec<ServiceSummary> =
            query.fetch_all(&self.read).await?.iter().map(summary_from_row).collect::<Result<_>>()?;
        found.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
        Ok(found)
    }

    async fn search_services_by(
        &self,
        q: &ServiceQuery,
        inside: Option<&[String]>,
    ) -> Result<(Vec<ServiceSummary>, i64)> {
        let mut conditions: Vec<String> = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        let next = |value: String, binds: &mut Vec<String>| {
            binds.push(value);
            format!("${}", binds.len())
        };
        // Every word must start a word of the entry (at most five count),
        // found through the word index; or be one of the `inside` words.
        match inside {
            Some(words) => {
                let marks: Vec<String> = words.iter().map(|w| next(w.clone(), &mut binds)).collect();
                conditions.push(format!(
                    "s.id IN (SELECT service_id FROM sk_service_words WHERE word IN ({}))",
                    marks.join(", ")
                ));
            }
            None => {
                let words = q
                    .text
                    .split_whitespace()
                    .map(wijkwerk_domain::socialmap::fold_word)
                    .filter(|w| !w.is_empty());
                for word in words.take(5) {
                    let to = next(wijkwerk_domain::socialmap::prefix_end(&word), &mut binds);
                    let from = next(word, &mut binds);
                    conditions.push(format!(
                        "s.id IN (SELECT service_id FROM sk_service_words WHERE word >= {from} AND word < {to})"
                    ));
                }
            }
        }
        if let Some(d) = q.domain.as_ref().filter(|d| !d.is_empty()) {
            let p = next(d.clone(), &mut binds);
            conditions
                .push(format!("s.id IN (SELECT service_id FROM sk_service_domains WHERE domain = {p})"));
        }
        if let Some(place) = q.place.as_ref().filter(|p| !p.is_empty()) {
            let p = next(place.clone(), &mut binds);
            conditions.push(format!(
                "s.id IN (SELECT service_id FROM sk_service_areas WHERE place_code IN (
                    SELECT ancestor FROM place_tree WHERE descendant = {p}
                    UNION SELECT descendant FROM place_tree WHERE ancestor = {p}))"
            ));
        }
        if let Some(org) = &q.organisation {
            let p = next(org.clone(), &mut binds);
            conditions.push(format!("s.organisation_id = {p}"));
        }
        if let Some(kind) = &q.kind {
            let p = next(kind.clone(), &mut binds);
            conditions.push(format!("s.kind = {p}"));
        }
        if q.approved_only {
            conditions.push("s.review_status = 'approved' AND s.status <> 'defunct'".into());
        }
        let filter =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let count_sql = format!("SELECT COUNT(*) AS n FROM sk_services s {filter}");
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        for b in &binds {
            count = count.bind(b);
        }
        let total = int(&count.fetch_one(&self.read).await?, "n")?;
        let per_page = q.per_page.clamp(1, 200);
        let offset = i64::from(q.page.max(1) - 1) * i64::from(per_page);
        let list_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM sk_services s JOIN organisations o ON o.id = s.organisation_id
             {filter} ORDER BY s.name, s.id LIMIT {per_page} OFFSET {offset}"
        );
        let mut list = sqlx::query(sqlx::AssertSqlSafe(list_sql));
        for b in &binds {
            list = list.bind(b);
        }
        let rows = list.fetch_all(&self.read).await?;
        Ok((rows.iter().map(summary_from_row).collect::<Result<_>>()?, total))
    }
}
