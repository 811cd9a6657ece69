//! The wijk cooperative: its register, members and board, and its teams of
//! job seekers with their hours on tasks (rules in
//! `wijkwerk_domain::cooperative`, use cases in `wijkwerk_app::cooperative`).

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::cooperative::{CooperativeInput, MemberKind};
use wijkwerk_domain::{Timestamp, new_id};

pub(crate) fn name(row: &AnyRow, col: &str) -> Result<String> {
    Ok(opt_text(row, col)?.unwrap_or_default())
}

pub(crate) fn opt_int(row: &AnyRow, col: &str) -> Result<Option<i64>> {
    use sqlx::Row;
    Ok(row.try_get::<Option<i64>, _>(col)?)
}

fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    Ok(int(row, col)? != 0)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cooperative {
    pub place_code: String,
    pub place_name: String,
    pub name: String,
    pub legal_form: String,
    pub terms: String,
    pub mandate: String,
    pub registered_at: String,
}
from_row! { Cooperative {
    place_code: text, place_name: text, name: text, legal_form: text, terms: text, mandate: text, registered_at: text,
} }

const COOPERATIVE: &str =
    "SELECT c.place_code, p.name AS place_name, c.name, c.legal_form, c.terms, c.mandate,
    c.registered_at FROM cooperatives c JOIN places p ON p.code = c.place_code";

/// One line of the member register.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    #[serde(skip)]
    pub person_id: String,
    pub place_code: String,
    pub name: String,
    pub email: String,
    pub kind: String,
    pub board_role: String,
    pub joined_at: String,
}
from_row! { Member {
    person_id: text, place_code: text, name: name, email: name, kind: text, board_role: text, joined_at: text,
} }

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    pub place_code: String,
    pub name: String,
    #[serde(skip)]
    pub coach_id: Option<String>,
    /// Empty when the coach was erased.
    pub coach_name: String,
    pub members: i64,
    pub created_at: String,
}
from_row! { Team {
    id: text, place_code: text, name: text, coach_id: opt_text, coach_name: name, members: int, created_at: text,
} }

const TEAM: &str = "SELECT t.id, t.place_code, t.name, t.coach_id, c.display_name AS coach_name,
    (SELECT COUNT(*) FROM coop_team_members m WHERE m.team_id = t.id) AS members, t.created_at
    FROM coop_teams t LEFT JOIN persons c ON c.id = t.coach_id";

/// A team member with their hours on the team's tasks.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    #[serde(skip)]
    pub person_id: String,
    pub name: String,
    pub joined_at: String,
    pub shares_priority: bool,
    pub buurtbaan: String,
    pub buurtbaan_at: Option<String>,
    /// Minutes on the team's tasks, and on how many tasks.
    pub minutes: i64,
    pub tasks: i64,
}
from_row! { TeamMember {
    person_id: text, name: name, joined_at: text, shares_priority: flag, buurtbaan: text, buurtbaan_at: opt_text,
    minutes: int, tasks: int,
} }

/// A member's hours on one task: their development hours.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskHours {
    pub agreement_id: String,
    pub team_name: String,
    pub what: String,
    pub minutes: i64,
    pub recorded_at: String,
}
from_row! { TaskHours { agreement_id: text, team_name: name, what: text, minutes: int, recorded_at: text } }

/// A team membership, for the member's own page and export.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMembership {
    pub team_id: String,
    pub team_name: String,
    pub place_code: String,
    pub joined_at: String,
    pub shares_priority: bool,
    pub buurtbaan: String,
    pub buurtbaan_at: Option<String>,
}
from_row! { TeamMembership {
    team_id: text, team_name: text, place_code: text, joined_at: text, shares_priority: flag, buurtbaan: text,
    buurtbaan_at: opt_text,
} }

impl Store {
    /// Registers the wijk's cooperative, or changes what it says.
    pub async fn register_cooperative(
        &self,
        place_code: &str,
        input: &CooperativeInput,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO cooperatives (place_code, name, legal_form, terms, mandate, registered_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (place_code) DO UPDATE SET name = $2, legal_form = $3, terms = $4, mandate = $5",
        )
        .bind(place_code)
        .bind(&input.name)
        .bind(&input.legal_form)
        .bind(&input.terms)
        .bind(&input.mandate)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn cooperative(&self, place_code: &str) -> Result<Option<Cooperative>> {
        self.one_where(format!("{COOPERATIVE} WHERE c.place_code = $1"), place_code).await
    }

    /// The cooperatives at the place and inside it.
    pub async fn cooperatives_under(&self, ancestor: &str) -> Result<Vec<Cooperative>> {
        self.all_where(format!(
                "{COOPERATIVE} JOIN place_tree t ON t.descendant = c.place_code WHERE t.ancestor = $1 ORDER BY p.name"
            ), ancestor)
        .await
    }

    /// Adds the person to the register; false when they were a member already.
    pub async fn join_cooperative(
        &self,
        place_code: &str,
        person_id: &str,
        kind: MemberKind,
        now: Timestamp,
    ) -> Result<bool> {
        let added = sqlx::query(
            "INSERT INTO coop_members (place_code, person_id, kind, joined_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (place_code, person_id) DO NOTHING",
        )
        .bind(place_code)
        .bind(person_id)
        .bind(kind.as_str())
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?
        .rows_affected();
        Ok(added == 1)
    }

    /// Takes the person off the register (their posts stay theirs).
    pub async fn leave_cooperative(&self, place_code: &str, person_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM coop_members WHERE place_code = $1 AND person_id = $2")
            .bind(place_code)
            .bind(person_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    const MEMBER: &str =
        "SELECT m.person_id, m.place_code, p.display_name AS name, p.email, m.kind, m.board_role,
        m.joined_at FROM coop_members m JOIN persons p ON p.id = m.person_id";

    pub async fn membership(&self, place_code: &str, person_id: &str) -> Result<Option<Member>> {
        self.read_one(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{} WHERE m.place_code = $1 AND m.person_id = $2",
                Self::MEMBER
            )))
            .bind(place_code)
            .bind(person_id),
        )
        .await
    }

    /// The register, board first, then by name.
    pub async fn members(&self, place_code: &str) -> Result<Vec<Member>> {
        self.all_where(format!(
                "{} WHERE m.place_code = $1 ORDER BY CASE WHEN m.board_role = '' THEN 1 ELSE 0 END, p.display_name, m.person_id",
                Self::MEMBER
            ), place_code)
        .await
    }

    /// Every membership of the person, for their export.
    pub async fn memberships_of(&self, person_id: &str) -> Result<Vec<Member>> {
        self.all_where(format!("{} WHERE m.person_id = $1 ORDER BY m.joined_at", Self::MEMBER), person_id)
            .await
    }

    /// How many members of each kind (public: no names).
    pub async fn member_counts(&self, place_code: &str) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT kind, COUNT(*) FROM coop_members WHERE place_code = $1 GROUP BY kind ORDER BY kind",
        )
        .bind(place_code)
        .fetch_all(&self.read)
        .await?)
    }

    /// The board: names and roles, public as a cooperative's board is.
    pub async fn board(&self, place_code: &str) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT p.display_name, m.board_role FROM coop_members m JOIN persons p ON p.id = m.person_id
             WHERE m.place_code = $1 AND m.board_role <> '' ORDER BY m.board_role, p.display_name",
        )
        .bind(place_code)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn set_board_role(&self, place_code: &str, person_id: &str, role: &str) -> Result<()> {
        let changed =
            sqlx::query("UPDATE coop_members SET board_role = $1 WHERE place_code = $2 AND person_id = $3")
                .bind(role)
                .bind(place_code)
                .bind(person_id)
                .execute(&self.write)
                .await?
                .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn create_team(
        &self,
        place_code: &str,
        name: &str,
        coach_id: &str,
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO coop_teams (id, place_code, name, coach_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(place_code)
        .bind(name)
        .bind(coach_id)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    pub async fn team(&self, id: &str) -> Result<Option<Team>> {
        self.one_where(format!("{TEAM} WHERE t.id = $1"), id).await
    }

    pub async fn teams_in(&self, place_code: &str) -> Result<Vec<Team>> {
        self.all_where(format!("{TEAM} WHERE t.place_code = $1 ORDER BY t.name, t.id"), place_code).await
    }

    /// False when the person was in the team already.
    pub async fn add_team_member(&self, team_id: &str, person_id: &str, now: Timestamp) -> Result<bool> {
        let added = sqlx::query(
            "INSERT INTO coop_team_members (team_id, person_id, joined_at) VALUES ($1, $2, $3)
             ON CONFLICT (team_id, person_id) DO NOTHING",
        )
        .bind(team_id)
        .bind(person_id)
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?
        .rows_affected();
        Ok(added == 1)
    }

    pub async fn team_members(&self, team_id: &str) -> Result<Vec<TeamMember>> {
        self.read_all(
            sqlx::query(
                "SELECT m.person_id, p.display_name AS name, m.joined_at, m.shares_priority, m.buurtbaan,
                 m.buurtbaan_at,
                 CAST(COALESCE((SELECT SUM(h.minutes) FROM coop_task_hours h JOIN market_agreements a ON a.id = h.agreement_id
                           WHERE h.person_id = m.person_id AND a.team_id = m.team_id), 0) AS BIGINT) AS minutes,
                 (SELECT COUNT(*) FROM coop_task_hours h JOIN market_agreements a ON a.id = h.agreement_id
                  WHERE h.person_id = m.person_id AND a.team_id = m.team_id) AS tasks
                 FROM coop_team_members m JOIN persons p ON p.id = m.person_id
                 WHERE m.team_id = $1 ORDER BY p.display_name, m.person_id",
            )
            .bind(team_id),
        )
        .await
    }

    pub async fn team_memberships_of(&self, person_id: &str) -> Result<Vec<TeamMembership>> {
        self.read_all(
            sqlx::query(
                "SELECT m.team_id, t.name AS team_name, t.place_code, m.joined_at, m.shares_priority, m.buurtbaan,
                 m.buurtbaan_at FROM coop_team_members m JOIN coop_teams t ON t.id = m.team_id
                 WHERE m.person_id = $1 ORDER BY m.joined_at",
            )
            .bind(person_id),
        )
        .await
    }

    /// The member says whether the coach and team see their priority.
    pub async fn set_shares_priority(&self, team_id: &str, person_id: &str, shares: bool) -> Result<()> {
        self.update_team_member(
            sqlx::query(
                "UPDATE coop_team_members SET shares_priority = $1 WHERE team_id = $2 AND person_id = $3",
            )
            .bind(i64::from(shares)),
            team_id,
            person_id,
        )
        .await
    }

    /// The member grew into a paid buurtbaan.
    pub async fn record_buurtbaan(
        &self,
        team_id: &str,
        person_id: &str,
        job: &str,
        now: Timestamp,
    ) -> Result<()> {
        self.update_team_member(
            sqlx::query(
                "UPDATE coop_team_members SET buurtbaan = $1, buurtbaan_at = $2 WHERE team_id = $3 AND person_id = $4",
            )
            .bind(job)
            .bind(now.to_rfc3339()),
            team_id,
            person_id,
        )
        .await
    }

    async fn update_team_member(
        &self,
        q: crate::rows::Query<'_>,
        team_id: &str,
        person_id: &str,
    ) -> Result<()> {
        let changed = q
            .bind(team_id.to_string())
            .bind(person_id.to_string())
            .execute(&self.write)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The coach writes down how long each member worked on a team's task;
    /// writing again replaces the member's number.
    pub async fn record_task_hours(
        &self,
        agreement_id: &str,
        hours: &[(String, i64)],
        now: Timestamp,
    ) -> Result<()> {
        for (person, minutes) in hours {
            sqlx::query(
                "INSERT INTO coop_task_hours (agreement_id, person_id, minutes, recorded_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (agreement_id, person_id) DO UPDATE SET minutes = $3, recorded_at = $4",
            )
            .bind(agreement_id)
            .bind(person)
            .bind(minutes)
            .bind(now.to_rfc3339())
            .execute(&self.write)
            .await?;
        }
        Ok(())
    }

    /// People living in the buurt without an account (the demo's residents
    /// who took part on paper or through a professional), up to `limit`.
    pub async fn people_without_account_in(&self, buurt: &str, limit: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, display_name FROM persons WHERE home_place_code = $1 AND email IS NULL
             ORDER BY display_name, id LIMIT $2",
        )
        .bind(buurt)
        .bind(limit)
        .fetch_all(&self.read)
        .await?)
    }

    /// A person's development hours on team tasks, newest first.
    pub async fn task_hours_of(&self, person_id: &str) -> Result<Vec<TaskHours>> {
        self.read_all(
            sqlx::query(
                "SELECT h.agreement_id, t.name AS team_name, a.what, h.minutes, h.recorded_at
                 FROM coop_task_hours h JOIN market_agreements a ON a.id = h.agreement_id
                 LEFT JOIN coop_teams t ON t.id = a.team_id WHERE h.person_id = $1 ORDER BY h.recorded_at DESC",
            )
            .bind(person_id),
        )
        .await
    }
}
