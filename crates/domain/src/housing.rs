//! "Mens, wat woon je": housing projects scored on broad prosperity. The
//! themes and criteria are data (`crates/domain/housing.json`); a criterion
//! scores 0 (no), 1 (partly) or 2 (yes), a theme its share of the most it
//! could score, and every criterion below 2 brings its advice.

use crate::texts::Texts;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Criterion {
    pub code: String,
    pub text: Texts,
    pub advice: Texts,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Theme {
    pub code: String,
    pub name: Texts,
    pub criteria: Vec<Criterion>,
}

#[derive(Deserialize)]
struct File {
    themes: Vec<Theme>,
}

pub fn themes() -> &'static [Theme] {
    static THEMES: OnceLock<Vec<Theme>> = OnceLock::new();
    THEMES.get_or_init(|| {
        let f: File = serde_json::from_str(include_str!("../housing.json")).expect("housing.json is valid");
        f.themes
    })
}

/// A criterion's key: `theme.criterion`.
pub fn key(theme: &Theme, criterion: &Criterion) -> String {
    format!("{}.{}", theme.code, criterion.code)
}

pub const STATUSES: [&str; 3] = ["plan", "bouw", "opgeleverd"];

/// A new project: its name, number of homes and status.
pub fn check_project(name: &str, homes: &str, status: &str) -> Result<(String, i64, String), Invalid> {
    let mut invalid = Invalid::new();
    let name = name.trim();
    if name.is_empty() {
        invalid.add("name", "required");
    } else if name.chars().count() > 150 {
        invalid.add("name", "too-long");
    } else if crate::texts::forbidden_char(name).is_some() {
        invalid.add("name", "text-invalid");
    }
    let homes = match homes.trim().parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => n,
        Ok(_) => {
            invalid.add("homes", "number-out-of-range");
            0
        }
        Err(_) => {
            invalid.add("homes", if homes.trim().is_empty() { "required" } else { "number-invalid" });
            0
        }
    };
    if !STATUSES.contains(&status) {
        invalid.add("status", "status-unknown");
    }
    invalid.into_result((name.to_string(), homes, status.to_string()))
}

/// Scores as given (`theme.criterion` → "0", "1" or "2"); every criterion
/// must be scored.
pub fn check_scores(given: &BTreeMap<String, String>) -> Result<BTreeMap<String, u8>, Invalid> {
    let mut invalid = Invalid::new();
    let mut out = BTreeMap::new();
    for t in themes() {
        for c in &t.criteria {
            let k = key(t, c);
            match given.get(&k).map(|v| v.trim()) {
                Some("0") => out.insert(k, 0),
                Some("1") => out.insert(k, 1),
                Some("2") => out.insert(k, 2),
                Some(_) => {
                    invalid.add(k, "score-invalid");
                    None
                }
                None => {
                    invalid.add(k, "required");
                    None
                }
            };
        }
    }
    if let Some(unknown) = given.keys().find(|k| !out.contains_key(*k) && !invalid.has(k)) {
        invalid.add(unknown.clone(), "criterion-unknown");
    }
    invalid.into_result(out)
}

/// Per theme its score in percent of the most it could get.
pub fn theme_scores(scores: &BTreeMap<String, u8>) -> Vec<(String, u32)> {
    themes()
        .iter()
        .map(|t| {
            let got: u32 = t.criteria.iter().map(|c| u32::from(*scores.get(&key(t, c)).unwrap_or(&0))).sum();
            let most = 2 * t.criteria.len() as u32;
            (t.code.clone(), (got * 100 + most / 2) / most.max(1))
        })
        .collect()
}

/// The whole project's score: the average of its themes.
pub fn total(themes: &[(String, u32)]) -> u32 {
    let n = themes.len().max(1) as u32;
    (themes.iter().map(|(_, s)| s).sum::<u32>() + n / 2) / n
}

/// What would raise the score: every criterion below 2, lowest first.
pub fn advice(scores: &BTreeMap<String, u8>) -> Vec<(&'static Theme, &'static Criterion, u8)> {
    let mut out: Vec<_> = themes()
        .iter()
        .flat_map(|t| t.criteria.iter().map(move |c| (t, c)))
        .filter_map(|(t, c)| {
            let s = *scores.get(&key(t, c)).unwrap_or(&0);
            (s < 2).then_some((t, c, s))
        })
        .collect();
    out.sort_by_key(|(_, _, s)| *s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(score: &str) -> BTreeMap<String, String> {
        themes().iter().flat_map(|t| t.criteria.iter().map(move |c| (key(t, c), score.to_string()))).collect()
    }

    #[test]
    fn the_scorecard_has_the_eight_here_and_now_themes_later_and_elsewhere() {
        let codes: Vec<&str> = themes().iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes.len(), 10);
        assert!(codes.contains(&"later") && codes.contains(&"elders") && codes.contains(&"veiligheid"));
        assert!(themes().iter().all(|t| t.criteria.iter().all(|c| c.advice.contains_key("en"))));
    }

    #[test]
    fn scores_are_checked_and_summed_per_theme() {
        let mut given = all("2");
        given.insert("welzijn.ontmoeten".into(), "0".into());
        given.insert("welzijn.meedenken".into(), "1".into());
        let scores = check_scores(&given).unwrap();
        let per_theme = theme_scores(&scores);
        assert_eq!(per_theme[0], ("welzijn".to_string(), 25));
        assert!(per_theme[1..].iter().all(|(_, s)| *s == 100));
        assert_eq!(total(&per_theme), 93);
        let tips = advice(&scores);
        assert_eq!(tips.len(), 2);
        assert_eq!(tips[0].1.code, "ontmoeten", "the lowest first");

        let mut bad = all("2");
        bad.insert("welzijn.ontmoeten".into(), "3".into());
        bad.remove("milieu.groen");
        bad.insert("iets.anders".into(), "1".into());
        let err = check_scores(&bad).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["welzijn.ontmoeten", "milieu.groen", "iets.anders"]);
    }

    #[test]
    fn projects_are_checked() {
        assert_eq!(
            check_project(" De Linde ", "48", "plan").unwrap(),
            ("De Linde".to_string(), 48, "plan".to_string())
        );
        let err = check_project("", "veel", "klaar").unwrap_err();
        assert_eq!(err.errors.len(), 3);
    }
}
