//! A household as its members see it: who is in it, who shares their week
//! tests with whom, who waits to be let in, and the members' latest tests
//! side by side (each only where it may be seen).

use super::{may_see_tests, member_household};
use crate::{Error, Result};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::privacy::Scope;
use wijkwerk_domain::weektest::Template;
use wijkwerk_store::Store;
use wijkwerk_store::family::{Household, JoinRequest};
use wijkwerk_store::weektests::WeekTest;

/// The purpose a week-test consent within a household carries.
const SHARE_PURPOSE: &str = "Naast elkaar in ons huishouden";

/// My households, the plans I work on as a professional, and the households
/// I asked to join.
pub struct Mine {
    pub households: Vec<Household>,
    pub plans: Vec<(String, String)>,
    pub waiting: Vec<JoinRequest>,
}

pub async fn mine(store: &Store, me: &str) -> Result<Mine> {
    Ok(Mine {
        households: store.households_of(me).await?,
        plans: store.plans_of_professional(me).await?,
        waiting: store.join_requests(None, Some(me)).await?,
    })
}

/// A household for one of its members.
pub struct Overview {
    pub household: Household,
    /// The members `me` shares their week tests with.
    pub sharing_with: Vec<String>,
    pub plan_id: Option<String>,
    /// Whether the plan has professionals: letting an adult in cuts them off
    /// until that adult consents too, and the page says so.
    pub plan_has_professionals: bool,
    /// People asking to join; only adults see them.
    pub requests: Vec<JoinRequest>,
    pub code_works: bool,
}

pub async fn overview(store: &Store, me: &str, household_id: &str) -> Result<Overview> {
    let household = member_household(store, me, household_id).await?;
    let sharing_with = store
        .consents_given(me)
        .await?
        .into_iter()
        .filter(|c| c.active && c.consent.scope == Scope::WeekTests)
        .map(|c| c.consent.grantee_id)
        .collect();
    let i_am_adult = household.members.iter().any(|m| m.person_id == me && m.adult);
    let plan_id = store.plan_id_of(&household.id).await?;
    let requests =
        if i_am_adult { store.join_requests(Some(&household.id), None).await? } else { Vec::new() };
    let plan_has_professionals = match &plan_id {
        Some(plan) => store.family_plan(plan).await?.is_some_and(|p| !p.professionals.is_empty()),
        None => false,
    };
    let code_works = household.join_code_expires_at > Timestamp::now().to_rfc3339();
    Ok(Overview { household, sharing_with, plan_id, plan_has_professionals, requests, code_works })
}

/// Shares (or stops sharing) my week tests with another member who has an
/// account: a consent of scope `weektests`, which they then read under.
pub async fn share_tests(store: &Store, me: &str, household_id: &str, with: &str, share: bool) -> Result<()> {
    let household = member_household(store, me, household_id).await?;
    let Some(other) =
        household.members.iter().find(|m| m.person_id == with && m.person_id != me && m.has_account)
    else {
        return Err(Error::NotFound("member"));
    };
    let active: Vec<String> = store
        .consents_given(me)
        .await?
        .into_iter()
        .filter(|c| {
            c.active && c.consent.grantee_id == other.person_id && c.consent.scope == Scope::WeekTests
        })
        .map(|c| c.consent.id)
        .collect();
    if share && active.is_empty() {
        store.grant_consent(me, &other.person_id, Scope::WeekTests.as_str(), SHARE_PURPOSE, None).await?;
    } else if !share {
        for consent in active {
            store.revoke_consent(me, &consent).await?;
        }
    }
    Ok(())
}

/// One member's column: their latest test with its template, or why there
/// is none to show.
pub struct Column {
    pub person_id: String,
    pub name: String,
    pub latest: Option<(WeekTest, Template)>,
    /// `not-shared` or `no-test` when there is nothing to show.
    pub missing: Option<&'static str>,
}

/// Every member's latest week test that `me` may see, side by side (a read
/// under consent is logged for its owner).
pub async fn side_by_side(store: &Store, me: &str, household_id: &str) -> Result<(Household, Vec<Column>)> {
    let household = member_household(store, me, household_id).await?;
    let mut columns = Vec::new();
    for m in &household.members {
        let visible = may_see_tests(store, me, &household.members, m).await?;
        let test = if visible { store.weektests_of(&m.person_id).await?.pop() } else { None };
        let latest = match test {
            Some(t) => store.template(&t.template_code, Some(t.template_version)).await?.map(|tp| (t, tp)),
            None => None,
        };
        let missing = match (visible, &latest) {
            (false, _) => Some("not-shared"),
            (true, None) => Some("no-test"),
            _ => None,
        };
        columns.push(Column { person_id: m.person_id.clone(), name: m.name.clone(), latest, missing });
    }
    Ok((household, columns))
}
