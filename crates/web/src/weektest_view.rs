//! What pages and the API show of a week test, built once for both.

use serde::Serialize;
use serde_json::{Value, json};
use wijkwerk_domain::weektest::{self, Outcome, RawAnswer, Reason, Template, text};
use wijkwerk_store::weektests::WeekTest;

/// A number typed in a form or sent as JSON: `36`, `36.5` or `36,5`.
/// Empty → `None`; anything else unreadable → NaN, which validation reports.
pub fn parse_number(input: &str) -> Option<f64> {
    let t = input.trim();
    if t.is_empty() {
        return None;
    }
    Some(t.replace(',', ".").parse::<f64>().unwrap_or(f64::NAN))
}

/// The JSON number (or numeric string) at `key` of an object.
pub fn json_number(obj: &serde_json::Map<String, Value>, key: &str) -> Option<f64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => parse_number(s),
        Some(_) => Some(f64::NAN),
    }
}

/// Reads the `domains` array of an API body into raw answers.
pub fn raw_answers_from_json(body: &serde_json::Map<String, Value>) -> Option<Vec<RawAnswer>> {
    let list = body.get("domains")?.as_array()?;
    Some(
        list.iter()
            .map(|item| {
                let empty = serde_json::Map::new();
                let obj = item.as_object().unwrap_or(&empty);
                RawAnswer {
                    domain: obj.get("domain").and_then(Value::as_str).unwrap_or("").to_string(),
                    hours: json_number(obj, "hours"),
                    wished_hours: json_number(obj, "wishedHours"),
                    satisfaction: json_number(obj, "satisfaction"),
                }
            })
            .collect(),
    )
}

/// The API representation of a stored test.
pub fn test_json(test: &WeekTest, template: &Template) -> Value {
    let outcome = weektest::prioritise(template, &test.answers);
    json!({
        "id": test.id,
        "personId": test.person_id,
        "template": test.template_code,
        "templateVersion": test.template_version,
        "takenAt": test.taken_at,
        "priority": test.priority.as_ref().map(|(domain, reason)| json!({ "domain": domain, "reason": reason })),
        "inBalance": test.priority.is_none(),
        "ranking": outcome.ranking,
        "domains": test.answers.iter().map(|a| json!({
            "domain": a.domain,
            "hours": a.hours(),
            "wishedHours": a.wished_hours(),
            "satisfaction": a.satisfaction,
        })).collect::<Vec<_>>(),
        "answers": test.extra,
    })
}

/// One domain's row on the result page.
#[derive(Serialize)]
pub struct ResultRow {
    pub code: String,
    pub name: String,
    pub hours: f64,
    pub wished: f64,
    pub average: Option<f64>,
    pub satisfaction: u8,
    pub score: f64,
    pub rank: usize,
}

/// Geometry of the now-vs-wished chart: one group of bars per domain.
#[derive(Serialize)]
pub struct ChartGroup {
    pub label: String,
    pub y: u32,
    pub now_width: f64,
    pub wished_width: f64,
    pub average_x: Option<f64>,
    pub now: f64,
    pub wished: f64,
}

pub const GROUP_HEIGHT: u32 = 58;
/// Chart units for the longest bar.
const BAR_SPACE: f64 = 220.0;

pub struct ResultView {
    pub rows: Vec<ResultRow>,
    pub chart: Vec<ChartGroup>,
    pub chart_height: u32,
    pub priority: Option<(String, Reason)>,
}

pub fn result_view(test: &WeekTest, template: &Template, lang: &str) -> ResultView {
    let outcome: Outcome = weektest::prioritise(template, &test.answers);
    let rows: Vec<ResultRow> = test
        .answers
        .iter()
        .filter_map(|a| {
            let def = template.domain(&a.domain)?;
            let rank = outcome.ranking.iter().position(|r| r.domain == a.domain).unwrap_or(0) + 1;
            let score = outcome.ranking.iter().find(|r| r.domain == a.domain).map(|r| r.score).unwrap_or(0.0);
            Some(ResultRow {
                code: a.domain.clone(),
                name: text(&def.name, lang).into(),
                hours: a.hours(),
                wished: a.wished_hours(),
                average: def.average_hours,
                satisfaction: a.satisfaction,
                score,
                rank,
            })
        })
        .collect();
    let max = rows.iter().flat_map(|r| [r.hours, r.wished, r.average.unwrap_or(0.0)]).fold(1.0_f64, f64::max);
    let scale = BAR_SPACE / max;
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let chart = rows
        .iter()
        .enumerate()
        .map(|(i, r)| ChartGroup {
            label: r.name.clone(),
            y: i as u32 * GROUP_HEIGHT,
            now_width: round(r.hours * scale),
            wished_width: round(r.wished * scale),
            average_x: r.average.map(|a| round(a * scale)),
            now: r.hours,
            wished: r.wished,
        })
        .collect::<Vec<_>>();
    let chart_height = chart.len() as u32 * GROUP_HEIGHT;
    ResultView { rows, chart, chart_height, priority: test.priority.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_a_decimal_comma() {
        assert_eq!(parse_number("36,5"), Some(36.5));
        assert_eq!(parse_number(" 40 "), Some(40.0));
        assert_eq!(parse_number(""), None);
        assert!(parse_number("veel").unwrap().is_nan());
    }
}
