//! Survey results as pages and the API both show them: counts with every small
//! group hidden, overall and per group (buurt or respondent type).

use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::privacy::{MinGroupSize, cell_key, perturb, publishable, suppress};
use wijkwerk_domain::survey::{QuestionKind, RESPONDENT_TYPES, SurveyDef, suppress_table};
use wijkwerk_domain::texts::text;
use wijkwerk_store::surveys::{CountRow, GroupTotal};

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct OptionResult {
    pub code: String,
    pub label: String,
    /// `None` when hidden (under the minimum, or to protect another hidden count).
    pub count: Option<u64>,
    pub percent: Option<f64>,
    /// Rankings: how often it was put first.
    pub first: Option<u64>,
    /// Per group, in the order of `groups`.
    pub by_group: Vec<Option<u64>>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub key: String,
    pub label: String,
    pub size: Option<u64>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct QuestionResult {
    pub code: String,
    pub kind: QuestionKind,
    pub text: String,
    pub options: Vec<OptionResult>,
    /// Scale questions: the mean, when enough people answered.
    pub mean: Option<f64>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Results {
    /// Respondents in all; `None` when under the minimum.
    pub respondents: Option<u64>,
    pub min_group_size: u64,
    pub by: Option<String>,
    pub groups: Vec<Group>,
    pub questions: Vec<QuestionResult>,
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Builds the results from the stored counts. `group_labels` names the
/// groups (buurt names); respondent types are named by `type_label`.
pub fn results(
    def: &SurveyDef,
    counts: &[CountRow],
    totals: &[GroupTotal],
    by: Option<&str>,
    min: MinGroupSize,
    lang: &str,
    group_labels: &BTreeMap<String, String>,
    type_label: &dyn Fn(&str) -> String,
) -> Results {
    // Every count is published perturbed by its cell key (see
    // `privacy::perturb`), and only when it is at or above the minimum both
    // in truth and perturbed; hidden counts then go through the usual
    // complementary suppression, on the values that would be shown.
    let publish = |n: u64, key_sum: i64| publishable(n, cell_key(key_sum), min).unwrap_or(0);
    let (all, all_key) = totals.iter().find(|t| t.kind == "all").map(|t| (t.n, t.key_sum)).unwrap_or((0, 0));
    let respondents = publishable(all, cell_key(all_key), min);
    let kind = by.map(|b| if b == "respondentType" { "type" } else { "buurt" });
    // Groups in a stable order: by label, the unknown group last.
    let mut groups: Vec<(String, u64)> = match kind {
        Some(k) => {
            totals.iter().filter(|t| t.kind == k).map(|t| (t.key.clone(), publish(t.n, t.key_sum))).collect()
        }
        None => Vec::new(),
    };
    let label = |key: &str| -> String {
        if key.is_empty() {
            // Those who did not say: named by the caller under the empty key.
            return group_labels.get("").cloned().unwrap_or_else(|| "?".into());
        }
        match kind {
            Some("type") => type_label(key),
            _ => group_labels.get(key).cloned().unwrap_or_else(|| key.to_string()),
        }
    };
    groups.sort_by(|a, b| (a.0.is_empty(), label(&a.0)).cmp(&(b.0.is_empty(), label(&b.0))));
    let group_sizes: Vec<u64> = groups.iter().map(|(_, n)| *n).collect();
    // One lookup per cell: a survey broken down by fifty buurten has thousands.
    let mut by_cell: std::collections::HashMap<(&str, &str, i64, &str, &str), (u64, i64)> =
        std::collections::HashMap::new();
    for c in counts {
        let cell = by_cell.entry((&c.question, &c.option, c.value, &c.group_kind, &c.group_key)).or_default();
        cell.0 += c.n;
        cell.1 += c.key_sum;
    }
    // (true count, key sum) of a cell.
    let count = |q: &str, o: &str, v: i64, group: Option<&str>| -> (u64, i64) {
        let key = match group {
            None => (q, o, v, "all", ""),
            Some(g) => (q, o, v, kind.unwrap_or("all"), g),
        };
        by_cell.get(&key).copied().unwrap_or((0, 0))
    };
    let mut group_shown: Vec<Option<u64>> = vec![None; groups.len()];
    let mut questions = Vec::new();
    for q in def.questions.iter().filter(|q| q.kind != QuestionKind::Text) {
        // (code, label, value) of every cell row
        let rows: Vec<(String, String, i64)> = match q.kind {
            QuestionKind::Scale => (1..=5).map(|v| (String::new(), v.to_string(), v)).collect(),
            QuestionKind::RespondentType => {
                RESPONDENT_TYPES.iter().map(|t| (t.to_string(), type_label(t), 0)).collect()
            }
            _ => q.options.iter().map(|o| (o.code.clone(), text(&o.label, lang).to_string(), 0)).collect(),
        };
        let true_cells: Vec<(u64, i64)> = rows.iter().map(|(c, _, v)| count(&q.code, c, *v, None)).collect();
        let overall: Vec<u64> = true_cells.iter().map(|(n, k)| publish(*n, *k)).collect();
        // Answers of one choice add up to the number who answered: hide one more to protect a lone hidden cell.
        let partition =
            matches!(q.kind, QuestionKind::Single | QuestionKind::Scale | QuestionKind::RespondentType);
        let shown = if respondents.is_some() {
            suppress(&overall, min, partition).cells
        } else {
            vec![None; overall.len()]
        };
        // Percentages of a perturbed number who answered, never of the true one.
        let answered: u64 = if partition {
            let (n, k) = true_cells.iter().fold((0, 0), |(n, k), (cn, ck)| (n + cn, k + ck));
            perturb(n, cell_key(k))
        } else {
            perturb(all, cell_key(all_key))
        };
        let truly_answered: u64 = if partition { true_cells.iter().map(|(n, _)| n).sum() } else { all };
        let table: Vec<Vec<u64>> = rows
            .iter()
            .map(|(c, _, v)| {
                groups
                    .iter()
                    .map(|(g, _)| {
                        let (n, k) = count(&q.code, c, *v, Some(g));
                        publish(n, k)
                    })
                    .collect()
            })
            .collect();
        let (cells, shown_groups) = if groups.is_empty() || respondents.is_none() {
            (vec![vec![None; groups.len()]; rows.len()], vec![None; groups.len()])
        } else {
            suppress_table(&table, &group_sizes, min, partition)
        };
        group_shown = shown_groups;
        // The mean of the perturbed scale counts, when enough answered.
        let perturbed: Vec<u64> = true_cells.iter().map(|(n, k)| perturb(*n, cell_key(*k))).collect();
        let perturbed_sum: u64 = perturbed.iter().sum();
        let mean =
            (q.kind == QuestionKind::Scale && truly_answered >= min.get() && perturbed_sum > 0).then(|| {
                round1(
                    perturbed.iter().zip(1..).map(|(n, v)| *n as f64 * f64::from(v)).sum::<f64>()
                        / perturbed_sum as f64,
                )
            });
        let options = rows
            .iter()
            .enumerate()
            .map(|(i, (code, label, v))| {
                let first = (q.kind == QuestionKind::Ranking)
                    .then(|| count(&q.code, code, 1, None))
                    .and_then(|(n, k)| publishable(n, cell_key(k), min));
                OptionResult {
                    code: if code.is_empty() { v.to_string() } else { code.clone() },
                    label: label.clone(),
                    count: shown[i],
                    percent: shown[i]
                        .filter(|_| answered > 0)
                        .map(|n| round1(n as f64 * 100.0 / answered as f64)),
                    first,
                    by_group: cells.get(i).cloned().unwrap_or_default(),
                }
            })
            .collect();
        questions.push(QuestionResult {
            code: q.code.clone(),
            kind: q.kind,
            text: text(&q.text, lang).into(),
            options,
            mean,
        });
    }
    Results {
        respondents,
        min_group_size: min.get(),
        by: by.map(String::from),
        groups: groups
            .iter()
            .zip(group_shown)
            .map(|((key, _), size)| Group { key: key.clone(), label: label(key), size })
            .collect(),
        questions,
    }
}

/// Mentions per life domain: how often options about it were chosen or
/// ranked (the demand side of vraag en aanbod), as (true count, key sum) for
/// publishing through `privacy::publishable`.
pub fn mentions_by_domain(def: &SurveyDef, counts: &[CountRow]) -> BTreeMap<String, (u64, i64)> {
    let mut out: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    for q in &def.questions {
        for o in &q.options {
            let Some(theme) = &o.theme else { continue };
            let entry = out.entry(theme.clone()).or_default();
            for c in counts.iter().filter(|c| {
                c.group_kind == "all" && c.question == q.code && c.option == o.code && c.value == 0
            }) {
                entry.0 += c.n;
                entry.1 += c.key_sum;
            }
        }
    }
    out
}
