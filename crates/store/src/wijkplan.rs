//! The wijkplan of a wijk: ambition, goals, contributions, measurements.

use crate::{Result, Store, StoreError, text};
use serde::Serialize;
use sqlx::Row;
use wijkwerk_domain::wijkplan::GoalInput;
use wijkwerk_domain::{Timestamp, new_id};

#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub measured_on: String,
    pub value: f64,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Contribution {
    pub who: String,
    pub name: String,
    pub what: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanGoal {
    pub id: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub target_date: String,
    pub contributions: Vec<Contribution>,
    /// Oldest first.
    pub measurements: Vec<Measurement>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Wijkplan {
    pub id: String,
    pub place_code: String,
    pub ambition: String,
    pub description: String,
    pub updated_at: String,
    pub goals: Vec<PlanGoal>,
}

fn real(row: &crate::AnyRow, col: &str) -> Result<f64> {
    Ok(row.try_get::<f64, _>(col)?)
}

impl Store {
    pub async fn wijkplan(&self, place_code: &str) -> Result<Option<Wijkplan>> {
        let Some(row) = sqlx::query(
            "SELECT id, place_code, ambition, description, updated_at FROM wijkplans WHERE place_code = $1",
        )
        .bind(place_code)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let id = text(&row, "id")?;
        let mut goals: Vec<PlanGoal> = sqlx::query(
            "SELECT id, title, indicator, unit, baseline, target, target_date FROM wijkplan_goals
             WHERE plan_id = $1 ORDER BY created_at, id",
        )
        .bind(&id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(PlanGoal {
                id: text(r, "id")?,
                title: text(r, "title")?,
                indicator: text(r, "indicator")?,
                unit: text(r, "unit")?,
                baseline: real(r, "baseline")?,
                target: real(r, "target")?,
                target_date: text(r, "target_date")?,
                contributions: Vec::new(),
                measurements: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
        for r in sqlx::query(
            "SELECT c.goal_id, c.who, c.name, c.what FROM wijkplan_contributions c
             JOIN wijkplan_goals g ON g.id = c.goal_id WHERE g.plan_id = $1 ORDER BY c.who, c.name",
        )
        .bind(&id)
        .fetch_all(&self.read)
        .await?
        {
            let goal = text(&r, "goal_id")?;
            if let Some(g) = goals.iter_mut().find(|g| g.id == goal) {
                g.contributions.push(Contribution {
                    who: text(&r, "who")?,
                    name: text(&r, "name")?,
                    what: text(&r, "what")?,
                });
            }
        }
        for r in sqlx::query(
            "SELECT m.goal_id, m.measured_on, m.value, m.note FROM wijkplan_measurements m
             JOIN wijkplan_goals g ON g.id = m.goal_id WHERE g.plan_id = $1 ORDER BY m.measured_on, m.id",
        )
        .bind(&id)
        .fetch_all(&self.read)
        .await?
        {
            let goal = text(&r, "goal_id")?;
            if let Some(g) = goals.iter_mut().find(|g| g.id == goal) {
                g.measurements.push(Measurement {
                    measured_on: text(&r, "measured_on")?,
                    value: real(&r, "value")?,
                    note: text(&r, "note")?,
                });
            }
        }
        Ok(Some(Wijkplan {
            id,
            place_code: text(&row, "place_code")?,
            ambition: text(&row, "ambition")?,
            description: text(&row, "description")?,
            updated_at: text(&row, "updated_at")?,
            goals,
        }))
    }

    /// Sets the ambition and description, making the plan on first use.
    pub async fn save_wijkplan(&self, place_code: &str, ambition: &str, description: &str) -> Result<String> {
        let now = Timestamp::now().to_rfc3339();
        sqlx::query(
            "INSERT INTO wijkplans (id, place_code, ambition, description, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (place_code) DO UPDATE SET ambition = excluded.ambition, description = excluded.description,
             updated_at = excluded.updated_at",
        )
        .bind(new_id())
        .bind(place_code)
        .bind(ambition)
        .bind(description)
        .bind(&now)
        .execute(&self.write)
        .await?;
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM wijkplans WHERE place_code = $1")
            .bind(place_code)
            .fetch_optional(&self.write)
            .await?;
        id.ok_or(StoreError::NotFound)
    }

    pub async fn add_wijkplan_goal(&self, plan_id: &str, g: &GoalInput) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO wijkplan_goals (id, plan_id, title, indicator, unit, baseline, target, target_date, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(plan_id)
        .bind(&g.title)
        .bind(&g.indicator)
        .bind(&g.unit)
        .bind(g.baseline)
        .bind(g.target)
        .bind(&g.target_date)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// The plan a wijkplan goal belongs to.
    pub async fn wijkplan_of_goal(&self, goal_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT p.place_code FROM wijkplan_goals g JOIN wijkplans p ON p.id = g.plan_id WHERE g.id = $1",
        )
        .bind(goal_id)
        .fetch_optional(&self.read)
        .await?)
    }

    pub async fn add_contribution(&self, goal_id: &str, who: &str, name: &str, what: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO wijkplan_contributions (id, goal_id, who, name, what) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(goal_id)
        .bind(who)
        .bind(name)
        .bind(what)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn add_measurement(
        &self,
        goal_id: &str,
        measured_on: &str,
        value: f64,
        note: &str,
    ) -> Result<()> {
        sqlx::query("INSERT INTO wijkplan_measurements (id, goal_id, measured_on, value, note) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(goal_id)
            .bind(measured_on)
            .bind(value)
            .bind(note)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}

/// A wijkplan goal with its newest measurement, for the effect dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct GoalProgress {
    pub wijk: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub target_date: String,
    /// `(date, value)` of the newest measurement, if any.
    pub latest: Option<(String, f64)>,
}

impl Store {
    /// The goals of the wijkplans of a gemeente's wijken, each with its newest
    /// measurement, in one statement.
    pub async fn plan_goals_under(&self, gemeente: &str) -> Result<Vec<GoalProgress>> {
        let rows = sqlx::query(
            "SELECT p.place_code, g.title, g.indicator, g.unit, g.baseline, g.target, g.target_date,
                    m.measured_on, m.value
             FROM wijkplans p JOIN places w ON w.code = p.place_code AND w.parent_code = $1
             JOIN wijkplan_goals g ON g.plan_id = p.id
             LEFT JOIN wijkplan_measurements m ON m.goal_id = g.id AND m.measured_on =
                 (SELECT MAX(x.measured_on) FROM wijkplan_measurements x WHERE x.goal_id = g.id)
             ORDER BY p.place_code, g.created_at, g.id",
        )
        .bind(gemeente)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let on: Option<String> = r.try_get("measured_on")?;
                let value: Option<f64> = r.try_get("value")?;
                Ok(GoalProgress {
                    wijk: text(r, "place_code")?,
                    title: text(r, "title")?,
                    indicator: text(r, "indicator")?,
                    unit: text(r, "unit")?,
                    baseline: real(r, "baseline")?,
                    target: real(r, "target")?,
                    target_date: text(r, "target_date")?,
                    latest: on.zip(value),
                })
            })
            .collect()
    }
}
