//! The luisterloket's emergency budget for first needs (seed 003: "een
//! budget voor eerste levensbehoeften"): a professional asks on a
//! resident's behalf, two other professionals approve (a third, independent
//! one above the gemeente's amount), and the money goes out as social coin
//! on the resident's card or as a payment to a creditor.
//!
//! Who may do what is decided here; the four-eyes rule itself is in
//! `wijkwerk_domain::emergency` and is applied by the store under the
//! request's lock, the one place every approval passes.
//!
//! Personal data: the resident a request is for and what they need. The
//! list shows no names; opening a request shows the resident's name to the
//! luisterloket's professionals and writes that read in the resident's
//! access log. The resident sees their own requests in "Mijn gegevens" and
//! the export; on erasure a request stays as a record of public money,
//! without them.

use crate::places::{codes, place_at};
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::access::{EMERGENCY_APPROVERS, EMERGENCY_REQUESTERS, WIJKBUDGET_KEEPERS};
use wijkwerk_domain::emergency::{self as rules, Approver, Payout, Refusal, RequestInput, Standing};
use wijkwerk_domain::role::{Actor, Role};
use wijkwerk_domain::{Invalid, Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::coin::{Idempotency, Programme};
use wijkwerk_store::emergency::{ApprovalRecord, EmergencyBudget, EmergencyRequest, NewRequest, Outcome};

fn holds(actor: &Actor, roles: &[Role], path: &[Place]) -> bool {
    let path = codes(path);
    roles.iter().any(|&r| actor.has_role_over(r, &path))
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.as_str()).collect()
}

/// The coin programme that pays out at the place: the nearest one covering it.
async fn programme_for(store: &Store, path: &[Place]) -> Result<Option<Programme>> {
    let programmes = store.programmes().await?;
    Ok(path.iter().rev().find_map(|place| programmes.iter().find(|p| p.place_code == place.code).cloned()))
}

/// A wijk's luisterloket: its budgets and requests (without names).
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub place: Place,
    pub path: Vec<Place>,
    pub budgets: Vec<EmergencyBudget>,
    pub requests: Vec<EmergencyRequest>,
    pub may_request: bool,
    pub may_allocate: bool,
    /// Whether coins can be paid out here (a coin programme covers the wijk).
    pub coin_available: bool,
}

pub async fn overview(store: &Store, actor: &Actor, code: &str) -> Result<Overview> {
    let (place, path) = place_at(store, code).await?;
    let may_allocate = holds(actor, WIJKBUDGET_KEEPERS, &path) && place.level == PlaceLevel::Wijk;
    if !holds(actor, EMERGENCY_APPROVERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let mut requests = store.emergency_requests_under(&place.code).await?;
    for r in &mut requests {
        // The list says what and how much, not for whom.
        r.beneficiary_name.clear();
    }
    Ok(Overview {
        budgets: if place.level == PlaceLevel::Wijk {
            store.emergency_budgets(&place.code).await?
        } else {
            vec![]
        },
        requests,
        may_request: holds(actor, EMERGENCY_REQUESTERS, &path) && place.level == PlaceLevel::Wijk,
        may_allocate,
        coin_available: programme_for(store, &path).await?.is_some(),
        place,
        path,
    })
}

/// One approval as the page shows it: whether it still counts.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownApproval {
    #[serde(flatten)]
    pub approval: ApprovalRecord,
    /// False when it approved an amount the request no longer asks.
    pub counts: bool,
    pub mine: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    pub request: EmergencyRequest,
    #[serde(skip)]
    pub path: Vec<Place>,
    pub approvals: Vec<ShownApproval>,
    /// How many approvals this amount needs, and how many count now.
    pub needed: usize,
    pub counting: usize,
    pub third_above: i64,
    /// The viewer is the resident it is for.
    pub for_me: bool,
    pub may_approve: bool,
    pub may_refuse: bool,
    pub may_change: bool,
}

/// A request, for the resident it is for or the luisterloket's
/// professionals (their read is logged for the resident).
pub async fn show(store: &Store, actor: &Actor, id: &str) -> Result<RequestView> {
    let request = store.emergency_request(id).await?.ok_or(Error::NotFound("emergency request"))?;
    let (_, path) = place_at(store, &request.place_code).await?;
    let for_me = request.beneficiary_id.as_deref() == Some(actor.person_id.as_str());
    let professional = holds(actor, EMERGENCY_APPROVERS, &path);
    if !for_me && !professional {
        return Err(Error::NotFound("emergency request"));
    }
    if let (false, Some(resident)) = (for_me, request.beneficiary_id.as_deref()) {
        store
            .log_access(
                &actor.person_id,
                resident,
                "emergency-request",
                "Noodbudget: aanvraag beoordelen",
                None,
            )
            .await?;
    }
    let third_above = store
        .emergency_budgets(&request.place_code)
        .await?
        .iter()
        .find(|b| b.year == request.year)
        .map(|b| b.third_above)
        .unwrap_or(i64::MAX);
    let approvals: Vec<ShownApproval> = store
        .emergency_approvals(id)
        .await?
        .into_iter()
        .map(|a| ShownApproval {
            counts: a.amount == request.amount,
            mine: a.approver_id == actor.person_id,
            approval: a,
        })
        .collect();
    let counting = approvals.iter().filter(|a| a.counts).count();
    let open = request.status == "open";
    let own = request.requester_id.as_deref() == Some(actor.person_id.as_str());
    let approved_now = approvals.iter().any(|a| a.counts && a.mine);
    Ok(RequestView {
        needed: rules::approvals_needed(request.amount, third_above),
        counting,
        third_above,
        for_me,
        may_approve: open && professional && !own && !approved_now,
        may_refuse: open && professional,
        may_change: open && own,
        approvals,
        request,
        path,
    })
}

/// The requests for the resident (for "Mijn gegevens").
pub async fn mine(store: &Store, actor: &Actor) -> Result<Vec<EmergencyRequest>> {
    Ok(store.emergency_requests_for(&actor.person_id).await?)
}

/// A professional asks for a resident (found by e-mail address; a creditor
/// payment may be for someone without an account).
pub async fn request(
    store: &Store,
    actor: &Actor,
    code: &str,
    resident_email: &str,
    input: std::result::Result<RequestInput, Invalid>,
    now: Timestamp,
) -> Result<EmergencyRequest> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk || !holds(actor, EMERGENCY_REQUESTERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let mut invalid = match &input {
        Ok(_) => Invalid::new(),
        Err(i) => i.clone(),
    };
    let email = resident_email.trim();
    let resident = match email {
        "" => None,
        e => store.person_by_email(e).await?.filter(|p| p.erased_at.is_none()),
    };
    if !email.is_empty() && resident.is_none() {
        invalid.add("resident", "person-unknown");
    }
    if let Ok(i) = &input {
        if i.payout == Payout::Coin {
            if email.is_empty() {
                invalid.add("resident", "required");
            }
            if programme_for(store, &path).await?.is_none() {
                invalid.add("payout", "emergency-no-coin-here");
            }
        }
    }
    if resident.as_ref().is_some_and(|r| r.id == actor.person_id) {
        invalid.add("resident", "emergency-own-need");
    }
    invalid.into_result(())?;
    let input = input.expect("checked");
    let year: i64 = now.dutch_date()[..4].parse().expect("a year");
    let organisation =
        store.organisation_at(&actor.person_id, &place.code, &role_names(EMERGENCY_REQUESTERS)).await?;
    let who = NewRequest {
        place_code: &place.code,
        year,
        beneficiary_id: resident.as_ref().map(|r| r.id.as_str()),
        requester_id: &actor.person_id,
        requester_organisation: organisation.as_deref(),
    };
    let id = store.request_emergency(&who, &input, now).await?;
    audit::record(store, actor, "emergency.requested", &place.code, &input.what, &input.amount.to_string())
        .await?;
    store.emergency_request(&id).await?.ok_or(Error::NotFound("emergency request"))
}

fn refusal_error(r: Refusal) -> Error {
    match r {
        Refusal::NotAProfessional => Error::Forbidden("error-emergency-not-a-professional"),
        Refusal::OwnRequest => Error::Forbidden("error-emergency-own-request"),
        Refusal::ApprovedAlready => Error::Forbidden("error-emergency-approved-already"),
        Refusal::NotIndependent => Error::Forbidden("error-emergency-not-independent"),
        Refusal::OtherRequest | Refusal::OtherAmount => Error::Conflict("emergency-other-amount"),
        Refusal::Decided => Error::Conflict("emergency-decided"),
    }
}

/// One of the four eyes. `amount` is what the approver saw (cents): an
/// approval binds to it, so a changed request is not approved unseen. When
/// this approval decides a coin request, the coins go out at once.
pub async fn approve(
    store: &Store,
    actor: &Actor,
    id: &str,
    amount: i64,
    now: Timestamp,
    idem: Option<&Idempotency>,
) -> Result<RequestView> {
    let request = store.emergency_request(id).await?.ok_or(Error::NotFound("emergency request"))?;
    let (_, path) = place_at(store, &request.place_code).await?;
    let approver = Approver {
        person_id: actor.person_id.clone(),
        organisation: store
            .organisation_at(&actor.person_id, &request.place_code, &role_names(EMERGENCY_APPROVERS))
            .await?,
        professional: holds(actor, EMERGENCY_APPROVERS, &path),
    };
    match store.approve_emergency(id, &approver, amount, now, idem).await? {
        Outcome::Refused(r) => return Err(refusal_error(r)),
        Outcome::Replayed => {}
        Outcome::Counted(standing) => {
            let word = if standing == Standing::Approved { "decided" } else { "counted" };
            audit::record(store, actor, "emergency.approved", &request.place_code, &request.what, word)
                .await?;
        }
    }
    match pay_out(store, id, &path).await {
        // The approval stands; the coins wait (a card full to its limit, no
        // funded coins) and go out when the approval is retried with its key.
        Ok(()) | Err(Error::Invalid(_) | Error::Conflict(_)) => {}
        Err(e) => return Err(e),
    }
    show(store, actor, id).await
}

/// Sends the coins of an approved coin request (again, safely, if an
/// earlier attempt stopped halfway).
async fn pay_out(store: &Store, id: &str, path: &[Place]) -> Result<()> {
    let r = store.emergency_request(id).await?.ok_or(Error::NotFound("emergency request"))?;
    if r.status == "approved" && r.payout == Payout::Coin.as_str() {
        let programme = programme_for(store, path).await?.ok_or(Error::Conflict("emergency-no-coin-here"))?;
        store.pay_emergency_in_coin(id, &programme.id).await?;
    }
    Ok(())
}

/// A professional refuses an open request, with the reason the resident reads.
pub async fn refuse(
    store: &Store,
    actor: &Actor,
    id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<RequestView> {
    let request = store.emergency_request(id).await?.ok_or(Error::NotFound("emergency request"))?;
    let (_, path) = place_at(store, &request.place_code).await?;
    if !holds(actor, EMERGENCY_APPROVERS, &path) {
        return Err(Error::NotFound("emergency request"));
    }
    let reason = rules::check_refusal(reason)?;
    store.refuse_emergency(id, &actor.person_id, &reason, now).await?;
    audit::record(store, actor, "emergency.refused", &request.place_code, &request.what, "").await?;
    show(store, actor, id).await
}

/// The requester changes the amount of an open request; approvals of the
/// old amount stop counting.
pub async fn change_amount(store: &Store, actor: &Actor, id: &str, amount: &str) -> Result<RequestView> {
    let request = store.emergency_request(id).await?.ok_or(Error::NotFound("emergency request"))?;
    if request.requester_id.as_deref() != Some(actor.person_id.as_str()) {
        return Err(Error::Forbidden("error-emergency-not-requester"));
    }
    let checked =
        rules::check_request(&request.what, amount, &request.why, &request.payout, &request.creditor)?;
    store.change_emergency_amount(id, checked.amount).await?;
    show(store, actor, id).await
}

/// The gemeente puts money in a wijk's emergency budget for a year and sets
/// above which amount a third approval is needed.
pub async fn allocate(
    store: &Store,
    actor: &Actor,
    code: &str,
    (year, amount, third_above): (&str, &str, &str),
    idem: Option<&Idempotency>,
) -> Result<Vec<EmergencyBudget>> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk || !holds(actor, WIJKBUDGET_KEEPERS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let mut invalid = Invalid::new();
    let year = match year.trim().parse::<i64>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            invalid.add("year", "year-invalid");
            0
        }
    };
    let mut cents = |field: &str, text: &str| match wijkwerk_domain::coin::parse_euros(text) {
        Some(c) if c > 0 && c <= 100_000_000 => c,
        _ => {
            invalid.add(field, "amount-invalid");
            0
        }
    };
    let amount = cents("amount", amount);
    let third_above = cents("thirdAbove", third_above);
    invalid.into_result(())?;
    store.allocate_emergency_budget(&place.code, year, amount, third_above, idem).await?;
    audit::record(store, actor, "emergency.allocated", &place.code, &year.to_string(), &amount.to_string())
        .await?;
    Ok(store.emergency_budgets(&place.code).await?)
}

/// Strips the requests past their retention (`RETENTION_YEARS` after their
/// year), for the nightly job; how many.
pub async fn apply_retention(store: &Store, now: Timestamp) -> Result<u64> {
    let year: i64 = now.dutch_date()[..4].parse().expect("a year");
    Ok(store.strip_emergency_requests_before(rules::kept_from(year)).await?)
}
