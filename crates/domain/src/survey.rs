//! Bevraging: surveys of residents and businesses about their wijk.
//!
//! A survey is data (questions with texts per language), answered anonymously
//! online, through a QR code per buurt, with single-use codes, or on paper by
//! volunteers. Results are counts, and no count of fewer people than the
//! minimum group size is ever shown (see [`suppress_table`]).

use crate::privacy::{MinGroupSize, suppress};
use crate::texts::Texts;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options.
    Multiple,
    /// 1 (not at all) to 5 (very much).
    Scale,
    /// The wijk's development points, most important first (a top N).
    Ranking,
    /// Free text; shown only to those allowed to read it.
    Text,
    /// Resident, business, professional or politician, for comparing groups.
    RespondentType,
}

pub const RESPONDENT_TYPES: [&str; 4] = ["resident", "business", "professional", "politician"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptionDef {
    pub code: String,
    pub label: Texts,
    /// The life domain this option is about (for vraag en aanbod).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionDef {
    pub code: String,
    pub kind: QuestionKind,
    pub text: Texts,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<OptionDef>,
    /// For rankings: how many places (top N).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurveyDef {
    pub title: Texts,
    #[serde(default)]
    pub intro: Texts,
    /// The wijken it is for.
    pub places: Vec<String>,
    /// Single-use codes: one response per code.
    #[serde(default)]
    pub use_tokens: bool,
    pub questions: Vec<QuestionDef>,
}

pub const MAX_QUESTIONS: usize = 40;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_TEXT_ANSWER: usize = 2000;

fn slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl QuestionDef {
    /// The options a question offers: its own, or the respondent types.
    pub fn option_codes(&self) -> Vec<&str> {
        match self.kind {
            QuestionKind::RespondentType => RESPONDENT_TYPES.to_vec(),
            _ => self.options.iter().map(|o| o.code.as_str()).collect(),
        }
    }

    pub fn top_n(&self) -> u32 {
        self.top.unwrap_or(3).clamp(1, self.options.len().max(1) as u32)
    }
}

/// Checks a survey definition; `wijken` are the places that may be chosen,
/// `domains` the life domains options may be about.
pub fn check_definition(def: &SurveyDef, wijken: &[&str], domains: &[&str]) -> Result<(), Invalid> {
    let mut invalid = Invalid::new();
    if def.title.get("nl").is_none_or(|t| t.trim().is_empty()) {
        invalid.add("title", "required");
    }
    if def.places.is_empty() {
        invalid.add("places", "areas-required");
    } else if def.places.iter().any(|p| !wijken.contains(&p.as_str())) {
        invalid.add("places", "place-unknown");
    }
    if def.questions.is_empty() {
        invalid.add("questions", "questions-required");
    }
    if def.questions.len() > MAX_QUESTIONS {
        invalid.add("questions", "too-long");
    }
    let mut codes: Vec<&str> = Vec::new();
    let mut respondent_type_questions = 0;
    for (i, q) in def.questions.iter().enumerate() {
        let field = |f: &str| format!("questions[{i}].{f}");
        if !slug(&q.code) || codes.contains(&q.code.as_str()) {
            invalid.add(field("code"), "code-invalid");
        }
        codes.push(&q.code);
        if q.text.get("nl").is_none_or(|t| t.trim().is_empty()) {
            invalid.add(field("text"), "required");
        }
        let needs_options =
            matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Ranking);
        if needs_options && q.options.len() < 2 {
            invalid.add(field("options"), "options-required");
        }
        if q.options.len() > MAX_OPTIONS {
            invalid.add(field("options"), "too-long");
        }
        let mut option_codes: Vec<&str> = Vec::new();
        for o in &q.options {
            if !slug(&o.code)
                || option_codes.contains(&o.code.as_str())
                || o.label.get("nl").is_none_or(|l| l.trim().is_empty())
            {
                invalid.add(field("options"), "option-invalid");
                break;
            }
            option_codes.push(&o.code);
            if let Some(t) = &o.theme
                && !domains.contains(&t.as_str())
            {
                invalid.add(field("options"), "domain-unknown");
                break;
            }
        }
        if q.kind == QuestionKind::RespondentType {
            respondent_type_questions += 1;
        }
    }
    if respondent_type_questions > 1 {
        invalid.add("questions", "respondent-type-once");
    }
    invalid.into_result(())
}

/// One answer as sent: option codes (in order, for rankings), or text.
pub type RawAnswers = BTreeMap<String, Vec<String>>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub question: String,
    pub option: Option<String>,
    /// The scale value, or the rank (1 = most important).
    pub value: Option<i64>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedResponse {
    pub buurt: Option<String>,
    pub respondent_type: Option<String>,
    pub answers: Vec<Answer>,
}

/// Checks a response against the survey: every required question answered,
/// options that exist, one option where one is asked, a scale of 1–5,
/// rankings without repeats within the top N, text within limits, and a
/// buurt of the survey's wijken (`buurten`) if given.
pub fn check_response(
    def: &SurveyDef,
    buurten: &[&str],
    buurt: Option<&str>,
    raw: &RawAnswers,
) -> Result<CheckedResponse, Invalid> {
    let mut invalid = Invalid::new();
    let buurt = buurt.map(str::trim).filter(|b| !b.is_empty());
    if let Some(b) = buurt
        && !buurten.contains(&b)
    {
        invalid.add("buurt", "place-unknown");
    }
    for code in raw.keys() {
        if !def.questions.iter().any(|q| &q.code == code) {
            invalid.add(format!("answers.{code}"), "question-unknown");
        }
    }
    let mut answers = Vec::new();
    let mut respondent_type = None;
    for q in &def.questions {
        let field = format!("answers.{}", q.code);
        let given: Vec<&str> = raw
            .get(&q.code)
            .map(|v| v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        if given.is_empty() {
            if q.required {
                invalid.add(field, "required");
            }
            continue;
        }
        let options = q.option_codes();
        match q.kind {
            QuestionKind::Single | QuestionKind::RespondentType => {
                if given.len() > 1 {
                    invalid.add(field, "one-option");
                } else if !options.contains(&given[0]) {
                    invalid.add(field, "option-unknown");
                } else {
                    if q.kind == QuestionKind::RespondentType {
                        respondent_type = Some(given[0].to_string());
                    }
                    answers.push(Answer {
                        question: q.code.clone(),
                        option: Some(given[0].into()),
                        value: None,
                        text: None,
                    });
                }
            }
            QuestionKind::Multiple => {
                if given.iter().any(|g| !options.contains(g)) {
                    invalid.add(field, "option-unknown");
                } else {
                    let mut seen: Vec<&str> = Vec::new();
                    for g in given {
                        if !seen.contains(&g) {
                            seen.push(g);
                            answers.push(Answer {
                                question: q.code.clone(),
                                option: Some(g.into()),
                                value: None,
                                text: None,
                            });
                        }
                    }
                }
            }
            QuestionKind::Scale => match given[0].parse::<i64>() {
                Ok(v) if given.len() == 1 && (1..=5).contains(&v) => answers.push(Answer {
                    question: q.code.clone(),
                    option: None,
                    value: Some(v),
                    text: None,
                }),
                _ => invalid.add(field, "scale-range"),
            },
            QuestionKind::Ranking => {
                let mut seen: Vec<&str> = Vec::new();
                let duplicate = given.iter().any(|g| {
                    let d = seen.contains(g);
                    seen.push(g);
                    d
                });
                if given.iter().any(|g| !options.contains(g)) {
                    invalid.add(field, "option-unknown");
                } else if duplicate {
                    invalid.add(field, "ranking-repeat");
                } else if given.len() as u32 > q.top_n() {
                    invalid.add(field, "ranking-too-many");
                } else {
                    for (rank, g) in given.iter().enumerate() {
                        answers.push(Answer {
                            question: q.code.clone(),
                            option: Some(g.to_string()),
                            value: Some(rank as i64 + 1),
                            text: None,
                        });
                    }
                }
            }
            QuestionKind::Text => {
                let t = given.join("\n");
                if t.chars().count() > MAX_TEXT_ANSWER {
                    invalid.add(field, "too-long");
                } else {
                    answers.push(Answer {
                        question: q.code.clone(),
                        option: None,
                        value: None,
                        text: Some(t),
                    });
                }
            }
        }
    }
    invalid.into_result(CheckedResponse { buurt: buurt.map(String::from), respondent_type, answers })
}

/// The cells a response adds one to: `(question, option, value)`; `""` and
/// `0` where there is none. A ranking counts once for the option (value 0,
/// "in the top N") and once for its place (value = rank).
pub fn count_keys(response: &CheckedResponse) -> Vec<(String, String, i64)> {
    let mut keys = Vec::new();
    for a in &response.answers {
        match (&a.option, a.value, &a.text) {
            (_, _, Some(_)) => {}
            (Some(o), Some(rank), None) => {
                keys.push((a.question.clone(), o.clone(), 0));
                keys.push((a.question.clone(), o.clone(), rank));
            }
            (Some(o), None, None) => keys.push((a.question.clone(), o.clone(), 0)),
            (None, Some(v), None) => keys.push((a.question.clone(), String::new(), v)),
            (None, None, None) => {}
        }
    }
    keys
}

/// Hides every cell under the minimum in a table of counts (rows: options,
/// columns: groups such as buurten), and enough further cells that none can
/// be worked out from the totals shown:
///
/// - a column whose group is under the minimum is hidden whole, and when the
///   grand total is shown a lone hidden group takes the smallest other with it;
/// - when `columns_add_up` (each respondent in exactly one row, as with a
///   single choice), a column with one hidden cell hides its smallest other;
/// - a row with one hidden cell hides its smallest other (rows always add up
///   to the row total, which is shown).
///
/// Repeats until nothing changes. `None` = hidden.
pub fn suppress_table(
    cells: &[Vec<u64>],
    group_sizes: &[u64],
    min: MinGroupSize,
    columns_add_up: bool,
) -> (Vec<Vec<Option<u64>>>, Vec<Option<u64>>) {
    let groups = suppress(group_sizes, min, true).cells;
    let mut shown: Vec<Vec<Option<u64>>> =
        cells
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(c, &v)| {
                        if v < min.get() || groups.get(c).copied().flatten().is_none() {
                            None
                        } else {
                            Some(v)
                        }
                    })
                    .collect()
            })
            .collect();
    // Hides the smallest shown cell among `cells` when exactly one is hidden.
    fn complete(line: &mut [&mut Option<u64>]) -> bool {
        if line.iter().filter(|c| c.is_none()).count() != 1 {
            return false;
        }
        let smallest = line.iter().enumerate().filter_map(|(i, c)| c.map(|v| (v, i))).min().map(|(_, i)| i);
        match smallest {
            Some(i) => {
                *line[i] = None;
                true
            }
            None => false,
        }
    }
    loop {
        let mut changed = false;
        for row in shown.iter_mut() {
            let mut line: Vec<&mut Option<u64>> = row.iter_mut().collect();
            changed |= complete(&mut line);
        }
        if columns_add_up {
            let width = shown.first().map(Vec::len).unwrap_or(0);
            for c in 0..width {
                let mut line: Vec<&mut Option<u64>> = shown.iter_mut().map(|r| &mut r[c]).collect();
                changed |= complete(&mut line);
            }
        }
        if !changed {
            break;
        }
    }
    (shown, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(nl: &str) -> Texts {
        BTreeMap::from([("nl".to_string(), nl.to_string())])
    }

    fn opt(code: &str) -> OptionDef {
        OptionDef { code: code.into(), label: t(code), theme: None }
    }

    fn def() -> SurveyDef {
        SurveyDef {
            title: t("Hoe gaat het in de wijk?"),
            intro: Texts::new(),
            places: vec!["WK960102".into()],
            use_tokens: false,
            questions: vec![
                QuestionDef {
                    code: "wie".into(),
                    kind: QuestionKind::RespondentType,
                    text: t("Wie ben je?"),
                    required: false,
                    options: vec![],
                    top: None,
                },
                QuestionDef {
                    code: "veilig".into(),
                    kind: QuestionKind::Scale,
                    text: t("Voel je je veilig?"),
                    required: true,
                    options: vec![],
                    top: None,
                },
                QuestionDef {
                    code: "punten".into(),
                    kind: QuestionKind::Ranking,
                    text: t("Wat moet beter?"),
                    required: false,
                    options: vec![opt("groen"), opt("werk"), opt("veilig"), opt("jeugd")],
                    top: Some(3),
                },
                QuestionDef {
                    code: "doe-je".into(),
                    kind: QuestionKind::Multiple,
                    text: t("Wat doe je?"),
                    required: false,
                    options: vec![opt("sport"), opt("vrijwilliger")],
                    top: None,
                },
                QuestionDef {
                    code: "tips".into(),
                    kind: QuestionKind::Text,
                    text: t("Tips?"),
                    required: false,
                    options: vec![],
                    top: None,
                },
            ],
        }
    }

    fn raw(pairs: &[(&str, &[&str])]) -> RawAnswers {
        pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn definitions_are_checked() {
        assert!(check_definition(&def(), &["WK960102"], &[]).is_ok());
        let mut bad = def();
        bad.title = Texts::new();
        bad.places = vec!["WK000000".into()];
        bad.questions[2].options.truncate(1);
        bad.questions[3].code = "wie".into();
        let err = check_definition(&bad, &["WK960102"], &[]).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "places", "questions[2].options", "questions[3].code"]);
    }

    #[test]
    fn responses_are_checked() {
        let d = def();
        let ok = check_response(
            &d,
            &["BU96010201"],
            Some("BU96010201"),
            &raw(&[
                ("wie", &["resident"]),
                ("veilig", &["4"]),
                ("punten", &["werk", "groen"]),
                ("tips", &["Meer bankjes"]),
            ]),
        )
        .unwrap();
        assert_eq!(ok.respondent_type.as_deref(), Some("resident"));
        assert_eq!(
            count_keys(&ok),
            [
                ("wie".to_string(), "resident".to_string(), 0),
                ("veilig".to_string(), String::new(), 4),
                ("punten".to_string(), "werk".to_string(), 0),
                ("punten".to_string(), "werk".to_string(), 1),
                ("punten".to_string(), "groen".to_string(), 0),
                ("punten".to_string(), "groen".to_string(), 2),
            ]
        );
        let err = check_response(
            &d,
            &["BU96010201"],
            Some("BU00000000"),
            &raw(&[
                ("wie", &["koning"]),
                ("punten", &["werk", "werk"]),
                ("doe-je", &["dansen"]),
                ("vraag", &["x"]),
            ]),
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = err.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("buurt", "place-unknown"),
                ("answers.vraag", "question-unknown"),
                ("answers.wie", "option-unknown"),
                ("answers.veilig", "required"),
                ("answers.punten", "ranking-repeat"),
                ("answers.doe-je", "option-unknown"),
            ]
        );
        let too_many = check_response(
            &d,
            &[],
            None,
            &raw(&[("veilig", &["6"]), ("punten", &["werk", "groen", "veilig", "jeugd"])]),
        )
        .unwrap_err();
        let codes: Vec<&str> = too_many.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["scale-range", "ranking-too-many"]);
    }

    #[test]
    fn table_suppression_at_the_edges() {
        let min = MinGroupSize::DEFAULT;
        // Two buurten of 30 and one of 9 (under the minimum): that column goes,
        // and with it the smallest other group, since the total is shown.
        let cells = vec![vec![20, 18, 5], vec![10, 12, 4]];
        let (shown, groups) = suppress_table(&cells, &[30, 30, 9], min, true);
        assert_eq!(groups, [None, Some(30), None]);
        assert_eq!(shown, vec![vec![None, Some(18), None], vec![None, Some(12), None]]);
        // Exactly the minimum is shown.
        let (shown, _) = suppress_table(&[vec![10, 10], vec![10, 10]], &[20, 20], min, true);
        assert!(shown.iter().flatten().all(|c| *c == Some(10)));
        // A lone small cell in a column that adds up hides another cell in that
        // column, and the rows then complete each other.
        let (shown, _) = suppress_table(&[vec![9, 40], vec![21, 30], vec![30, 30]], &[60, 100], min, true);
        for c in 0..2 {
            assert_ne!(shown.iter().filter(|r| r[c].is_none()).count(), 1, "column {c}: {shown:?}");
        }
        for r in &shown {
            assert_ne!(r.iter().filter(|c| c.is_none()).count(), 1, "row {r:?}");
        }
    }

    #[test]
    fn no_row_or_column_ever_has_a_single_hidden_cell() {
        // Exhaustive over small 2×3 tables with all groups big enough.
        let min = MinGroupSize::new(5).unwrap();
        for a in 0..8u64 {
            for b in 0..8 {
                for c in 0..8 {
                    let cells = vec![vec![a, b, c], vec![12 - a, 12 - b, 12 - c]];
                    let (shown, _) = suppress_table(&cells, &[12, 12, 12], min, true);
                    for r in &shown {
                        assert_ne!(r.iter().filter(|x| x.is_none()).count(), 1, "{cells:?} → {shown:?}");
                    }
                    for col in 0..3 {
                        assert_ne!(
                            shown.iter().filter(|r| r[col].is_none()).count(),
                            1,
                            "{cells:?} → {shown:?}"
                        );
                    }
                }
            }
        }
    }
}

/// How demand and supply compare for one life domain in a wijk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Much asked for, little offered.
    Shortage,
    /// Much offered, little asked for.
    Surplus,
    Balanced,
    /// Too few answers to say.
    Unknown,
}

/// Compares demand (mentions in surveys; `None` when hidden) with supply
/// (services) per domain, as shares of the wijk's totals: a domain with at
/// least 1.5 times its share of supply in demand is a shortage, and the
/// reverse a surplus. Shares under half of an even split are too small to
/// call either way, so one service more or less does not flip a quiet domain.
/// No supply at all makes every domain with real demand short.
/// Each domain's share of the wijk's demand and of its supply, in percent
/// (demand `None` where hidden; hidden demand does not count in the total):
/// the two numbers [`classify`] compares, for showing beside its verdict.
pub fn shares(rows: &[(Option<u64>, u64)]) -> Vec<(Option<f64>, f64)> {
    let demand_total = rows.iter().filter_map(|r| r.0).sum::<u64>() as f64;
    let supply_total = rows.iter().map(|r| r.1).sum::<u64>() as f64;
    let percent =
        |n: u64, total: f64| if total > 0.0 { (n as f64 / total * 1000.0).round() / 10.0 } else { 0.0 };
    rows.iter().map(|(d, s)| (d.map(|d| percent(d, demand_total)), percent(*s, supply_total))).collect()
}

pub fn classify(rows: &[(Option<u64>, u64)]) -> Vec<Verdict> {
    // Exact integer comparisons of shares: d/D >= 1.5 * s/S  <=>  2·d·S >= 3·s·D.
    let demand_total = u128::from(rows.iter().filter_map(|r| r.0).sum::<u64>());
    let supply_total = u128::from(rows.iter().map(|r| r.1).sum::<u64>());
    let k = rows.len() as u128;
    // A share of at least half an even split: n/T >= 1/(2k)  <=>  2·k·n >= T.
    let big_enough = |n: u128, total: u128| total > 0 && 2 * k * n >= total;
    rows.iter()
        .map(|(demand, supply)| match demand {
            None => Verdict::Unknown,
            Some(_) if demand_total == 0 => Verdict::Unknown,
            Some(d) => {
                let (d, s) = (u128::from(*d), u128::from(*supply));
                if big_enough(d, demand_total) && 2 * d * supply_total >= 3 * s * demand_total {
                    Verdict::Shortage
                } else if big_enough(s, supply_total) && 2 * s * demand_total >= 3 * d * supply_total {
                    Verdict::Surplus
                } else {
                    Verdict::Balanced
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod demand_tests {
    use super::*;

    #[test]
    fn shares_are_percentages_of_what_is_shown() {
        let rows = [(Some(309), 8), (Some(91), 32), (None, 10)];
        let s = shares(&rows);
        assert_eq!(s[0], (Some(77.3), 16.0));
        assert_eq!(s[1], (Some(22.8), 64.0));
        assert_eq!(s[2], (None, 20.0));
        assert_eq!(shares(&[(Some(0), 0)]), vec![(Some(0.0), 0.0)]);
    }

    #[test]
    fn shortages_and_surpluses_are_shares_of_the_wijk() {
        // demand, supply. Totals: demand 250, supply 20.
        let rows = [(Some(100), 2), (Some(50), 4), (Some(10), 8), (Some(90), 6), (None, 0)];
        // work: 40 % of demand, 10 % of supply.
        // learning: 20 % vs 20 %; care: 4 % vs 40 %; social: 36 % vs 30 %; hidden.
        assert_eq!(
            classify(&rows),
            [Verdict::Shortage, Verdict::Balanced, Verdict::Surplus, Verdict::Balanced, Verdict::Unknown]
        );
        // Exactly 1.5 times is enough: 30 % against 20 %.
        let edge = classify(&[(Some(30), 2), (Some(70), 8)]);
        assert_eq!(edge[0], Verdict::Shortage);
        // Just under is not: 29 % against 20 %.
        let under = classify(&[(Some(29), 2), (Some(71), 8)]);
        assert_eq!(under[0], Verdict::Balanced);
        // A tiny share does not count: 1 of 100 mentions with no services.
        let tiny = classify(&[(Some(1), 0), (Some(50), 5), (Some(49), 5)]);
        assert_eq!(tiny[0], Verdict::Balanced);
        // No supply at all: every domain with real demand is short.
        assert_eq!(classify(&[(Some(60), 0), (Some(40), 0)]), [Verdict::Shortage, Verdict::Shortage]);
        // No answers yet: nothing to say.
        assert_eq!(classify(&[(Some(0), 3), (Some(0), 1)]), [Verdict::Unknown, Verdict::Unknown]);
    }
}
