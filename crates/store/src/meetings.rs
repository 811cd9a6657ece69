//! Meetings of the open podium, their agenda and registrations (rules in
//! `wijkwerk_domain::meetings`, use cases in `wijkwerk_app::meetings`).

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use sqlx::Row;
use wijkwerk_domain::meetings::{AgendaItem, DecisionInput, MeetingInput, MinutesInput, Seat};
use wijkwerk_domain::{Timestamp, new_id};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meeting {
    pub id: String,
    pub place_code: String,
    pub place_name: String,
    pub title: String,
    pub purpose: String,
    pub form: String,
    pub venue: String,
    pub address: String,
    pub accessibility: String,
    pub online_url: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: Option<u64>,
    pub registered: u64,
    pub waiting: u64,
    /// How many came, once the minutes are in.
    pub attended: Option<u64>,
    pub organisers: String,
    pub updated_at: String,
    /// For the printed invitation's short link `/b/{code}`.
    pub short_code: String,
}

fn opt_count(row: &AnyRow, col: &str) -> Result<Option<u64>> {
    Ok(row.try_get::<Option<i64>, _>(col)?.map(|n| n.max(0) as u64))
}

fn count(row: &AnyRow, col: &str) -> Result<u64> {
    Ok(crate::int(row, col)?.max(0) as u64)
}

from_row! { Meeting {
    id: text, place_code: text, place_name: text, title: text, purpose: text, form: text, venue: text,
    address: text, accessibility: text, online_url: text, starts_at: text, ends_at: text,
    capacity: opt_count, registered: count, waiting: count, attended: opt_count, organisers: text, updated_at: text, short_code: text,
} }

const MEETING_COLUMNS: &str = "m.id, m.place_code, p.name AS place_name, m.title, m.purpose, m.form, m.venue,
    m.address, m.accessibility, m.online_url, m.starts_at, m.ends_at, m.capacity, m.registered,
    (SELECT COUNT(*) FROM meeting_registrations r WHERE r.meeting_id = m.id AND r.status = 'waiting') AS waiting,
    m.attended, m.organisers, m.updated_at, COALESCE(m.short_code, '') AS short_code";

fn agenda_item(row: &AnyRow, _: &str) -> Result<AgendaItem> {
    Ok(AgendaItem {
        title: text(row, "title")?,
        minutes: crate::int(row, "minutes")?.max(0) as u32,
        brings: text(row, "brings")?,
        notes: text(row, "notes")?,
    })
}

/// A person's registration as their export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationRecord {
    pub meeting_id: String,
    pub meeting: String,
    pub place_code: String,
    pub starts_at: String,
    pub status: String,
    pub registered_at: String,
}
from_row! { RegistrationRecord { meeting_id: text, meeting: text, place_code: text, starts_at: text, status: text, registered_at: text } }

/// A person's evaluation as their export shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationRecord {
    pub meeting_id: String,
    pub meeting: String,
    pub score: i64,
    pub line: String,
    pub evaluated_at: String,
}
from_row! { EvaluationRecord { meeting_id: text, meeting: text, score: int, line: text, evaluated_at: text } }

impl Store {
    pub async fn create_meeting(&self, place_code: &str, m: &MeetingInput, by: &str) -> Result<String> {
        let id = new_id();
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        // Six letters and digits people can type from paper; a taken one is drawn again.
        let mut code = crate::surveys::short_code(&crate::secrets::new_token());
        for _ in 0..8 {
            let taken: Option<String> = sqlx::query_scalar("SELECT id FROM meetings WHERE short_code = $1")
                .bind(&code)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_none() {
                break;
            }
            code = crate::surveys::short_code(&crate::secrets::new_token());
        }
        sqlx::query(
            "INSERT INTO meetings (id, place_code, title, purpose, form, venue, address, accessibility, online_url,
                 starts_at, ends_at, capacity, organisers, created_by, created_at, updated_at, short_code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)",
        )
        .bind(&id)
        .bind(place_code)
        .bind(&m.title)
        .bind(&m.purpose)
        .bind(&m.form)
        .bind(&m.venue)
        .bind(&m.address)
        .bind(&m.accessibility)
        .bind(&m.online_url)
        .bind(m.starts_at.to_rfc3339())
        .bind(m.ends_at.to_rfc3339())
        .bind(m.capacity.map(i64::from))
        .bind(&m.organisers)
        .bind(by)
        .bind(&now)
        .bind(&code)
        .execute(&mut *tx)
        .await?;
        for (i, a) in m.agenda.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_agenda_items (meeting_id, position, title, minutes, brings) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(i as i64)
            .bind(&a.title)
            .bind(i64::from(a.minutes))
            .bind(&a.brings)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The meetings at a place and inside it, earliest first.
    pub async fn meetings_under(&self, ancestor: &str) -> Result<Vec<Meeting>> {
        self.all_where(
            format!(
                "SELECT {MEETING_COLUMNS} FROM place_tree t JOIN meetings m ON m.place_code = t.descendant
                 JOIN places p ON p.code = m.place_code WHERE t.ancestor = $1 ORDER BY m.starts_at, m.id"
            ),
            ancestor,
        )
        .await
    }

    pub async fn meeting(&self, id: &str) -> Result<Option<(Meeting, Vec<AgendaItem>)>> {
        let found: Option<Meeting> = self.one_where(format!(
                    "SELECT {MEETING_COLUMNS} FROM meetings m JOIN places p ON p.code = m.place_code WHERE m.id = $1"
                ), id)
            .await?;
        let Some(meeting) = found else { return Ok(None) };
        let rows = sqlx::query(
            "SELECT title, minutes, brings, notes FROM meeting_agenda_items WHERE meeting_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        let agenda = rows.iter().map(|r| agenda_item(r, "")).collect::<Result<_>>()?;
        Ok(Some((meeting, agenda)))
    }

    /// Stores (or replaces) the person's evaluation of a meeting.
    pub async fn evaluate_meeting(
        &self,
        meeting_id: &str,
        person_id: &str,
        score: u8,
        line: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM meeting_evaluations WHERE meeting_id = $1 AND person_id = $2")
            .bind(meeting_id)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO meeting_evaluations (meeting_id, person_id, score, line, evaluated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(meeting_id)
        .bind(person_id)
        .bind(i64::from(score))
        .bind(line)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every evaluation of a meeting as (score, line), without who gave it.
    pub async fn evaluations_of(&self, meeting_id: &str) -> Result<Vec<(u8, String)>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT score, line FROM meeting_evaluations WHERE meeting_id = $1")
                .bind(meeting_id)
                .fetch_all(&self.read)
                .await?;
        Ok(rows.into_iter().map(|(s, l)| (s.clamp(1, 5) as u8, l)).collect())
    }

    /// The person's own evaluation of a meeting.
    pub async fn my_evaluation(&self, meeting_id: &str, person_id: &str) -> Result<Option<(u8, String)>> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT score, line FROM meeting_evaluations WHERE meeting_id = $1 AND person_id = $2",
        )
        .bind(meeting_id)
        .bind(person_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.map(|(s, l)| (s.clamp(1, 5) as u8, l)))
    }

    /// The person's evaluations, for their export.
    pub async fn evaluations_by(&self, person_id: &str) -> Result<Vec<EvaluationRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT e.meeting_id, m.title AS meeting, e.score, e.line, e.evaluated_at FROM meeting_evaluations e
                 JOIN meetings m ON m.id = e.meeting_id WHERE e.person_id = $1 ORDER BY e.evaluated_at",
            )
            .bind(person_id),
        )
        .await
    }

    /// The meeting a printed short code stands for (any case, spaces ignored).
    pub async fn meeting_by_short_code(&self, code: &str) -> Result<Option<String>> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        Ok(sqlx::query_scalar("SELECT id FROM meetings WHERE short_code = $1")
            .bind(code)
            .fetch_optional(&self.read)
            .await?)
    }

    /// The person's registration: its status and, when waiting, their place
    /// in the queue (1 = next).
    pub async fn registration(&self, meeting_id: &str, person_id: &str) -> Result<Option<(Seat, u64)>> {
        let row = sqlx::query(
            "SELECT r.status, (SELECT COUNT(*) FROM meeting_registrations w WHERE w.meeting_id = r.meeting_id
                 AND w.status = 'waiting' AND (w.registered_at < r.registered_at
                 OR (w.registered_at = r.registered_at AND w.person_id <= r.person_id))) AS place
             FROM meeting_registrations r WHERE r.meeting_id = $1 AND r.person_id = $2",
        )
        .bind(meeting_id)
        .bind(person_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            let seat = if text(&r, "status")? == "waiting" { Seat::Waiting } else { Seat::Registered };
            Ok((seat, count(&r, "place")?))
        })
        .transpose()
    }

    /// Registers the person: a place while there is one, else the waiting
    /// list. Taking a place is one conditional UPDATE, so two people cannot
    /// both take the last one. Registering again changes nothing.
    pub async fn register_for_meeting(&self, meeting_id: &str, person_id: &str) -> Result<Seat> {
        let mut tx = self.begin_write().await?;
        if !lock_meeting(&mut tx, meeting_id).await? {
            return Err(StoreError::NotFound);
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT status FROM meeting_registrations WHERE meeting_id = $1 AND person_id = $2",
        )
        .bind(meeting_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(status) = existing {
            return Ok(if status == "waiting" { Seat::Waiting } else { Seat::Registered });
        }
        let took = sqlx::query(
            "UPDATE meetings SET registered = registered + 1
             WHERE id = $1 AND (capacity IS NULL OR registered < capacity)",
        )
        .bind(meeting_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let seat = if took == 1 { Seat::Registered } else { Seat::Waiting };
        sqlx::query(
            "INSERT INTO meeting_registrations (meeting_id, person_id, status, registered_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(meeting_id)
        .bind(person_id)
        .bind(seat.as_str())
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(seat)
    }

    /// Cancels the person's registration; a place they free goes to the first
    /// on the waiting list. Whether there was one.
    pub async fn cancel_registration(&self, meeting_id: &str, person_id: &str) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let had = cancel_in(&mut tx, meeting_id, person_id).await?;
        tx.commit().await?;
        Ok(had)
    }

    pub async fn registrations_of(&self, person_id: &str) -> Result<Vec<RegistrationRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT m.id AS meeting_id, m.title AS meeting, m.place_code, m.starts_at, r.status, r.registered_at
                 FROM meeting_registrations r JOIN meetings m ON m.id = r.meeting_id
                 WHERE r.person_id = $1 ORDER BY m.starts_at",
            )
            .bind(person_id),
        )
        .await
    }
}

/// A decision taken at a meeting, with where and when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    pub id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub meeting_starts_at: String,
    pub place_code: String,
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub done_on: Option<String>,
}
from_row! { Decision {
    id: text, meeting_id: text, meeting_title: text, meeting_starts_at: text, place_code: text,
    title: text, owner: text, due_on: text, done_on: opt_text,
} }

impl Store {
    /// The minutes of a meeting: notes per agenda item (by position) and how
    /// many came, in one transaction.
    pub async fn save_minutes(&self, meeting_id: &str, m: &MinutesInput) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (i, notes) in m.notes.iter().enumerate() {
            sqlx::query("UPDATE meeting_agenda_items SET notes = $3 WHERE meeting_id = $1 AND position = $2")
                .bind(meeting_id)
                .bind(i as i64)
                .bind(notes)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE meetings SET attended = $2, updated_at = $3 WHERE id = $1")
            .bind(meeting_id)
            .bind(m.attended.map(i64::from))
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_decision(&self, meeting_id: &str, d: &DecisionInput) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO meeting_decisions (id, meeting_id, title, owner, due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(meeting_id)
        .bind(&d.title)
        .bind(&d.owner)
        .bind(&d.due_on)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// Marks a decision done on a date (again: keeps the first date).
    pub async fn decision_done(&self, id: &str, on: &str) -> Result<()> {
        sqlx::query("UPDATE meeting_decisions SET done_on = COALESCE(done_on, $2) WHERE id = $1")
            .bind(id)
            .bind(on)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The decisions of the meetings at a place and inside it, oldest meeting first.
    pub async fn decisions_under(&self, ancestor: &str) -> Result<Vec<Decision>> {
        self.read_all(
            sqlx::query(
                "SELECT d.id, d.meeting_id, m.title AS meeting_title, m.starts_at AS meeting_starts_at, m.place_code,
                        d.title, d.owner, d.due_on, d.done_on
                 FROM place_tree t JOIN meetings m ON m.place_code = t.descendant
                 JOIN meeting_decisions d ON d.meeting_id = m.id
                 WHERE t.ancestor = $1 ORDER BY m.starts_at, d.created_at, d.id",
            )
            .bind(ancestor),
        )
        .await
    }

    pub async fn decision(&self, id: &str) -> Result<Option<Decision>> {
        Ok(self
            .read_all::<Decision>(
                sqlx::query(
                    "SELECT d.id, d.meeting_id, m.title AS meeting_title, m.starts_at AS meeting_starts_at, m.place_code,
                            d.title, d.owner, d.due_on, d.done_on
                     FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = $1",
                )
                .bind(id),
            )
            .await?
            .into_iter()
            .next())
    }
}

/// Takes the meeting's row lock (PostgreSQL; SQLite has one writer anyway),
/// so registrations and cancellations of one meeting happen one at a time and
/// a freed place cannot go to two people. Whether the meeting exists.
async fn lock_meeting(tx: &mut Tx, meeting_id: &str) -> Result<bool> {
    let n = sqlx::query("UPDATE meetings SET updated_at = updated_at WHERE id = $1")
        .bind(meeting_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// Cancels inside a transaction (also when a person is erased, so the count
/// of places stays true and the waiting list moves up).
pub(crate) async fn cancel_in(tx: &mut Tx, meeting_id: &str, person_id: &str) -> Result<bool> {
    if !lock_meeting(tx, meeting_id).await? {
        return Ok(false);
    }
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM meeting_registrations WHERE meeting_id = $1 AND person_id = $2",
    )
    .bind(meeting_id)
    .bind(person_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(status) = status else { return Ok(false) };
    sqlx::query("DELETE FROM meeting_registrations WHERE meeting_id = $1 AND person_id = $2")
        .bind(meeting_id)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    if status == "registered" {
        let next: Option<String> = sqlx::query_scalar(
            "SELECT person_id FROM meeting_registrations WHERE meeting_id = $1 AND status = 'waiting'
             ORDER BY registered_at, person_id LIMIT 1",
        )
        .bind(meeting_id)
        .fetch_optional(&mut **tx)
        .await?;
        match next {
            Some(next) => {
                sqlx::query(
                    "UPDATE meeting_registrations SET status = 'registered' WHERE meeting_id = $1 AND person_id = $2",
                )
                .bind(meeting_id)
                .bind(next)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query("UPDATE meetings SET registered = registered - 1 WHERE id = $1")
                    .bind(meeting_id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    Ok(true)
}

/// Every registration of a person cancelled, before they are erased.
pub(crate) async fn cancel_all_in(tx: &mut Tx, person_id: &str) -> Result<()> {
    let meetings: Vec<String> =
        sqlx::query_scalar("SELECT meeting_id FROM meeting_registrations WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&mut **tx)
            .await?;
    for m in meetings {
        cancel_in(tx, &m, person_id).await?;
    }
    Ok(())
}
