//! The luisterloket's emergency budget (issue 14, first part): a request for
//! a first need and the four-eyes rule every decision on it passes.
//!
//! Rules, from the seed on the luisterloket: two different professionals
//! approve, never the one who asked, never one person twice; above an amount
//! the gemeente sets, a third who is independent (of another organisation
//! than the requester and the other approvers). An approval names the
//! request and the amount it approves, so it cannot be carried over to
//! another request or to a raised amount. No I/O here: the store keeps the
//! approvals, and the one use case that records them calls [`approve`].

use crate::Invalid;
use serde::Serialize;

/// Years a request is kept whole after the year it was made (the fiscal
/// retention duty for the gemeente's spending); then only amount, year and
/// outcome stay, in the books, without what it was for or for whom.
pub const RETENTION_YEARS: i64 = 7;

/// Requests of years before this one are past their retention in `year`.
pub fn kept_from(year: i64) -> i64 {
    year - RETENTION_YEARS
}

/// What a request may ask at most, in cents (a first need, not a fund).
pub const MAX_REQUEST_CENTS: i64 = 250_000;

/// A request as it was made. `amount` is in cents.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub id: String,
    pub requester_id: String,
    pub requester_organisation: Option<String>,
    pub amount: i64,
}

/// Someone who approves, as the store knows them at the moment of approving.
#[derive(Clone, Debug, PartialEq)]
pub struct Approver {
    pub person_id: String,
    pub organisation: Option<String>,
    /// Holds a professional role (wijkwerker, coördinator, coach, partner)
    /// over the luisterloket's place.
    pub professional: bool,
}

/// One approval, bound to the request and amount it approves.
#[derive(Clone, Debug, PartialEq)]
pub struct Approval {
    pub request_id: String,
    pub amount: i64,
    pub approver: Approver,
}

/// Why an approval is refused. Each is a way around the four eyes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NotAProfessional,
    OwnRequest,
    ApprovedAlready,
    /// The approval names another request.
    OtherRequest,
    /// The approval names another amount than the request asks now.
    OtherAmount,
    /// Enough approvals are there; the request is decided.
    Decided,
    /// The third approval must come from another organisation than the
    /// requester's and the first two approvers'.
    NotIndependent,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotAProfessional => "emergency-not-a-professional",
            Refusal::OwnRequest => "emergency-own-request",
            Refusal::ApprovedAlready => "emergency-approved-already",
            Refusal::OtherRequest => "emergency-other-request",
            Refusal::OtherAmount => "emergency-other-amount",
            Refusal::Decided => "emergency-decided",
            Refusal::NotIndependent => "emergency-not-independent",
        }
    }
}

/// How many approvals a request of `amount` needs: two, or three above the
/// gemeente's `third_above` (cents).
pub fn approvals_needed(amount: i64, third_above: i64) -> usize {
    if amount > third_above { 3 } else { 2 }
}

/// Where a request stands after its approvals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Waiting { more: usize },
    Approved,
}

/// The approvals that still count: those of this request for the amount it
/// asks now. When the amount was changed, earlier approvals are void.
pub fn counting<'a>(request: &Request, approvals: &'a [Approval]) -> Vec<&'a Approval> {
    approvals.iter().filter(|a| a.request_id == request.id && a.amount == request.amount).collect()
}

/// Checks one new approval against the request and those it already has;
/// on success, where the request stands with it. `all` are the approvals
/// kept so far (each checked by this function when it came); those for
/// another amount no longer count.
pub fn approve(
    request: &Request,
    all: &[Approval],
    new: &Approval,
    third_above: i64,
) -> Result<Standing, Refusal> {
    let earlier = counting(request, all);
    let needed = approvals_needed(request.amount, third_above);
    if earlier.len() >= needed {
        return Err(Refusal::Decided);
    }
    if new.request_id != request.id {
        return Err(Refusal::OtherRequest);
    }
    if new.amount != request.amount {
        return Err(Refusal::OtherAmount);
    }
    let who = &new.approver;
    if !who.professional {
        return Err(Refusal::NotAProfessional);
    }
    if who.person_id == request.requester_id {
        return Err(Refusal::OwnRequest);
    }
    if earlier.iter().any(|a| a.approver.person_id == who.person_id) {
        return Err(Refusal::ApprovedAlready);
    }
    if earlier.len() == 2 {
        // The third: independent of everyone involved so far. Someone
        // without an organisation counts as independent of none.
        let involved = std::iter::once(&request.requester_organisation)
            .chain(earlier.iter().map(|a| &a.approver.organisation));
        let independent = who.organisation.is_some() && involved.into_iter().all(|o| o != &who.organisation);
        if !independent {
            return Err(Refusal::NotIndependent);
        }
    }
    let have = earlier.len() + 1;
    Ok(if have >= needed { Standing::Approved } else { Standing::Waiting { more: needed - have } })
}

/// How the money reaches the need: social coin on the resident's card
/// (same day, spendable only in the place), or a payment to a creditor
/// (a landlord, the CJIB, a shop) that the gemeente's finance pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Payout {
    Coin,
    Creditor,
}

impl Payout {
    pub const ALL: [Payout; 2] = [Payout::Coin, Payout::Creditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Payout::Coin => "coin",
            Payout::Creditor => "creditor",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// A request as typed, checked: what for, how much, why this beats
/// "pappen en nathouden", and how it is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInput {
    pub what: String,
    pub amount: i64,
    pub why: String,
    pub payout: Payout,
    /// For a creditor payment: who is paid and the reference (an invoice
    /// number), in one line.
    pub creditor: String,
}

/// Checks a request as typed, every problem at once. `amount` is euros as
/// people write them ("125" or "125,50").
pub fn check_request(
    what: &str,
    amount: &str,
    why: &str,
    payout: &str,
    creditor: &str,
) -> Result<RequestInput, Invalid> {
    let mut invalid = Invalid::new();
    let what = what.trim();
    let why = why.trim();
    let creditor = creditor.trim();
    if what.is_empty() {
        invalid.add("what", "required");
    } else if what.chars().count() > 200 {
        invalid.add("what", "too-long");
    }
    let amount = match crate::coin::parse_euros(amount.trim()) {
        _ if amount.trim().is_empty() => {
            invalid.add("amount", "required");
            0
        }
        None => {
            invalid.add("amount", "amount-invalid");
            0
        }
        Some(c) if c <= 0 => {
            invalid.add("amount", "amount-positive");
            0
        }
        Some(c) if c > MAX_REQUEST_CENTS => {
            invalid.add("amount", "emergency-amount-too-high");
            0
        }
        Some(c) => c,
    };
    if why.is_empty() {
        invalid.add("why", "required");
    } else if why.chars().count() > 500 {
        invalid.add("why", "too-long");
    }
    let payout = Payout::parse(payout);
    match payout {
        None => invalid.add("payout", "emergency-payout-unknown"),
        Some(Payout::Creditor) if creditor.is_empty() => invalid.add("creditor", "required"),
        _ => {}
    }
    if creditor.chars().count() > 200 {
        invalid.add("creditor", "too-long");
    }
    invalid.into_result(())?;
    let payout = payout.expect("checked");
    let creditor = if payout == Payout::Creditor { creditor.to_string() } else { String::new() };
    Ok(RequestInput { what: what.to_string(), amount, why: why.to_string(), payout, creditor })
}

/// Checks the reason a request is refused (the resident reads it).
pub fn check_refusal(reason: &str) -> Result<String, Invalid> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Invalid::single("reason", "required"));
    }
    if reason.chars().count() > 1000 {
        return Err(Invalid::single("reason", "too-long"));
    }
    Ok(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const THIRD_ABOVE: i64 = 50_000;

    fn request(amount: i64) -> Request {
        Request {
            id: "r1".into(),
            requester_id: "ahmed".into(),
            requester_organisation: Some("wijkteam".into()),
            amount,
        }
    }

    fn by(person: &str, organisation: &str, amount: i64) -> Approval {
        Approval {
            request_id: "r1".into(),
            amount,
            approver: Approver {
                person_id: person.into(),
                organisation: Some(organisation.into()).filter(|o: &String| !o.is_empty()),
                professional: true,
            },
        }
    }

    #[test]
    fn two_different_professionals_approve_a_small_request() {
        let r = request(12_500);
        let first = by("petra", "wijkteam", 12_500);
        assert_eq!(approve(&r, &[], &first, THIRD_ABOVE), Ok(Standing::Waiting { more: 1 }));
        let second = by("sanne", "wijkteam", 12_500);
        assert_eq!(approve(&r, &[first.clone()], &second, THIRD_ABOVE), Ok(Standing::Approved));
        // Decided: a further approval is refused, not counted.
        let third = by("ellen", "gemeente", 12_500);
        assert_eq!(approve(&r, &[first, second], &third, THIRD_ABOVE), Err(Refusal::Decided));
    }

    #[test]
    fn every_way_around_the_four_eyes_is_refused() {
        let r = request(12_500);
        let first = by("petra", "wijkteam", 12_500);
        // The requester approving their own request, first or second.
        assert_eq!(approve(&r, &[], &by("ahmed", "wijkteam", 12_500), THIRD_ABOVE), Err(Refusal::OwnRequest));
        assert_eq!(
            approve(&r, &[first.clone()], &by("ahmed", "wijkteam", 12_500), THIRD_ABOVE),
            Err(Refusal::OwnRequest)
        );
        // One person twice.
        assert_eq!(approve(&r, &[first.clone()], &first, THIRD_ABOVE), Err(Refusal::ApprovedAlready));
        // An approval for another amount (the request was raised after approving) or request.
        assert_eq!(
            approve(&r, &[], &by("petra", "wijkteam", 10_000), THIRD_ABOVE),
            Err(Refusal::OtherAmount)
        );
        let elsewhere = Approval { request_id: "r2".into(), ..first.clone() };
        assert_eq!(approve(&r, &[], &elsewhere, THIRD_ABOVE), Err(Refusal::OtherRequest));
        // A resident is not one of the four eyes.
        let mut resident = by("fatima", "", 12_500);
        resident.approver.professional = false;
        assert_eq!(approve(&r, &[], &resident, THIRD_ABOVE), Err(Refusal::NotAProfessional));
    }

    #[test]
    fn approvals_for_an_older_amount_no_longer_count() {
        // Approved at 12,500, then the amount was raised to 14,000: the old
        // approval is void, and its approver may approve the new amount.
        let r = request(14_000);
        let old = by("petra", "wijkteam", 12_500);
        assert_eq!(counting(&r, &[old.clone()]).len(), 0);
        assert_eq!(
            approve(&r, &[old.clone()], &by("sanne", "wijkteam", 14_000), THIRD_ABOVE),
            Ok(Standing::Waiting { more: 1 })
        );
        let again = by("petra", "wijkteam", 14_000);
        let sanne = by("sanne", "wijkteam", 14_000);
        assert_eq!(approve(&r, &[old, sanne], &again, THIRD_ABOVE), Ok(Standing::Approved));
    }

    #[test]
    fn above_the_limit_a_third_independent_one_is_needed() {
        let r = request(80_000);
        let first = by("petra", "wijkteam", 80_000);
        let second = by("sanne", "schuldhulp", 80_000);
        assert_eq!(approve(&r, &[first.clone()], &second, THIRD_ABOVE), Ok(Standing::Waiting { more: 1 }));
        let earlier = [first, second];
        // From the requester's organisation, from an approver's, or from none: not independent.
        for (who, org) in [("karin", "wijkteam"), ("mehmet", "schuldhulp"), ("joost", "")] {
            assert_eq!(
                approve(&r, &earlier, &by(who, org, 80_000), THIRD_ABOVE),
                Err(Refusal::NotIndependent),
                "{who}"
            );
        }
        assert_eq!(
            approve(&r, &earlier, &by("ellen", "gemeente", 80_000), THIRD_ABOVE),
            Ok(Standing::Approved)
        );
        // At the limit itself two are enough.
        assert_eq!(approvals_needed(THIRD_ABOVE, THIRD_ABOVE), 2);
    }

    #[test]
    fn a_request_says_what_how_much_and_why() {
        let r =
            check_request("Rijbewijs", "450", "Zonder rijbewijs geen baan als bezorger.", "coin", "ignored")
                .unwrap();
        assert_eq!(
            (r.what.as_str(), r.amount, r.payout, r.creditor.as_str()),
            ("Rijbewijs", 45_000, Payout::Coin, "")
        );
        let r = check_request(
            "Huurachterstand",
            "312,50",
            "Anders volgt ontruiming.",
            "creditor",
            "Woonstad, factuur 8812",
        )
        .unwrap();
        assert_eq!((r.amount, r.creditor.as_str()), (31_250, "Woonstad, factuur 8812"));
        let e = check_request(" ", "0", "", "cash", "").unwrap_err();
        let fields: Vec<(String, &str)> = e.errors.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("what".to_string(), "required"),
                ("amount".to_string(), "amount-positive"),
                ("why".to_string(), "required"),
                ("payout".to_string(), "emergency-payout-unknown"),
            ]
        );
        let e = check_request("Boodschappen", "2500,01", "Geen eten in huis.", "creditor", "").unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.code).collect();
        assert_eq!(fields, ["emergency-amount-too-high", "required"]);
        assert!(check_request("x", "12,345", "y", "coin", "").is_err());
        assert_eq!(check_refusal("  ").unwrap_err().errors[0].code, "required");
    }
}
