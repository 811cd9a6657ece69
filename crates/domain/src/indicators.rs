//! Indicators: what a gemeente steers on, the 0-meting and the effect since.
//!
//! The catalogue is data (`crates/domain/indicators.json`), like the week-test
//! templates: each indicator has a code, a name and an explanation per
//! language, a unit, which direction is better, its source, the levels it
//! exists at and, for CBS, how to find its column. The rules here take values
//! that callers read; nothing here reads a database or the clock.

use crate::place::PlaceLevel;
use crate::texts::Texts;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Count,
    Percent,
    #[serde(rename = "per-1000")]
    Per1000,
    ThousandEuros,
    /// A total in euros (coins spent in a year).
    Euros,
    Km,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Per1000 => "per-1000",
            Unit::ThousandEuros => "thousand-euros",
            Unit::Euros => "euros",
            Unit::Km => "km",
        }
    }

    /// Decimals worth showing: a percentage to one decimal, a count whole.
    pub fn decimals(self) -> usize {
        match self {
            Unit::Count | Unit::Euros => 0,
            Unit::Percent | Unit::Per1000 | Unit::ThousandEuros | Unit::Km => 1,
        }
    }
}

/// Which way is better. Neutral indicators (inhabitants, home values) describe
/// the wijk; a change in them is neither good nor bad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
    Neutral,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// CBS Kerncijfers wijken en buurten, through `wijkwerk cbs import`.
    Cbs,
    /// Entered by the gemeente with where it comes from (a poll, a monitor),
    /// with the number of respondents when it is a share of people asked.
    Manual,
    /// The week tests residents took on the platform, per wijk and year.
    Weektest,
    /// The social coin's ledger: what was paid at businesses in the wijk.
    Coin,
    /// A question of the platform's own surveys, linked by the gemeente: the
    /// share of those who answered it that gave one of the counted answers.
    Survey,
}

impl Unit {
    /// Totals add up over places and change in percent of where they
    /// started; shares and averages do not.
    pub fn is_total(self) -> bool {
        matches!(self, Unit::Count | Unit::Euros)
    }
}

/// Where a CBS indicator's column is: the key without CBS's numeric suffix,
/// and the title as a fallback. `per` turns a count into a share of another
/// column (× `times`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CbsColumn {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub per: Option<Box<CbsPer>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CbsPer {
    pub key: String,
    pub title: String,
    pub times: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: Texts,
    pub explanation: Texts,
    pub unit: Unit,
    pub better: Better,
    pub source: Source,
    pub levels: Vec<PlaceLevel>,
    #[serde(default)]
    pub cbs: Option<CbsColumn>,
}

#[derive(Deserialize)]
struct CatalogueFile {
    indicators: Vec<Indicator>,
}

/// Every indicator the platform knows, in the catalogue's order.
pub fn catalogue() -> &'static [Indicator] {
    static CATALOGUE: OnceLock<Vec<Indicator>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let file: CatalogueFile =
            serde_json::from_str(include_str!("../indicators.json")).expect("indicators.json is valid");
        file.indicators
    })
}

pub fn find(code: &str) -> Option<&'static Indicator> {
    catalogue().iter().find(|i| i.code == code)
}

impl<'de> Deserialize<'de> for PlaceLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PlaceLevel::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown level {text}")))
    }
}

/// One value of an indicator somewhere: `None` where the source marks it
/// missing or secret (never read as zero), and how many people answered when
/// it is a share of people asked.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Default)]
pub struct Observation {
    pub value: Option<f64>,
    pub respondents: Option<u64>,
}

impl Observation {
    pub fn of(value: f64) -> Self {
        Observation { value: Some(value), respondents: None }
    }
}

/// The rest of the gemeente: the other wijken together, each weighted by its
/// inhabitants (for a survey-based value, by its respondents). Wijken without
/// a value or a weight are left out; `None` when nothing is left.
pub fn rest_of_gemeente(others: &[(Observation, Option<f64>)]) -> Observation {
    let mut sum = 0.0;
    let mut weights = 0.0;
    let mut respondents: Option<u64> = None;
    for (obs, inhabitants) in others {
        let Some(value) = obs.value else { continue };
        let weight = match obs.respondents {
            Some(n) => {
                respondents = Some(respondents.unwrap_or(0) + n);
                n as f64
            }
            None => match inhabitants {
                Some(w) if *w > 0.0 => *w,
                _ => continue,
            },
        };
        sum += value * weight;
        weights += weight;
    }
    if weights > 0.0 {
        Observation { value: Some(sum / weights), respondents }
    } else {
        Observation::default()
    }
}

/// The rest of the gemeente for a count: the other wijken added up, `None`
/// when any of them is unknown (a sum with a hole would look like a fall).
pub fn rest_total(others: &[(Observation, Option<f64>)]) -> Observation {
    let values: Option<Vec<f64>> = others.iter().map(|(o, _)| o.value).collect();
    match values {
        Some(v) if !v.is_empty() => Observation::of(v.iter().sum()),
        _ => Observation::default(),
    }
}

/// What the numbers say about a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Conclusion {
    /// The wijk moved more in the good direction than the rest of the city.
    Better,
    /// The wijk moved more in the bad direction than the rest of the city.
    Worse,
    /// Higher or lower than the rest's change, for a neutral indicator.
    Higher,
    Lower,
    /// Within the margin: no difference the numbers can show.
    NoClearDifference,
    /// A value is missing, or too few people answered.
    TooLittleData,
    /// CBS changed the wijk's boundaries between the two years: the values
    /// describe different areas and are not compared.
    BoundaryChanged,
}

/// The effect since the 0-meting: the change in the wijk against the change
/// in the rest of the gemeente (a difference-in-differences).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Effect {
    /// For totals (counts, euros), in percent of the starting value (a wijk of 2,000 and a
    /// city of 40,000 cannot be compared in people); otherwise in the unit.
    pub wijk_change: Option<f64>,
    pub rest_change: Option<f64>,
    pub relative: bool,
    /// `wijk_change − rest_change`.
    pub difference: Option<f64>,
    /// Half the width of a 95% interval around `difference`, for shares of
    /// people asked; `None` for registered counts (CBS), which have no
    /// sampling error.
    pub margin: Option<f64>,
    pub conclusion: Conclusion,
}

/// A difference smaller than this share of the rest's starting value is
/// "about the same" for registered data: small moves in such numbers are
/// rounding and chance, not policy.
pub const REGISTER_TOLERANCE: f64 = 0.02;

/// The effect for one indicator in one wijk. `min_respondents` is the
/// smallest group a survey-based value may rest on.
pub fn effect(
    indicator: &Indicator,
    wijk: (Observation, Observation),
    rest: (Observation, Observation),
    boundary_changed: bool,
    min_respondents: u64,
) -> Effect {
    let relative = indicator.unit.is_total();
    let change = |(before, now): (Observation, Observation)| {
        let (b, n) = (before.value?, now.value?);
        if relative { (b != 0.0).then(|| (n - b) / b * 100.0) } else { Some(n - b) }
    };
    let wijk_change = change(wijk);
    let rest_change = change(rest);
    let difference = wijk_change.zip(rest_change).map(|(w, r)| w - r);
    let all = [wijk.0, wijk.1, rest.0, rest.1];
    let too_few = all.iter().any(|o| o.respondents.is_some_and(|n| n < min_respondents));
    let margin = if all.iter().all(|o| o.respondents.is_some()) && indicator.unit == Unit::Percent {
        // Variance of a share p of n people, in points²: p(1−p)/n × 100².
        let variance: f64 = all
            .iter()
            .filter_map(|o| {
                let p = (o.value? / 100.0).clamp(0.0, 1.0);
                Some(p * (1.0 - p) / o.respondents?.max(1) as f64 * 10_000.0)
            })
            .sum();
        Some(1.96 * variance.sqrt())
    } else {
        None
    };
    let conclusion = match difference {
        _ if boundary_changed => Conclusion::BoundaryChanged,
        None => Conclusion::TooLittleData,
        Some(_) if too_few => Conclusion::TooLittleData,
        Some(d) => {
            let threshold = margin.unwrap_or_else(|| {
                if relative {
                    return REGISTER_TOLERANCE * 100.0;
                }
                (rest.0.value.unwrap_or(0.0).abs() * REGISTER_TOLERANCE).max(0.1)
            });
            if d.abs() <= threshold {
                Conclusion::NoClearDifference
            } else {
                match (indicator.better, d > 0.0) {
                    (Better::Higher, true) | (Better::Lower, false) => Conclusion::Better,
                    (Better::Higher, false) | (Better::Lower, true) => Conclusion::Worse,
                    (Better::Neutral, true) => Conclusion::Higher,
                    (Better::Neutral, false) => Conclusion::Lower,
                }
            }
        }
    };
    Effect { wijk_change, rest_change, relative, difference, margin, conclusion }
}

/// The index view: the gemeente's value at the 0-meting is 100.
pub fn index(value: Option<f64>, gemeente_baseline: Option<f64>) -> Option<f64> {
    let (v, g) = (value?, gemeente_baseline?);
    (g != 0.0).then(|| v / g * 100.0)
}

/// Where a wijk stands against the gemeente's 0-meting. For indicators with a
/// better direction the band says how good it is (an index of 70 on a
/// "lower is better" indicator is above); neutral ones say higher or lower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    FarBelow,
    Below,
    Around,
    Above,
}

pub fn band(indicator: &Indicator, index: f64) -> Band {
    // On "lower is better", 80 is as good as 125 is on "higher is better".
    let favourable = match indicator.better {
        Better::Lower if index > 0.0 => 10_000.0 / index,
        Better::Lower => f64::INFINITY,
        Better::Higher | Better::Neutral => index,
    };
    if favourable < 80.0 {
        Band::FarBelow
    } else if favourable < 95.0 {
        Band::Below
    } else if favourable <= 105.0 {
        Band::Around
    } else {
        Band::Above
    }
}

/// A target a gemeente sets for a wijk: checked against the catalogue.
pub fn check_target(
    indicator: Option<&Indicator>,
    target: Option<f64>,
    year: &str,
) -> Result<(f64, String), crate::Invalid> {
    let mut invalid = crate::Invalid::new();
    if indicator.is_none() {
        invalid.add("indicator", "indicator-unknown");
    }
    let target = match target {
        Some(t) if t.is_finite() => check_range(&mut invalid, "target", indicator, t),
        Some(_) => {
            invalid.add("target", "number-invalid");
            0.0
        }
        None => {
            invalid.add("target", "required");
            0.0
        }
    };
    let year = check_year(&mut invalid, "year", year);
    invalid.into_result((target, year))
}

fn check_range(invalid: &mut crate::Invalid, field: &str, indicator: Option<&Indicator>, v: f64) -> f64 {
    let bad = v < 0.0 || indicator.is_some_and(|i| i.unit == Unit::Percent && v > 100.0);
    if bad {
        invalid.add(field, "number-out-of-range");
    }
    v
}

fn check_year(invalid: &mut crate::Invalid, field: &str, year: &str) -> String {
    let year = year.trim();
    match year.parse::<u16>() {
        Ok(y) if (1990..=2100).contains(&y) => y.to_string(),
        _ => {
            invalid.add(field, if year.is_empty() { "required" } else { "year-invalid" });
            String::new()
        }
    }
}

/// A value the gemeente enters by hand, with its source and, for a share of
/// people asked, how many answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ManualValue {
    pub indicator: String,
    pub year: String,
    pub value: f64,
    pub respondents: Option<u64>,
    pub source: String,
}

pub fn check_manual_value(
    indicator: &str,
    year: &str,
    value: Option<f64>,
    respondents: Option<&str>,
    source: &str,
) -> Result<ManualValue, crate::Invalid> {
    let mut invalid = crate::Invalid::new();
    let found = find(indicator);
    match found {
        None => invalid.add("indicator", "indicator-unknown"),
        Some(i) if i.source != Source::Manual => invalid.add("indicator", "indicator-not-manual"),
        Some(_) => {}
    }
    let year = check_year(&mut invalid, "year", year);
    let value = match value {
        Some(v) if v.is_finite() => check_range(&mut invalid, "value", found, v),
        Some(_) => {
            invalid.add("value", "number-invalid");
            0.0
        }
        None => {
            invalid.add("value", "required");
            0.0
        }
    };
    let respondents = match respondents.map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => match r.parse::<u64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                invalid.add("respondents", "number-invalid");
                None
            }
        },
    };
    let source = source.trim();
    if source.is_empty() {
        invalid.add("source", "required");
    } else if source.chars().count() > 200 {
        invalid.add("source", "too-long");
    } else if crate::texts::forbidden_char(source).is_some() {
        invalid.add("source", "text-invalid");
    }
    invalid.into_result(ManualValue {
        indicator: indicator.to_string(),
        year,
        value,
        respondents,
        source: source.to_string(),
    })
}

/// A question of a survey that measures an indicator: which answers count,
/// and the year the survey stands for (a survey may run across New Year).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SurveyLinkInput {
    pub indicator: String,
    pub question: String,
    pub answers: Vec<String>,
    pub year: String,
}

/// The question kinds a share can come from: the answers are choices
/// (options, or the steps of a 1–5 scale). Free text and "who are you" are not.
pub fn countable(kind: crate::survey::QuestionKind) -> bool {
    use crate::survey::QuestionKind::*;
    matches!(kind, Single | Multiple | Scale | Ranking)
}

/// The answers a question can be given, as the codes a link counts: the
/// option codes, or `1`…`5` for a scale.
pub fn answer_codes(question: &crate::survey::QuestionDef) -> Vec<String> {
    match question.kind {
        crate::survey::QuestionKind::Scale => (1..=5).map(|v| v.to_string()).collect(),
        _ => question.options.iter().map(|o| o.code.clone()).collect(),
    }
}

/// Checks a link from a survey question to an indicator: a survey-based
/// indicator, a question with choices, at least one but not every answer
/// counted (every answer would make the share 100 % by definition), a year.
pub fn check_survey_link(
    indicator: &str,
    survey: &crate::survey::SurveyDef,
    question: &str,
    answers: &[String],
    year: &str,
) -> Result<SurveyLinkInput, crate::Invalid> {
    let mut invalid = crate::Invalid::new();
    match find(indicator) {
        None if indicator.trim().is_empty() => invalid.add("indicator", "required"),
        None => invalid.add("indicator", "indicator-unknown"),
        Some(i) if i.source != Source::Survey => invalid.add("indicator", "indicator-not-survey"),
        Some(_) => {}
    }
    let found = survey.questions.iter().find(|q| q.code == question);
    let mut counted: Vec<String> =
        answers.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    counted.sort();
    counted.dedup();
    match found {
        None if question.trim().is_empty() => invalid.add("question", "required"),
        None => invalid.add("question", "question-unknown"),
        Some(q) if !countable(q.kind) => invalid.add("question", "question-not-countable"),
        Some(q) => {
            let possible = answer_codes(q);
            if counted.is_empty() {
                invalid.add("answers", "required");
            } else if counted.iter().any(|a| !possible.contains(a)) {
                invalid.add("answers", "answer-unknown");
            } else if counted.len() == possible.len() {
                invalid.add("answers", "answers-all");
            }
        }
    }
    let year = check_year(&mut invalid, "year", year);
    invalid.into_result(SurveyLinkInput {
        indicator: indicator.to_string(),
        question: question.to_string(),
        answers: counted,
        year,
    })
}

pub fn check_baseline_year(year: &str) -> Result<String, crate::Invalid> {
    let mut invalid = crate::Invalid::new();
    let year = check_year(&mut invalid, "year", year);
    invalid.into_result(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey(value: f64, n: u64) -> Observation {
        Observation { value: Some(value), respondents: Some(n) }
    }

    #[test]
    fn the_catalogue_reads_and_every_cbs_indicator_names_its_column() {
        let all = catalogue();
        assert!(all.len() >= 15);
        for i in all {
            assert!(!i.levels.is_empty(), "{}", i.code);
            assert!(i.name.contains_key("nl") && i.name.contains_key("en"), "{}", i.code);
            assert!(i.explanation.contains_key("nl") && i.explanation.contains_key("en"), "{}", i.code);
            assert_eq!(i.source == Source::Cbs, i.cbs.is_some(), "{}", i.code);
        }
        let mut codes: Vec<&str> = all.iter().map(|i| i.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
    }

    #[test]
    fn a_survey_link_counts_some_answers_of_a_question_with_choices() {
        use crate::survey::{QuestionDef, QuestionKind, SurveyDef};
        let question = |code: &str, kind| QuestionDef {
            code: code.into(),
            kind,
            text: Texts::new(),
            required: false,
            options: Vec::new(),
            top: None,
        };
        let survey = SurveyDef {
            title: Texts::new(),
            intro: Texts::new(),
            places: vec!["GM9601".into()],
            use_tokens: false,
            questions: vec![question("prettig", QuestionKind::Scale), question("nog", QuestionKind::Text)],
        };
        let answers = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ok = check_survey_link("prettig-wonen", &survey, "prettig", &answers(&["5", " 4", "4"]), "2024")
            .unwrap();
        assert_eq!(ok.answers, ["4", "5"], "trimmed, sorted, once each");
        assert_eq!(ok.year, "2024");
        let fields = |r: Result<SurveyLinkInput, crate::Invalid>| -> Vec<(String, String)> {
            r.unwrap_err().errors.into_iter().map(|e| (e.field, e.code.to_string())).collect()
        };
        let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
        assert_eq!(
            fields(check_survey_link("veilig-gevoel", &survey, "nog", &answers(&["x"]), "20x4")),
            [
                pair("indicator", "indicator-not-survey"),
                pair("question", "question-not-countable"),
                pair("year", "year-invalid")
            ]
        );
        assert_eq!(
            fields(check_survey_link(
                "prettig-wonen",
                &survey,
                "prettig",
                &answers(&["1", "2", "3", "4", "5"]),
                "2024"
            )),
            [pair("answers", "answers-all")],
            "every answer counted is always 100 %"
        );
        assert_eq!(
            fields(check_survey_link("prettig-wonen", &survey, "prettig", &answers(&["6"]), "2024")),
            [pair("answers", "answer-unknown")]
        );
        assert_eq!(
            fields(check_survey_link("", &survey, "waar", &[], "")),
            [pair("indicator", "required"), pair("question", "question-unknown"), pair("year", "required")]
        );
    }

    #[test]
    fn rest_of_gemeente_weighs_by_inhabitants_and_skips_the_unknown() {
        let rest = rest_of_gemeente(&[
            (Observation::of(10.0), Some(1000.0)),
            (Observation::of(20.0), Some(3000.0)),
            (Observation::default(), Some(5000.0)),
            (Observation::of(99.0), None),
        ]);
        assert_eq!(rest.value, Some(17.5));
        assert_eq!(rest_of_gemeente(&[]).value, None);
        assert_eq!(
            rest_total(&[(Observation::of(10.0), None), (Observation::of(20.0), None)]).value,
            Some(30.0)
        );
        assert_eq!(rest_total(&[(Observation::of(10.0), None), (Observation::default(), None)]).value, None);
        let polled = rest_of_gemeente(&[(survey(50.0, 100), None), (survey(80.0, 300), None)]);
        assert_eq!(polled.value, Some(72.5));
        assert_eq!(polled.respondents, Some(400));
    }

    #[test]
    fn a_fall_in_a_lower_is_better_indicator_beyond_the_rest_is_better() {
        let low_income = find("laag-inkomen").unwrap();
        // Oosterpark 14 → 10, the rest 9 → 8: four points down against one.
        let e = effect(
            low_income,
            (Observation::of(14.0), Observation::of(10.0)),
            (Observation::of(9.0), Observation::of(8.0)),
            false,
            10,
        );
        assert_eq!(e.wijk_change, Some(-4.0));
        assert_eq!(e.rest_change, Some(-1.0));
        assert_eq!(e.difference, Some(-3.0));
        assert_eq!(e.conclusion, Conclusion::Better);
        let worse = effect(
            low_income,
            (Observation::of(10.0), Observation::of(14.0)),
            (Observation::of(9.0), Observation::of(8.0)),
            false,
            10,
        );
        assert_eq!(worse.conclusion, Conclusion::Worse);
        let income = find("inkomen").unwrap();
        let up = effect(
            income,
            (Observation::of(20.0), Observation::of(24.0)),
            (Observation::of(25.0), Observation::of(26.0)),
            false,
            10,
        );
        assert_eq!(up.conclusion, Conclusion::Better);
        let residents = find("inwoners").unwrap();
        let grew = effect(
            residents,
            (Observation::of(1000.0), Observation::of(1200.0)),
            (Observation::of(9000.0), Observation::of(9100.0)),
            false,
            10,
        );
        assert_eq!(grew.conclusion, Conclusion::Higher);
    }

    #[test]
    fn missing_values_small_moves_and_new_boundaries_carry_no_conclusion() {
        let low_income = find("laag-inkomen").unwrap();
        let missing = effect(
            low_income,
            (Observation::default(), Observation::of(10.0)),
            (Observation::of(9.0), Observation::of(8.0)),
            false,
            10,
        );
        assert_eq!(missing.conclusion, Conclusion::TooLittleData);
        assert_eq!(missing.difference, None);
        let small = effect(
            low_income,
            (Observation::of(10.0), Observation::of(9.9)),
            (Observation::of(9.0), Observation::of(9.0)),
            false,
            10,
        );
        assert_eq!(small.conclusion, Conclusion::NoClearDifference);
        let moved = effect(
            low_income,
            (Observation::of(14.0), Observation::of(10.0)),
            (Observation::of(9.0), Observation::of(8.0)),
            true,
            10,
        );
        assert_eq!(moved.conclusion, Conclusion::BoundaryChanged);
    }

    #[test]
    fn survey_values_carry_their_margin_and_small_groups_say_too_little() {
        let safe = find("veilig-gevoel").unwrap();
        // 60% → 70% of 100 asked in the wijk; 70% → 71% of 900 in the rest.
        let e = effect(
            safe,
            (survey(60.0, 100), survey(70.0, 100)),
            (survey(70.0, 900), survey(71.0, 900)),
            false,
            10,
        );
        let margin = e.margin.unwrap();
        // √(.24/100 + .21/100 + .21/900 + .2059/900) × 100 × 1.96 ≈ 13.8 points.
        assert!((margin - 13.8).abs() < 0.05, "{margin}");
        assert_eq!(e.conclusion, Conclusion::NoClearDifference, "nine points is inside the margin");
        let big = effect(
            safe,
            (survey(40.0, 400), survey(70.0, 400)),
            (survey(70.0, 900), survey(71.0, 900)),
            false,
            10,
        );
        assert_eq!(big.conclusion, Conclusion::Better);
        let few = effect(
            safe,
            (survey(40.0, 6), survey(90.0, 6)),
            (survey(70.0, 900), survey(71.0, 900)),
            false,
            10,
        );
        assert_eq!(few.conclusion, Conclusion::TooLittleData);
    }

    #[test]
    fn the_index_and_its_bands_follow_the_better_direction() {
        assert_eq!(index(Some(12.0), Some(8.0)), Some(150.0));
        assert_eq!(index(Some(12.0), Some(0.0)), None);
        assert_eq!(index(None, Some(8.0)), None);
        let low_income = find("laag-inkomen").unwrap();
        assert_eq!(band(low_income, 150.0), Band::FarBelow);
        assert_eq!(band(low_income, 110.0), Band::Below);
        assert_eq!(band(low_income, 100.0), Band::Around);
        assert_eq!(band(low_income, 70.0), Band::Above);
        let income = find("inkomen").unwrap();
        assert_eq!(band(income, 70.0), Band::FarBelow);
        assert_eq!(band(income, 90.0), Band::Below);
        assert_eq!(band(income, 130.0), Band::Above);
    }

    #[test]
    fn targets_and_manual_values_are_checked_field_by_field() {
        let err = check_target(None, Some(f64::NAN), "twintig").unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["indicator", "target", "year"]);
        assert_eq!(check_target(find("laag-inkomen"), Some(8.5), " 2027 ").unwrap(), (8.5, "2027".into()));
        assert!(check_target(find("laag-inkomen"), Some(120.0), "2027").is_err());
        let err = check_manual_value("inwoners", "", Some(-1.0), Some("veel"), " ").unwrap_err();
        let codes: Vec<(&str, &str)> = err.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [
                ("indicator", "indicator-not-manual"),
                ("year", "required"),
                ("value", "number-out-of-range"),
                ("respondents", "number-invalid"),
                ("source", "required")
            ]
        );
        let ok = check_manual_value("veilig-gevoel", "2024", Some(71.5), Some("412"), "Veiligheidsmonitor")
            .unwrap();
        assert_eq!(ok.respondents, Some(412));
    }
}
