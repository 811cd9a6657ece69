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

/// Checks one new approval against the request and those it already has;
/// on success, where the request stands with it. `earlier` are the
/// approvals kept so far (each checked by this function when it came).
pub fn approve(
    request: &Request,
    earlier: &[Approval],
    new: &Approval,
    third_above: i64,
) -> Result<Standing, Refusal> {
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

/// Checks a request as typed: what it is for, the amount in cents, and in
/// a line why it beats the alternative ("pappen en nathouden").
pub fn check_request(what: &str, amount: i64, why: &str) -> Result<(String, i64, String), Invalid> {
    let mut invalid = Invalid::new();
    let what = what.trim();
    let why = why.trim();
    if what.is_empty() {
        invalid.add("what", "required");
    } else if what.chars().count() > 200 {
        invalid.add("what", "too-long");
    }
    if amount <= 0 {
        invalid.add("amount", "amount-positive");
    } else if amount > MAX_REQUEST_CENTS {
        invalid.add("amount", "emergency-amount-too-high");
    }
    if why.is_empty() {
        invalid.add("why", "required");
    } else if why.chars().count() > 500 {
        invalid.add("why", "too-long");
    }
    if invalid.is_empty() { Ok((what.to_string(), amount, why.to_string())) } else { Err(invalid) }
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
        assert_eq!(
            check_request("Rijbewijs", 45_000, "Zonder rijbewijs geen baan als bezorger.").unwrap(),
            ("Rijbewijs".to_string(), 45_000, "Zonder rijbewijs geen baan als bezorger.".to_string())
        );
        let e = check_request(" ", 0, "").unwrap_err();
        let fields: Vec<(String, &str)> = e.errors.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("what".to_string(), "required"),
                ("amount".to_string(), "amount-positive"),
                ("why".to_string(), "required")
            ]
        );
        let high = check_request("Schuld", MAX_REQUEST_CENTS + 1, "Beslag dreigt.").unwrap_err();
        assert_eq!(high.errors[0].code, "emergency-amount-too-high");
    }
}
