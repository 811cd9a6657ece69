//! "What needs me now": per person, the few things their roles ask of them
//! today, for the top of their start page. Each task names what to do and
//! where; the page words it in the reader's language.

use crate::Result;
use serde::Serialize;
use wijkwerk_domain::Role;
use wijkwerk_domain::access::{COIN_BUSINESSES, COIN_ISSUERS, INITIATIVE_DECIDERS};
use wijkwerk_domain::coin::AccountKind;
use wijkwerk_domain::role::Actor;
use wijkwerk_store::Store;

/// One thing to do, most pressing first in the list `now` returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Task {
    /// People asked to join a household where the actor is an adult.
    LetIn { household_id: String, household: String, count: usize },
    /// Sociale kaart entries wait for the actor's review.
    Review { count: usize },
    /// The week test: never taken, or the last one a while ago (`last` is its time).
    WeekTest { last: Option<String> },
    /// Coins to spend: the balance in cents, summed over the actor's wallets.
    Pay { balance: i64 },
    /// A business takes payments at its till.
    Till,
    /// The gemeente runs its coin programmes.
    Programmes { count: usize },
    /// A partner keeps the entries of their organisation up to date.
    KeepEntries { count: usize },
    /// The next meeting in the wijk where the person lives, within two weeks;
    /// `registered` when they said they come (`waiting`: on the waiting list).
    Meeting { id: String, title: String, starts_at: String, ends_at: String, registered: bool, waiting: bool },
    /// Initiatives wait for the actor's decision; `urgent` of them are on
    /// their last working day or were escalated. `place_code`: where to look.
    Initiatives { open: usize, urgent: usize, place_code: String },
}

/// A meeting this many days ahead or sooner is on the start page.
const MEETING_AHEAD_DAYS: i64 = 14;

/// The first meeting coming up in the wijk of `home` (a buurt or wijk), within
/// [`MEETING_AHEAD_DAYS`].
async fn next_meeting(store: &Store, me: &str, home: &str) -> Result<Option<Task>> {
    let path = store.place_path(home).await?;
    let Some(wijk) = path.iter().find(|p| p.level == wijkwerk_domain::PlaceLevel::Wijk) else {
        return Ok(None);
    };
    let now = wijkwerk_domain::Timestamp::now();
    let (from, until) = (now.to_rfc3339(), now.plus_seconds(MEETING_AHEAD_DAYS * 86_400).to_rfc3339());
    let Some(m) = store
        .meetings_under(&wijk.code)
        .await?
        .into_iter()
        .find(|m| m.starts_at > from && m.starts_at <= until)
    else {
        return Ok(None);
    };
    let mine = store.registration(&m.id, me).await?;
    Ok(Some(Task::Meeting {
        registered: mine.is_some_and(|(seat, _)| seat == wijkwerk_domain::meetings::Seat::Registered),
        waiting: mine.is_some_and(|(seat, _)| seat == wijkwerk_domain::meetings::Seat::Waiting),
        id: m.id,
        title: m.title,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
    }))
}

/// A week test older than this many days asks to be taken again.
const WEEKTEST_AGAIN_DAYS: i64 = 28;

/// The tasks for the actor now, most pressing first.
pub async fn now(store: &Store, actor: &Actor) -> Result<Vec<Task>> {
    let me = actor.person_id.as_str();
    let mut tasks = Vec::new();
    for h in store.households_of(me).await? {
        let adult = h.members.iter().any(|m| m.person_id == me && m.adult);
        if adult {
            let waiting = store.join_requests(Some(&h.id), None).await?.len();
            if waiting > 0 {
                tasks.push(Task::LetIn {
                    household_id: h.id.clone(),
                    household: h.name.clone(),
                    count: waiting,
                });
            }
        }
    }
    let to_review = crate::socialmap::waiting_for_review(store, actor).await?.len();
    if to_review > 0 {
        tasks.push(Task::Review { count: to_review });
    }
    if let Some(place) = INITIATIVE_DECIDERS.iter().find_map(|&r| actor.places_with(r).next()) {
        let (open, urgent) =
            crate::initiatives::waiting_for(store, actor, wijkwerk_domain::Timestamp::now()).await?;
        if open > 0 {
            tasks.push(Task::Initiatives { open, urgent, place_code: place.to_string() });
        }
    }
    if COIN_BUSINESSES.iter().any(|&r| actor.has_role(r)) {
        tasks.push(Task::Till);
    }
    if COIN_ISSUERS.iter().any(|&r| actor.has_role(r)) {
        let count = crate::coin::programmes_run_by(store, actor).await?.len();
        tasks.push(Task::Programmes { count });
    }
    if actor.has_role(Role::Partner) {
        let count = crate::socialmap::kept_by(store, actor).await?.len();
        tasks.push(Task::KeepEntries { count });
    }
    if actor.has_role(Role::Bewoner) || actor.roles.is_empty() {
        let wallets: Vec<i64> = store
            .coin_accounts_of_owner(me)
            .await?
            .into_iter()
            .filter(|a| a.kind == AccountKind::Holder && a.active)
            .map(|a| a.balance - a.held)
            .collect();
        if !wallets.is_empty() {
            tasks.push(Task::Pay { balance: wallets.iter().sum() });
        }
        let last = store.weektests_of(me).await?.into_iter().map(|t| t.taken_at).max();
        let stale = match &last {
            None => true,
            Some(at) => days_since(at).is_none_or(|d| d >= WEEKTEST_AGAIN_DAYS),
        };
        if stale {
            tasks.push(Task::WeekTest { last });
        }
        if let Some(home) = store.person(me).await?.and_then(|p| p.home_place_code) {
            tasks.extend(next_meeting(store, me, &home).await?);
        }
    }
    Ok(tasks)
}

/// Whole days from an RFC 3339 time until now.
fn days_since(at: &str) -> Option<i64> {
    let then = wijkwerk_domain::Timestamp::parse(at)?;
    Some((wijkwerk_domain::Timestamp::now().unix_seconds() - then.unix_seconds()) / 86_400)
}

/// One of the actor's roles on the start page: where, and for a wijkwerker
/// the open surveys there (they enter paper forms).
pub struct RoleCard {
    pub role: Role,
    pub place: Option<wijkwerk_domain::Place>,
    pub open_surveys: Vec<wijkwerk_store::surveys::Survey>,
}

pub async fn role_cards(store: &Store, actor: &Actor) -> Result<Vec<RoleCard>> {
    let mut cards = Vec::new();
    for assignment in &actor.roles {
        let open_surveys = if assignment.role == Role::Wijkwerker {
            let places = std::slice::from_ref(&assignment.place_code);
            store.surveys_in(places).await?.into_iter().filter(|s| s.status == "open").collect()
        } else {
            Vec::new()
        };
        cards.push(RoleCard {
            open_surveys,
            role: assignment.role,
            place: store.place(&assignment.place_code).await?,
        });
    }
    Ok(cards)
}
