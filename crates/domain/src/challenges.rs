//! Right to challenge (uitdaagrecht): the gemeente announces an intervention
//! it plans in a wijk (what, budget, period); residents, the wijk cooperative
//! or a wijkinnovatiebedrijf challenge it with a plan that does it better or
//! cheaper; the gemeente answers within a stated term, with reasons, in public.
//!
//! The rules are the gemeente's participatieverordening (the "Wet versterking
//! participatie op decentraal niveau" asks each gemeente to set them), kept
//! as data: how many working days the gemeente takes to answer, and the text
//! of the regulation shown before anyone writes a plan.

use crate::Invalid;
use serde::Serialize;

/// Who may challenge: residents together, the wijk cooperative, a
/// wijkinnovatiebedrijf (a social enterprise of the wijk).
pub const CHALLENGERS: [&str; 3] = ["bewoners", "cooperatie", "wijkinnovatiebedrijf"];

/// A gemeente's rules for the right to challenge.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeRules {
    /// Working days the gemeente takes to answer a challenge.
    pub answer_days: u32,
    /// The participatieverordening in plain words (or where to read it);
    /// empty: the standard text.
    pub regulation: String,
}

impl Default for ChallengeRules {
    fn default() -> Self {
        // Eight weeks, the usual term of the Algemene wet bestuursrecht.
        ChallengeRules { answer_days: 40, regulation: String::new() }
    }
}

pub fn check_rules(answer_days: &str, regulation: &str) -> Result<ChallengeRules, Invalid> {
    let mut invalid = Invalid::new();
    let answer_days = match answer_days.trim().parse::<u32>() {
        Ok(n) if (5..=130).contains(&n) => n,
        Ok(_) => {
            invalid.add("answerDays", "out-of-range");
            0
        }
        Err(_) => {
            invalid.add("answerDays", "not-a-number");
            0
        }
    };
    let regulation = invalid.text("regulation", regulation, 4000, false);
    invalid.into_result(ChallengeRules { answer_days, regulation })
}

fn cents(invalid: &mut Invalid, field: &str, text: &str, required: bool) -> i64 {
    if text.trim().is_empty() {
        if required {
            invalid.add(field, "required");
        }
        return 0;
    }
    match crate::coin::parse_euros(text) {
        Some(c) if c > 0 && c <= 10_000_000_000 => c,
        _ => {
            invalid.add(field, "amount-invalid");
            0
        }
    }
}

/// An intervention the gemeente plans, as the public sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct InterventionInput {
    pub title: String,
    pub description: String,
    /// Cents the gemeente means to spend.
    pub budget: i64,
    pub starts_on: String,
    pub ends_on: String,
    /// Where its money shows in follow the money: an Iv3 taakveld and a life domain (either may be empty).
    pub taakveld: String,
    pub domain: String,
}

#[derive(Clone, Debug, Default)]
pub struct RawIntervention<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub budget: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub taakveld: &'a str,
    pub domain: &'a str,
}

pub fn check_intervention(raw: &RawIntervention<'_>) -> Result<InterventionInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", raw.title, 150, true);
    let description = invalid.text("description", raw.description, 4000, true);
    let budget = cents(&mut invalid, "budget", raw.budget, true);
    let starts = crate::goals::parse_date(raw.starts_on);
    let ends = crate::goals::parse_date(raw.ends_on);
    if starts.is_none() {
        invalid.add("startsOn", "date-invalid");
    }
    if ends.is_none() {
        invalid.add("endsOn", "date-invalid");
    }
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        invalid.add("endsOn", "ends-before-start");
    }
    let taakveld = invalid.text("taakveld", raw.taakveld, 10, false);
    let domain = invalid.text("domain", raw.domain, 60, false);
    invalid.into_result(InterventionInput {
        title,
        description,
        budget,
        starts_on: starts.map(crate::goals::iso).unwrap_or_default(),
        ends_on: ends.map(crate::goals::iso).unwrap_or_default(),
        taakveld,
        domain,
    })
}

/// A challenge: who, their plan, what it costs and why it is better.
#[derive(Clone, Debug, PartialEq)]
pub struct ChallengeInput {
    /// One of [`CHALLENGERS`].
    pub kind: String,
    /// The group or organisation's name, shown publicly.
    pub name: String,
    pub plan: String,
    /// Cents the challengers ask to do it.
    pub bid: i64,
    pub why_better: String,
}

/// A plan can be challenged until its work starts (`starts_on` and `today`
/// as `YYYY-MM-DD`, Dutch dates): a better plan is no use to work already done.
pub fn open_to_challenge(starts_on: &str, today: &str) -> bool {
    today < starts_on
}

pub fn check_challenge(
    kind: &str,
    name: &str,
    plan: &str,
    bid: &str,
    why_better: &str,
) -> Result<ChallengeInput, Invalid> {
    let mut invalid = Invalid::new();
    let kind = kind.trim();
    if !CHALLENGERS.contains(&kind) {
        invalid.add("kind", "choose-one");
    }
    let name = invalid.text("name", name, 150, true);
    let plan = invalid.text("plan", plan, 6000, true);
    let bid = cents(&mut invalid, "bid", bid, true);
    let why_better = invalid.text("whyBetter", why_better, 2000, true);
    invalid.into_result(ChallengeInput { kind: kind.to_string(), name, plan, bid, why_better })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The challengers do it (for their bid).
    Accepted,
    Rejected,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Rejected => "rejected",
        }
    }
}

/// The gemeente's answer, always with its reasons.
pub fn check_answer(outcome: &str, reason: &str) -> Result<(Outcome, String), Invalid> {
    let mut invalid = Invalid::new();
    let reason = invalid.text("reason", reason, 4000, true);
    let outcome = match outcome.trim() {
        "accepted" => Outcome::Accepted,
        "rejected" => Outcome::Rejected,
        _ => {
            invalid.add("outcome", "choose-one");
            Outcome::Rejected
        }
    };
    invalid.into_result((outcome, reason))
}

/// How the bid compares with the gemeente's budget, in plain numbers: the
/// difference in cents (negative: cheaper) and as a whole percentage.
pub fn compare_bid(budget: i64, bid: i64) -> (i64, i64) {
    let diff = bid - budget;
    let percent = if budget > 0 { (diff * 100 + diff.signum() * budget / 2) / budget } else { 0 };
    (diff, percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_open_to_challenge_until_its_first_day() {
        assert!(open_to_challenge("2027-03-01", "2027-02-28"));
        assert!(!open_to_challenge("2027-03-01", "2027-03-01"));
        assert!(!open_to_challenge("2027-03-01", "2027-07-15"));
    }

    #[test]
    fn interventions_are_checked_field_by_field() {
        let raw = RawIntervention {
            title: "Groenonderhoud Oosterpark",
            description: "Maaien, snoeien en vegen in de openbare ruimte.",
            budget: "120.000",
            starts_on: "2027-01-01",
            ends_on: "2027-12-31",
            taakveld: "2.1",
            domain: "",
        };
        let i = check_intervention(&raw).unwrap();
        assert_eq!((i.budget, i.starts_on.as_str()), (12_000_000, "2027-01-01"));
        let bad = RawIntervention {
            budget: "veel",
            starts_on: "2027-12-31",
            ends_on: "2027-01-01",
            ..Default::default()
        };
        let e = check_intervention(&bad).unwrap_err();
        for f in ["title", "description", "budget", "endsOn"] {
            assert!(e.has(f), "{f}: {e}");
        }
    }

    #[test]
    fn challenges_and_answers_need_every_part() {
        let c = check_challenge(
            "cooperatie",
            "Wijkcoöperatie Oosterpark",
            "Buurtbanen",
            "95.000",
            "Goedkoper en mensen uit de wijk aan het werk",
        )
        .unwrap();
        assert_eq!(c.bid, 9_500_000);
        let e = check_challenge("bedrijf", "", "", "", "").unwrap_err();
        for f in ["kind", "name", "plan", "bid", "whyBetter"] {
            assert!(e.has(f), "{f}");
        }
        assert_eq!(check_answer("accepted", "Beter plan").unwrap().0, Outcome::Accepted);
        let e = check_answer("maybe", "").unwrap_err();
        assert!(e.has("outcome") && e.has("reason"));
    }

    #[test]
    fn bids_compare_with_the_budget() {
        assert_eq!(compare_bid(12_000_000, 9_500_000), (-2_500_000, -21));
        assert_eq!(compare_bid(100, 150), (50, 50));
        assert_eq!(compare_bid(0, 10), (10, 0));
        assert!(check_rules("3", "").unwrap_err().has("answerDays"));
        assert_eq!(check_rules("40", "Zie de verordening").unwrap().answer_days, 40);
    }
}
