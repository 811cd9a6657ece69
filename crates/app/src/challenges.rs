//! Right to challenge: the gemeente announces an intervention it plans in a
//! wijk; residents, the wijk cooperative or a wijkinnovatiebedrijf challenge
//! it with their own plan; the gemeente answers within the term of its
//! participatieverordening, with reasons; everything is public.
//!
//! Beside each bid the page shows what the gemeente itself spent on that
//! task in that place, from follow the money (its own lines only: partners'
//! money stays with those who may read effects). Announcing an intervention
//! for challenge is what makes those figures public.
//!
//! Personal data: who challenged (an id, never shown; the group's name is
//! what the public sees). In their export; on erasure the challenge stays,
//! without them.

use crate::places::{codes, place_at};
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::access::CHALLENGE_KEEPERS;
use wijkwerk_domain::challenges::{self as rules, ChallengeRules, InterventionInput};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::challenges::{Challenge, Intervention};

fn is_keeper(actor: Option<&Actor>, path: &[Place]) -> bool {
    let path = codes(path);
    actor.is_some_and(|a| CHALLENGE_KEEPERS.iter().any(|&r| a.has_role_over(r, &path)))
}

fn gemeente_of(path: &[Place]) -> Option<&Place> {
    path.iter().find(|p| p.level == PlaceLevel::Gemeente)
}

/// The gemeente's rules, the standard ones when it has none of its own.
pub async fn rules_for(store: &Store, path: &[Place]) -> Result<ChallengeRules> {
    match gemeente_of(path) {
        Some(g) => Ok(store.challenge_rules(&g.code).await?.unwrap_or_default()),
        None => Ok(ChallengeRules::default()),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct InterventionList {
    pub place: Place,
    pub path: Vec<Place>,
    pub rules: ChallengeRules,
    pub interventions: Vec<Intervention>,
    pub may_announce: bool,
}

pub async fn list(store: &Store, actor: Option<&Actor>, code: &str) -> Result<InterventionList> {
    let (place, path) = place_at(store, code).await?;
    Ok(InterventionList {
        rules: rules_for(store, &path).await?,
        interventions: store.interventions_under(&place.code).await?,
        may_announce: is_keeper(actor, &path)
            && matches!(place.level, PlaceLevel::Gemeente | PlaceLevel::Wijk | PlaceLevel::Buurt),
        place,
        path,
    })
}

/// A challenge with its bid against the budget and where its answer stands.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownChallenge {
    #[serde(flatten)]
    pub challenge: Challenge,
    /// The bid minus the budget, in cents (negative: cheaper), and in whole percent.
    pub difference: i64,
    pub percent: i64,
    /// The answer is due and not given.
    pub overdue: bool,
    /// The last day for the answer (`YYYY-MM-DD`, Dutch time): the day
    /// before the instant it is due.
    pub last_day: String,
    /// The viewer submitted it.
    pub mine: bool,
}

/// What the gemeente spent on the task, per year.
#[derive(Clone, Debug, Serialize)]
pub struct Spending {
    pub year: String,
    pub intervention: String,
    pub cents: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct InterventionView {
    pub intervention: Intervention,
    pub path: Vec<Place>,
    pub rules: ChallengeRules,
    pub challenges: Vec<ShownChallenge>,
    pub spending: Vec<Spending>,
    pub may_answer: bool,
    pub may_challenge: bool,
    /// The work has started: no more challenges.
    pub started: bool,
}

pub async fn show(
    store: &Store,
    actor: Option<&Actor>,
    id: &str,
    now: Timestamp,
) -> Result<InterventionView> {
    let intervention = store.intervention(id).await?.ok_or(Error::NotFound("intervention"))?;
    let (_, path) = place_at(store, &intervention.place_code).await?;
    let started = !rules::open_to_challenge(&intervention.starts_on, &now.dutch_date());
    let challenges = store
        .challenges_of(id)
        .await?
        .into_iter()
        .map(|c| {
            let (difference, percent) = rules::compare_bid(intervention.budget, c.bid);
            let due = Timestamp::parse(&c.answer_due);
            let overdue = c.outcome.is_none() && due.is_some_and(|due| now >= due);
            let last_day = due.map(|d| d.minus_seconds(1).dutch_date()).unwrap_or_default();
            let mine = actor.is_some_and(|a| c.submitted_by.as_deref() == Some(a.person_id.as_str()));
            ShownChallenge { challenge: c, difference, percent, overdue, last_day, mine }
        })
        .collect();
    let matches = |taakveld: &str, domain: &str| {
        (!intervention.taakveld.is_empty() && taakveld == intervention.taakveld)
            || (intervention.taakveld.is_empty()
                && !intervention.domain.is_empty()
                && domain == intervention.domain)
    };
    let mut spending: Vec<Spending> = Vec::new();
    for f in store.flows_under(&intervention.place_code).await? {
        if f.payer != "gemeente" || f.kind != "besteed" || !matches(&f.taakveld, &f.domain) {
            continue;
        }
        match spending.iter_mut().find(|s| s.year == f.year && s.intervention == f.intervention) {
            Some(s) => s.cents += f.cents,
            None => spending.push(Spending { year: f.year, intervention: f.intervention, cents: f.cents }),
        }
    }
    spending.sort_by(|a, b| b.year.cmp(&a.year).then(a.intervention.cmp(&b.intervention)));
    Ok(InterventionView {
        may_answer: is_keeper(actor, &path),
        may_challenge: actor.is_some() && !started,
        started,
        rules: rules_for(store, &path).await?,
        intervention,
        challenges,
        spending,
        path,
    })
}

/// The gemeente announces an intervention open to challenge.
pub async fn announce(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<InterventionInput, Invalid>,
) -> Result<Intervention> {
    let (place, path) = place_at(store, code).await?;
    if !is_keeper(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !matches!(place.level, PlaceLevel::Gemeente | PlaceLevel::Wijk | PlaceLevel::Buurt) {
        return Err(Error::invalid("place", "intervention-place-level"));
    }
    let input = input?;
    let id = store.announce_intervention(&place.code, &input, &actor.person_id).await?;
    audit::record(
        store,
        actor,
        "intervention.announced",
        &place.code,
        &input.title,
        &input.budget.to_string(),
    )
    .await?;
    store.intervention(&id).await?.ok_or(Error::NotFound("intervention"))
}

/// Residents, the cooperative or a wijkinnovatiebedrijf challenge an
/// intervention; the answer is due after the gemeente's term in working days.
pub async fn challenge(
    store: &Store,
    actor: &Actor,
    id: &str,
    (kind, name, plan, bid, why_better): (&str, &str, &str, &str, &str),
    now: Timestamp,
) -> Result<Challenge> {
    let intervention = store.intervention(id).await?.ok_or(Error::NotFound("intervention"))?;
    let (_, path) = place_at(store, &intervention.place_code).await?;
    if !rules::open_to_challenge(&intervention.starts_on, &now.dutch_date()) {
        return Err(Error::Conflict("intervention-started"));
    }
    let input = rules::check_challenge(kind, name, plan, bid, why_better)?;
    let key = format!("challenge:{}", actor.person_id);
    if store.count_attempts(&[(&key, 86_400)]).await?[0] > crate::initiatives::SUBMISSIONS_PER_DAY {
        return Err(Error::TooMany { key: "error-too-many-submissions", retry_after: 86_400 });
    }
    let term = rules_for(store, &path).await?.answer_days;
    let due = wijkwerk_domain::initiatives::decision_due(now, term);
    let cid = store.submit_challenge(id, &input, &actor.person_id, now, due).await?;
    store.challenge(&cid).await?.ok_or(Error::NotFound("challenge"))
}

/// The challenges the person submitted (for "Mijn gegevens").
pub async fn mine(store: &Store, actor: &Actor) -> Result<Vec<wijkwerk_store::challenges::ChallengeRecord>> {
    Ok(store.challenges_by(&actor.person_id).await?)
}

/// The gemeente's answer to a challenge, with reasons; once.
pub async fn answer(
    store: &Store,
    actor: &Actor,
    challenge_id: &str,
    (outcome, reason): (&str, &str),
    now: Timestamp,
) -> Result<Challenge> {
    let c = store.challenge(challenge_id).await?.ok_or(Error::NotFound("challenge"))?;
    let intervention =
        store.intervention(&c.intervention_id).await?.ok_or(Error::NotFound("intervention"))?;
    let (_, path) = place_at(store, &intervention.place_code).await?;
    if !is_keeper(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if c.outcome.is_some() {
        return Err(Error::Conflict("challenge-answered"));
    }
    let (outcome, reason) = rules::check_answer(outcome, reason)?;
    store.answer_challenge(challenge_id, outcome, &reason, now).await?;
    audit::record(store, actor, "challenge.answered", &intervention.place_code, &c.name, outcome.as_str())
        .await?;
    store.challenge(challenge_id).await?.ok_or(Error::NotFound("challenge"))
}

/// The gemeente sets its participatieverordening's term and text.
pub async fn set_rules(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<ChallengeRules, Invalid>,
) -> Result<ChallengeRules> {
    let (_, path) = place_at(store, code).await?;
    let gemeente = gemeente_of(&path).cloned().ok_or(Error::NotFound("gemeente"))?;
    if !is_keeper(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let r = input?;
    store.set_challenge_rules(&gemeente.code, &r).await?;
    audit::record(
        store,
        actor,
        "challenge.rules",
        &gemeente.code,
        &gemeente.name,
        &r.answer_days.to_string(),
    )
    .await?;
    Ok(r)
}
