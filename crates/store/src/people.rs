//! People, their accounts and their roles.

use crate::{AnyRow, Result, Store, StoreError, opt_text, secrets, text};
use serde::Serialize;
use wijkwerk_domain::person::{NewAccount, Person, normalize_email};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Role, RoleAssignment, Timestamp, new_id};

const PERSON_COLUMNS: &str = "id, email, display_name, language, home_place_code, created_at";

fn person_from_row(row: &AnyRow) -> Result<Person> {
    Ok(Person {
        id: text(row, "id")?,
        email: opt_text(row, "email")?,
        display_name: text(row, "display_name")?,
        language: text(row, "language")?,
        home_place_code: opt_text(row, "home_place_code")?,
        created_at: text(row, "created_at")?,
        erased_at: None,
    })
}

/// Someone holding a role at a place, as colleagues may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub person_id: String,
    pub display_name: String,
    pub role: Role,
    pub place_code: String,
    pub organisation: Option<String>,
}

impl Store {
    /// Creates a person who can sign in.
    /// Gives `role` at `place_code` to whoever makes an account with `email`
    /// within 30 days. A second invitation for the same role and place is a
    /// conflict, as a second assignment is.
    pub async fn invite_to_role(
        &self,
        email: &str,
        role: Role,
        place_code: &str,
        invited_by: &str,
    ) -> Result<()> {
        // Lapsed invitations go first: nothing about an address is kept longer than needed.
        let cutoff = Timestamp::now().minus_seconds(INVITATION_DAYS * 86_400).to_rfc3339();
        sqlx::query("DELETE FROM role_invitations WHERE created_at <= $1")
            .bind(&cutoff)
            .execute(&self.write)
            .await?;
        sqlx::query(
            "INSERT INTO role_invitations (email_hash, role, place_code, invited_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(email_hash(email))
        .bind(role.as_str())
        .bind(place_code)
        .bind(invited_by)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn create_account(&self, account: NewAccount) -> Result<Person> {
        self.create_account_with_roles(account, &[]).await
    }

    /// Creates a person who can sign in, holding `roles` (role, place code),
    /// all in one transaction: with any invalid field nothing is stored, and
    /// every problem is reported.
    pub async fn create_account_with_roles(
        &self,
        account: NewAccount,
        roles: &[(Role, &str)],
    ) -> Result<Person> {
        let mut invalid = Invalid::new();
        if let Some(code) = &account.home_place_code
            && self.place(code).await?.is_none()
        {
            invalid.add("homePlaceCode", "place-unknown");
        }
        for (_, place) in roles {
            if self.place(place).await?.is_none() {
                invalid.add("placeCode", "place-unknown");
            }
        }
        let account = match account.validate() {
            Ok(a) if invalid.is_empty() => a,
            Ok(_) => return Err(invalid.into()),
            Err(mut errors) => {
                errors.errors.extend(invalid.errors);
                return Err(errors.into());
            }
        };
        let hash = secrets::hash_password(&account.password);
        let person = Person {
            id: new_id(),
            email: Some(account.email),
            display_name: account.display_name,
            language: account.language,
            home_place_code: account.home_place_code,
            created_at: Timestamp::now().to_rfc3339(),
            erased_at: None,
        };
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO persons (id, email, display_name, password_hash, language, home_place_code, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&person.id)
        .bind(&person.email)
        .bind(&person.display_name)
        .bind(&hash)
        .bind(&person.language)
        .bind(&person.home_place_code)
        .bind(&person.created_at)
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            return Err(match StoreError::from(e) {
                StoreError::Conflict(_) => Invalid::single("email", "email-taken").into(),
                other => other,
            });
        }
        // Roles waiting for this address (see `invite_to_role`) come with the account.
        let hash = email_hash(person.email.as_deref().unwrap_or_default());
        let cutoff = Timestamp::now().minus_seconds(INVITATION_DAYS * 86_400).to_rfc3339();
        let invited: Vec<(String, String)> = sqlx::query_as(
            "SELECT role, place_code FROM role_invitations WHERE email_hash = $1 AND created_at > $2",
        )
        .bind(&hash)
        .bind(&cutoff)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM role_invitations WHERE email_hash = $1")
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        let invited: Vec<(Role, String)> =
            invited.into_iter().filter_map(|(r, p)| Role::parse(&r).map(|r| (r, p))).collect();
        let all: Vec<(Role, &str)> =
            roles.iter().copied().chain(invited.iter().map(|(r, p)| (*r, p.as_str()))).collect();
        for (role, place) in &all {
            sqlx::query(
                "INSERT INTO role_assignments (id, person_id, role, place_code, created_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (person_id, role, place_code) DO NOTHING",
            )
            .bind(new_id())
            .bind(&person.id)
            .bind(role.as_str())
            .bind(*place)
            .bind(&person.created_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(person)
    }

    /// Registers a person without an account (a resident known to the wijk
    /// who does not use the platform themselves).
    pub async fn add_person(&self, display_name: &str, home_place_code: Option<&str>) -> Result<Person> {
        let person = Person {
            id: new_id(),
            email: None,
            display_name: display_name.trim().into(),
            language: "nl".into(),
            home_place_code: home_place_code.map(String::from),
            created_at: Timestamp::now().to_rfc3339(),
            erased_at: None,
        };
        if person.display_name.is_empty() {
            return Err(Invalid::single("displayName", "required").into());
        }
        sqlx::query(
            "INSERT INTO persons (id, display_name, language, home_place_code, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&person.id)
        .bind(&person.display_name)
        .bind(&person.language)
        .bind(&person.home_place_code)
        .bind(&person.created_at)
        .execute(&self.write)
        .await?;
        Ok(person)
    }

    pub async fn person(&self, id: &str) -> Result<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.read).await?;
        row.as_ref().map(person_from_row).transpose()
    }

    pub async fn person_by_email(&self, email: &str) -> Result<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM persons WHERE email = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(normalize_email(email))
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(person_from_row).transpose()
    }

    /// The person with this e-mail address when `password` is theirs. Takes the
    /// same time whether or not the address exists.
    pub async fn check_credentials(&self, email: &str, password: &str) -> Result<Option<Person>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PERSON_COLUMNS}, password_hash FROM persons WHERE email = $1"
        )))
        .bind(normalize_email(email))
        .fetch_optional(&self.read)
        .await?;
        let (person, hash) = match &row {
            Some(r) => (Some(person_from_row(r)?), opt_text(r, "password_hash")?),
            None => (None, None),
        };
        let password = password.to_string();
        // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
        let ok = tokio::task::spawn_blocking(move || secrets::verify_password(&password, hash.as_deref()))
            .await
            .unwrap_or(false);
        Ok(if ok { person } else { None })
    }

    pub async fn set_password(&self, person_id: &str, password: &str) -> Result<()> {
        let mut invalid = Invalid::new();
        wijkwerk_domain::person::check_password(password, &mut invalid);
        invalid.into_result(())?;
        let hash = secrets::hash_password(password);
        let done = sqlx::query("UPDATE persons SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(person_id)
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn set_language(&self, person_id: &str, language: &str) -> Result<()> {
        if !wijkwerk_domain::person::LANGUAGES.contains(&language) {
            return Err(Invalid::single("language", "language-unknown").into());
        }
        sqlx::query("UPDATE persons SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(person_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn assign_role(
        &self,
        person_id: &str,
        role: Role,
        place_code: &str,
        organisation_id: Option<&str>,
    ) -> Result<RoleAssignment> {
        let mut invalid = Invalid::new();
        if self.person(person_id).await?.is_none() {
            invalid.add("personId", "person-unknown");
        }
        if self.place(place_code).await?.is_none() {
            invalid.add("placeCode", "place-unknown");
        }
        invalid.into_result(())?;
        sqlx::query(
            "INSERT INTO role_assignments (id, person_id, role, place_code, organisation_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(person_id)
        .bind(role.as_str())
        .bind(place_code)
        .bind(organisation_id)
        .bind(Timestamp::now().to_rfc3339())
        .execute(&self.write)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict("role-already-held"),
            other => other,
        })?;
        Ok(RoleAssignment { role, place_code: place_code.into() })
    }

    pub async fn roles_of(&self, person_id: &str) -> Result<Vec<RoleAssignment>> {
        let rows = sqlx::query(
            "SELECT role, place_code FROM role_assignments WHERE person_id = $1 ORDER BY role, place_code",
        )
        .bind(person_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .filter_map(|r| {
                let role = text(r, "role").ok().and_then(|t| Role::parse(&t))?;
                Some(text(r, "place_code").map(|place_code| RoleAssignment { role, place_code }))
            })
            .collect()
    }

    pub async fn actor(&self, person_id: &str) -> Result<Actor> {
        Ok(Actor { person_id: person_id.into(), roles: self.roles_of(person_id).await? })
    }

    /// People holding a role exactly at `place_code`, by role and name.
    pub async fn team_at(&self, place_code: &str) -> Result<Vec<TeamMember>> {
        let rows = sqlx::query(
            "SELECT p.id, p.display_name, r.role, r.place_code, o.name AS organisation
             FROM role_assignments r
             JOIN persons p ON p.id = r.person_id
             LEFT JOIN organisations o ON o.id = r.organisation_id
             WHERE r.place_code = $1 AND r.role <> 'bewoner'
             ORDER BY r.role, p.display_name",
        )
        .bind(place_code)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .filter_map(|r| {
                let role = text(r, "role").ok().and_then(|t| Role::parse(&t))?;
                Some((|| {
                    Ok(TeamMember {
                        person_id: text(r, "id")?,
                        display_name: text(r, "display_name")?,
                        role,
                        place_code: text(r, "place_code")?,
                        organisation: opt_text(r, "organisation")?,
                    })
                })())
            })
            .collect()
    }
}

/// How long a role waits for its account.
const INVITATION_DAYS: i64 = 30;

/// The key an invitation is kept under: the address as accounts keep it
/// (`normalize_email`), hashed; the platform keeps no address of someone
/// without an account.
fn email_hash(email: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::secrets::hex(&Sha256::digest(normalize_email(email).as_bytes()))
}

impl Store {
    /// Ids of people who live at a place or inside it, in a fixed order (for
    /// the demo and benchmarks; nothing on a page lists people this way).
    pub async fn people_living_in(&self, place_code: &str, limit: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT p.id FROM persons p JOIN place_tree t ON t.descendant = p.home_place_code
             WHERE t.ancestor = $1 ORDER BY p.id LIMIT $2",
        )
        .bind(place_code)
        .bind(limit)
        .fetch_all(&self.read)
        .await?)
    }
}
