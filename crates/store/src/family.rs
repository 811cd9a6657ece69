//! Households and their family plan.

use crate::{AnyRow, Result, Store, StoreError, int, opt_text, secrets, text};
use serde::Serialize;
use wijkwerk_domain::family::{ActionInput, ActionStatus, Member, PlanGoalInput, Relation};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

#[derive(Clone, Debug, Serialize)]
pub struct Household {
    pub id: String,
    pub name: String,
    pub join_code: String,
    /// After this the code asks nothing any more; an adult makes a new one.
    pub join_code_expires_at: String,
    pub members: Vec<Member>,
}

/// Someone who used the household's code and waits for an adult to let them in.
#[derive(Clone, Debug, Serialize)]
pub struct JoinRequest {
    pub household_id: String,
    pub household_name: String,
    pub person_id: String,
    pub name: String,
    pub relation: Relation,
    pub requested_at: String,
}

/// How long a join code works.
pub const JOIN_CODE_DAYS: i64 = 14;

#[derive(Clone, Debug, Serialize)]
pub struct PlanGoal {
    pub id: String,
    pub parent_id: Option<String>,
    pub title: String,
    pub domain: Option<String>,
    pub member_ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanAction {
    pub id: String,
    pub goal_id: String,
    pub who: String,
    pub what: String,
    pub planned_half_hours: u32,
    pub spent_half_hours: u32,
    pub due: Option<String>,
    pub status: ActionStatus,
}

#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub held_on: String,
    pub summary: String,
    pub author: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NetworkPerson {
    pub name: String,
    pub relation: String,
    pub contact: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Professional {
    pub person_id: String,
    pub name: String,
    pub organisation: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FamilyPlan {
    pub id: String,
    pub household_id: String,
    pub regisseur_id: Option<String>,
    pub goals: Vec<PlanGoal>,
    pub actions: Vec<PlanAction>,
    pub evaluations: Vec<Evaluation>,
    pub network: Vec<NetworkPerson>,
    pub professionals: Vec<Professional>,
}

/// A short code that is easy to read out and type: no 0/O or 1/I.
fn join_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let token = secrets::new_token();
    token
        .as_bytes()
        .chunks(2)
        .take(8)
        .map(|pair| {
            let v = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            ALPHABET[usize::from(v) % ALPHABET.len()] as char
        })
        .collect()
}

fn member_from_row(r: &AnyRow) -> Result<Member> {
    let relation = text(r, "relation")?;
    Ok(Member {
        person_id: text(r, "person_id")?,
        name: text(r, "display_name")?,
        relation: Relation::parse(&relation).unwrap_or(Relation::Anders),
        adult: int(r, "adult")? == 1,
        has_account: int(r, "has_account")? == 1,
    })
}

impl Store {
    /// Starts a household with `creator` as its first adult member.
    pub async fn create_household(&self, creator: &str, name: &str, relation: Relation) -> Result<Household> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Invalid::single("name", if name.is_empty() { "required" } else { "too-long" }).into());
        }
        let id = new_id();
        let now = Timestamp::now().to_rfc3339();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO households (id, name, join_code, join_code_expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(name)
        .bind(join_code())
        .bind(Timestamp::now().plus_seconds(JOIN_CODE_DAYS * 86_400).to_rfc3339())
        .bind(&now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO household_members (household_id, person_id, relation, adult, joined_at) VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(&id)
        .bind(creator)
        .bind(relation.as_str())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.household(&id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn household(&self, id: &str) -> Result<Option<Household>> {
        let Some(row) =
            sqlx::query("SELECT id, name, join_code, join_code_expires_at FROM households WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?
        else {
            return Ok(None);
        };
        let members = sqlx::query(
            "SELECT m.person_id, p.display_name, m.relation, m.adult,
                    CASE WHEN p.password_hash IS NULL THEN 0 ELSE 1 END AS has_account
             FROM household_members m JOIN persons p ON p.id = m.person_id
             WHERE m.household_id = $1 ORDER BY m.adult DESC, m.joined_at, p.display_name",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(member_from_row)
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(Household {
            id: text(&row, "id")?,
            name: text(&row, "name")?,
            join_code: text(&row, "join_code")?,
            join_code_expires_at: text(&row, "join_code_expires_at")?,
            members,
        }))
    }

    /// Households the person belongs to.
    pub async fn households_of(&self, person_id: &str) -> Result<Vec<Household>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT h.id FROM households h JOIN household_members m ON m.household_id = h.id
             WHERE m.person_id = $1 ORDER BY h.name",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.household(&id).await?);
        }
        Ok(out)
    }

    /// Adds a member without an account (a child, say), living where the adder lives.
    pub async fn add_household_member(
        &self,
        household_id: &str,
        name: &str,
        relation: Relation,
        adult: bool,
        home_place_code: Option<&str>,
    ) -> Result<Member> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Invalid::single("name", if name.is_empty() { "required" } else { "too-long" }).into());
        }
        let person = self.add_person(name, home_place_code).await?;
        sqlx::query(
            "INSERT INTO household_members (household_id, person_id, relation, adult, joined_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(household_id)
        .bind(&person.id)
        .bind(relation.as_str())
        .bind(i64::from(adult))
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(Member { person_id: person.id, name: person.display_name, relation, adult, has_account: false })
    }

    /// Joins the household whose code this is, as an adult. `None` for an unknown code.
    /// A new join code for the household, valid for [`JOIN_CODE_DAYS`]; the
    /// old one stops working.
    pub async fn renew_join_code(&self, household_id: &str) -> Result<()> {
        sqlx::query("UPDATE households SET join_code = $2, join_code_expires_at = $3 WHERE id = $1")
            .bind(household_id)
            .bind(join_code())
            .bind(Timestamp::now().plus_seconds(JOIN_CODE_DAYS * 86_400).to_rfc3339())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Asks to join the household whose code this is (while it works). A
    /// member already in gets the household; anyone else waits for an adult.
    /// `None` when no household has this code.
    pub async fn request_to_join(
        &self,
        code: &str,
        person_id: &str,
        relation: Relation,
    ) -> Result<Option<String>> {
        let code = code.trim().to_uppercase();
        let now = Timestamp::now().to_rfc3339();
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM households WHERE join_code = $1 AND join_code_expires_at > $2",
        )
        .bind(&code)
        .bind(&now)
        .fetch_optional(&self.read)
        .await?;
        let Some(id) = id else { return Ok(None) };
        sqlx::query(
            "INSERT INTO household_join_requests (household_id, person_id, relation, requested_at)
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS
                 (SELECT 1 FROM household_members WHERE household_id = $1 AND person_id = $2)
             ON CONFLICT (household_id, person_id) DO NOTHING",
        )
        .bind(&id)
        .bind(person_id)
        .bind(relation.as_str())
        .bind(&now)
        .execute(&self.write)
        .await?;
        Ok(Some(id))
    }

    /// Who waits to join `household_id`, or (with `person_id`) which
    /// households that person waits for.
    pub async fn join_requests(
        &self,
        household_id: Option<&str>,
        person_id: Option<&str>,
    ) -> Result<Vec<JoinRequest>> {
        sqlx::query(
            "SELECT r.household_id, h.name AS household_name, r.person_id, p.display_name, r.relation, r.requested_at
             FROM household_join_requests r JOIN households h ON h.id = r.household_id
             JOIN persons p ON p.id = r.person_id
             WHERE ($1 IS NULL OR r.household_id = $1) AND ($2 IS NULL OR r.person_id = $2)
             ORDER BY r.requested_at",
        )
        .bind(household_id)
        .bind(person_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(JoinRequest {
                household_id: text(r, "household_id")?,
                household_name: text(r, "household_name")?,
                person_id: text(r, "person_id")?,
                name: text(r, "display_name")?,
                relation: Relation::parse(&text(r, "relation")?).unwrap_or(Relation::Anders),
                requested_at: text(r, "requested_at")?,
            })
        })
        .collect()
    }

    /// Lets the person in as an adult member, or not; the request is gone
    /// either way. Returns whether there was a request.
    pub async fn decide_join(&self, household_id: &str, person_id: &str, admit: bool) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let relation: Option<String> = sqlx::query_scalar(
            "DELETE FROM household_join_requests WHERE household_id = $1 AND person_id = $2 RETURNING relation",
        )
        .bind(household_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(relation) = relation else { return Ok(false) };
        if admit {
            sqlx::query(
                "INSERT INTO household_members (household_id, person_id, relation, adult, joined_at) VALUES ($1, $2, $3, 1, $4)
                 ON CONFLICT (household_id, person_id) DO NOTHING",
            )
            .bind(household_id)
            .bind(person_id)
            .bind(relation)
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn plan_id_of(&self, household_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM family_plans WHERE household_id = $1")
            .bind(household_id)
            .fetch_optional(&self.read)
            .await?)
    }

    pub async fn household_of_plan(&self, plan_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT household_id FROM family_plans WHERE id = $1")
            .bind(plan_id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// The household's plan, made on first use.
    pub async fn ensure_plan(&self, household_id: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO family_plans (id, household_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (household_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(household_id)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        self.plan_id_of(household_id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn family_plan(&self, plan_id: &str) -> Result<Option<FamilyPlan>> {
        let Some(row) = sqlx::query("SELECT id, household_id, regisseur_id FROM family_plans WHERE id = $1")
            .bind(plan_id)
            .fetch_optional(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let mut goals: Vec<PlanGoal> = sqlx::query(
            "SELECT id, parent_id, title, domain FROM plan_goals WHERE plan_id = $1 ORDER BY created_at, id",
        )
        .bind(plan_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(PlanGoal {
                id: text(r, "id")?,
                parent_id: opt_text(r, "parent_id")?,
                title: text(r, "title")?,
                domain: opt_text(r, "domain")?,
                member_ids: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
        for r in sqlx::query(
            "SELECT gm.goal_id, gm.person_id FROM plan_goal_members gm JOIN plan_goals g ON g.id = gm.goal_id
             WHERE g.plan_id = $1",
        )
        .bind(plan_id)
        .fetch_all(&self.read)
        .await?
        {
            let goal_id = text(&r, "goal_id")?;
            if let Some(g) = goals.iter_mut().find(|g| g.id == goal_id) {
                g.member_ids.push(text(&r, "person_id")?);
            }
        }
        let actions = sqlx::query(
            "SELECT a.id, a.goal_id, a.who, a.what, a.planned_half_hours, a.spent_half_hours, a.due, a.status
             FROM plan_actions a JOIN plan_goals g ON g.id = a.goal_id
             WHERE g.plan_id = $1 ORDER BY a.created_at, a.id",
        )
        .bind(plan_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(PlanAction {
                id: text(r, "id")?,
                goal_id: text(r, "goal_id")?,
                who: text(r, "who")?,
                what: text(r, "what")?,
                planned_half_hours: int(r, "planned_half_hours")? as u32,
                spent_half_hours: int(r, "spent_half_hours")? as u32,
                due: opt_text(r, "due")?,
                status: ActionStatus::parse(&text(r, "status")?).unwrap_or(ActionStatus::Open),
            })
        })
        .collect::<Result<_>>()?;
        let evaluations = sqlx::query(
            "SELECT e.held_on, e.summary, p.display_name AS author FROM plan_evaluations e
             LEFT JOIN persons p ON p.id = e.author_id WHERE e.plan_id = $1 ORDER BY e.held_on DESC, e.created_at DESC",
        )
        .bind(plan_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok(Evaluation { held_on: text(r, "held_on")?, summary: text(r, "summary")?, author: opt_text(r, "author")? }))
        .collect::<Result<_>>()?;
        let network =
            sqlx::query("SELECT name, relation, contact FROM plan_network WHERE plan_id = $1 ORDER BY name")
                .bind(plan_id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    Ok(NetworkPerson {
                        name: text(r, "name")?,
                        relation: text(r, "relation")?,
                        contact: text(r, "contact")?,
                    })
                })
                .collect::<Result<_>>()?;
        let professionals = sqlx::query(
            "SELECT pp.person_id, p.display_name,
                    (SELECT MIN(o.name) FROM role_assignments r JOIN organisations o ON o.id = r.organisation_id
                     WHERE r.person_id = pp.person_id) AS organisation
             FROM plan_professionals pp JOIN persons p ON p.id = pp.person_id
             WHERE pp.plan_id = $1 ORDER BY p.display_name",
        )
        .bind(plan_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Professional {
                person_id: text(r, "person_id")?,
                name: text(r, "display_name")?,
                organisation: opt_text(r, "organisation")?,
            })
        })
        .collect::<Result<_>>()?;
        Ok(Some(FamilyPlan {
            id: text(&row, "id")?,
            household_id: text(&row, "household_id")?,
            regisseur_id: opt_text(&row, "regisseur_id")?,
            goals,
            actions,
            evaluations,
            network,
            professionals,
        }))
    }

    pub async fn add_plan_goal(&self, plan_id: &str, goal: &PlanGoalInput) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO plan_goals (id, plan_id, parent_id, title, domain, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(plan_id)
        .bind(&goal.parent_id)
        .bind(&goal.title)
        .bind(&goal.domain)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
        for person in &goal.member_ids {
            sqlx::query("INSERT INTO plan_goal_members (goal_id, person_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_plan_action(&self, action: &ActionInput) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO plan_actions (id, goal_id, who, what, planned_half_hours, due, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&action.goal_id)
        .bind(&action.who)
        .bind(&action.what)
        .bind(i64::from(action.planned_half_hours))
        .bind(&action.due)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    /// Updates an action of this plan; `NotFound` for an action of another plan.
    pub async fn update_plan_action(
        &self,
        plan_id: &str,
        action_id: &str,
        spent: u32,
        status: ActionStatus,
    ) -> Result<()> {
        self.update_plan_actions(plan_id, &[(action_id.to_string(), spent, status)]).await
    }

    /// Several actions' progress at once, in one transaction: all or nothing.
    pub async fn update_plan_actions(
        &self,
        plan_id: &str,
        updates: &[(String, u32, ActionStatus)],
    ) -> Result<()> {
        for (action_id, spent, status) in updates {
            let done = sqlx::query(
                "UPDATE plan_actions SET spent_half_hours = $1, status = $2
                 WHERE id = $3 AND goal_id IN (SELECT id FROM plan_goals WHERE plan_id = $4)",
            )
            .bind(i64::from(*spent))
            .bind(status.as_str())
            .bind(action_id)
            .bind(plan_id)
            .execute(&self.write)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
        }
        Ok(())
    }

    pub async fn add_evaluation(
        &self,
        plan_id: &str,
        held_on: &str,
        summary: &str,
        author: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO plan_evaluations (id, plan_id, held_on, summary, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(plan_id)
        .bind(held_on)
        .bind(summary)
        .bind(author)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn add_network_person(
        &self,
        plan_id: &str,
        name: &str,
        relation: &str,
        contact: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO plan_network (id, plan_id, name, relation, contact) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(new_id())
        .bind(plan_id)
        .bind(name)
        .bind(relation)
        .bind(contact)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn invite_professional(&self, plan_id: &str, person_id: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO plan_professionals (plan_id, person_id, invited_at) VALUES ($1, $2, $3)
             ON CONFLICT (plan_id, person_id) DO NOTHING",
        )
        .bind(plan_id)
        .bind(person_id)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn set_regisseur(&self, plan_id: &str, person_id: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE family_plans SET regisseur_id = $1 WHERE id = $2")
            .bind(person_id)
            .bind(plan_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Plans a professional was invited to.
    pub async fn plans_of_professional(&self, person_id: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT f.id, h.name FROM plan_professionals pp
             JOIN family_plans f ON f.id = pp.plan_id JOIN households h ON h.id = f.household_id
             WHERE pp.person_id = $1 ORDER BY h.name",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok((text(r, "id")?, text(r, "name")?))).collect()
    }

    /// Every consent given by any member of the household (for the plan's access check).
    pub async fn consents_of_household(
        &self,
        household_id: &str,
    ) -> Result<Vec<wijkwerk_domain::privacy::Consent>> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT person_id FROM household_members WHERE household_id = $1")
                .bind(household_id)
                .fetch_all(&self.read)
                .await?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.consents_given(&id).await?.into_iter().map(|c| c.consent));
        }
        Ok(out)
    }
}
