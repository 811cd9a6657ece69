//! The wijkscan: the gemeente's self-assessment on the ten values and the ten
//! tasks of neighbourhood-oriented work, with the 97 chances and pitfalls of
//! "Een stap verder met Wijkgericht werken" (VNG/BZK, 2009) as data
//! (`crates/domain/wijkscan.json`). Several people tick which chances and
//! pitfalls are present; per task and group the profile shows how many, and
//! every pitfall present brings its task's missing chances as suggestions.

use crate::texts::Texts;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Value {
    pub number: u8,
    pub name: Texts,
    pub text: Texts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Chance,
    Pitfall,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Item {
    pub number: u8,
    pub kind: Kind,
    pub text: Texts,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Task {
    pub number: u8,
    pub title: Texts,
    pub description: Texts,
    pub items: Vec<Item>,
}

#[derive(Deserialize)]
struct ScanFile {
    values: Vec<Value>,
    tasks: Vec<Task>,
}

fn scan() -> &'static ScanFile {
    static SCAN: OnceLock<ScanFile> = OnceLock::new();
    SCAN.get_or_init(|| {
        serde_json::from_str(include_str!("../wijkscan.json")).expect("wijkscan.json is valid")
    })
}

pub fn values() -> &'static [Value] {
    &scan().values
}

pub fn tasks() -> &'static [Task] {
    &scan().tasks
}

/// Who fills it in: the roles of the document, and residents and partners.
pub const GROUPS: [&str; 6] =
    ["wijkcoordinator", "wijkregisseur", "procesmanager", "bestuur", "bewoner", "partner"];

/// A person's answer: their group and the items they see present.
pub fn check_answer(group: &str, present: &[String]) -> Result<(String, BTreeSet<u8>), Invalid> {
    let mut invalid = Invalid::new();
    if !GROUPS.contains(&group) {
        invalid.add("group", if group.is_empty() { "required" } else { "group-unknown" });
    }
    let mut items = BTreeSet::new();
    for p in present {
        match p.trim().parse::<u8>() {
            Ok(n) if (1..=97).contains(&n) => {
                items.insert(n);
            }
            _ => {
                invalid.add("items", "item-unknown");
                break;
            }
        }
    }
    invalid.into_result((group.to_string(), items))
}

/// One task's profile for a group: how many of its chances and pitfalls
/// the group's people saw present, on average over the people (0…1 per item,
/// summed), and per item the share of people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskProfile {
    pub task: u8,
    pub chances: usize,
    pub pitfalls: usize,
    /// Chances present (average over the people), pitfalls present likewise.
    pub chances_present: f64,
    pub pitfalls_present: f64,
    /// Per item the share of the group's people who saw it present.
    pub items: BTreeMap<u8, f64>,
}

/// Profiles per task of a group's answers (each answer: the items present).
pub fn profile(answers: &[&BTreeSet<u8>]) -> Vec<TaskProfile> {
    let people = answers.len().max(1) as f64;
    tasks()
        .iter()
        .map(|t| {
            let share = |n: u8| answers.iter().filter(|a| a.contains(&n)).count() as f64 / people;
            let items: BTreeMap<u8, f64> = t.items.iter().map(|i| (i.number, share(i.number))).collect();
            let sum = |k: Kind| t.items.iter().filter(|i| i.kind == k).map(|i| items[&i.number]).sum::<f64>();
            TaskProfile {
                task: t.number,
                chances: t.items.iter().filter(|i| i.kind == Kind::Chance).count(),
                pitfalls: t.items.iter().filter(|i| i.kind == Kind::Pitfall).count(),
                chances_present: sum(Kind::Chance),
                pitfalls_present: sum(Kind::Pitfall),
                items,
            }
        })
        .collect()
}

/// For each pitfall present (seen by at least half), the chances of its task
/// that are not (seen by fewer than half): what to work on.
pub fn suggestions(profile: &[TaskProfile]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    for (t, p) in tasks().iter().zip(profile) {
        for pitfall in t.items.iter().filter(|i| i.kind == Kind::Pitfall && p.items[&i.number] >= 0.5) {
            let missing: Vec<u8> = t
                .items
                .iter()
                .filter(|i| i.kind == Kind::Chance && p.items[&i.number] < 0.5)
                .map(|i| i.number)
                .collect();
            if !missing.is_empty() {
                out.push((pitfall.number, missing));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_has_ten_values_ten_tasks_and_97_points_in_order() {
        assert_eq!(values().len(), 10);
        assert_eq!(tasks().len(), 10);
        let numbers: Vec<u8> = tasks().iter().flat_map(|t| t.items.iter().map(|i| i.number)).collect();
        assert_eq!(numbers, (1..=97).collect::<Vec<u8>>());
        assert_eq!(tasks()[0].title["nl"], "Breed bereik");
        assert!(tasks().iter().all(|t| t.items.iter().all(|i| i.text.contains_key("en"))));
        // Point 6: small ideas decided within three days.
        assert!(tasks()[0].items[5].text["nl"].contains("3 dagen"));
    }

    #[test]
    fn profiles_average_over_people_and_pitfalls_suggest_their_tasks_chances() {
        let a: BTreeSet<u8> = [1, 2, 8, 9].into();
        let b: BTreeSet<u8> = [1, 8].into();
        let p = profile(&[&a, &b]);
        let broad = &p[0];
        assert_eq!((broad.chances, broad.pitfalls), (7, 6));
        assert_eq!(broad.chances_present, 1.5, "point 1 by both, point 2 by one");
        assert_eq!(broad.pitfalls_present, 1.5);
        let s = suggestions(&p);
        // Pitfalls 8 (both) and 9 (half) are present; the chances 3…7 are missing.
        assert_eq!(s[0], (8, vec![3, 4, 5, 6, 7]));
        assert_eq!(s[1].0, 9);
        assert!(s.iter().all(|(pit, _)| *pit <= 13), "no other task has a pitfall present");
    }

    #[test]
    fn answers_are_checked() {
        let err = check_answer("baas", &["3".into(), "98".into()]).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["group", "items"]);
        let (group, items) = check_answer("bestuur", &["97".into(), "1".into()]).unwrap();
        assert_eq!((group.as_str(), items.into_iter().collect::<Vec<_>>()), ("bestuur", vec![1, 97]));
    }
}
