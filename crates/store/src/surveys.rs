//! Surveys: definitions, single-use codes, anonymous responses and the counts
//! results are read from.

use crate::rows::insert_rows;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, secrets, text};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;
use wijkwerk_domain::survey::{Answer, CheckedResponse, SurveyDef, count_keys};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

#[derive(Clone, Debug, Serialize)]
pub struct Survey {
    pub id: String,
    pub def: SurveyDef,
    pub status: String,
    pub created_by: Option<String>,
    pub created_at: String,
}

/// One cell of the results: how many people gave this answer in this group.
#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    pub question: String,
    pub option: String,
    pub value: i64,
    pub group_kind: String,
    pub group_key: String,
    pub n: u64,
    /// Sum of the record keys of the responses counted (see migration 0014).
    pub key_sum: i64,
}

/// How many responded in all (`kind` "all"), or in one buurt or type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupTotal {
    pub kind: String,
    pub key: String,
    pub n: u64,
    pub key_sum: i64,
}

/// A response's random record key, in [0, 2^32).
fn record_key() -> i64 {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    i64::from(u32::from_le_bytes(bytes))
}

/// A response with all its answers, for export.
#[derive(Clone, Debug, Default)]
pub struct ExportRow {
    pub id: String,
    pub created_at: String,
    pub channel: String,
    pub buurt: Option<String>,
    pub respondent_type: Option<String>,
    /// `(question, option, value, text)`
    pub answers: Vec<(String, Option<String>, Option<i64>, Option<String>)>,
}

fn survey_from_row(r: &AnyRow) -> Result<Survey> {
    let def: SurveyDef = serde_json::from_str(&text(r, "definition")?)
        .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.to_string().into())))?;
    Ok(Survey {
        id: text(r, "id")?,
        def,
        status: text(r, "status")?,
        created_by: opt_text(r, "created_by")?,
        created_at: text(r, "created_at")?,
    })
}

impl Store {
    pub async fn create_survey(&self, def: &SurveyDef, created_by: Option<&str>) -> Result<String> {
        let id = new_id();
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO surveys (id, definition, status, created_by, created_at, updated_at) VALUES ($1, $2, 'draft', $3, $4, $4)")
            .bind(&id)
            .bind(serde_json::to_string(def).expect("serialisable"))
            .bind(created_by)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        for p in &def.places {
            sqlx::query("INSERT INTO survey_places (survey_id, place_code) VALUES ($1, $2)")
                .bind(&id)
                .bind(p)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// How many responses a survey has (for its leads; never published as is).
    pub async fn survey_response_count(&self, id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(id)
            .fetch_one(&self.read)
            .await?;
        Ok(n as u64)
    }

    /// Replaces the definition of a survey that has no responses yet.
    pub async fn update_survey(&self, id: &str, def: &SurveyDef) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let answered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if answered > 0 {
            return Err(StoreError::Conflict("survey-has-responses"));
        }
        let done = sqlx::query("UPDATE surveys SET definition = $1, updated_at = $2 WHERE id = $3")
            .bind(serde_json::to_string(def).expect("serialisable"))
            .bind(Timestamp::now().to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM survey_places WHERE survey_id = $1").bind(id).execute(&mut *tx).await?;
        for p in &def.places {
            sqlx::query("INSERT INTO survey_places (survey_id, place_code) VALUES ($1, $2)")
                .bind(id)
                .bind(p)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn survey(&self, id: &str) -> Result<Option<Survey>> {
        let row =
            sqlx::query("SELECT id, definition, status, created_by, created_at FROM surveys WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        row.as_ref().map(survey_from_row).transpose()
    }

    /// Surveys for any of these places (or places inside them), newest first.
    pub async fn surveys_in(&self, places: &[String]) -> Result<Vec<Survey>> {
        let mut out: Vec<Survey> = Vec::new();
        for place in places {
            let rows = sqlx::query(
                "SELECT DISTINCT s.id, s.definition, s.status, s.created_by, s.created_at
                 FROM surveys s JOIN survey_places sp ON sp.survey_id = s.id
                 JOIN place_tree t ON t.descendant = sp.place_code
                 WHERE t.ancestor = $1 ORDER BY s.created_at DESC",
            )
            .bind(place)
            .fetch_all(&self.read)
            .await?;
            for r in &rows {
                let s = survey_from_row(r)?;
                if !out.iter().any(|o| o.id == s.id) {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }

    /// Moves a survey along draft → open ⇄ closed. A survey never goes back
    /// to draft: its questions are fixed once anyone could answer.
    pub async fn set_survey_status(&self, id: &str, status: &str) -> Result<()> {
        let from: &[&str] = match status {
            "open" => &["draft", "open", "closed"],
            "closed" => &["open", "closed"],
            "draft" => &["draft"],
            _ => return Err(Invalid::single("status", "status-unknown").into()),
        };
        let mut tx = self.begin_write().await?;
        let current: Option<String> = sqlx::query_scalar("SELECT status FROM surveys WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let current = current.ok_or(StoreError::NotFound)?;
        if !from.contains(&current.as_str()) {
            return Err(Invalid::single("status", "status-step").into());
        }
        sqlx::query("UPDATE surveys SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(Timestamp::now().to_rfc3339())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes `n` single-use codes for a buurt; returns them (they are stored hashed).
    pub async fn create_survey_tokens(
        &self,
        survey_id: &str,
        buurt: Option<&str>,
        n: usize,
    ) -> Result<Vec<String>> {
        let mut tokens = Vec::with_capacity(n);
        for _ in 0..n {
            // Ten characters people can type from a letter: no 0/O, 1/I.
            let raw = secrets::new_token();
            let code: String = raw
                .as_bytes()
                .chunks(2)
                .take(10)
                .map(|p| {
                    const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
                    let v = u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16).unwrap_or(0);
                    A[usize::from(v) % A.len()] as char
                })
                .collect();
            sqlx::query("INSERT INTO survey_tokens (token_hash, survey_id, buurt_code) VALUES ($1, $2, $3)")
                .bind(secrets::token_hash(&code))
                .bind(survey_id)
                .bind(buurt)
                .execute(&self.write)
                .await?;
            tokens.push(code);
        }
        Ok(tokens)
    }

    /// The short link code of a survey's poster for one buurt, made the first
    /// time it is asked for and the same ever after.
    pub async fn survey_link(&self, survey_id: &str, buurt: &str) -> Result<String> {
        let existing = || {
            sqlx::query_scalar::<_, String>(
                "SELECT code FROM survey_links WHERE survey_id = $1 AND buurt_code = $2",
            )
            .bind(survey_id)
            .bind(buurt)
        };
        if let Some(code) = existing().fetch_optional(&self.read).await? {
            return Ok(code);
        }
        // Two posters opened at once, or (rarely) a code already taken: the
        // insert does nothing and the loop reads or tries again.
        for _ in 0..8 {
            let code = short_code(&secrets::new_token());
            let mut tx = self.begin_write().await?;
            sqlx::query(
                "INSERT INTO survey_links (code, survey_id, buurt_code, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(&code)
            .bind(survey_id)
            .bind(buurt)
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
            let stored = existing().fetch_optional(&mut *tx).await?;
            tx.commit().await?;
            if let Some(code) = stored {
                return Ok(code);
            }
        }
        Err(StoreError::Conflict("no free short link code"))
    }

    /// The survey and buurt a short link code stands for (any case, spaces ignored).
    pub async fn survey_link_target(&self, code: &str) -> Result<Option<(String, String)>> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let row = sqlx::query("SELECT survey_id, buurt_code FROM survey_links WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok((text(&r, "survey_id")?, text(&r, "buurt_code")?))).transpose()
    }

    /// The buurt a code was made for, if the code exists and is unused.
    pub async fn survey_token(&self, survey_id: &str, code: &str) -> Result<Option<Option<String>>> {
        let row = sqlx::query(
            "SELECT buurt_code FROM survey_tokens WHERE token_hash = $1 AND survey_id = $2 AND used_at IS NULL",
        )
        .bind(secrets::token_hash(code.trim().to_uppercase().as_str()))
        .bind(survey_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| opt_text(&r, "buurt_code")).transpose()
    }

    /// Stores a checked response with its counts, in one transaction. With a
    /// code, the code is used up in the same transaction: a second use fails
    /// and stores nothing.
    pub async fn submit_response(
        &self,
        survey_id: &str,
        response: &CheckedResponse,
        channel: &str,
        entered_by: Option<&str>,
        token: Option<&str>,
    ) -> Result<String> {
        let id = new_id();
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        if let Some(code) = token {
            let used = sqlx::query(
                "UPDATE survey_tokens SET used_at = $1 WHERE token_hash = $2 AND survey_id = $3 AND used_at IS NULL",
            )
            .bind(&now)
            .bind(secrets::token_hash(code.trim().to_uppercase().as_str()))
            .bind(survey_id)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() != 1 {
                return Err(Invalid::single("code", "code-used-or-unknown").into());
            }
        }
        let key = record_key();
        sqlx::query(
            "INSERT INTO survey_responses (id, survey_id, buurt_code, respondent_type, channel, entered_by, created_at, record_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(survey_id)
        .bind(&response.buurt)
        .bind(&response.respondent_type)
        .bind(channel)
        .bind(entered_by)
        .bind(&now)
        .bind(key)
        .execute(&mut *tx)
        .await?;
        for a in &response.answers {
            sqlx::query("INSERT INTO survey_answers (response_id, question, option_code, value, text_value) VALUES ($1, $2, $3, $4, $5)")
                .bind(&id)
                .bind(&a.question)
                .bind(&a.option)
                .bind(a.value)
                .bind(&a.text)
                .execute(&mut *tx)
                .await?;
        }
        let groups = [
            ("all", String::new()),
            ("buurt", response.buurt.clone().unwrap_or_default()),
            ("type", response.respondent_type.clone().unwrap_or_default()),
        ];
        for (kind, group) in &groups {
            sqlx::query(
                "INSERT INTO survey_group_totals (survey_id, group_kind, group_key, n, key_sum) VALUES ($1, $2, $3, 1, $4)
                 ON CONFLICT (survey_id, group_kind, group_key) DO UPDATE SET n = survey_group_totals.n + 1,
                     key_sum = (survey_group_totals.key_sum + excluded.key_sum) % 4294967296",
            )
            .bind(survey_id)
            .bind(*kind)
            .bind(group)
            .bind(key)
            .execute(&mut *tx)
            .await?;
            for (question, option, value) in count_keys(response) {
                sqlx::query(
                    "INSERT INTO survey_counts (survey_id, question, option_code, value, group_kind, group_key, n, key_sum)
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
                     ON CONFLICT (survey_id, question, option_code, value, group_kind, group_key)
                     DO UPDATE SET n = survey_counts.n + 1,
                         key_sum = (survey_counts.key_sum + excluded.key_sum) % 4294967296",
                )
                .bind(survey_id)
                .bind(&question)
                .bind(&option)
                .bind(value)
                .bind(*kind)
                .bind(group)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Counts for the whole survey and, if `by` is `buurt` or `type`, per group.
    pub async fn survey_counts(
        &self,
        survey_id: &str,
        by: Option<&str>,
    ) -> Result<(Vec<CountRow>, Vec<GroupTotal>)> {
        let by = by.unwrap_or("all");
        let rows = sqlx::query(
            "SELECT question, option_code, value, group_kind, group_key, n, key_sum FROM survey_counts
             WHERE survey_id = $1 AND group_kind IN ('all', $2)",
        )
        .bind(survey_id)
        .bind(by)
        .fetch_all(&self.read)
        .await?;
        let counts = rows
            .iter()
            .map(|r| {
                Ok(CountRow {
                    question: text(r, "question")?,
                    option: text(r, "option_code")?,
                    value: int(r, "value")?,
                    group_kind: text(r, "group_kind")?,
                    group_key: text(r, "group_key")?,
                    n: int(r, "n")? as u64,
                    key_sum: int(r, "key_sum")?,
                })
            })
            .collect::<Result<_>>()?;
        let totals = sqlx::query(
            "SELECT group_kind, group_key, n, key_sum FROM survey_group_totals
             WHERE survey_id = $1 AND group_kind IN ('all', $2)",
        )
        .bind(survey_id)
        .bind(by)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(GroupTotal {
                kind: text(r, "group_kind")?,
                key: text(r, "group_key")?,
                n: int(r, "n")? as u64,
                key_sum: int(r, "key_sum")?,
            })
        })
        .collect::<Result<_>>()?;
        Ok((counts, totals))
    }

    /// Open answers to one question, newest first (for those allowed to read them).
    pub async fn survey_texts(
        &self,
        survey_id: &str,
        question: &str,
        limit: i64,
    ) -> Result<Vec<(Option<String>, String)>> {
        let rows = sqlx::query(
            "SELECT r.buurt_code, a.text_value FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
             WHERE r.survey_id = $1 AND a.question = $2 AND a.text_value IS NOT NULL
             ORDER BY r.created_at DESC, r.id DESC LIMIT $3",
        )
        .bind(survey_id)
        .bind(question)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((opt_text(r, "buurt_code")?, text(r, "text_value")?))).collect()
    }

    /// Every response with its answers, in order, one at a time: memory stays
    /// flat however many responses there are.
    pub fn export_responses<'a>(&'a self, survey_id: &'a str) -> impl Stream<Item = Result<ExportRow>> + 'a {
        let rows = sqlx::query(
            "SELECT r.id, r.created_at, r.channel, r.buurt_code, r.respondent_type,
                    a.question, a.option_code, a.value, a.text_value
             FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id
             WHERE r.survey_id = $1 ORDER BY r.id",
        )
        .bind(survey_id)
        .fetch(&self.read);
        // Group the answer rows of one response into one export row.
        futures_util::stream::unfold(
            (rows, None::<ExportRow>, false),
            |(mut rows, mut current, done)| async move {
                if done {
                    return None;
                }
                loop {
                    match rows.next().await {
                        Some(Ok(r)) => {
                            let id: String = match r.try_get("id") {
                                Ok(id) => id,
                                Err(e) => return Some((Err(e.into()), (rows, None, true))),
                            };
                            let finished = match &current {
                                Some(c) if c.id != id => current.take(),
                                _ => None,
                            };
                            let row = current.get_or_insert_with(|| ExportRow {
                                id: id.clone(),
                                created_at: r.try_get("created_at").unwrap_or_default(),
                                channel: r.try_get("channel").unwrap_or_default(),
                                buurt: r.try_get("buurt_code").unwrap_or_default(),
                                respondent_type: r.try_get("respondent_type").unwrap_or_default(),
                                answers: Vec::new(),
                            });
                            if let Ok(Some(q)) = r.try_get::<Option<String>, _>("question") {
                                row.answers.push((
                                    q,
                                    r.try_get("option_code").unwrap_or_default(),
                                    r.try_get("value").unwrap_or_default(),
                                    r.try_get("text_value").unwrap_or_default(),
                                ));
                            }
                            if let Some(f) = finished {
                                return Some((Ok(f), (rows, current, false)));
                            }
                        }
                        Some(Err(e)) => return Some((Err(e.into()), (rows, None, true))),
                        None => return current.take().map(|c| (Ok(c), (rows, None, true))),
                    }
                }
            },
        )
    }

    /// How many responses a survey has, per buurt (for export suppression).
    /// Responses per buurt × respondent type pair (an empty text where a
    /// response has none), for deciding what an export row may show.
    pub async fn survey_pair_sizes(&self, survey_id: &str) -> Result<Vec<((String, String), u64)>> {
        let rows = sqlx::query(
            "SELECT COALESCE(buurt_code, '') AS buurt, COALESCE(respondent_type, '') AS kind, COUNT(*) AS n
             FROM survey_responses WHERE survey_id = $1 GROUP BY buurt_code, respondent_type",
        )
        .bind(survey_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok(((text(r, "buurt")?, text(r, "kind")?), int(r, "n")? as u64))).collect()
    }

    pub async fn survey_group_sizes(&self, survey_id: &str, kind: &str) -> Result<Vec<(String, u64)>> {
        let rows = sqlx::query(
            "SELECT group_key, n FROM survey_group_totals WHERE survey_id = $1 AND group_kind = $2 ORDER BY group_key",
        )
        .bind(survey_id)
        .bind(kind)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "group_key")?, int(r, "n")? as u64))).collect()
    }
}

impl Store {
    /// Stores many checked responses at once (paper batches, or the
    /// benchmark's million), with multi-row inserts and counts added per
    /// batch, one transaction per batch. `progress` hears `(done, total)`.
    pub async fn add_responses_in_bulk(
        &self,
        survey_id: &str,
        responses: &[CheckedResponse],
        channel: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        const BATCH: usize = 2000;
        let per_statement = self.rows_per_statement();
        let now = Timestamp::now().to_rfc3339();
        let mut done = 0;
        for batch in responses.chunks(BATCH) {
            let ids: Vec<String> = batch.iter().map(|_| new_id()).collect();
            let keys: Vec<i64> = batch.iter().map(|_| record_key()).collect();
            let mut tx = self.begin_write().await?;
            let rows: Vec<((&CheckedResponse, &String), &i64)> = batch.iter().zip(&ids).zip(&keys).collect();
            insert_rows(
                &mut tx,
                per_statement,
                ("INSERT INTO survey_responses (id, survey_id, buurt_code, respondent_type, channel, entered_by, created_at, record_key) VALUES", 8, ""),
                &rows,
                |q, ((r, id), key)| {
                    q.bind(*id)
                        .bind(survey_id)
                        .bind(&r.buurt)
                        .bind(&r.respondent_type)
                        .bind(channel)
                        .bind(None::<String>)
                        .bind(&now)
                        .bind(**key)
                },
            )
            .await?;
            let answers: Vec<(&String, &Answer)> =
                batch.iter().zip(&ids).flat_map(|(r, id)| r.answers.iter().map(move |a| (id, a))).collect();
            insert_rows(
                &mut tx,
                per_statement,
                ("INSERT INTO survey_answers (response_id, question, option_code, value, text_value) VALUES", 5, ""),
                &answers,
                |q, (id, a)| q.bind(*id).bind(&a.question).bind(&a.option).bind(a.value).bind(&a.text),
            )
            .await?;
            // Counts as multi-row upserts: a handful of statements per batch.
            let (totals, counts) = bulk_counts(batch, &keys);
            insert_rows(
                &mut tx,
                per_statement,
                ("INSERT INTO survey_group_totals (survey_id, group_kind, group_key, n, key_sum) VALUES", 5, "ON CONFLICT (survey_id, group_kind, group_key) DO UPDATE SET n = survey_group_totals.n + excluded.n, key_sum = (survey_group_totals.key_sum + excluded.key_sum) % 4294967296"),
                &totals,
                |q, ((kind, key), (n, keys))| q.bind(survey_id).bind(*kind).bind(key).bind(*n).bind(*keys),
            )
            .await?;
            insert_rows(
                &mut tx,
                per_statement,
                ("INSERT INTO survey_counts (survey_id, question, option_code, value, group_kind, group_key, n, key_sum) VALUES", 8, "ON CONFLICT (survey_id, question, option_code, value, group_kind, group_key)
                 DO UPDATE SET n = survey_counts.n + excluded.n, key_sum = (survey_counts.key_sum + excluded.key_sum) % 4294967296"),
                &counts,
                |q, ((question, option, value, kind, key), (n, keys))| {
                    q.bind(survey_id)
                        .bind(question)
                        .bind(option)
                        .bind(*value)
                        .bind(*kind)
                        .bind(key)
                        .bind(*n)
                        .bind(*keys)
                },
            )
            .await?;
            tx.commit().await?;
            done += batch.len();
            progress(done, responses.len());
        }
        Ok(())
    }
}

/// Six characters from a random token, from an alphabet without look-alikes
/// (no 0/O, 1/I/L, 5/S): about 594 million codes.
pub(crate) fn short_code(random_hex: &str) -> String {
    random_hex
        .as_bytes()
        .chunks(2)
        .take(6)
        .map(|p| {
            let v = u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16).unwrap_or(0);
            wijkwerk_domain::coin::CODE_ALPHABET[usize::from(v) % wijkwerk_domain::coin::CODE_ALPHABET.len()]
                as char
        })
        .collect()
}

/// Group totals and answer counts of a batch of responses, summed per cell:
/// (how many, sum of their record keys mod 2^32).
type GroupTotals = Vec<((&'static str, String), (i64, i64))>;
type AnswerCounts = Vec<((String, String, i64, &'static str, String), (i64, i64))>;

fn bulk_counts(batch: &[CheckedResponse], keys: &[i64]) -> (GroupTotals, AnswerCounts) {
    let mut counts: BTreeMap<(String, String, i64, &'static str, String), (i64, i64)> = BTreeMap::new();
    let mut totals: BTreeMap<(&'static str, String), (i64, i64)> = BTreeMap::new();
    let add = |cell: &mut (i64, i64), key: i64| {
        cell.0 += 1;
        cell.1 = (cell.1 + key) % wijkwerk_domain::privacy::KEY_SPACE;
    };
    for (r, key) in batch.iter().zip(keys) {
        let groups = [
            ("all", String::new()),
            ("buurt", r.buurt.clone().unwrap_or_default()),
            ("type", r.respondent_type.clone().unwrap_or_default()),
        ];
        let cells = count_keys(r);
        for (kind, group) in groups {
            add(totals.entry((kind, group.clone())).or_default(), *key);
            for (question, option, value) in &cells {
                add(
                    counts
                        .entry((question.clone(), option.clone(), *value, kind, group.clone()))
                        .or_default(),
                    *key,
                );
            }
        }
    }
    (totals.into_iter().collect(), counts.into_iter().collect())
}
