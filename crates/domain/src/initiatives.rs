//! Initiatives of residents and the wijkbudget that pays for them (seed 001,
//! task 1 point 6: small ideas decided within three days; task 2 points 14–15:
//! a "smeeroliebudget" and clear rules).
//!
//! - The rules per wijk are data: up to which amount the short route applies,
//!   how many working days each route may take, what happens when nobody
//!   decides in time, and the texts shown up front (what is eligible, what
//!   accounting is asked).
//! - The clock counts Dutch working days: no Saturdays, Sundays or the public
//!   holidays of the Algemene termijnenwet (art. 3), the law that extends
//!   Dutch legal terms in the same way.
//! - The wijkbudget is a double-entry ledger per wijk and year: every movement
//!   is two postings that sum to zero, so granted, paid, returned and left
//!   always add up to what the gemeente allocated.

use crate::Invalid;
use crate::clock::Timestamp;
use serde::Serialize;
use time::{Date, Duration, Month, Weekday};

/// What an initiative can ask for besides (or instead of) money.
pub const NEEDS: [&str; 4] = ["geld", "plek", "hulp", "vergunning"];

/// Above this an idea is a project, not an initiative for the wijkbudget.
pub const MAX_AMOUNT: i64 = 5_000_000;

/// What happens when the decider lets the clock run out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnTimeout {
    /// Approved as asked ("wie zwijgt, stemt toe").
    Approve,
    /// Goes to the gemeente, and stays open until someone decides.
    Escalate,
}

impl OnTimeout {
    pub fn as_str(self) -> &'static str {
        match self {
            OnTimeout::Approve => "approve",
            OnTimeout::Escalate => "escalate",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "approve" => Some(OnTimeout::Approve),
            "escalate" => Some(OnTimeout::Escalate),
            _ => None,
        }
    }
}

/// A wijk's rules for initiatives, shown before anyone writes a line.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WijkRules {
    /// Up to this amount (cents) the short route applies.
    pub small_limit: i64,
    /// Working days the short route may take (the seed's three).
    pub small_days: u32,
    /// Working days a larger initiative may take.
    pub large_days: u32,
    pub on_timeout: OnTimeout,
    /// What is eligible, in the wijk's own words; empty: the standard text.
    pub eligible: String,
    /// What accounting is asked afterwards; empty: the standard text.
    pub accounting: String,
    /// Whether a group may keep what it did not spend for next year.
    pub groups_may_save: bool,
}

impl Default for WijkRules {
    fn default() -> Self {
        WijkRules {
            small_limit: 150_000,
            small_days: 3,
            large_days: 30,
            on_timeout: OnTimeout::Approve,
            eligible: String::new(),
            accounting: String::new(),
            groups_may_save: false,
        }
    }
}

fn whole_number(invalid: &mut Invalid, field: &str, text: &str, range: std::ops::RangeInclusive<u32>) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        Ok(_) => {
            invalid.add(field, "out-of-range");
            *range.start()
        }
        Err(_) => {
            invalid.add(field, "not-a-number");
            *range.start()
        }
    }
}

/// An amount in euros as people type it ("1500", "1.500", "1500,50"), in
/// cents; `None` with the reason when it is no amount.
fn euros(text: &str) -> Result<i64, &'static str> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    match crate::coin::parse_euros(text) {
        Some(c) if c < 0 => Err("amount-invalid"),
        Some(c) if c > MAX_AMOUNT => Err("amount-too-large"),
        Some(c) => Ok(c),
        None => Err("amount-invalid"),
    }
}

/// The gemeente's form for a wijk's rules, fields as typed.
#[derive(Clone, Debug, Default)]
pub struct RawRules<'a> {
    pub small_limit: &'a str,
    pub small_days: &'a str,
    pub large_days: &'a str,
    pub on_timeout: &'a str,
    pub eligible: &'a str,
    pub accounting: &'a str,
    pub groups_may_save: bool,
}

pub fn check_rules(raw: &RawRules<'_>) -> Result<WijkRules, Invalid> {
    let mut invalid = Invalid::new();
    let small_limit = match euros(raw.small_limit) {
        Ok(0) => {
            invalid.add("smallLimit", "required");
            0
        }
        Ok(c) => c,
        Err(code) => {
            invalid.add("smallLimit", code);
            0
        }
    };
    let small_days = whole_number(&mut invalid, "smallDays", raw.small_days, 1..=10);
    let large_days = whole_number(&mut invalid, "largeDays", raw.large_days, 1..=90);
    if !invalid.has("smallDays") && !invalid.has("largeDays") && large_days < small_days {
        invalid.add("largeDays", "large-route-shorter");
    }
    let on_timeout = OnTimeout::parse(raw.on_timeout).unwrap_or_else(|| {
        invalid.add("onTimeout", "choose-one");
        OnTimeout::Approve
    });
    let eligible = invalid.text("eligible", raw.eligible, 2000, false);
    let accounting = invalid.text("accounting", raw.accounting, 2000, false);
    invalid.into_result(WijkRules {
        small_limit,
        small_days,
        large_days,
        on_timeout,
        eligible,
        accounting,
        groups_may_save: raw.groups_may_save,
    })
}

// ---------------------------------------------------------------- the clock

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm of
/// Meeus, Jones and Butcher).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 { Month::March } else { Month::April };
    Date::from_calendar_date(year, month, day as u8).expect("Easter is a real date")
}

/// A public holiday of the Algemene termijnenwet: Nieuwjaarsdag, Tweede
/// Paasdag, Hemelvaartsdag, Tweede Pinksterdag, both Christmas days,
/// Koningsdag (27 April, or the 26th when the 27th is a Sunday) and 5 May.
/// (Goede Vrijdag is not one: many have it off, the law does not count it.)
pub fn is_public_holiday(d: Date) -> bool {
    let fixed = matches!(
        (d.month(), d.day()),
        (Month::January, 1) | (Month::May, 5) | (Month::December, 25) | (Month::December, 26)
    );
    let kings_day = {
        let the_27th = Date::from_calendar_date(d.year(), Month::April, 27).expect("a real date");
        if the_27th.weekday() == Weekday::Sunday { the_27th - Duration::days(1) } else { the_27th }
    };
    let easter = easter_sunday(d.year());
    let moving = [1, 39, 50].iter().any(|&days| d == easter + Duration::days(days));
    fixed || d == kings_day || moving
}

pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_public_holiday(d)
}

/// The `n`th working day after `from` (`from` itself does not count).
pub fn add_working_days(from: Date, n: u32) -> Date {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

fn dutch_midnight(d: Date) -> Timestamp {
    let text = format!("{:04}-{:02}-{:02}T00:00", d.year(), u8::from(d.month()), d.day());
    crate::meetings::dutch_local_to_utc(&text).expect("midnight exists in Dutch time")
}

/// When a decision is due: the end of the `days`th working day after the day
/// it was submitted (Dutch time), so something sent on Friday evening with
/// three days is due at the end of Wednesday.
pub fn decision_due(submitted: Timestamp, days: u32) -> Timestamp {
    let day = submitted.dutch_civil().date();
    dutch_midnight(add_working_days(day, days) + Duration::days(1))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockState {
    Running,
    /// The last working day: the decider is warned.
    LastDay,
    Overdue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Clock {
    pub state: ClockState,
    /// Working days still to come after today; 1 on the last day itself.
    pub working_days_left: u32,
}

/// Where the clock stands at `now` for a decision due at `due`.
pub fn clock(now: Timestamp, due: Timestamp) -> Clock {
    if now >= due {
        return Clock { state: ClockState::Overdue, working_days_left: 0 };
    }
    let today = now.dutch_civil().date();
    let last = (due.minus_seconds(1)).dutch_civil().date();
    if today >= last {
        return Clock { state: ClockState::LastDay, working_days_left: 1 };
    }
    // The working days still to come; today is already under way.
    let mut left = 0;
    let mut d = today + Duration::days(1);
    while d <= last {
        if is_working_day(d) {
            left += 1;
        }
        d += Duration::days(1);
    }
    Clock { state: ClockState::Running, working_days_left: left }
}

// ---------------------------------------------------------------- initiatives

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// At or under the wijk's limit: decided within the short term.
    Small,
    Large,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Small => "small",
            Route::Large => "large",
        }
    }

    pub fn for_amount(amount: i64, rules: &WijkRules) -> Route {
        if amount <= rules.small_limit { Route::Small } else { Route::Large }
    }

    pub fn days(self, rules: &WijkRules) -> u32 {
        match self {
            Route::Small => rules.small_days,
            Route::Large => rules.large_days,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeInput {
    pub title: String,
    pub description: String,
    /// Some of [`NEEDS`]; "geld" whenever an amount is asked.
    pub needs: Vec<String>,
    /// Cents; 0 when no money is asked.
    pub amount: i64,
    /// Who does it: a name for the group (shown publicly), may be empty.
    pub group_name: String,
    /// What else it needs, in words (which place, what help, which permit).
    pub needs_note: String,
}

#[derive(Clone, Debug, Default)]
pub struct RawInitiative<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub needs: Vec<&'a str>,
    pub amount: &'a str,
    pub group_name: &'a str,
    pub needs_note: &'a str,
}

pub fn check_initiative(raw: &RawInitiative<'_>) -> Result<InitiativeInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", raw.title, 150, true);
    let description = invalid.text("description", raw.description, 3000, true);
    let group_name = invalid.text("groupName", raw.group_name, 150, false);
    let needs_note = invalid.text("needsNote", raw.needs_note, 1000, false);
    let amount = euros(raw.amount).unwrap_or_else(|code| {
        invalid.add("amount", code);
        0
    });
    let mut needs: Vec<String> = Vec::new();
    for n in &raw.needs {
        let n = n.trim();
        if !NEEDS.contains(&n) {
            invalid.add("needs", "choose-from-list");
        } else if !needs.iter().any(|x| x == n) {
            needs.push(n.to_string());
        }
    }
    if amount > 0 && !needs.iter().any(|n| n == "geld") {
        needs.insert(0, "geld".to_string());
    }
    if amount == 0 && needs.iter().any(|n| n == "geld") && !invalid.has("amount") {
        invalid.add("amount", "required");
    }
    if needs.is_empty() && !invalid.has("needs") {
        invalid.add("needs", "required");
    }
    needs.sort_by_key(|n| NEEDS.iter().position(|x| x == n));
    invalid.into_result(InitiativeInput { title, description, needs, amount, group_name, needs_note })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Approve,
    Reject,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionInput {
    pub verdict: Verdict,
    /// Cents granted; 0 on rejection.
    pub amount: i64,
    /// Why, in a line: shown publicly in the register.
    pub reason: String,
}

/// A decision on an initiative that asked `asked` cents: approve (up to what
/// was asked; empty is all of it) or reject, always with a reason.
pub fn check_decision(
    verdict: &str,
    amount: &str,
    reason: &str,
    asked: i64,
) -> Result<DecisionInput, Invalid> {
    let mut invalid = Invalid::new();
    let reason = invalid.text("reason", reason, 1000, true);
    let verdict = match verdict.trim() {
        "approve" => Verdict::Approve,
        "reject" => Verdict::Reject,
        _ => {
            invalid.add("verdict", "choose-one");
            Verdict::Reject
        }
    };
    let amount = match verdict {
        Verdict::Reject => 0,
        Verdict::Approve if amount.trim().is_empty() => asked,
        Verdict::Approve => match euros(amount) {
            Ok(c) if c > asked => {
                invalid.add("amount", "more-than-asked");
                0
            }
            Ok(c) => c,
            Err(code) => {
                invalid.add("amount", code);
                0
            }
        },
    };
    invalid.into_result(DecisionInput { verdict, amount, reason })
}

#[derive(Clone, Debug, PartialEq)]
pub struct AccountInput {
    /// What happened, in the group's words.
    pub report: String,
    /// Cents spent of what was paid; the rest goes back to the wijkbudget,
    /// unless the group keeps it for next year.
    pub spent: i64,
    /// The group keeps what it did not spend (only where the wijk's rules allow).
    pub keep: bool,
}

/// The account afterwards; `keep` asks to save the rest, which only a wijk
/// whose rules allow groups to save may grant (`may_save`).
pub fn check_account(
    report: &str,
    spent: &str,
    paid: i64,
    keep: bool,
    may_save: bool,
) -> Result<AccountInput, Invalid> {
    let mut invalid = Invalid::new();
    let report = invalid.text("report", report, 3000, true);
    let spent = match euros(spent) {
        Ok(c) if c > paid => {
            invalid.add("spent", "more-than-paid");
            0
        }
        Ok(c) => c,
        Err(code) => {
            invalid.add("spent", code);
            0
        }
    };
    if keep && !may_save {
        invalid.add("keep", "saving-not-allowed");
    }
    invalid.into_result(AccountInput { report, spent, keep })
}

/// Signatures collected on paper, counted by a wijkwerker (no names kept).
pub fn check_paper_support(count: &str) -> Result<u32, Invalid> {
    match count.trim().parse::<u32>() {
        Ok(n) if (1..=5000).contains(&n) => Ok(n),
        Ok(_) => Err(Invalid::single("count", "out-of-range")),
        Err(_) => Err(Invalid::single("count", "not-a-number")),
    }
}

// ---------------------------------------------------------------- the wijkbudget

/// One movement of the wijkbudget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetMove {
    /// The gemeente puts money in the wijk's budget for a year.
    Allocate,
    /// An approved initiative: set apart for it.
    Grant,
    /// Paid out to the group.
    Pay,
    /// What the group did not spend, back into the budget.
    Return,
}

/// The ledger's accounts per wijk and year. Signs as in Beancount: the
/// gemeente's account goes negative by what it gave; the others hold money.
pub const GEMEENTE: &str = "gemeente";
pub const AVAILABLE: &str = "beschikbaar";
pub const GRANTED: &str = "toegekend";
pub const PAID: &str = "uitbetaald";

impl BudgetMove {
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetMove::Allocate => "allocate",
            BudgetMove::Grant => "grant",
            BudgetMove::Pay => "pay",
            BudgetMove::Return => "return",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [BudgetMove::Allocate, BudgetMove::Grant, BudgetMove::Pay, BudgetMove::Return]
            .into_iter()
            .find(|m| m.as_str() == text)
    }

    /// The two postings of this movement: (account, amount), summing to zero.
    /// The first account is the one money leaves; except for the gemeente's,
    /// it may not go below zero.
    pub fn postings(self, amount: i64) -> [(&'static str, i64); 2] {
        let (from, to) = match self {
            BudgetMove::Allocate => (GEMEENTE, AVAILABLE),
            BudgetMove::Grant => (AVAILABLE, GRANTED),
            BudgetMove::Pay => (GRANTED, PAID),
            BudgetMove::Return => (PAID, AVAILABLE),
        };
        [(from, -amount), (to, amount)]
    }
}

/// A wijk's budget for a year as the register shows it. Built from the
/// ledger's balances, so the four always add up to what was allocated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BudgetTotals {
    pub allocated: i64,
    /// Set apart for approved initiatives, not yet paid.
    pub granted: i64,
    /// Paid out and not returned.
    pub paid: i64,
    /// Returned by groups (part of `left`).
    pub returned: i64,
    pub left: i64,
}

impl BudgetTotals {
    /// From the account balances and the sum of returns.
    pub fn from_balances(balances: &[(String, i64)], returned: i64) -> BudgetTotals {
        let get = |name: &str| balances.iter().filter(|(a, _)| a == name).map(|(_, v)| *v).sum::<i64>();
        BudgetTotals {
            allocated: -get(GEMEENTE),
            granted: get(GRANTED),
            paid: get(PAID),
            returned,
            left: get(AVAILABLE),
        }
    }

    /// The ledger's own check: nothing appeared or vanished.
    pub fn adds_up(&self) -> bool {
        self.allocated == self.granted + self.paid + self.left
            && self.granted >= 0
            && self.paid >= 0
            && self.left >= 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    fn at(text: &str) -> Timestamp {
        crate::meetings::dutch_local_to_utc(text).unwrap()
    }

    #[test]
    fn easter_matches_the_calendar() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
    }

    #[test]
    fn public_holidays_of_the_termijnenwet() {
        for d in [
            date(2026, 1, 1),
            date(2026, 4, 6),  // Tweede Paasdag
            date(2026, 4, 27), // Koningsdag
            date(2026, 5, 5),
            date(2026, 5, 14), // Hemelvaartsdag
            date(2026, 5, 25), // Tweede Pinksterdag
            date(2026, 12, 25),
            date(2026, 12, 26),
            date(2025, 4, 26), // the 27th was a Sunday
        ] {
            assert!(is_public_holiday(d), "{d}");
        }
        for d in [date(2026, 4, 3), date(2026, 4, 28), date(2025, 4, 28), date(2026, 12, 24)] {
            assert!(!is_public_holiday(d), "{d}");
        }
    }

    #[test]
    fn three_working_days_skip_the_weekend() {
        // Friday evening: Monday, Tuesday, Wednesday; due at the end of Wednesday.
        let due = decision_due(at("2026-12-04T18:00"), 3);
        assert_eq!(due, at("2026-12-10T00:00"));
        // Monday: Tuesday, Wednesday, Thursday.
        assert_eq!(decision_due(at("2026-12-07T09:00"), 3), at("2026-12-11T00:00"));
    }

    #[test]
    fn three_working_days_skip_public_holidays() {
        // Wednesday 23 December: Thursday 24, (25, 26, 27 off), Monday 28, Tuesday 29.
        assert_eq!(decision_due(at("2026-12-23T10:00"), 3), at("2026-12-30T00:00"));
        // Before Easter 2026: Thursday 2 April → Friday 3 (Goede Vrijdag counts),
        // Monday 6 is Tweede Paasdag, so Tuesday 7, Wednesday 8.
        assert_eq!(decision_due(at("2026-04-02T10:00"), 3), at("2026-04-09T00:00"));
        // Around Hemelvaart: Wednesday 13 May → Friday 15, Monday 18, Tuesday 19.
        assert_eq!(decision_due(at("2026-05-13T10:00"), 3), at("2026-05-20T00:00"));
        // Late in the Dutch evening is still that Dutch day (UTC is an hour behind).
        assert_eq!(decision_due(at("2026-12-04T23:30"), 3), at("2026-12-10T00:00"));
    }

    #[test]
    fn the_clock_counts_down_and_warns_on_the_last_day() {
        let due = decision_due(at("2026-12-04T18:00"), 3);
        let c = clock(at("2026-12-05T12:00"), due); // Saturday
        assert_eq!(c, Clock { state: ClockState::Running, working_days_left: 3 });
        let c = clock(at("2026-12-04T18:30"), due); // the Friday it came in
        assert_eq!(c, Clock { state: ClockState::Running, working_days_left: 3 });
        let c = clock(at("2026-12-08T12:00"), due); // Tuesday: Wednesday to come
        assert_eq!(c, Clock { state: ClockState::Running, working_days_left: 1 });
        let c = clock(at("2026-12-09T23:59"), due); // Wednesday, last minute
        assert_eq!(c, Clock { state: ClockState::LastDay, working_days_left: 1 });
        let c = clock(at("2026-12-10T00:00"), due);
        assert_eq!(c, Clock { state: ClockState::Overdue, working_days_left: 0 });
    }

    #[test]
    fn initiatives_are_checked_field_by_field() {
        let raw = RawInitiative {
            title: "Bankje bij de speeltuin",
            description: "Een bank zodat ouders kunnen zitten.",
            needs: vec!["plek"],
            amount: "450",
            ..Default::default()
        };
        let i = check_initiative(&raw).unwrap();
        assert_eq!(i.amount, 45_000);
        assert_eq!(i.needs, ["geld", "plek"]);
        let bad = RawInitiative { needs: vec!["geld", "raket"], amount: "-3", ..Default::default() };
        let e = check_initiative(&bad).unwrap_err();
        for f in ["title", "description", "needs", "amount"] {
            assert!(e.has(f), "{f}: {e}");
        }
        let no_money =
            RawInitiative { title: "t", description: "d", needs: vec!["geld"], ..Default::default() };
        assert!(check_initiative(&no_money).unwrap_err().has("amount"));
        let too_much = RawInitiative { title: "t", description: "d", amount: "60000", ..Default::default() };
        assert!(check_initiative(&too_much).unwrap_err().has("amount"));
    }

    #[test]
    fn routes_follow_the_limit() {
        let rules = WijkRules::default();
        assert_eq!(Route::for_amount(150_000, &rules), Route::Small);
        assert_eq!(Route::for_amount(150_001, &rules), Route::Large);
        assert_eq!(Route::Large.days(&rules), 30);
    }

    #[test]
    fn decisions_need_a_reason_and_stay_within_what_was_asked() {
        let d = check_decision("approve", "", "Past in de regels", 45_000).unwrap();
        assert_eq!((d.verdict, d.amount), (Verdict::Approve, 45_000));
        let d = check_decision("approve", "300", "Deels", 45_000).unwrap();
        assert_eq!(d.amount, 30_000);
        let e = check_decision("approve", "500", "", 45_000).unwrap_err();
        assert!(e.has("amount") && e.has("reason"));
        assert!(check_decision("maybe", "", "x", 1).unwrap_err().has("verdict"));
        assert_eq!(check_decision("reject", "999", "Niet in de wijk", 45_000).unwrap().amount, 0);
    }

    #[test]
    fn rules_are_checked() {
        let raw = RawRules {
            small_limit: "1.500",
            small_days: "3",
            large_days: "2",
            on_timeout: "approve",
            ..Default::default()
        };
        assert!(check_rules(&raw).unwrap_err().has("largeDays"));
        let raw = RawRules { small_limit: "", small_days: "x", on_timeout: "?", ..Default::default() };
        let e = check_rules(&raw).unwrap_err();
        for f in ["smallLimit", "smallDays", "largeDays", "onTimeout"] {
            assert!(e.has(f), "{f}");
        }
    }

    #[test]
    fn every_movement_sums_to_zero_and_totals_add_up() {
        for m in ["allocate", "grant", "pay", "return"] {
            let m = BudgetMove::parse(m).unwrap();
            assert_eq!(m.postings(1234).iter().map(|p| p.1).sum::<i64>(), 0);
        }
        let mut balances: Vec<(String, i64)> = Vec::new();
        for (m, a) in
            [(BudgetMove::Allocate, 500_000), (BudgetMove::Grant, 45_000), (BudgetMove::Pay, 45_000)]
        {
            balances.extend(m.postings(a).iter().map(|(acc, v)| (acc.to_string(), *v)));
        }
        balances.extend(BudgetMove::Return.postings(5_000).iter().map(|(acc, v)| (acc.to_string(), *v)));
        let t = BudgetTotals::from_balances(&balances, 5_000);
        assert_eq!(
            t,
            BudgetTotals { allocated: 500_000, granted: 0, paid: 40_000, returned: 5_000, left: 460_000 }
        );
        assert!(t.adds_up());
    }

    #[test]
    fn accounts_stay_within_what_was_paid() {
        let a = check_account("Bank staat er", "400", 45_000, false, false).unwrap();
        assert_eq!((a.spent, a.keep), (40_000, false));
        assert!(check_account("", "500", 45_000, false, false).unwrap_err().has("report"));
        assert!(check_account("x", "500", 45_000, false, false).unwrap_err().has("spent"));
        assert!(
            check_account("x", "400", 45_000, true, false).unwrap_err().has("keep"),
            "only where the rules allow"
        );
        assert!(check_account("x", "400", 45_000, true, true).unwrap().keep);
        assert_eq!(check_paper_support("14").unwrap(), 14);
        assert!(check_paper_support("0").is_err());
    }
}
