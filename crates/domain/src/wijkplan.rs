//! The wijkplan: the wijk's own plan around a binding ambition, with goals
//! that each have an indicator, a baseline, a target and a date, who
//! contributes what, and measurements of progress.

use crate::goals::parse_date;
use crate::validation::Invalid;
use serde::Serialize;

pub const CONTRIBUTORS: [&str; 4] = ["bewoners", "partners", "ondernemers", "gemeente"];

fn number(invalid: &mut Invalid, field: &str, value: Option<f64>) -> f64 {
    match value {
        Some(v) if v.is_finite() => v,
        Some(_) => {
            invalid.add(field, "number-invalid");
            0.0
        }
        None => {
            invalid.add(field, "required");
            0.0
        }
    }
}

fn date(invalid: &mut Invalid, field: &str, value: &str) -> String {
    match parse_date(value) {
        Some(d) => crate::goals::iso(d),
        None => {
            invalid.add(field, "date-invalid");
            String::new()
        }
    }
}

pub fn check_plan(ambition: &str, description: &str) -> Result<(String, String), Invalid> {
    let mut invalid = Invalid::new();
    let ambition = invalid.text("ambition", ambition, 300, true);
    let description = invalid.text("description", description, 4000, false);
    invalid.into_result((ambition, description))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalInput {
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub target_date: String,
}

pub fn check_goal(
    title: &str,
    indicator: &str,
    unit: &str,
    baseline: Option<f64>,
    target: Option<f64>,
    target_date: &str,
) -> Result<GoalInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", title, 200, true);
    let indicator = invalid.text("indicator", indicator, 200, true);
    let unit = invalid.text("unit", unit, 40, false);
    let baseline = number(&mut invalid, "baseline", baseline);
    let target = number(&mut invalid, "target", target);
    if invalid.errors.iter().all(|e| e.field != "target" && e.field != "baseline") && baseline == target {
        invalid.add("target", "target-equals-baseline");
    }
    let target_date = date(&mut invalid, "targetDate", target_date);
    invalid.into_result(GoalInput { title, indicator, unit, baseline, target, target_date })
}

pub fn check_measurement(
    measured_on: &str,
    value: Option<f64>,
    note: &str,
) -> Result<(String, f64, String), Invalid> {
    let mut invalid = Invalid::new();
    let on = date(&mut invalid, "measuredOn", measured_on);
    let value = number(&mut invalid, "value", value);
    let note = invalid.text("note", note, 500, false);
    invalid.into_result((on, value, note))
}

pub fn check_contribution(who: &str, name: &str, what: &str) -> Result<(String, String, String), Invalid> {
    let mut invalid = Invalid::new();
    if !CONTRIBUTORS.contains(&who) {
        invalid.add("who", "contributor-unknown");
    }
    let name = invalid.text("name", name, 150, true);
    let what = invalid.text("what", what, 500, true);
    invalid.into_result((who.to_string(), name, what))
}

/// How far from baseline to target the latest value is, in percent
/// (negative: moved away; over 100: beyond the target). Works for targets
/// above and below the baseline alike (CO₂ down, members up).
pub fn progress_percent(baseline: f64, target: f64, latest: f64) -> Option<i64> {
    let span = target - baseline;
    if span == 0.0 {
        return None;
    }
    Some(((latest - baseline) / span * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_works_both_ways() {
        assert_eq!(progress_percent(100.0, 50.0, 75.0), Some(50), "going down");
        assert_eq!(progress_percent(10.0, 30.0, 30.0), Some(100));
        assert_eq!(progress_percent(10.0, 30.0, 5.0), Some(-25));
        assert_eq!(progress_percent(10.0, 30.0, 40.0), Some(150));
        assert_eq!(progress_percent(10.0, 10.0, 40.0), None);
    }

    #[test]
    fn goals_report_every_problem() {
        let err = check_goal("", "", "", None, Some(f64::NAN), "straks").unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "indicator", "baseline", "target", "targetDate"]);
        let same = check_goal("CO₂", "ton per jaar", "ton", Some(5.0), Some(5.0), "2030-12-31").unwrap_err();
        assert_eq!(same.errors[0].code, "target-equals-baseline");
        assert!(
            check_goal("CO₂-neutraal", "CO₂ per jaar", "ton", Some(8200.0), Some(0.0), "2031-01-01").is_ok()
        );
    }

    #[test]
    fn contributions_and_measurements() {
        assert!(check_contribution("bewoners", "Energiecoöperatie", "Zonnepanelen op daken").is_ok());
        assert_eq!(check_contribution("buren", "", "").unwrap_err().errors.len(), 3);
        assert!(check_measurement("2026-01-01", Some(7900.0), "").is_ok());
        assert_eq!(check_measurement("x", None, "").unwrap_err().errors.len(), 2);
    }
}
