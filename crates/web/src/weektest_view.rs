//! What pages and the API show of a week test, built once for both.

use serde::Serialize;
use serde_json::{Value, json};
use wijkwerk_domain::texts::text;
use wijkwerk_domain::weektest::{self, Outcome, RawAnswer, Reason, Template};
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
const BAR_SPACE: f64 = 330.0;

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

/// A line chart worked out for the template: SVG coordinates and labels.
#[derive(Serialize)]
pub struct LineChart {
    pub width: u32,
    pub height: u32,
    pub series: Vec<Series>,
    pub x_labels: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
}

#[derive(Serialize)]
pub struct Series {
    pub label: String,
    pub class: &'static str,
    /// SVG path data through the points.
    pub path: String,
    pub points: Vec<(f64, f64, String)>,
}

const CHART_W: f64 = 400.0;
const CHART_H: f64 = 180.0;
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 16.0;

/// Lines through `values` (one series per entry, `None` = gap) over `x_labels`,
/// on a y axis from `y_min` to `y_max`.
pub fn line_chart(
    x_labels: &[String],
    series: Vec<(String, &'static str, Vec<Option<f64>>)>,
    y_min: f64,
    y_max: f64,
    y_step: f64,
) -> LineChart {
    let n = x_labels.len().max(1);
    let x_at = |i: usize| {
        if n == 1 {
            LEFT + (CHART_W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (CHART_W - LEFT - RIGHT) * i as f64 / (n - 1) as f64
        }
    };
    let span = (y_max - y_min).max(1e-9);
    let y_at = |v: f64| TOP + (CHART_H - TOP - BOTTOM) * (1.0 - (v - y_min) / span);
    let r = |v: f64| (v * 10.0).round() / 10.0;
    let series = series
        .into_iter()
        .map(|(label, class, values)| {
            let points: Vec<(f64, f64, String)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (r(x_at(i)), r(y_at(v)), format_number(v))))
                .collect();
            let path = points
                .iter()
                .enumerate()
                .map(|(i, (x, y, _))| format!("{}{x},{y}", if i == 0 { "M" } else { "L" }))
                .collect::<Vec<_>>()
                .join(" ");
            Series { label, class, path, points }
        })
        .collect();
    let mut y_ticks = Vec::new();
    let mut v = y_min;
    while v <= y_max + 1e-9 {
        y_ticks.push((r(y_at(v)), format_number(v)));
        v += y_step;
    }
    LineChart {
        width: CHART_W as u32,
        height: CHART_H as u32,
        series,
        x_labels: x_labels.iter().enumerate().map(|(i, l)| (r(x_at(i)), l.clone())).collect(),
        y_ticks,
    }
}

/// `12` for whole numbers, `12.5` otherwise.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{}", v as i64) } else { format!("{v:.1}") }
}

/// A step of `max / 4` rounded up to a friendly number.
pub fn nice_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let unit = [1.0, 2.0, 5.0, 10.0].into_iter().find(|m| m * magnitude >= raw).unwrap_or(10.0);
    unit * magnitude
}

/// Tests over time: one row per domain, one column per test.
#[derive(Serialize)]
pub struct TimelineRow {
    pub code: String,
    pub name: String,
    /// Per test: hours now, wished hours, satisfaction.
    pub cells: Vec<Option<(f64, f64, u8)>>,
}

pub fn timeline_rows(tests: &[(WeekTest, Template)], lang: &str) -> Vec<TimelineRow> {
    let mut rows: Vec<TimelineRow> = Vec::new();
    for (test, template) in tests {
        for a in &test.answers {
            if !rows.iter().any(|r| r.code == a.domain) {
                let name =
                    template.domain(&a.domain).map(|d| text(&d.name, lang).to_string()).unwrap_or_default();
                rows.push(TimelineRow { code: a.domain.clone(), name, cells: Vec::new() });
            }
        }
    }
    for row in &mut rows {
        row.cells = tests
            .iter()
            .map(|(t, _)| {
                t.answers
                    .iter()
                    .find(|a| a.domain == row.code)
                    .map(|a| (a.hours(), a.wished_hours(), a.satisfaction))
            })
            .collect();
    }
    rows
}

#[cfg(test)]
mod chart_tests {
    use super::*;

    #[test]
    fn line_chart_places_points_and_skips_gaps() {
        let c = line_chart(
            &["a".into(), "b".into(), "c".into()],
            vec![("x".into(), "s", vec![Some(0.0), None, Some(10.0)])],
            0.0,
            10.0,
            5.0,
        );
        let s = &c.series[0];
        assert_eq!(s.points.len(), 2);
        assert_eq!(s.points[0].0, 36.0);
        assert_eq!(s.points[1].0, 384.0);
        assert_eq!(s.points[0].1, 156.0, "0 at the bottom");
        assert_eq!(s.points[1].1, 10.0, "max at the top");
        assert!(s.path.starts_with("M36,156 L384,10"));
        assert_eq!(c.y_ticks.len(), 3);
    }

    #[test]
    fn friendly_steps() {
        assert_eq!(nice_step(16.0), 5.0);
        assert_eq!(nice_step(40.0), 10.0);
        assert_eq!(nice_step(3.0), 1.0);
        assert_eq!(nice_step(168.0), 50.0);
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(2.5), "2.5");
    }
}
