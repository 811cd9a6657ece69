//! Indicator values per place and year, region changes, the 0-meting per wijk
//! and targets. The rules (what a value means, the effect) are in
//! `wijkwerk_domain::indicators`; the use cases in `wijkwerk_app::indicators`.

use crate::rows::{from_row, insert_rows};
use crate::{AnyRow, Result, Store, text};
use serde::Serialize;
use sqlx::Row;
use wijkwerk_domain::indicators::ManualValue;
use wijkwerk_domain::{PlaceLevel, Timestamp};

fn opt_real(row: &AnyRow, col: &str) -> Result<Option<f64>> {
    Ok(row.try_get::<Option<f64>, _>(col)?)
}

fn real(row: &AnyRow, col: &str) -> Result<f64> {
    Ok(row.try_get::<f64, _>(col)?)
}

fn opt_count(row: &AnyRow, col: &str) -> Result<Option<u64>> {
    Ok(row.try_get::<Option<i64>, _>(col)?.map(|n| n.max(0) as u64))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredValue {
    pub indicator: String,
    pub place_code: String,
    pub period: String,
    pub value: Option<f64>,
    pub respondents: Option<u64>,
    pub source: String,
}
from_row! { StoredValue {
    indicator: text("indicator_code"), place_code: text, period: text,
    value: opt_real, respondents: opt_count, source: text,
} }

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionChange {
    pub place_code: String,
    pub period: String,
    pub change_code: String,
}
from_row! { RegionChange { place_code: text, period: text, change_code: text } }

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaselineValue {
    pub indicator: String,
    pub value: Option<f64>,
    pub respondents: Option<u64>,
    pub rest_value: Option<f64>,
    pub rest_respondents: Option<u64>,
    pub gemeente_value: Option<f64>,
}
from_row! { BaselineValue {
    indicator: text("indicator_code"), value: opt_real, respondents: opt_count,
    rest_value: opt_real, rest_respondents: opt_count, gemeente_value: opt_real,
} }

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Baseline {
    pub place_code: String,
    pub period: String,
    pub fixed_at: String,
    pub values: Vec<BaselineValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    pub place_code: String,
    pub indicator: String,
    pub target: f64,
    pub target_year: String,
}
from_row! { Target { place_code: text, indicator: text("indicator_code"), target: real, target_year: text } }

/// A region of an imported table that may be new to the platform.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub code: String,
    pub level: PlaceLevel,
    pub name: String,
    /// From the code's nesting: the region itself, its parent, … up to the land.
    pub ancestors: Vec<String>,
}

/// One imported value.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedValue {
    pub indicator: &'static str,
    pub place_code: String,
    pub value: Option<f64>,
}

/// What one import wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportCount {
    pub places_created: u64,
    pub values: u64,
}

impl Store {
    /// Writes one table's year in a single transaction: regions the platform
    /// did not know yet, the values (replacing earlier imports of that year),
    /// and the region changes CBS names. `progress(done, total)` counts values.
    pub async fn import_indicator_year(
        &self,
        period: &str,
        source: &str,
        regions: &[Region],
        values: &[ImportedValue],
        changes: &[(String, String)],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<ImportCount> {
        let now = Timestamp::now().to_rfc3339();
        let per = self.rows_per_statement();
        let mut tx = self.begin_write().await?;
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM places").fetch_one(&mut *tx).await?;
        // Parents first: CBS lists a gemeente before its wijken and buurten,
        // and the land before all; sorting by level keeps that for any order.
        let mut ordered: Vec<&Region> = regions.iter().collect();
        ordered.sort_by_key(|r| r.level);
        let places: Vec<(&Region, Option<&String>)> =
            ordered.iter().map(|r| (*r, r.ancestors.get(1))).collect();
        insert_rows(
            &mut tx,
            per,
            (
                "INSERT INTO places (code, level, name, parent_code, created_at) VALUES",
                5,
                "ON CONFLICT (code) DO NOTHING",
            ),
            &places,
            |q, (r, parent)| q.bind(&r.code).bind(r.level.as_str()).bind(&r.name).bind(*parent).bind(&now),
        )
        .await?;
        let tree: Vec<(&String, &String, i64)> = ordered
            .iter()
            .flat_map(|r| r.ancestors.iter().enumerate().map(move |(depth, a)| (a, &r.code, depth as i64)))
            .collect();
        insert_rows(
            &mut tx,
            per,
            (
                "INSERT INTO place_tree (ancestor, descendant, depth) VALUES",
                3,
                "ON CONFLICT (ancestor, descendant) DO NOTHING",
            ),
            &tree,
            |q, (a, d, depth)| q.bind(*a).bind(*d).bind(*depth),
        )
        .await?;
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM places").fetch_one(&mut *tx).await?;
        let total = values.len();
        for (i, chunk) in values.chunks(per * 20).enumerate() {
            insert_rows(
                &mut tx,
                per,
                (
                    "INSERT INTO indicator_values (indicator_code, place_code, period, value, respondents, source, recorded_by, recorded_at) VALUES",
                    8,
                    "ON CONFLICT (indicator_code, place_code, period) DO UPDATE SET value = excluded.value,
                     respondents = excluded.respondents, source = excluded.source,
                     recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                ),
                chunk,
                |q, v| {
                    q.bind(v.indicator)
                        .bind(&v.place_code)
                        .bind(period)
                        .bind(v.value)
                        .bind(None::<i64>)
                        .bind(source)
                        .bind(None::<String>)
                        .bind(&now)
                },
            )
            .await?;
            progress((i * per * 20 + chunk.len()).min(total), total);
        }
        insert_rows(
            &mut tx,
            per,
            (
                "INSERT INTO region_changes (place_code, period, change_code) VALUES",
                3,
                "ON CONFLICT (place_code, period) DO UPDATE SET change_code = excluded.change_code",
            ),
            changes,
            |q, (place, code)| q.bind(place).bind(period).bind(code),
        )
        .await?;
        tx.commit().await?;
        Ok(ImportCount { places_created: (after - before).max(0) as u64, values: values.len() as u64 })
    }

    /// After an import the planner learns the new sizes: without it,
    /// PostgreSQL reads every value of the country for one gemeente until
    /// autovacuum comes by (measured: 300 ms instead of a few).
    pub async fn analyze_indicators(&self) -> Result<()> {
        let sql = match self.engine {
            crate::Engine::Postgres => {
                "ANALYZE indicator_values; ANALYZE places; ANALYZE place_tree; ANALYZE region_changes"
            }
            crate::Engine::Sqlite => "ANALYZE indicator_values; ANALYZE places; ANALYZE place_tree",
        };
        sqlx::raw_sql(sql).execute(&self.write).await?;
        Ok(())
    }

    /// A value the gemeente entered, replacing an earlier one for that year.
    pub async fn record_indicator_value(&self, place_code: &str, v: &ManualValue, by: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO indicator_values (indicator_code, place_code, period, value, respondents, source, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (indicator_code, place_code, period) DO UPDATE SET value = excluded.value,
             respondents = excluded.respondents, source = excluded.source,
             recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
        )
        .bind(&v.indicator)
        .bind(place_code)
        .bind(&v.year)
        .bind(v.value)
        .bind(v.respondents.map(|n| n as i64))
        .bind(&v.source)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The values of `indicators` for the place `ancestor` and the places down
    /// to `depth` levels below it (0: the place alone; 1: with its wijken; …).
    /// Only the indicators asked for are read: a national table holds many
    /// more columns than the pages show.
    pub async fn indicator_values_under(
        &self,
        ancestor: &str,
        depth: i64,
        indicators: &[&str],
    ) -> Result<Vec<StoredValue>> {
        if indicators.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..indicators.len()).map(|i| format!("${}", i + 3)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT v.indicator_code, v.place_code, v.period, v.value, v.respondents, v.source
             FROM place_tree t JOIN indicator_values v ON v.place_code = t.descendant
             WHERE t.ancestor = $1 AND t.depth <= $2 AND v.indicator_code IN ({list})
             ORDER BY v.place_code, v.indicator_code, v.period"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ancestor.to_string()).bind(depth);
        for code in indicators {
            query = query.bind(code.to_string());
        }
        self.read_all(query).await
    }

    /// One indicator's values for one year in every place of a level, across
    /// the country (the landelijk comparison).
    pub async fn indicator_values_at_level(
        &self,
        indicator: &str,
        period: &str,
        level: PlaceLevel,
    ) -> Result<Vec<(String, String, Option<f64>)>> {
        let rows = sqlx::query(
            // From the places of the level: a country has five times more
            // buurten than wijken, and their values need not be touched.
            "SELECT p.code, p.name, v.value FROM places p
             JOIN indicator_values v ON v.indicator_code = $1 AND v.period = $2 AND v.place_code = p.code
             WHERE p.level = $3 ORDER BY p.code",
        )
        .bind(indicator)
        .bind(period)
        .bind(level.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "code")?, text(r, "name")?, opt_real(r, "value")?))).collect()
    }

    /// The years one indicator has values for, oldest first.
    pub async fn indicator_periods(&self, indicator: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT period FROM indicator_values WHERE indicator_code = $1 ORDER BY period",
        )
        .bind(indicator)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn region_changes_under(&self, ancestor: &str, depth: i64) -> Result<Vec<RegionChange>> {
        self.read_all(
            sqlx::query(
                "SELECT c.place_code, c.period, c.change_code FROM place_tree t
                 JOIN region_changes c ON c.place_code = t.descendant
                 WHERE t.ancestor = $1 AND t.depth <= $2 ORDER BY c.place_code, c.period",
            )
            .bind(ancestor)
            .bind(depth),
        )
        .await
    }

    /// Fixes (or fixes again) a wijk's 0-meting with the values of that year.
    pub async fn fix_baseline(
        &self,
        place_code: &str,
        period: &str,
        values: &[BaselineValue],
        by: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM baselines WHERE place_code = $1").bind(place_code).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO baselines (place_code, period, fixed_by, fixed_at) VALUES ($1, $2, $3, $4)")
            .bind(place_code)
            .bind(period)
            .bind(by)
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        insert_rows(
            &mut tx,
            self.rows_per_statement(),
            (
                "INSERT INTO baseline_values (place_code, indicator_code, value, respondents, rest_value, rest_respondents, gemeente_value) VALUES",
                7,
                "",
            ),
            values,
            |q, v| {
                q.bind(place_code)
                    .bind(&v.indicator)
                    .bind(v.value)
                    .bind(v.respondents.map(|n| n as i64))
                    .bind(v.rest_value)
                    .bind(v.rest_respondents.map(|n| n as i64))
                    .bind(v.gemeente_value)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The 0-meting of every wijk under `ancestor` (and of itself).
    pub async fn baselines_under(&self, ancestor: &str) -> Result<Vec<Baseline>> {
        let heads = sqlx::query(
            "SELECT b.place_code, b.period, b.fixed_at FROM place_tree t JOIN baselines b ON b.place_code = t.descendant
             WHERE t.ancestor = $1 ORDER BY b.place_code",
        )
        .bind(ancestor)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(heads.len());
        for h in &heads {
            let place_code = text(h, "place_code")?;
            let values = self
                .read_all(
                    sqlx::query(
                        "SELECT indicator_code, value, respondents, rest_value, rest_respondents, gemeente_value
                         FROM baseline_values WHERE place_code = $1 ORDER BY indicator_code",
                    )
                    .bind(&place_code),
                )
                .await?;
            out.push(Baseline {
                place_code,
                period: text(h, "period")?,
                fixed_at: text(h, "fixed_at")?,
                values,
            });
        }
        Ok(out)
    }

    pub async fn set_indicator_target(
        &self,
        place_code: &str,
        indicator: &str,
        target: f64,
        year: &str,
        by: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO indicator_targets (place_code, indicator_code, target, target_year, set_by, set_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (place_code, indicator_code) DO UPDATE SET target = excluded.target,
             target_year = excluded.target_year, set_by = excluded.set_by, set_at = excluded.set_at",
        )
        .bind(place_code)
        .bind(indicator)
        .bind(target)
        .bind(year)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn targets_under(&self, ancestor: &str) -> Result<Vec<Target>> {
        self.read_all(
            sqlx::query(
                "SELECT g.place_code, g.indicator_code, g.target, g.target_year FROM place_tree t
                 JOIN indicator_targets g ON g.place_code = t.descendant
                 WHERE t.ancestor = $1 ORDER BY g.place_code, g.indicator_code",
            )
            .bind(ancestor),
        )
        .await
    }
}

impl Store {
    /// Boundaries from one GeoJSON file, replacing earlier ones of the same
    /// places, in one transaction.
    pub async fn import_shapes(&self, shapes: &[(String, String)], source: &str) -> Result<()> {
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        insert_rows(
            &mut tx,
            self.rows_per_statement(),
            (
                "INSERT INTO place_shapes (place_code, geometry, source, imported_at) VALUES",
                4,
                "ON CONFLICT (place_code) DO UPDATE SET geometry = excluded.geometry, source = excluded.source,
                 imported_at = excluded.imported_at",
            ),
            shapes,
            |q, (code, geometry)| q.bind(code).bind(geometry).bind(source).bind(&now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The boundaries of the places exactly `depth` levels below `ancestor`
    /// (1: a gemeente's wijken), as `(code, GeoJSON geometry)`.
    pub async fn shapes_under(&self, ancestor: &str, depth: i64) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT s.place_code, s.geometry FROM place_tree t JOIN place_shapes s ON s.place_code = t.descendant
             WHERE t.ancestor = $1 AND t.depth = $2 ORDER BY s.place_code",
        )
        .bind(ancestor)
        .bind(depth)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "place_code")?, text(r, "geometry")?))).collect()
    }
}

/// A survey question that measures an indicator in a gemeente.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurveyLink {
    pub indicator: String,
    pub gemeente_code: String,
    pub survey_id: String,
    /// The survey's definition (JSON), for its title and the question's text.
    #[serde(skip)]
    pub definition: String,
    pub question: String,
    pub answers: Vec<String>,
    pub year: String,
    pub linked_at: String,
}

fn answer_list(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    Ok(text(row, col)?.split(',').filter(|a| !a.is_empty()).map(String::from).collect())
}

from_row! { SurveyLink {
    indicator: text, gemeente_code: text, survey_id: text, definition: text, question: text,
    answers: answer_list, year: text("period"), linked_at: text,
} }

impl Store {
    /// Links a survey question to an indicator in a gemeente (again: replaces
    /// the question, answers and year).
    pub async fn link_survey(
        &self,
        gemeente: &str,
        survey_id: &str,
        link: &wijkwerk_domain::indicators::SurveyLinkInput,
        by: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO indicator_surveys (indicator, gemeente_code, survey_id, question, answers, period, linked_by, linked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (gemeente_code, indicator, survey_id) DO UPDATE SET question = excluded.question,
             answers = excluded.answers, period = excluded.period, linked_by = excluded.linked_by,
             linked_at = excluded.linked_at",
        )
        .bind(&link.indicator)
        .bind(gemeente)
        .bind(survey_id)
        .bind(&link.question)
        .bind(link.answers.join(","))
        .bind(&link.year)
        .bind(by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Removes a link; whether there was one.
    pub async fn unlink_survey(&self, gemeente: &str, indicator: &str, survey_id: &str) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM indicator_surveys WHERE gemeente_code = $1 AND indicator = $2 AND survey_id = $3",
        )
        .bind(gemeente)
        .bind(indicator)
        .bind(survey_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn survey_links(&self, gemeente: &str) -> Result<Vec<SurveyLink>> {
        self.read_all(
            sqlx::query(
                "SELECT l.indicator, l.gemeente_code, l.survey_id, s.definition, l.question, l.answers, l.period, l.linked_at
                 FROM indicator_surveys l JOIN surveys s ON s.id = l.survey_id
                 WHERE l.gemeente_code = $1 ORDER BY l.indicator, l.period, l.survey_id",
            )
            .bind(gemeente),
        )
        .await
    }

    /// Per wijk of the gemeente, for one link: how many answered the question
    /// (`people`) and how many of them gave a counted answer (`amount`). An
    /// answer counts by its option, or by its step on a scale. Responses
    /// without a buurt belong to no wijk and are left out.
    async fn survey_link_figures(&self, link: &SurveyLink) -> Result<Vec<PlatformFigure>> {
        if link.answers.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..link.answers.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = format!(
            "SELECT wk.code AS wijk, COUNT(DISTINCT r.id) AS people,
                    COUNT(DISTINCT CASE WHEN COALESCE(a.option_code, CAST(a.value AS TEXT)) IN ({})
                          THEN r.id END) AS amount
             FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id AND a.question = $2
             JOIN places b ON b.code = r.buurt_code
             JOIN places wk ON wk.code = b.parent_code AND wk.level = 'wijk'
             WHERE r.survey_id = $1 AND wk.parent_code = $3
             GROUP BY wk.code",
            marks.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&link.survey_id)
            .bind(&link.question)
            .bind(&link.gemeente_code);
        for a in &link.answers {
            query = query.bind(a);
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(PlatformFigure {
                    indicator: link.indicator.clone(),
                    wijk: text(r, "wijk")?,
                    year: link.year.clone(),
                    amount: crate::int(r, "amount")?,
                    people: crate::int(r, "people")?,
                })
            })
            .collect()
    }
}

/// A figure the platform itself holds, per wijk and year: `hits` of `people`
/// (a share), or `total` (cents) over `people` (payers).
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformFigure {
    pub indicator: String,
    pub wijk: String,
    pub year: String,
    pub amount: i64,
    pub people: i64,
}

impl Store {
    /// The week tests, the coin and the linked survey questions per wijk of a
    /// gemeente and year. Residents count in the wijk where they live now; a
    /// payment in the wijk where the business is; a survey answer in the wijk
    /// of the buurt it was given for. Two surveys linked to one indicator in
    /// the same year give two figures for a wijk; the caller adds them up.
    pub async fn platform_figures(&self, gemeente: &str) -> Result<Vec<PlatformFigure>> {
        let tests = sqlx::query(
            "SELECT wk.code AS wijk, SUBSTR(w.taken_at, 1, 4) AS year, COUNT(DISTINCT w.person_id) AS people,
                    COUNT(DISTINCT CASE WHEN w.priority_domain = 'werk' THEN w.person_id END) AS amount
             FROM weektests w JOIN persons p ON p.id = w.person_id
             JOIN places b ON b.code = p.home_place_code
             JOIN places wk ON wk.code = b.parent_code AND wk.level = 'wijk'
             WHERE wk.parent_code = $1 GROUP BY wk.code, SUBSTR(w.taken_at, 1, 4)",
        )
        .bind(gemeente)
        .fetch_all(&self.read)
        .await?;
        let rows = crate::coin::accounts::PAYMENT_ROWS;
        let coins = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT w.code AS wijk, SUBSTR(t.posted_at, 1, 4) AS year, CAST(-SUM(e.amount) AS BIGINT) AS amount,
                    COUNT(DISTINCT h.account_id) AS people
             {rows} WHERE t.kind = 'payment' AND w.parent_code = $1
             GROUP BY w.code, SUBSTR(t.posted_at, 1, 4)"
        )))
        .bind(gemeente)
        .fetch_all(&self.read)
        .await?;
        let read = |indicator: &str, r: &AnyRow| -> Result<PlatformFigure> {
            Ok(PlatformFigure {
                indicator: indicator.to_string(),
                wijk: text(r, "wijk")?,
                year: text(r, "year")?,
                amount: crate::int(r, "amount")?,
                people: crate::int(r, "people")?,
            })
        };
        let mut out: Vec<PlatformFigure> =
            tests.iter().map(|r| read("weektest-werk", r)).collect::<Result<_>>()?;
        out.extend(coins.iter().map(|r| read("munt-besteed", r)).collect::<Result<Vec<_>>>()?);
        for link in self.survey_links(gemeente).await? {
            out.extend(self.survey_link_figures(&link).await?);
        }
        Ok(out)
    }
}

impl Store {
    /// Sets the provincie of gemeenten (again: replaces it), in one transaction.
    pub async fn set_provinces(
        &self,
        rows: &[wijkwerk_domain::cbs::GemeenteProvince],
        source: &str,
    ) -> Result<()> {
        let now = Timestamp::now().to_rfc3339();
        for r in rows {
            sqlx::query(
                "INSERT INTO gemeente_provinces (gemeente_code, province_code, province_name, source, imported_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (gemeente_code) DO UPDATE SET province_code = excluded.province_code,
                 province_name = excluded.province_name, source = excluded.source, imported_at = excluded.imported_at",
            )
            .bind(&r.gemeente)
            .bind(&r.province_code)
            .bind(&r.province_name)
            .bind(source)
            .bind(&now)
            .execute(&self.write)
            .await?;
        }
        Ok(())
    }

    /// Gemeente code → (provincie code, name).
    pub async fn provinces(&self) -> Result<std::collections::HashMap<String, (String, String)>> {
        let rows = sqlx::query("SELECT gemeente_code, province_code, province_name FROM gemeente_provinces")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((text(r, "gemeente_code")?, (text(r, "province_code")?, text(r, "province_name")?))))
            .collect()
    }
}
