//! Goals of the "weektest op maat", their weekly hours and ratings.

use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::goals::{self, GoalPlan};
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: String,
    pub person_id: String,
    pub weektest_id: Option<String>,
    pub domain: String,
    pub title: String,
    pub expected: String,
    pub half_hours_per_week: u32,
    pub weeks: u32,
    pub start_monday: String,
    pub created_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalLog {
    pub week: String,
    pub half_hours: u32,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalRating {
    pub score: i8,
    pub note: String,
    pub rated_at: String,
}

/// A goal with everything logged for it and what that adds up to.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalProgress {
    #[serde(flatten)]
    pub goal: Goal,
    pub logs: Vec<GoalLog>,
    pub ratings: Vec<GoalRating>,
    /// Weeks of the goal that have begun.
    pub weeks_so_far: Vec<String>,
    pub planned_half_hours_so_far: u64,
    pub logged_half_hours: u64,
    /// −2…+2 from the hours; `None` before the first week.
    pub attainment_from_hours: Option<i8>,
}

const GOAL_COLUMNS: &str = "id, person_id, weektest_id, domain, title, expected, half_hours_per_week, weeks, start_monday, created_at";

fn goal_from_row(r: &AnyRow) -> Result<Goal> {
    Ok(Goal {
        id: text(r, "id")?,
        person_id: text(r, "person_id")?,
        weektest_id: opt_text(r, "weektest_id")?,
        domain: text(r, "domain")?,
        title: text(r, "title")?,
        expected: text(r, "expected")?,
        half_hours_per_week: int(r, "half_hours_per_week")? as u32,
        weeks: int(r, "weeks")? as u32,
        start_monday: text(r, "start_monday")?,
        created_at: text(r, "created_at")?,
    })
}

impl Store {
    pub async fn create_goal(
        &self,
        person_id: &str,
        plan: &GoalPlan,
        weektest_id: Option<&str>,
    ) -> Result<Goal> {
        let goal = Goal {
            id: new_id(),
            person_id: person_id.into(),
            weektest_id: weektest_id.map(String::from),
            domain: plan.domain.clone(),
            title: plan.title.clone(),
            expected: plan.expected.clone(),
            half_hours_per_week: plan.half_hours_per_week,
            weeks: plan.weeks,
            start_monday: plan.start_monday.clone(),
            created_at: Timestamp::now().to_rfc3339(),
        };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO goals ({GOAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )))
        .bind(&goal.id)
        .bind(&goal.person_id)
        .bind(&goal.weektest_id)
        .bind(&goal.domain)
        .bind(&goal.title)
        .bind(&goal.expected)
        .bind(i64::from(goal.half_hours_per_week))
        .bind(i64::from(goal.weeks))
        .bind(&goal.start_monday)
        .bind(&goal.created_at)
        .execute(&self.write)
        .await?;
        Ok(goal)
    }

    pub async fn goal(&self, id: &str) -> Result<Option<Goal>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(goal_from_row).transpose()
    }

    /// The person's goals, newest first, each with its progress.
    pub async fn goals_of(&self, person_id: &str, now: Timestamp) -> Result<Vec<GoalProgress>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {GOAL_COLUMNS} FROM goals WHERE person_id = $1 ORDER BY created_at DESC, id DESC"
        )))
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.progress(goal_from_row(r)?, now).await?);
        }
        Ok(out)
    }

    /// A goal with its logs and ratings.
    pub async fn progress(&self, goal: Goal, now: Timestamp) -> Result<GoalProgress> {
        let logs: Vec<GoalLog> =
            sqlx::query("SELECT week, half_hours, note FROM goal_logs WHERE goal_id = $1 ORDER BY week")
                .bind(&goal.id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    Ok(GoalLog {
                        week: text(r, "week")?,
                        half_hours: int(r, "half_hours")? as u32,
                        note: text(r, "note")?,
                    })
                })
                .collect::<Result<_>>()?;
        let ratings: Vec<GoalRating> = sqlx::query(
            "SELECT score, note, rated_at FROM goal_ratings WHERE goal_id = $1 ORDER BY rated_at, id",
        )
        .bind(&goal.id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(GoalRating {
                score: int(r, "score")? as i8,
                note: text(r, "note")?,
                rated_at: text(r, "rated_at")?,
            })
        })
        .collect::<Result<_>>()?;
        let weeks_so_far = goals::weeks_so_far(&goal.start_monday, goal.weeks, goals::today(now));
        let planned = weeks_so_far.len() as u64 * u64::from(goal.half_hours_per_week);
        let logged: u64 = logs.iter().map(|l| u64::from(l.half_hours)).sum();
        Ok(GoalProgress {
            attainment_from_hours: goals::attainment_from_hours(planned, logged),
            planned_half_hours_so_far: planned,
            logged_half_hours: logged,
            weeks_so_far,
            goal,
            logs,
            ratings,
        })
    }

    /// Sets the hours of one week (a second log for the same week replaces the first).
    pub async fn log_goal_hours(&self, goal_id: &str, week: &str, half_hours: u32, note: &str) -> Result<()> {
        let done = sqlx::query(
            "INSERT INTO goal_logs (goal_id, week, half_hours, note, logged_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (goal_id, week) DO UPDATE
             SET half_hours = excluded.half_hours, note = excluded.note, logged_at = excluded.logged_at",
        )
        .bind(goal_id)
        .bind(week)
        .bind(i64::from(half_hours))
        .bind(note)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn rate_goal(&self, goal_id: &str, score: i8, note: &str, at: Option<Timestamp>) -> Result<()> {
        sqlx::query(
            "INSERT INTO goal_ratings (id, goal_id, score, note, rated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(goal_id)
        .bind(i64::from(score))
        .bind(note)
        .bind(at.unwrap_or_else(Timestamp::now).to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
