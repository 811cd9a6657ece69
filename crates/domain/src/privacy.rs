//! Personal data belongs to the person: consent, access logging, small groups.

use crate::validation::Invalid;
use serde::Serialize;

/// What of a person's data a consent covers. Modules add scopes as they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Name, e-mail address and home buurt.
    Profile,
    /// Week tests, goals and the hours logged for them.
    #[serde(rename = "weektests")]
    WeekTests,
    /// The household's family plan (for professionals who join it).
    #[serde(rename = "family-plan")]
    FamilyPlan,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Profile, Scope::WeekTests, Scope::FamilyPlan];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Profile => "profile",
            Scope::WeekTests => "weektests",
            Scope::FamilyPlan => "family-plan",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

pub const MAX_PURPOSE_CHARS: usize = 200;

/// "Who may see what of mine, why, and until when."
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    pub id: String,
    pub subject_id: String,
    pub grantee_id: String,
    pub scope: Scope,
    pub purpose: String,
    pub granted_at: String,
    /// RFC 3339 instant after which the consent no longer holds.
    pub valid_until: Option<String>,
    pub revoked_at: Option<String>,
}

impl Consent {
    /// Times are compared as text: they share one fixed-width UTC format.
    pub fn is_active(&self, now: &str) -> bool {
        self.revoked_at.is_none() && self.valid_until.as_deref().is_none_or(|until| now < until)
    }
}

/// The consent that lets `grantee` see `scope` of the subject's data now, if any.
pub fn consent_for<'a>(
    consents: &'a [Consent],
    grantee_id: &str,
    scope: Scope,
    now: &str,
) -> Option<&'a Consent> {
    consents.iter().find(|c| c.grantee_id == grantee_id && c.scope == scope && c.is_active(now))
}

/// Checks the fields of a consent a person wants to give.
pub fn check_new_consent(
    subject_id: &str,
    grantee_id: Option<&str>,
    scope: Option<&str>,
    purpose: &str,
    valid_until: Option<&str>,
    now: &str,
) -> Result<(String, Scope, String, Option<String>), Invalid> {
    let mut invalid = Invalid::new();
    match grantee_id {
        None => invalid.add("granteeId", "grantee-unknown"),
        Some(g) if g == subject_id => invalid.add("granteeId", "grantee-self"),
        Some(_) => {}
    }
    let scope = scope.and_then(Scope::parse);
    if scope.is_none() {
        invalid.add("scope", "scope-unknown");
    }
    let purpose = purpose.trim().to_string();
    if purpose.is_empty() {
        invalid.add("purpose", "required");
    } else if purpose.chars().count() > MAX_PURPOSE_CHARS {
        invalid.add("purpose", "too-long");
    }
    let until = match valid_until.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match crate::clock::Timestamp::parse(text)
            .or_else(|| crate::clock::Timestamp::parse(&format!("{text}T23:59:59Z")))
        {
            Some(t) if t.to_rfc3339()[..4] > *"2100" => {
                invalid.add("validUntil", "date-invalid");
                None
            }
            Some(t) if t.to_rfc3339().as_str() > now => Some(t.to_rfc3339()),
            Some(_) => {
                invalid.add("validUntil", "date-in-past");
                None
            }
            None => {
                invalid.add("validUntil", "date-invalid");
                None
            }
        },
    };
    invalid.into_result(())?;
    Ok((grantee_id.unwrap_or_default().to_string(), scope.expect("checked"), purpose, until))
}

/// One read of one person's data by someone else, as the person will see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRecord {
    pub at: String,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub subject_id: String,
    /// What was read (a scope name).
    pub what: String,
    /// Why: the purpose of the consent that allowed it.
    pub why: String,
}

/// The smallest group any aggregate may show. Default 10, never below 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinGroupSize(u64);

impl MinGroupSize {
    pub const FLOOR: u64 = 5;
    pub const DEFAULT: MinGroupSize = MinGroupSize(10);

    pub fn new(n: u64) -> Option<Self> {
        (n >= Self::FLOOR).then_some(MinGroupSize(n))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for MinGroupSize {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Counts fit to publish: `None` where a cell must not be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    pub cells: Vec<Option<u64>>,
    pub total: Option<u64>,
}

/// Hides every cell smaller than the minimum, and, when the total is shown,
/// enough further cells that no hidden cell can be worked out by subtraction
/// (complementary suppression: a lone hidden cell takes the smallest shown
/// cell with it). A total under the minimum is hidden along with every cell.
pub fn suppress(counts: &[u64], min: MinGroupSize, show_total: bool) -> Suppressed {
    let min = min.get();
    let total: u64 = counts.iter().sum();
    if total < min {
        return Suppressed { cells: vec![None; counts.len()], total: None };
    }
    let mut cells: Vec<Option<u64>> = counts.iter().map(|&c| if c < min { None } else { Some(c) }).collect();
    let hidden = cells.iter().filter(|c| c.is_none()).count();
    if show_total && hidden == 1 {
        let smallest_shown =
            cells.iter().enumerate().filter_map(|(i, c)| c.map(|v| (v, i))).min().map(|(_, i)| i);
        if let Some(i) = smallest_shown {
            cells[i] = None;
        }
    }
    Suppressed { cells, total: show_total.then_some(total) }
}

/// Record keys and cell keys live in [0, 2^32).
pub const KEY_SPACE: i64 = 1 << 32;

/// The largest change [`perturb`] makes to a count.
pub const MAX_PERTURBATION: u64 = 2;

/// A count as it may be published (the cell key method, as statistical
/// offices perturb tables): `n` moved by −2 to +2, chosen by the cell's key
/// (the sum of its responses' random record keys) and `n` together. The same
/// cell always gives the same value, so asking again reveals nothing; a cell
/// that gains or loses a response gets a new, unrelated perturbation, so a
/// difference of published counts is not a difference of true ones. Zero
/// stays zero and nothing goes below zero. The perturbation has mean 0 and
/// variance 1.2 (−2 and +2 one in ten each, −1 and +1 one in five each).
pub fn perturb(n: u64, cell_key: u32) -> u64 {
    if n == 0 {
        return 0;
    }
    let mut z = (u64::from(cell_key) << 32 | (n & 0xFFFF_FFFF)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let step: i64 = match z % 10 {
        0 => -2,
        1 | 2 => -1,
        3..=6 => 0,
        7 | 8 => 1,
        _ => 2,
    };
    (n as i64 + step).max(0) as u64
}

/// A count that may be published: at least `min` people in truth *and* at
/// least `min` after perturbation, shown perturbed. Requiring both means a
/// group under the minimum never shows, and the moment a growing group first
/// shows does not tell its exact size either.
pub fn publishable(n: u64, cell_key: u32, min: MinGroupSize) -> Option<u64> {
    let shown = perturb(n, cell_key);
    (n >= min.get() && shown >= min.get()).then_some(shown)
}

/// A stored key sum as the cell key.
pub fn cell_key(key_sum: i64) -> u32 {
    key_sum.rem_euclid(KEY_SPACE) as u32
}

/// What stands where an erased person's name was in texts others keep.
pub const ERASED_NAME: &str = "(naam verwijderd)";

/// `text` without the person called `name`: the whole name, and each part of
/// it of three letters or more where it stands as a word of its own ("Fatima"
/// in "Fatima vindt werk", not "Ann" in "Anna").
pub fn without_name(text: &str, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return text.to_string();
    }
    let mut out = text.replace(name, ERASED_NAME);
    for part in name.split_whitespace().filter(|p| p.chars().count() >= 3) {
        out = replace_word(&out, part, ERASED_NAME);
    }
    out
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let alone = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if alone { with } else { word });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// How the rows of one buurt × respondent type pair show those two in an
/// export of individual responses: both, one of them, or neither (`None`).
pub type ExportClasses = std::collections::BTreeMap<(String, String), (Option<String>, Option<String>)>;

/// Decides, for every buurt × type pair (with its number of responses), what
/// an export row of that pair may show, so that every combination a row
/// shows is shared by at least `min` rows (k-anonymity on the two columns).
/// Pairs are coarsened in steps until their rows together reach the minimum:
/// first both are shown; then the buurt alone (for the small pairs of a buurt
/// together); then the type alone (for what is left, per type); what remains
/// shows neither. A buurt shown alone therefore always stands for two small
/// pairs or more, so its type cannot be told by elimination within its rows.
/// The rows that show neither are made at least the minimum too, by adding the
/// smallest shown combinations to them (complementary suppression).
pub fn export_classes(pairs: &[((String, String), u64)], min: MinGroupSize) -> ExportClasses {
    let min = min.get();
    let mut out = ExportClasses::new();
    let mut rest: Vec<&((String, String), u64)> = Vec::new();
    for pair in pairs {
        if pair.1 >= min {
            out.insert(pair.0.clone(), (Some(pair.0.0.clone()), Some(pair.0.1.clone())));
        } else {
            rest.push(pair);
        }
    }
    type Side = fn(&(String, String)) -> (Option<String>, Option<String>);
    let steps: [(fn(&(String, String)) -> &String, Side); 2] =
        [(|k| &k.0, |k| (Some(k.0.clone()), None)), (|k| &k.1, |k| (None, Some(k.1.clone())))];
    for (group_of, shows) in steps {
        let mut sums: std::collections::BTreeMap<&String, u64> = std::collections::BTreeMap::new();
        for (key, n) in rest.iter().map(|p| (&p.0, p.1)) {
            *sums.entry(group_of(key)).or_default() += n;
        }
        let (done, left): (Vec<_>, Vec<_>) = rest.into_iter().partition(|p| sums[group_of(&p.0)] >= min);
        for p in done {
            out.insert(p.0.clone(), shows(&p.0));
        }
        rest = left;
    }
    for p in &rest {
        out.insert(p.0.clone(), (None, None));
    }
    // The rows that show neither are a group too: were they fewer than the
    // minimum, a reader who knows the wijk's buurten could tell whose they are.
    // The smallest shown combinations join them until they are enough.
    let mut hidden: u64 = rest.iter().map(|p| p.1).sum();
    while hidden > 0 && hidden < min {
        let mut totals: std::collections::BTreeMap<(Option<String>, Option<String>), u64> =
            Default::default();
        for (key, n) in pairs {
            *totals.entry(out[key].clone()).or_default() += n;
        }
        let Some((smallest, n)) =
            totals.into_iter().filter(|(c, _)| *c != (None, None)).min_by_key(|(c, n)| (*n, c.clone()))
        else {
            break;
        };
        for class in out.values_mut().filter(|c| **c == smallest) {
            *class = (None, None);
        }
        hidden += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-22T12:00:00.000Z";

    fn consent(grantee: &str, until: Option<&str>, revoked: Option<&str>) -> Consent {
        Consent {
            id: "c".into(),
            subject_id: "s".into(),
            grantee_id: grantee.into(),
            scope: Scope::Profile,
            purpose: "begeleiding".into(),
            granted_at: "2026-01-01T00:00:00.000Z".into(),
            valid_until: until.map(String::from),
            revoked_at: revoked.map(String::from),
        }
    }

    #[test]
    fn consent_holds_until_it_ends_or_is_revoked() {
        assert!(consent("g", None, None).is_active(NOW));
        assert!(consent("g", Some("2026-12-01T00:00:00.000Z"), None).is_active(NOW));
        assert!(!consent("g", Some("2026-11-22T12:00:00.000Z"), None).is_active(NOW));
        assert!(!consent("g", None, Some("2026-11-01T00:00:00.000Z")).is_active(NOW));
    }

    #[test]
    fn consent_is_per_grantee() {
        let all = [consent("a", None, Some("x")), consent("b", None, None)];
        assert!(consent_for(&all, "a", Scope::Profile, NOW).is_none());
        assert!(consent_for(&all, "b", Scope::Profile, NOW).is_some());
        assert!(consent_for(&all, "c", Scope::Profile, NOW).is_none());
    }

    #[test]
    fn new_consent_checks_every_field() {
        let err = check_new_consent("s", Some("s"), Some("alles"), " ", Some("2020-01-01"), NOW).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["granteeId", "scope", "purpose", "validUntil"]);
        let ok =
            check_new_consent("s", Some("g"), Some("profile"), "coaching", Some("2027-01-31"), NOW).unwrap();
        assert_eq!(ok.3.as_deref(), Some("2027-01-31T23:59:59.000Z"));
    }

    #[test]
    fn min_group_size_has_a_floor() {
        assert_eq!(MinGroupSize::new(4), None);
        assert_eq!(MinGroupSize::new(5).map(MinGroupSize::get), Some(5));
        assert_eq!(MinGroupSize::default().get(), 10);
    }

    #[test]
    fn suppression_at_the_edges() {
        let min = MinGroupSize::DEFAULT;
        // minimum − 1 is hidden, the minimum itself is shown
        assert_eq!(suppress(&[9, 10, 30], min, false).cells, vec![None, Some(10), Some(30)]);
        // with the total shown, the lone hidden 9 would be 49 − 10 − 30: hide 10 too
        let s = suppress(&[9, 10, 30], min, true);
        assert_eq!(s.cells, vec![None, None, Some(30)]);
        assert_eq!(s.total, Some(49));
        // two hidden cells already protect each other
        assert_eq!(suppress(&[3, 4, 30], min, true).cells, vec![None, None, Some(30)]);
        // a total under the minimum hides everything
        assert_eq!(suppress(&[3, 4], min, true), Suppressed { cells: vec![None, None], total: None });
        // nothing to hide
        assert_eq!(suppress(&[10, 12], min, true).cells, vec![Some(10), Some(12)]);
    }

    #[test]
    fn no_hidden_cell_can_be_derived_from_the_total() {
        // Exhaustive over small tables: with the total shown, the number of hidden
        // cells is never exactly one, so subtraction never isolates a cell.
        let min = MinGroupSize::new(5).unwrap();
        for a in 0..12 {
            for b in 0..12 {
                for c in 0..12 {
                    let s = suppress(&[a, b, c], min, true);
                    let hidden = s.cells.iter().filter(|x| x.is_none()).count();
                    assert!(s.total.is_none() || hidden != 1, "{a},{b},{c} → {s:?}");
                    for (cell, count) in s.cells.iter().zip([a, b, c]) {
                        if let Some(v) = cell {
                            assert!(*v >= 5 && *v == count);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn erased_names_leave_texts() {
        assert_eq!(without_name("Fatima vindt werk", "Fatima El Amrani"), "(naam verwijderd) vindt werk");
        assert_eq!(
            without_name("Gesprek met Fatima El Amrani.", "Fatima El Amrani"),
            "Gesprek met (naam verwijderd)."
        );
        assert_eq!(
            without_name("Jo en Joost", "Jo de Wit"),
            "Jo en Joost",
            "short parts stay, longer words too"
        );
        assert_eq!(without_name("Anna en Ann", "Ann Smit"), "Anna en (naam verwijderd)");
        assert_eq!(without_name("Witteveen en Wit", "Bob Wit"), "Witteveen en (naam verwijderd)");
        assert_eq!(without_name("Elk woord", ""), "Elk woord");
    }

    #[test]
    fn perturbation_is_fixed_small_and_unbiased() {
        let mut total = 0i64;
        let mut moved = 0;
        for key in 0..20_000u32 {
            let key = key.wrapping_mul(2_654_435_761);
            let p = perturb(50, key);
            assert_eq!(p, perturb(50, key), "the same cell shows the same value");
            assert!(p.abs_diff(50) <= MAX_PERTURBATION);
            total += p as i64 - 50;
            moved += usize::from(p != 50);
        }
        assert!(total.abs() < 400, "mean near zero: {total}");
        assert!((11_000..13_000).contains(&moved), "six in ten move: {moved}");
        assert_eq!(perturb(0, 12345), 0);
        assert!((0..1000).all(|k| perturb(1, k) <= 3));
        let min = MinGroupSize::DEFAULT;
        assert!((0..1000).all(|k| publishable(min.get() - 1, k, min).is_none()), "never under the minimum");
        assert!(
            (0..1000).any(|k| publishable(min.get(), k, min).is_none()),
            "at the minimum sometimes hidden"
        );
        assert_eq!(cell_key(KEY_SPACE + 5), 5);
        assert_eq!(cell_key(-1), u32::MAX);
    }

    #[test]
    fn export_rows_never_show_a_buurt_and_type_pair_under_the_minimum() {
        let min = MinGroupSize::new(10).unwrap();
        let pair = |b: &str, t: &str, n: u64| ((b.to_string(), t.to_string()), n);
        // The case: both columns shown alone are large, their pairs small.
        let pairs = [
            pair("A", "resident", 30),
            pair("A", "business", 5),
            pair("A", "partner", 7),
            pair("B", "resident", 25),
            pair("B", "business", 4),
            pair("C", "business", 3),
            pair("C", "partner", 3),
        ];
        let classes = export_classes(&pairs, min);
        let show = |b: &str, t: &str| classes[&(b.to_string(), t.to_string())].clone();
        assert_eq!(show("A", "resident"), (Some("A".into()), Some("resident".into())));
        // A's two small pairs (12 together) show the buurt only.
        assert_eq!(show("A", "business"), (Some("A".into()), None));
        assert_eq!(show("A", "partner"), (Some("A".into()), None));
        // B's lone small pair and C's joined by type where that reaches 10 (4 + 3 = 7: no).
        assert_eq!(show("B", "business"), (None, None));
        assert_eq!(show("C", "business"), (None, None));
        // Every shown combination is shared by at least the minimum.
        let mut shown: std::collections::BTreeMap<(Option<String>, Option<String>), u64> = Default::default();
        for (k, n) in &pairs {
            *shown.entry(classes[k].clone()).or_default() += n;
        }
        for (class, n) in shown {
            assert!(class == (None, None) || n >= 10, "{class:?} shows {n} rows");
        }
    }

    #[test]
    fn small_pairs_of_one_type_across_buurten_show_the_type() {
        let min = MinGroupSize::new(10).unwrap();
        let pair = |b: &str, t: &str, n: u64| ((b.to_string(), t.to_string()), n);
        let pairs = [pair("A", "business", 6), pair("B", "business", 6), pair("A", "resident", 40)];
        let classes = export_classes(&pairs, min);
        assert_eq!(classes[&("A".into(), "business".into())], (None, Some("business".into())));
        assert_eq!(classes[&("B".into(), "business".into())], (None, Some("business".into())));
    }

    #[test]
    fn too_few_rows_showing_neither_take_the_smallest_shown_combination_along() {
        let min = MinGroupSize::new(10).unwrap();
        let pair = |b: &str, t: &str, n: u64| ((b.to_string(), t.to_string()), n);
        let pairs = [pair("A", "a", 12), pair("B", "a", 10), pair("C", "b", 3)];
        let classes = export_classes(&pairs, min);
        assert_eq!(classes[&("A".into(), "a".into())], (Some("A".into()), Some("a".into())));
        assert_eq!(classes[&("B".into(), "a".into())], (None, None), "3 alone could be told apart");
        assert_eq!(classes[&("C".into(), "b".into())], (None, None));
    }
}
