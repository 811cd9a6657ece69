//! Households and family plans: who may see a household, act for its
//! children, read its members' week tests and open its plan.

use crate::{Error, Result};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::family::{self, Member};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_store::Store;
use wijkwerk_store::family::{FamilyPlan, Household};

/// The household, if `me` is a member of it.
pub async fn member_household(store: &Store, me: &str, id: &str) -> Result<Household> {
    let household = if is_id(id) { store.household(id).await? } else { None };
    match household {
        Some(h) if h.members.iter().any(|m| m.person_id == me) => Ok(h),
        Some(_) => Err(Error::Forbidden("error-page-not-member")),
        None => Err(Error::NotFound("household")),
    }
}

/// Whether `me` may act for `person` (themselves, or a child without an
/// account in a household they are an adult member of).
pub async fn acts_for(store: &Store, me: &str, person: &str) -> Result<bool> {
    if me == person {
        return Ok(true);
    }
    for h in store.households_of(me).await? {
        if family::may_act_for(me, &h.members, person) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `me` may see this household member's week tests: their own, a
/// child they manage, or shared with them (that read is logged).
pub async fn may_see_tests(store: &Store, me: &str, members: &[Member], member: &Member) -> Result<bool> {
    if family::may_act_for(me, members, &member.person_id) {
        return Ok(true);
    }
    Ok(store.consent_to_read(me, &member.person_id, Scope::WeekTests).await?.is_some())
}

/// Whether a week test of `owner` may be shown to `me` (reads under consent are logged).
pub async fn may_see_test_of(store: &Store, me: &str, owner: &str) -> Result<bool> {
    if acts_for(store, me, owner).await? {
        return Ok(true);
    }
    Ok(store.consent_to_read(me, owner, Scope::WeekTests).await?.is_some())
}

/// Who is looking at a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanViewer {
    Member,
    Professional,
}

/// The plan with its household, if `me` is a member, or an invited
/// professional while every adult member's consent holds (then the read is
/// logged for every member: the plan holds all their data).
pub async fn plan_for(store: &Store, me: &str, plan_id: &str) -> Result<(Household, FamilyPlan, PlanViewer)> {
    if !is_id(plan_id) {
        return Err(Error::NotFound("family plan"));
    }
    let household_id = store.household_of_plan(plan_id).await?.ok_or(Error::NotFound("family plan"))?;
    let household = store.household(&household_id).await?.ok_or(Error::NotFound("household"))?;
    let plan = store.family_plan(plan_id).await?.ok_or(Error::NotFound("family plan"))?;
    if household.members.iter().any(|m| m.person_id == me) {
        return Ok((household, plan, PlanViewer::Member));
    }
    let invited = plan.professionals.iter().any(|p| p.person_id == me);
    let consents = store.consents_of_household(&household.id).await?;
    let now = Timestamp::now().to_rfc3339();
    if invited && family::professional_may_join(me, &household.members, &consents, &now) {
        for m in &household.members {
            store.log_access(me, &m.person_id, Scope::FamilyPlan.as_str(), "Gezinsplan", None).await?;
        }
        return Ok((household, plan, PlanViewer::Professional));
    }
    Err(Error::Forbidden("error-page-no-consent"))
}

/// A new household with `me` as its first adult member.
pub async fn create_household(
    store: &Store,
    me: &str,
    name: &str,
    relation: family::Relation,
) -> Result<Household> {
    Ok(store.create_household(me, name, relation).await?)
}

/// The household `me` went to with a code: when they were let in at once
/// (already a member), its id.
pub async fn joined(store: &Store, me: &str, household_id: &str) -> Result<bool> {
    Ok(store.households_of(me).await?.iter().any(|h| h.id == household_id))
}

/// Join attempts a person may make per hour: enough for typing a code wrong
/// a few times, far too few to find a household by guessing.
pub const JOIN_ATTEMPTS_PER_HOUR: i64 = 10;

/// Asks to join the household whose code `code` is. Nobody gets in by a code
/// alone: an adult of the household lets them in ([`decide_join`]). Every
/// attempt is counted first, so guessing codes stops after a few.
pub async fn request_to_join(
    store: &Store,
    me: &str,
    code: &str,
    relation: family::Relation,
) -> Result<String> {
    let attempts = store.count_attempts(&[(&format!("join:{me}"), 3600)]).await?;
    if attempts[0] > JOIN_ATTEMPTS_PER_HOUR {
        return Err(Error::Conflict("too-many-attempts"));
    }
    store
        .request_to_join(code, me, relation)
        .await?
        .ok_or_else(|| Error::Invalid(wijkwerk_domain::Invalid::single("code", "join-code-unknown")))
}

/// An adult of the household is who may let people in, refuse them, or make
/// a new code.
async fn adult_household(store: &Store, me: &str, household_id: &str) -> Result<Household> {
    let household = member_household(store, me, household_id).await?;
    if household.members.iter().any(|m| m.person_id == me && m.adult) {
        Ok(household)
    } else {
        Err(Error::Forbidden("error-page-adults-only"))
    }
}

/// Lets a person who asked in as an adult member, or not. An adult who joins
/// must also consent before the plan's professionals see the plan again (the
/// plan is shared only while every adult agrees); the page says so before
/// the adult decides.
pub async fn decide_join(
    store: &Store,
    me: &str,
    household_id: &str,
    person_id: &str,
    admit: bool,
) -> Result<()> {
    adult_household(store, me, household_id).await?;
    if store.decide_join(household_id, person_id, admit).await? {
        Ok(())
    } else {
        Err(Error::NotFound("join request"))
    }
}

/// A new join code; the old one stops working.
pub async fn renew_join_code(store: &Store, me: &str, household_id: &str) -> Result<()> {
    adult_household(store, me, household_id).await?;
    Ok(store.renew_join_code(household_id).await?)
}

pub mod household;
pub mod plan;

/// The households `me` is a member of.
pub async fn households(store: &Store, me: &str) -> Result<Vec<Household>> {
    Ok(store.households_of(me).await?)
}
