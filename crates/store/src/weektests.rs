//! Week-test templates and the tests people take.

use crate::{Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::weektest::{Answer, BUILTIN_TEMPLATES, Outcome, Reason, Template};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

/// A stored week test.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeekTest {
    pub id: String,
    pub person_id: String,
    pub template_code: String,
    pub template_version: u32,
    pub taken_at: String,
    /// In template order.
    pub answers: Vec<Answer>,
    pub extra: BTreeMap<String, String>,
    pub priority: Option<(String, Reason)>,
}

impl Store {
    /// Adds the built-in templates that are not stored yet.
    pub async fn seed_builtin_templates(&self) -> Result<()> {
        for json in BUILTIN_TEMPLATES {
            let template = Template::parse(json).map_err(|e| {
                tracing::error!(reason = %e, "built-in template refused");
                StoreError::Invalid(Invalid::single("definition", "template-invalid"))
            })?;
            self.import_template(&template).await?;
        }
        Ok(())
    }

    /// Stores a parsed template (a new variant, or a new version of one; see
    /// [`Template::parse`]). The same code and version with another definition
    /// is refused: tests already taken must keep meaning what they meant.
    pub async fn import_template(&self, template: &Template) -> Result<()> {
        let canonical = serde_json::to_string(template).expect("templates serialise");
        let existing: Option<String> =
            sqlx::query_scalar("SELECT definition FROM weektest_templates WHERE code = $1 AND version = $2")
                .bind(&template.code)
                .bind(i64::from(template.version))
                .fetch_optional(&self.write)
                .await?;
        match existing {
            Some(stored) if stored == canonical => Ok(()),
            Some(_) => Err(StoreError::Conflict("template-version-exists")),
            None => {
                sqlx::query(
                    "INSERT INTO weektest_templates (code, version, definition, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (code, version) DO NOTHING",
                )
                .bind(&template.code)
                .bind(i64::from(template.version))
                .bind(&canonical)
                .bind(Timestamp::now().to_rfc3339())
                .execute(&self.write)
                .await?;
                Ok(())
            }
        }
    }

    /// The newest version of every template, `basis` first, then by code.
    pub async fn templates(&self) -> Result<Vec<Template>> {
        let rows = sqlx::query(
            "SELECT t.definition FROM weektest_templates t
             WHERE t.version = (SELECT MAX(version) FROM weektest_templates m WHERE m.code = t.code)
             ORDER BY CASE WHEN t.code = 'basis' THEN 0 ELSE 1 END, t.code",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| parse_stored(&text(r, "definition")?)).collect()
    }

    /// A template by code: the given version, or the newest.
    pub async fn template(&self, code: &str, version: Option<u32>) -> Result<Option<Template>> {
        let row = sqlx::query(
            "SELECT definition FROM weektest_templates
             WHERE code = $1 AND ($2 < 0 OR version = $2)
             ORDER BY version DESC LIMIT 1",
        )
        .bind(code)
        .bind(version.map(i64::from).unwrap_or(-1))
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| parse_stored(&text(&r, "definition")?)).transpose()
    }

    /// Stores a checked week with its outcome, in one transaction.
    pub async fn save_weektest(
        &self,
        person_id: &str,
        template: &Template,
        answers: &[Answer],
        extra: &BTreeMap<String, String>,
        outcome: &Outcome,
        taken_at: Option<Timestamp>,
    ) -> Result<WeekTest> {
        let test = WeekTest {
            id: new_id(),
            person_id: person_id.into(),
            template_code: template.code.clone(),
            template_version: template.version,
            taken_at: taken_at.unwrap_or_else(Timestamp::now).to_rfc3339(),
            answers: answers.to_vec(),
            extra: extra
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().into()))
                .collect(),
            priority: outcome.priority.clone(),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO weektests (id, person_id, template_code, template_version, taken_at, priority_domain, priority_reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&test.id)
        .bind(person_id)
        .bind(&test.template_code)
        .bind(i64::from(test.template_version))
        .bind(&test.taken_at)
        .bind(test.priority.as_ref().map(|p| p.0.clone()))
        .bind(test.priority.as_ref().map(|p| reason_name(p.1)))
        .execute(&mut *tx)
        .await?;
        for (position, a) in test.answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO weektest_answers (weektest_id, position, domain, half_hours, wished_half_hours, satisfaction)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&test.id)
            .bind(position as i64)
            .bind(&a.domain)
            .bind(i64::from(a.half_hours))
            .bind(i64::from(a.wished_half_hours))
            .bind(i64::from(a.satisfaction))
            .execute(&mut *tx)
            .await?;
        }
        for (question, answer) in &test.extra {
            sqlx::query(
                "INSERT INTO weektest_extra_answers (weektest_id, question, answer) VALUES ($1, $2, $3)",
            )
            .bind(&test.id)
            .bind(question)
            .bind(answer)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(test)
    }

    pub async fn weektest(&self, id: &str) -> Result<Option<WeekTest>> {
        let Some(row) = sqlx::query(
            "SELECT id, person_id, template_code, template_version, taken_at, priority_domain, priority_reason
             FROM weektests WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let mut tests = self.with_answers(vec![test_from_row(&row)?]).await?;
        Ok(tests.pop())
    }

    /// The development priority of the person's latest week test, with its
    /// template `(code, version, domain)`, in one query: a team page asks it
    /// for every member and needs nothing else of the tests.
    pub async fn latest_priority(&self, person_id: &str) -> Result<Option<(String, i64, String)>> {
        let row: Option<(String, i64, Option<String>)> = sqlx::query_as(
            "SELECT template_code, template_version, priority_domain FROM weektests
             WHERE person_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 1",
        )
        .bind(person_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.and_then(|(code, version, domain)| domain.map(|d| (code, version, d))))
    }

    /// The person's tests, oldest first (the order of a timeline).
    pub async fn weektests_of(&self, person_id: &str) -> Result<Vec<WeekTest>> {
        let rows = sqlx::query(
            "SELECT id, person_id, template_code, template_version, taken_at, priority_domain, priority_reason
             FROM weektests WHERE person_id = $1 ORDER BY taken_at, id",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        let tests = rows.iter().map(test_from_row).collect::<Result<Vec<_>>>()?;
        self.with_answers(tests).await
    }

    /// Fills in answers with two queries, for one test or for tests of one person.
    async fn with_answers(&self, mut tests: Vec<WeekTest>) -> Result<Vec<WeekTest>> {
        if tests.is_empty() {
            return Ok(tests);
        }
        let person = tests[0].person_id.clone();
        let single = (tests.len() == 1).then(|| tests[0].id.clone());
        // One person's tests, or one test: filter on what we have.
        let (filter, key) = match &single {
            Some(id) => ("w.id = $1", id.clone()),
            None => ("w.person_id = $1", person),
        };
        let answers = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT a.weektest_id, a.domain, a.half_hours, a.wished_half_hours, a.satisfaction
             FROM weektest_answers a JOIN weektests w ON w.id = a.weektest_id
             WHERE {filter} ORDER BY a.weektest_id, a.position"
        )))
        .bind(&key)
        .fetch_all(&self.read)
        .await?;
        let extra = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT e.weektest_id, e.question, e.answer
             FROM weektest_extra_answers e JOIN weektests w ON w.id = e.weektest_id WHERE {filter}"
        )))
        .bind(&key)
        .fetch_all(&self.read)
        .await?;
        let index: BTreeMap<String, usize> =
            tests.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        for r in &answers {
            if let Some(&i) = index.get(&text(r, "weektest_id")?) {
                tests[i].answers.push(Answer {
                    domain: text(r, "domain")?,
                    half_hours: int(r, "half_hours")? as u32,
                    wished_half_hours: int(r, "wished_half_hours")? as u32,
                    satisfaction: int(r, "satisfaction")? as u8,
                });
            }
        }
        for r in &extra {
            if let Some(&i) = index.get(&text(r, "weektest_id")?) {
                tests[i].extra.insert(text(r, "question")?, text(r, "answer")?);
            }
        }
        Ok(tests)
    }
}

fn reason_name(r: Reason) -> &'static str {
    match r {
        Reason::BasisFirst => "basis-first",
        Reason::HighestScore => "highest-score",
    }
}

fn test_from_row(row: &crate::AnyRow) -> Result<WeekTest> {
    let priority = match (opt_text(row, "priority_domain")?, opt_text(row, "priority_reason")?) {
        (Some(d), Some(r)) => {
            Some((d, if r == "basis-first" { Reason::BasisFirst } else { Reason::HighestScore }))
        }
        _ => None,
    };
    Ok(WeekTest {
        id: text(row, "id")?,
        person_id: text(row, "person_id")?,
        template_code: text(row, "template_code")?,
        template_version: int(row, "template_version")? as u32,
        taken_at: text(row, "taken_at")?,
        answers: Vec::new(),
        extra: BTreeMap::new(),
        priority,
    })
}

fn parse_stored(json: &str) -> Result<Template> {
    Template::parse(json).map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))
}
