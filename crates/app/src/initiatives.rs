//! Initiatives of residents and the wijkbudget: submit an idea, support it,
//! decide it on a visible clock, pay it out, account for it afterwards; the
//! gemeente sets a wijk's rules and puts money in its budget.
//!
//! The clock needs no process of its own (app servers keep no state):
//! [`settle_clocks`] applies each wijk's rule to every initiative whose time
//! ran out, and runs before every read of the register or an initiative and
//! from `wijkwerk initiatives settle` (for a nightly cron). Approving one
//! twice is impossible, so two servers settling at once do no harm.
//!
//! Personal data: who submitted (an id, never shown; the group's name is
//! what the public sees) and who supports (counts only in public). Both are
//! in the person's export; on erasure their support goes and what they
//! submitted stays as the public record of public money, without them.

use crate::places::{codes, place_at};
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::access::{INITIATIVE_DECIDERS, PAPER_CLERKS, WIJKBUDGET_KEEPERS};
use wijkwerk_domain::initiatives::{
    self as rules, BudgetTotals, Clock, DecisionInput, InitiativeInput, OnTimeout, Route, Verdict, WijkRules,
};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, PlaceLevel, Role, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::coin::Idempotency;
use wijkwerk_store::initiatives::{Initiative, Movement};

/// Ideas (and challenges) one person may submit in a day.
pub const SUBMISSIONS_PER_DAY: i64 = 5;

pub(crate) fn holds_any(actor: Option<&Actor>, roles: &[Role], path: &[Place]) -> bool {
    let path = codes(path);
    actor.is_some_and(|a| roles.iter().any(|&r| a.has_role_over(r, &path)))
}

fn is_open(i: &Initiative) -> bool {
    matches!(i.status.as_str(), "submitted" | "escalated")
}

/// Who may decide this one: the short route by the wijk's mandate holders,
/// the long route and escalated ones by the gemeente; never its submitter.
fn may_decide(actor: Option<&Actor>, i: &Initiative, path: &[Place]) -> bool {
    let roles = if i.route == Route::Small.as_str() && i.status == "submitted" {
        INITIATIVE_DECIDERS
    } else {
        WIJKBUDGET_KEEPERS
    };
    is_open(i) && holds_any(actor, roles, path) && !is_submitter(actor, i)
}

pub(crate) fn is_submitter(actor: Option<&Actor>, i: &Initiative) -> bool {
    actor.is_some_and(|a| i.submitted_by.as_deref() == Some(a.person_id.as_str()))
}

/// The year a budget movement made at `now` belongs to.
fn budget_year(now: Timestamp) -> i32 {
    now.dutch_civil().year()
}

/// A wijk's rules, the standard ones when it has none of its own.
pub async fn rules_for(store: &Store, wijk: &str) -> Result<WijkRules> {
    Ok(store.initiative_rules(wijk).await?.unwrap_or_default())
}

/// Applies each open initiative's rule for a clock that ran out: approved as
/// asked (escalated instead when the budget cannot carry it), or sent to the
/// gemeente. How many it settled.
pub async fn settle_clocks(store: &Store, now: Timestamp) -> Result<usize> {
    let mut settled = 0;
    for i in store.overdue_initiatives(now).await? {
        let approved = if i.on_timeout == OnTimeout::Approve.as_str() {
            let by_default =
                DecisionInput { verdict: Verdict::Approve, amount: i.amount, reason: String::new() };
            match store.decide_initiative(&i.id, &by_default, None, budget_year(now), now, None).await {
                Ok(_) => true,
                // Decided a moment ago by someone else, or no money: leave it to them / escalate.
                Err(wijkwerk_store::StoreError::Conflict(_)) => continue,
                Err(wijkwerk_store::StoreError::Invalid(_)) => false,
                Err(e) => return Err(e.into()),
            }
        } else {
            false
        };
        if approved || store.escalate_initiative(&i.id, now).await? {
            let what = if approved { "initiative.approved-by-default" } else { "initiative.escalated" };
            store.record_audit(None, what, &i.place_code, &i.title, &now.to_rfc3339()).await?;
            settled += 1;
        }
    }
    Ok(settled)
}

/// An initiative with where its clock stands (for open ones).
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    #[serde(flatten)]
    pub initiative: Initiative,
    pub clock: Option<Clock>,
    /// The viewer submitted it.
    pub mine: bool,
}

fn shown(i: Initiative, actor: Option<&Actor>, now: Timestamp) -> Shown {
    let clock = (i.status == "submitted")
        .then(|| Timestamp::parse(&i.due_at).map(|due| rules::clock(now, due)))
        .flatten();
    Shown { mine: is_submitter(actor, &i), clock, initiative: i }
}

#[derive(Clone, Debug, Serialize)]
pub struct Register {
    pub place: Place,
    pub path: Vec<Place>,
    /// The rules of the wijk (none above a wijk: each wijk has its own).
    pub rules: Option<WijkRules>,
    /// Open first (soonest due first), then decided, newest first.
    pub initiatives: Vec<Shown>,
    /// The wijk's budget per year, newest first, and its ledger (a wijk only).
    pub budget: Vec<(i64, BudgetTotals)>,
    pub movements: Vec<Movement>,
    pub may_submit: bool,
    pub may_keep_budget: bool,
}

/// The public register of a wijk (or of every wijk of a gemeente).
pub async fn register(store: &Store, actor: Option<&Actor>, code: &str, now: Timestamp) -> Result<Register> {
    settle_clocks(store, now).await?;
    let (place, path) = place_at(store, code).await?;
    let (mut open, decided): (Vec<Initiative>, Vec<Initiative>) =
        store.initiatives_under(&place.code).await?.into_iter().partition(is_open);
    open.sort_by(|a, b| a.due_at.cmp(&b.due_at));
    let is_wijk = place.level == PlaceLevel::Wijk;
    let (budget, movements) = if is_wijk {
        (store.budget_totals(&place.code).await?, store.budget_movements(&place.code).await?)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Register {
        rules: if is_wijk { Some(rules_for(store, &place.code).await?) } else { None },
        initiatives: open.into_iter().chain(decided).map(|i| shown(i, actor, now)).collect(),
        budget,
        movements,
        may_submit: actor.is_some() && is_wijk,
        may_keep_budget: is_wijk && holds_any(actor, WIJKBUDGET_KEEPERS, &path),
        place,
        path,
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct InitiativeView {
    pub shown: Shown,
    pub path: Vec<Place>,
    pub rules: WijkRules,
    /// The viewer supports it.
    pub supported: bool,
    pub may_decide: bool,
    pub may_pay: bool,
    pub may_account: bool,
    pub may_enter_paper: bool,
}

pub async fn show(store: &Store, actor: Option<&Actor>, id: &str, now: Timestamp) -> Result<InitiativeView> {
    settle_clocks(store, now).await?;
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    let (_, path) = place_at(store, &i.place_code).await?;
    let supported = match actor {
        Some(a) => store.supports(id, &a.person_id).await?,
        None => false,
    };
    let deciders = holds_any(actor, INITIATIVE_DECIDERS, &path);
    let clerk = holds_any(actor, PAPER_CLERKS, &path);
    let accountable = i.status == "paid" || (i.status == "approved" && i.granted == 0);
    Ok(InitiativeView {
        may_decide: may_decide(actor, &i, &path),
        may_pay: deciders && i.status == "approved" && i.granted > 0,
        may_account: accountable && (is_submitter(actor, &i) || clerk || deciders),
        may_enter_paper: clerk,
        rules: rules_for(store, &i.place_code).await?,
        supported,
        shown: shown(i, actor, now),
        path,
    })
}

/// A resident submits an idea for their wijk; its route and the time its
/// decision is due are fixed now, by the wijk's rules.
pub async fn submit(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<InitiativeInput, Invalid>,
    now: Timestamp,
) -> Result<Initiative> {
    let (place, _) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk {
        return Err(Error::invalid("place", "initiative-place-level"));
    }
    let input = input?;
    // A neighbour has a few ideas a day, not dozens: counted atomically per
    // person, so parallel requests cannot slip past.
    let key = format!("initiative:{}", actor.person_id);
    if store.count_attempts(&[(&key, 86_400)]).await?[0] > SUBMISSIONS_PER_DAY {
        return Err(Error::TooMany { key: "error-too-many-submissions", retry_after: 86_400 });
    }
    let rules = rules_for(store, &place.code).await?;
    let route = Route::for_amount(input.amount, &rules);
    let due = rules::decision_due(now, route.days(&rules));
    let id = store
        .submit_initiative(&place.code, &input, &actor.person_id, now, route, due, rules.on_timeout)
        .await?;
    store.initiative(&id).await?.ok_or(Error::NotFound("initiative"))
}

/// The decision, with its reason: approve (up to what was asked; the grant
/// is set apart in this year's wijkbudget) or reject.
pub async fn decide(
    store: &Store,
    actor: &Actor,
    id: &str,
    (verdict, amount, reason): (&str, &str, &str),
    now: Timestamp,
    idem: Option<&Idempotency>,
) -> Result<Initiative> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    if store.budget_request_done(idem, id).await? {
        return Ok(i);
    }
    let (_, path) = place_at(store, &i.place_code).await?;
    if is_submitter(Some(actor), &i) {
        return Err(Error::Forbidden("error-initiative-own"));
    }
    if !is_open(&i) {
        return Err(Error::Conflict("initiative-decided"));
    }
    if !may_decide(Some(actor), &i, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let input = rules::check_decision(verdict, amount, reason, i.amount)?;
    store.decide_initiative(id, &input, Some(&actor.person_id), budget_year(now), now, idem).await?;
    let detail = format!("{verdict} {}", input.amount);
    audit::record(store, actor, "initiative.decided", &i.place_code, &i.title, &detail).await?;
    store.initiative(id).await?.ok_or(Error::NotFound("initiative"))
}

/// Records that the grant was paid to the group.
pub async fn pay(
    store: &Store,
    actor: &Actor,
    id: &str,
    now: Timestamp,
    idem: Option<&Idempotency>,
) -> Result<Initiative> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    if store.budget_request_done(idem, id).await? {
        return Ok(i);
    }
    let (_, path) = place_at(store, &i.place_code).await?;
    if !holds_any(Some(actor), INITIATIVE_DECIDERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    store.pay_initiative(id, now, idem).await?;
    audit::record(store, actor, "initiative.paid", &i.place_code, &i.title, &i.granted.to_string()).await?;
    store.initiative(id).await?.ok_or(Error::NotFound("initiative"))
}

/// The short account afterwards: what happened and what was spent; the
/// rest goes back to the wijkbudget. By the submitter, or a wijkwerker or
/// the wijk's decider on the group's behalf (from a paper form).
pub async fn account(
    store: &Store,
    actor: &Actor,
    id: &str,
    (report, spent, keep): (&str, &str, bool),
    now: Timestamp,
    idem: Option<&Idempotency>,
) -> Result<Initiative> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    if store.budget_request_done(idem, id).await? {
        return Ok(i);
    }
    let (_, path) = place_at(store, &i.place_code).await?;
    let on_behalf =
        holds_any(Some(actor), PAPER_CLERKS, &path) || holds_any(Some(actor), INITIATIVE_DECIDERS, &path);
    if !is_submitter(Some(actor), &i) && !on_behalf {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let may_save = rules_for(store, &i.place_code).await?.groups_may_save;
    let input = rules::check_account(report, spent, i.granted, keep, may_save)?;
    store.account_initiative(id, &input, now, idem).await?;
    store.initiative(id).await?.ok_or(Error::NotFound("initiative"))
}

/// The initiatives the person submitted and supports (for "Mijn gegevens").
pub async fn mine(
    store: &Store,
    actor: &Actor,
) -> Result<Vec<wijkwerk_store::initiatives::InitiativeRecord>> {
    Ok(store.initiatives_of(&actor.person_id).await?)
}

/// A signed-in neighbour supports an open or approved idea (or withdraws).
pub async fn support(store: &Store, actor: &Actor, id: &str, support: bool) -> Result<Initiative> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    if support && matches!(i.status.as_str(), "rejected" | "accounted") {
        return Err(Error::Conflict("initiative-closed"));
    }
    store.set_support(id, &actor.person_id, support).await?;
    store.initiative(id).await?.ok_or(Error::NotFound("initiative"))
}

/// A wijkwerker adds the signatures of a paper list (a count; no names kept).
pub async fn paper_support(store: &Store, actor: &Actor, id: &str, count: &str) -> Result<Initiative> {
    let i = store.initiative(id).await?.ok_or(Error::NotFound("initiative"))?;
    let (_, path) = place_at(store, &i.place_code).await?;
    if !holds_any(Some(actor), PAPER_CLERKS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let n = rules::check_paper_support(count)?;
    store.add_paper_support(id, n).await?;
    audit::record(store, actor, "initiative.paper-support", &i.place_code, &i.title, &n.to_string()).await?;
    store.initiative(id).await?.ok_or(Error::NotFound("initiative"))
}

/// The gemeente sets a wijk's rules (new initiatives follow them; those
/// already in keep the route and term they came in with).
pub async fn set_rules(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<WijkRules, Invalid>,
) -> Result<WijkRules> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk || !holds_any(Some(actor), WIJKBUDGET_KEEPERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let r = input?;
    store.set_initiative_rules(&place.code, &r).await?;
    let detail = format!("{} {} {} {}", r.small_limit, r.small_days, r.large_days, r.on_timeout.as_str());
    audit::record(store, actor, "initiative.rules", &place.code, &place.name, &detail).await?;
    Ok(r)
}

/// The gemeente puts money in a wijk's budget for a year.
pub async fn allocate(
    store: &Store,
    actor: &Actor,
    code: &str,
    (year, amount, memo): (&str, &str, &str),
    idem: Option<&Idempotency>,
) -> Result<Vec<(i64, BudgetTotals)>> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk || !holds_any(Some(actor), WIJKBUDGET_KEEPERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let mut invalid = Invalid::new();
    let year = match year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            invalid.add("year", "year-invalid");
            0
        }
    };
    let cents = match wijkwerk_domain::coin::parse_euros(amount) {
        Some(c) if c > 0 && c <= 100_000_000 => c,
        _ => {
            invalid.add("amount", "amount-invalid");
            0
        }
    };
    let memo = invalid.text("memo", memo, 200, false);
    invalid.into_result(())?;
    store.allocate_budget(&place.code, year, cents, &memo, idem).await?;
    audit::record(store, actor, "wijkbudget.allocated", &place.code, &year.to_string(), &cents.to_string())
        .await?;
    Ok(store.budget_totals(&place.code).await?)
}

/// The ledger's own check over every wijkbudget (for `wijkwerk initiatives
/// check`): each problem in a line; none when it is in order.
pub async fn check_ledger(store: &Store) -> Result<Vec<String>> {
    Ok(store.check_budgets().await?)
}

/// The wijkbudget's ledger, for anyone: public money.
pub async fn ledger(store: &Store, code: &str) -> Result<(Place, Vec<(i64, BudgetTotals)>, Vec<Movement>)> {
    let (place, _) = place_at(store, code).await?;
    let totals = store.budget_totals(&place.code).await?;
    let movements = store.budget_movements(&place.code).await?;
    Ok((place, totals, movements))
}

/// For the start page of those who decide: open initiatives they may
/// decide, and how many of those are on their last day or were escalated.
pub async fn waiting_for(store: &Store, actor: &Actor, now: Timestamp) -> Result<(usize, usize)> {
    let mut places: Vec<&str> = INITIATIVE_DECIDERS.iter().flat_map(|&r| actor.places_with(r)).collect();
    places.sort();
    places.dedup();
    let mut seen = std::collections::BTreeSet::new();
    // One path per wijk, not per initiative.
    let mut paths: std::collections::HashMap<String, Vec<Place>> = std::collections::HashMap::new();
    let (mut open, mut urgent) = (0, 0);
    for code in places {
        for i in store.initiatives_under(code).await? {
            if !is_open(&i) || !seen.insert(i.id.clone()) {
                continue;
            }
            if !paths.contains_key(&i.place_code) {
                let (_, path) = place_at(store, &i.place_code).await?;
                paths.insert(i.place_code.clone(), path);
            }
            if !may_decide(Some(actor), &i, &paths[&i.place_code]) {
                continue;
            }
            open += 1;
            let escalated = i.status == "escalated";
            let last_day =
                shown(i, Some(actor), now).clock.is_some_and(|c| c.state != rules::ClockState::Running);
            if last_day || escalated {
                urgent += 1;
            }
        }
    }
    Ok((open, urgent))
}
