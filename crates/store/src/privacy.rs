//! Consent, the access log, export and erasure.

use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::person::Person;
use wijkwerk_domain::privacy::{self, AccessRecord, Consent, Scope};
use wijkwerk_domain::{Invalid, RoleAssignment, Timestamp, new_id};

const CONSENT_COLUMNS: &str =
    "c.id, c.subject_id, c.grantee_id, c.scope, c.purpose, c.granted_at, c.valid_until, c.revoked_at";

/// An erased reader leaves no name behind.
fn name_or_empty(row: &AnyRow, col: &str) -> Result<String> {
    Ok(opt_text(row, col)?.unwrap_or_default())
}

from_row! { AccessRecord { at: text, actor_id: opt_text, actor_name: name_or_empty, subject_id: text, what: text, why: text } }
from_row! { SessionRecord { created_at: text, expires_at: text } }
from_row! { KnownBrowserRecord { created_at: text, last_used_at: text } }
from_row! { JoinRequestRecord { household: text, requested_at: text } }
from_row! { AuditedActionRecord { at: text, action: text, place_code: text } }
from_row! { ApiTokenRecord { id: text, label: text, created_at: text } }
from_row! { KeptInitiativeRecord { organisation: text, added_at: text } }

fn consent_from_row(row: &AnyRow) -> Result<Consent> {
    let scope = text(row, "scope")?;
    Ok(Consent {
        id: text(row, "id")?,
        subject_id: text(row, "subject_id")?,
        grantee_id: text(row, "grantee_id")?,
        scope: Scope::parse(&scope)
            .ok_or_else(|| StoreError::Database(sqlx::Error::Decode(format!("bad scope {scope}").into())))?,
        purpose: text(row, "purpose")?,
        granted_at: text(row, "granted_at")?,
        valid_until: opt_text(row, "valid_until")?,
        revoked_at: opt_text(row, "revoked_at")?,
    })
}

/// A consent with the name of the other party, for lists.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    #[serde(flatten)]
    pub consent: Consent,
    /// The grantee's name in a list of consents given, the subject's in a list received.
    pub other_name: String,
    pub active: bool,
}

/// The export speaks the API's camelCase, as its OpenAPI schema says; the
/// domain types keep their Rust names for the templates.
fn person_in_camel_case<S: serde::Serializer>(p: &Person, s: S) -> std::result::Result<S::Ok, S::Error> {
    serde_json::json!({
        "id": p.id, "email": p.email, "displayName": p.display_name, "language": p.language,
        "homePlaceCode": p.home_place_code, "createdAt": p.created_at, "erasedAt": p.erased_at,
    })
    .serialize(s)
}

fn roles_in_camel_case<S: serde::Serializer>(
    roles: &[RoleAssignment],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let list: Vec<serde_json::Value> =
        roles.iter().map(|r| serde_json::json!({ "role": r.role, "placeCode": r.place_code })).collect();
    list.serialize(s)
}

/// Everything stored about one person, as they may download it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalExport {
    pub exported_at: String,
    #[serde(serialize_with = "person_in_camel_case")]
    pub person: Person,
    #[serde(serialize_with = "roles_in_camel_case")]
    pub roles: Vec<RoleAssignment>,
    pub consents_given: Vec<ConsentView>,
    pub consents_received: Vec<ConsentView>,
    pub access_log: Vec<AccessRecord>,
    pub sessions: Vec<SessionRecord>,
    /// Browsers remembered for sign-in (only their dates; the token is stored hashed).
    pub known_browsers: Vec<KnownBrowserRecord>,
    /// Households the person asked to join and that have not answered yet.
    pub join_requests: Vec<JoinRequestRecord>,
    /// Privileged actions the person took, as the audit trail holds them.
    pub audited_actions: Vec<AuditedActionRecord>,
    /// Their own initiatives on the sociale kaart, which they keep.
    pub kept_initiatives: Vec<KeptInitiativeRecord>,
    /// Their answers in the gemeente's wijkscan.
    pub wijkscan_answers: Vec<crate::wijkscan::AnswerRecord>,
    /// The meetings they registered for (or wait for a place at).
    pub meeting_registrations: Vec<crate::meetings::RegistrationRecord>,
    /// How they rated meetings they were registered for.
    pub meeting_evaluations: Vec<crate::meetings::EvaluationRecord>,
    /// Wijk initiatives they submitted or support. On erasure their support
    /// goes; what they submitted stays as a public record of public money,
    /// without them.
    pub initiatives: Vec<crate::initiatives::InitiativeRecord>,
    /// Challenges of the gemeente's plans they submitted (public under the
    /// group's name; on erasure they stay, without them).
    pub challenges: Vec<crate::challenges::ChallengeRecord>,
    /// The wijken whose wijkkrant they help make (gone on erasure; the
    /// stories they wrote stay in the paper without them).
    pub newspaper_editor_of: Vec<crate::newspaper::EditorRecord>,
    /// What they want by e-mail, and which messages went (or wait) to them.
    pub mail_preferences: crate::mail::MailPreferences,
    pub mails: Vec<crate::mail::MailRecord>,
    /// Photos and receipts they added to an initiative's account.
    pub initiative_files: Vec<crate::initiative_files::FileRecord>,
    /// Emergency budget requests for them, or that they asked as a
    /// professional. On erasure they stay (public money), without them.
    pub emergency_requests: Vec<crate::emergency::EmergencyRecord>,
    /// Their intake at the luisterloket, whole, and every share of it they gave.
    pub intake: Option<crate::intakes::Intake>,
    pub intake_shares: Vec<wijkwerk_domain::intake::Share>,
    /// Referrals made from their intake, with the partners' answers.
    pub intake_referrals: Vec<crate::intakes::Referral>,
    /// What professionals wrote in their intake, with their own view on it.
    pub intake_notes: Vec<crate::intakes::IntakeNote>,
    /// Their lines in wijk cooperatives' member registers.
    pub cooperative_memberships: Vec<crate::cooperative::Member>,
    /// Teams of job seekers they are in, and their hours on the teams' tasks.
    pub teams: Vec<crate::cooperative::TeamMembership>,
    pub task_hours: Vec<crate::cooperative::TaskHours>,
    /// Their requests and offers on the marketplace (also those a
    /// professional placed for them, or they placed for someone).
    pub market_posts: Vec<crate::marketplace::MarketPost>,
    /// Agreements they are a side of, with the hours and thanks both gave.
    pub market_agreements: Vec<crate::marketplace::Agreement>,
    /// Their account in the hours ledger.
    pub hours: Vec<crate::marketplace::HoursMovement>,
    /// What they asked the cooperative's service desk for an initiative.
    pub service_requests: Vec<crate::alliances::ServiceRequest>,
    /// The marketplace's weekly e-mails queued and sent to them.
    pub market_digests: Vec<crate::digests::DigestRecord>,
    pub api_tokens: Vec<ApiTokenRecord>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptInitiativeRecord {
    pub organisation: String,
    pub added_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinRequestRecord {
    pub household: String,
    pub requested_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditedActionRecord {
    pub at: String,
    pub action: String,
    pub place_code: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownBrowserRecord {
    pub created_at: String,
    pub last_used_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    pub created_at: String,
    pub expires_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiTokenRecord {
    pub id: String,
    pub label: String,
    pub created_at: String,
}

impl Store {
    /// Records that `subject_id` lets `grantee_id` see `scope` for `purpose`.
    pub async fn grant_consent(
        &self,
        subject_id: &str,
        grantee_id: &str,
        scope: &str,
        purpose: &str,
        valid_until: Option<&str>,
    ) -> Result<Consent> {
        let now = Timestamp::now().to_rfc3339();
        let grantee_known =
            wijkwerk_domain::ids::is_id(grantee_id) && self.person(grantee_id).await?.is_some();
        let (grantee_id, scope, purpose, valid_until) = privacy::check_new_consent(
            subject_id,
            grantee_known.then_some(grantee_id),
            Some(scope),
            purpose,
            valid_until,
            &now,
        )?;
        let consent = Consent {
            id: new_id(),
            subject_id: subject_id.into(),
            grantee_id,
            scope,
            purpose,
            granted_at: now,
            valid_until,
            revoked_at: None,
        };
        sqlx::query(
            "INSERT INTO consents (id, subject_id, grantee_id, scope, purpose, granted_at, valid_until)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&consent.id)
        .bind(&consent.subject_id)
        .bind(&consent.grantee_id)
        .bind(consent.scope.as_str())
        .bind(&consent.purpose)
        .bind(&consent.granted_at)
        .bind(&consent.valid_until)
        .execute(&self.write)
        .await?;
        Ok(consent)
    }

    /// Ends a consent the subject gave. Only the subject can revoke it.
    pub async fn revoke_consent(&self, subject_id: &str, consent_id: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE consents SET revoked_at = $1 WHERE id = $2 AND subject_id = $3 AND revoked_at IS NULL",
        )
        .bind(Timestamp::now().to_rfc3339())
        .bind(consent_id)
        .bind(subject_id)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Consents `person_id` gave (newest first), with the grantee's name.
    pub async fn consents_given(&self, person_id: &str) -> Result<Vec<ConsentView>> {
        self.consent_list(person_id, "c.subject_id = $1", "c.grantee_id").await
    }

    /// Consents others gave to `person_id`, with the subject's name.
    pub async fn consents_received(&self, person_id: &str) -> Result<Vec<ConsentView>> {
        self.consent_list(person_id, "c.grantee_id = $1", "c.subject_id").await
    }

    async fn consent_list(&self, person_id: &str, filter: &str, other: &str) -> Result<Vec<ConsentView>> {
        let sql = format!(
            "SELECT {CONSENT_COLUMNS}, p.display_name AS other_name
             FROM consents c JOIN persons p ON p.id = {other}
             WHERE {filter} ORDER BY c.granted_at DESC"
        );
        let now = Timestamp::now().to_rfc3339();
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(person_id).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                let consent = consent_from_row(r)?;
                Ok(ConsentView {
                    active: consent.is_active(&now),
                    other_name: text(r, "other_name")?,
                    consent,
                })
            })
            .collect()
    }

    /// Active consents of `subject_id` for `grantee_id`.
    pub async fn active_consents(&self, subject_id: &str, grantee_id: &str) -> Result<Vec<Consent>> {
        let sql = format!(
            "SELECT {CONSENT_COLUMNS} FROM consents c
             WHERE c.subject_id = $1 AND c.grantee_id = $2 AND c.revoked_at IS NULL"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(subject_id)
            .bind(grantee_id)
            .fetch_all(&self.read)
            .await?;
        let now = Timestamp::now().to_rfc3339();
        let all: Vec<Consent> = rows.iter().map(consent_from_row).collect::<Result<_>>()?;
        Ok(all.into_iter().filter(|c| c.is_active(&now)).collect())
    }

    /// The consent that lets `actor_id` see `scope` of the subject's data,
    /// after recording the read in the subject's access log. `None` when no
    /// consent allows it: then nothing may be read, and nothing is logged.
    /// Every read of another person's data goes through here.
    pub async fn consent_to_read(
        &self,
        actor_id: &str,
        subject_id: &str,
        scope: Scope,
    ) -> Result<Option<Consent>> {
        let consents = self.active_consents(subject_id, actor_id).await?;
        let now = Timestamp::now().to_rfc3339();
        let Some(consent) = privacy::consent_for(&consents, actor_id, scope, &now).cloned() else {
            return Ok(None);
        };
        self.log_access(actor_id, subject_id, scope.as_str(), &consent.purpose, Some(&consent.id)).await?;
        Ok(Some(consent))
    }

    /// The subject's profile for `actor_id`, under consent (logged).
    pub async fn read_profile_with_consent(
        &self,
        actor_id: &str,
        subject_id: &str,
    ) -> Result<Option<(Person, Consent)>> {
        if self.person(subject_id).await?.is_none() {
            return Ok(None);
        }
        let Some(consent) = self.consent_to_read(actor_id, subject_id, Scope::Profile).await? else {
            return Ok(None);
        };
        Ok(self.person(subject_id).await?.map(|p| (p, consent)))
    }

    /// Adds an entry to the subject's access log.
    pub async fn log_access(
        &self,
        actor_id: &str,
        subject_id: &str,
        what: &str,
        why: &str,
        consent_id: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO access_log (id, at, actor_id, subject_id, what, why, consent_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(Timestamp::now().to_rfc3339())
        .bind(actor_id)
        .bind(subject_id)
        .bind(what)
        .bind(why)
        .bind(consent_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Who read the person's data, newest first.
    pub async fn access_log_for(&self, subject_id: &str, limit: i64) -> Result<Vec<AccessRecord>> {
        self.read_all(
            sqlx::query(
                "SELECT a.at, a.actor_id, p.display_name AS actor_name, a.subject_id, a.what, a.why
                 FROM access_log a LEFT JOIN persons p ON p.id = a.actor_id
                 WHERE a.subject_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT $2",
            )
            .bind(subject_id)
            .bind(limit),
        )
        .await
    }

    /// Everything stored about the person.
    pub async fn export_person(&self, person_id: &str) -> Result<PersonalExport> {
        let person = self.person(person_id).await?.ok_or(StoreError::NotFound)?;
        let query = |sql| sqlx::query(sql).bind(person_id);
        let sessions = self
            .read_all(query(
                "SELECT created_at, expires_at FROM sessions WHERE person_id = $1 ORDER BY created_at",
            ))
            .await?;
        let known_browsers = self
            .read_all(query(
                "SELECT created_at, last_used_at FROM known_devices WHERE person_id = $1 ORDER BY created_at",
            ))
            .await?;
        let join_requests = self
            .read_all(query(
                "SELECT h.name AS household, r.requested_at
                 FROM household_join_requests r JOIN households h ON h.id = r.household_id
                 WHERE r.person_id = $1 ORDER BY r.requested_at",
            ))
            .await?;
        let audited_actions = self
            .read_all(query("SELECT at, action, place_code FROM audit_trail WHERE actor_id = $1 ORDER BY at"))
            .await?;
        let kept_initiatives = self
            .read_all(query(
                "SELECT o.name AS organisation, k.added_at FROM organisation_keepers k
                 JOIN organisations o ON o.id = k.organisation_id WHERE k.person_id = $1 ORDER BY k.added_at",
            ))
            .await?;
        let api_tokens = self
            .read_all(query(
                "SELECT id, label, created_at FROM api_tokens WHERE person_id = $1 ORDER BY created_at",
            ))
            .await?;
        let intake = self.intake_of(person_id).await?;
        Ok(PersonalExport {
            exported_at: Timestamp::now().to_rfc3339(),
            roles: self.roles_of(person_id).await?,
            consents_given: self.consents_given(person_id).await?,
            consents_received: self.consents_received(person_id).await?,
            access_log: self.access_log_for(person_id, i64::MAX).await?,
            sessions,
            known_browsers,
            join_requests,
            audited_actions,
            kept_initiatives,
            wijkscan_answers: self.wijkscan_answers_of(person_id).await?,
            meeting_registrations: self.registrations_of(person_id).await?,
            meeting_evaluations: self.evaluations_by(person_id).await?,
            initiatives: self.initiatives_of(person_id).await?,
            challenges: self.challenges_by(person_id).await?,
            newspaper_editor_of: self.editor_of(person_id).await?,
            mail_preferences: self.mail_preferences(person_id).await?,
            mails: self.mails_of(person_id).await?,
            initiative_files: self.initiative_files_by(person_id).await?,
            emergency_requests: self.emergency_records_of(person_id).await?,
            intake_shares: match &intake {
                Some(i) => self.intake_shares(&i.id).await?,
                None => Vec::new(),
            },
            intake_referrals: match &intake {
                Some(i) => self.referrals_of(&i.id).await?,
                None => Vec::new(),
            },
            intake_notes: match &intake {
                Some(i) => self.intake_notes(&i.id).await?,
                None => Vec::new(),
            },
            intake,
            cooperative_memberships: self.memberships_of(person_id).await?,
            teams: self.team_memberships_of(person_id).await?,
            task_hours: self.task_hours_of(person_id).await?,
            market_posts: self.posts_of(person_id).await?,
            market_agreements: self.agreements_of(person_id).await?,
            hours: self.hours_movements(&crate::marketplace::account_of(Some(person_id), None)).await?,
            service_requests: self.service_requests_by(person_id).await?,
            market_digests: self.digests_of(person_id).await?,
            api_tokens,
            person,
        })
    }

    /// Erases the person: their row and everything that hangs off it goes
    /// (sessions, tokens, roles, consents, the log of reads of their data).
    /// Reads they did of others' data stay in those people's logs, without a
    /// name. Only an anonymous proof that an erasure happened is kept.
    pub async fn erase_person(&self, person_id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let name: Option<String> = sqlx::query_scalar("SELECT display_name FROM persons WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else { return Err(StoreError::NotFound) };
        erase_name_from_plans(&mut tx, person_id, &name).await?;
        // The card stops working; its balance stays on the books, which the
        // law wants kept, under a code that names nobody.
        sqlx::query(
            "UPDATE coin_accounts SET active = 0, pin_hash = NULL WHERE owner_id = $1 AND kind = 'holder'",
        )
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
        // Their places at meetings go to those waiting, and the count stays true.
        crate::meetings::cancel_all_in(&mut tx, person_id).await?;
        crate::initiative_files::erase_photos_of(&mut tx, person_id).await?;
        sqlx::query("DELETE FROM persons WHERE id = $1").bind(person_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO erasures (id, completed_at) VALUES ($1, $2)")
            .bind(new_id())
            .bind(Timestamp::now().to_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if self.engine() == crate::Engine::Sqlite {
            // secure_delete zeroes the freed pages in the database file; the
            // write-ahead log still holds the old pages until a checkpoint
            // copies them back and truncates it. Readers may hold it for a
            // moment: then the next checkpoint does it.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.write).await?;
        }
        Ok(())
    }
}

/// Takes the person's name out of the texts of the family plans of their
/// households (goals, actions, evaluations), which the others keep, and
/// tells the household in the plan's evaluations that this happened.
async fn erase_name_from_plans(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    person_id: &str,
    name: &str,
) -> Result<()> {
    use wijkwerk_domain::privacy::without_name;
    let plans: Vec<String> = sqlx::query_scalar(
        "SELECT p.id FROM family_plans p JOIN household_members m ON m.household_id = p.household_id
         WHERE m.person_id = $1",
    )
    .bind(person_id)
    .fetch_all(&mut **tx)
    .await?;
    let now = Timestamp::now();
    for plan in &plans {
        // (rows with up to two texts, how to write them back)
        let goals = "SELECT id, title AS a, NULL AS b FROM plan_goals WHERE plan_id = $1";
        let actions = "SELECT a.id, a.who AS a, a.what AS b FROM plan_actions a
                       JOIN plan_goals g ON g.id = a.goal_id WHERE g.plan_id = $1";
        let evaluations = "SELECT id, summary AS a, NULL AS b FROM plan_evaluations WHERE plan_id = $1";
        for (select, update) in [
            (goals, "UPDATE plan_goals SET title = $2 WHERE id = $1"),
            (actions, "UPDATE plan_actions SET who = $2, what = $3 WHERE id = $1"),
            (evaluations, "UPDATE plan_evaluations SET summary = $2 WHERE id = $1"),
        ] {
            for r in &sqlx::query(select).bind(plan).fetch_all(&mut **tx).await? {
                let (a, b) = (text(r, "a")?, opt_text(r, "b")?);
                let (new_a, new_b) = (without_name(&a, name), b.as_deref().map(|b| without_name(b, name)));
                if new_a == a && new_b == b {
                    continue;
                }
                let q = sqlx::query(update).bind(text(r, "id")?).bind(new_a);
                match new_b {
                    Some(b) => q.bind(b),
                    None => q,
                }
                .execute(&mut **tx)
                .await?;
            }
        }
        sqlx::query(
            "INSERT INTO plan_evaluations (id, plan_id, held_on, summary, author_id, created_at) VALUES ($1, $2, $3, $4, NULL, $5)",
        )
        .bind(new_id())
        .bind(plan)
        .bind(&now.to_rfc3339()[..10])
        .bind("Een gezinslid heeft zijn of haar gegevens laten verwijderen. De naam is uit dit plan gehaald.")
        .bind(now.to_rfc3339())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Re-exported for callers that validate before calling the store.
pub fn check_scope(scope: &str) -> Result<Scope, Invalid> {
    Scope::parse(scope).ok_or_else(|| Invalid::single("scope", "scope-unknown"))
}
