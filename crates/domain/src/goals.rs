//! "Weektest op maat": goals in a life domain, hours logged week by week,
//! and goal attainment on the −2…+2 scale (Goal Attainment Scaling).

use crate::validation::Invalid;
use serde::Serialize;
use time::{Date, Duration, format_description::well_known::Iso8601};

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_WEEKS: u32 = 52;

/// A goal as asked for, before checking.
#[derive(Clone, Debug, Default)]
pub struct NewGoal {
    pub domain: String,
    pub title: String,
    pub expected: String,
    pub hours_per_week: Option<f64>,
    pub weeks: Option<f64>,
    /// `YYYY-MM-DD`; the goal runs from the Monday of that week.
    pub start: String,
}

/// A checked goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalPlan {
    pub domain: String,
    pub title: String,
    pub expected: String,
    pub half_hours_per_week: u32,
    pub weeks: u32,
    /// Monday of the first week, `YYYY-MM-DD`.
    pub start_monday: String,
}

/// Years a date typed by a person may have: a year 143 or 9999 is a typing
/// slip, not a plan.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A `YYYY-MM-DD` date within [`YEARS`].
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), &Iso8601::DATE).ok().filter(|d| YEARS.contains(&d.year()))
}

pub fn monday_of(date: Date) -> Date {
    date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
}

pub fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Checks a goal: a known domain (`domains` lists the allowed codes), a title,
/// hours a week in half-hour steps (0.5–168), 1–52 weeks, a valid start date.
pub fn check_goal(goal: &NewGoal, domains: &[&str]) -> Result<GoalPlan, Invalid> {
    let mut invalid = Invalid::new();
    if !domains.contains(&goal.domain.as_str()) {
        invalid.add("domain", "domain-unknown");
    }
    let title = goal.title.trim();
    if title.is_empty() {
        invalid.add("title", "required");
    } else if title.chars().count() > MAX_TITLE_CHARS {
        invalid.add("title", "too-long");
    }
    let expected = goal.expected.trim();
    if expected.chars().count() > MAX_NOTE_CHARS {
        invalid.add("expected", "too-long");
    }
    let half_hours = match goal.hours_per_week {
        None => {
            invalid.add("hoursPerWeek", "required");
            0
        }
        Some(h) if !h.is_finite() => {
            invalid.add("hoursPerWeek", "number-invalid");
            0
        }
        Some(h) if h <= 0.0 || h > 168.0 => {
            invalid.add("hoursPerWeek", "hours-per-week-range");
            0
        }
        Some(h) if ((h * 2.0) - (h * 2.0).round()).abs() > 1e-9 => {
            invalid.add("hoursPerWeek", "hours-half-steps");
            0
        }
        Some(h) => (h * 2.0).round() as u32,
    };
    let weeks = match goal.weeks {
        None => {
            invalid.add("weeks", "required");
            0
        }
        Some(w) if w.fract() != 0.0 || !(1.0..=f64::from(MAX_WEEKS)).contains(&w) => {
            invalid.add("weeks", "weeks-range");
            0
        }
        Some(w) => w as u32,
    };
    let start = match parse_date(&goal.start) {
        Some(d) => Some(monday_of(d)),
        None => {
            invalid.add("start", "date-invalid");
            None
        }
    };
    invalid.into_result(())?;
    Ok(GoalPlan {
        domain: goal.domain.clone(),
        title: title.into(),
        expected: expected.into(),
        half_hours_per_week: half_hours,
        weeks,
        start_monday: iso(start.expect("checked")),
    })
}

/// The Mondays of the goal's weeks that have begun by `today`.
pub fn weeks_so_far(start_monday: &str, weeks: u32, today: Date) -> Vec<String> {
    let Some(start) = parse_date(start_monday) else { return Vec::new() };
    (0..weeks)
        .map(|i| start + Duration::weeks(i64::from(i)))
        .take_while(|monday| *monday <= today)
        .map(iso)
        .collect()
}

/// Checks one week's log: a week of the goal that has begun, 0–168 hours in half steps.
pub fn check_log(
    start_monday: &str,
    weeks: u32,
    today: Date,
    week: &str,
    hours: Option<f64>,
    note: &str,
) -> Result<(String, u32, String), Invalid> {
    let mut invalid = Invalid::new();
    let week = parse_date(week).map(monday_of).map(iso);
    let valid_weeks = weeks_so_far(start_monday, weeks, today);
    let week = match week {
        Some(w) if valid_weeks.contains(&w) => Some(w),
        Some(_) => {
            invalid.add("week", "week-outside-goal");
            None
        }
        None => {
            invalid.add("week", "date-invalid");
            None
        }
    };
    let half = match hours {
        None => {
            invalid.add("hours", "required");
            0
        }
        Some(h) if !h.is_finite() => {
            invalid.add("hours", "number-invalid");
            0
        }
        Some(h) if !(0.0..=168.0).contains(&h) => {
            invalid.add("hours", "hours-over-week");
            0
        }
        Some(h) if ((h * 2.0) - (h * 2.0).round()).abs() > 1e-9 => {
            invalid.add("hours", "hours-half-steps");
            0
        }
        Some(h) => (h * 2.0).round() as u32,
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        invalid.add("note", "too-long");
    }
    invalid.into_result(())?;
    Ok((week.expect("checked"), half, note.trim().to_string()))
}

/// Goal attainment from the hours: what was logged in the weeks so far
/// against what was planned for them.
/// −2 under half, −1 under 90 %, 0 as planned (90–110 %), +1 up to 150 %, +2 more.
pub fn attainment_from_hours(planned_half_hours: u64, logged_half_hours: u64) -> Option<i8> {
    if planned_half_hours == 0 {
        return None;
    }
    // Compare in whole per-mille to stay exact.
    let ratio = logged_half_hours * 1000 / planned_half_hours;
    Some(match ratio {
        0..=499 => -2,
        500..=899 => -1,
        900..=1100 => 0,
        1101..=1500 => 1,
        _ => 2,
    })
}

pub fn check_rating(score: Option<f64>) -> Result<i8, Invalid> {
    match score {
        Some(s) if s.fract() == 0.0 && (-2.0..=2.0).contains(&s) => Ok(s as i8),
        Some(_) => Err(Invalid::single("score", "gas-range")),
        None => Err(Invalid::single("score", "required")),
    }
}

/// Today in UTC, as a calendar date.
pub fn today(now: crate::Timestamp) -> Date {
    now.inner().date()
}

/// Monday of this week, as `YYYY-MM-DD`.
pub fn this_monday(now: crate::Timestamp) -> String {
    iso(monday_of(today(now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    fn goal() -> NewGoal {
        NewGoal {
            domain: "leren".into(),
            title: "Nederlands leren".into(),
            expected: "Een gesprek bij de huisarts zelf voeren".into(),
            hours_per_week: Some(3.0),
            weeks: Some(12.0),
            start: "2026-11-19".into(), // a Thursday
        }
    }

    #[test]
    fn dates_outside_people_s_years_are_refused() {
        assert!(parse_date("2026-12-01").is_some());
        for slip in ["0143-05-01", "9999-12-31", "1899-12-31", "2101-01-01"] {
            assert!(parse_date(slip).is_none(), "{slip}");
        }
    }

    #[test]
    fn a_goal_starts_on_the_monday_of_its_week() {
        let plan = check_goal(&goal(), &["leren", "werk"]).unwrap();
        assert_eq!(plan.start_monday, "2026-11-16");
        assert_eq!(plan.half_hours_per_week, 6);
        assert_eq!(plan.weeks, 12);
    }

    #[test]
    fn every_problem_of_a_goal_is_reported() {
        let bad = NewGoal {
            domain: "vissen".into(),
            title: " ".into(),
            expected: String::new(),
            hours_per_week: Some(2.3),
            weeks: Some(60.0),
            start: "morgen".into(),
        };
        let err = check_goal(&bad, &["leren"]).unwrap_err();
        let codes: Vec<(&str, &str)> = err.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("domain", "domain-unknown"),
                ("title", "required"),
                ("hoursPerWeek", "hours-half-steps"),
                ("weeks", "weeks-range"),
                ("start", "date-invalid")
            ]
        );
        let zero = NewGoal { hours_per_week: Some(0.0), ..goal() };
        assert_eq!(check_goal(&zero, &["leren"]).unwrap_err().errors[0].code, "hours-per-week-range");
    }

    #[test]
    fn logs_belong_to_weeks_that_have_begun() {
        let today = date("2026-12-02"); // a Wednesday in the third week
        assert_eq!(weeks_so_far("2026-11-16", 12, today), ["2026-11-16", "2026-11-23", "2026-11-30"]);
        let (week, half, _) = check_log("2026-11-16", 12, today, "2026-11-25", Some(2.5), "").unwrap();
        assert_eq!((week.as_str(), half), ("2026-11-23", 5), "any day stands for its week");
        let err = check_log("2026-11-16", 12, today, "2026-12-07", Some(200.0), "").unwrap_err();
        let codes: Vec<&str> = err.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["week-outside-goal", "hours-over-week"]);
        assert!(check_log("2026-11-16", 12, today, "2026-11-09", Some(1.0), "").is_err(), "before the start");
    }

    #[test]
    fn attainment_scale_edges() {
        assert_eq!(attainment_from_hours(0, 5), None);
        assert_eq!(attainment_from_hours(100, 49), Some(-2));
        assert_eq!(attainment_from_hours(100, 50), Some(-1));
        assert_eq!(attainment_from_hours(100, 89), Some(-1));
        assert_eq!(attainment_from_hours(100, 90), Some(0));
        assert_eq!(attainment_from_hours(100, 110), Some(0));
        assert_eq!(attainment_from_hours(100, 111), Some(1));
        assert_eq!(attainment_from_hours(100, 150), Some(1));
        assert_eq!(attainment_from_hours(100, 151), Some(2));
    }

    #[test]
    fn ratings_are_whole_numbers_from_minus_two_to_two() {
        assert_eq!(check_rating(Some(-2.0)), Ok(-2));
        assert_eq!(check_rating(Some(2.0)), Ok(2));
        assert!(check_rating(Some(3.0)).is_err());
        assert!(check_rating(Some(0.5)).is_err());
        assert!(check_rating(None).is_err());
    }
}
