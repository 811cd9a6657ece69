//! The week test: one average week of 168 hours over life domains, with
//! satisfaction and wished-for hours, and where the person's development
//! priority lies now.
//!
//! Hours are kept as whole half-hours (`36.5` h = `73`), so sums and ties are
//! exact. Templates (the "ik ben…" series) are data: JSON files, not code.

use crate::texts::Texts;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A week, in half-hours.
pub const WEEK_HALF_HOURS: u32 = 168 * 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainDef {
    pub code: String,
    /// HETUS activity main groups the domain covers (0 = personal care … 9 = travel).
    pub hetus: Vec<u8>,
    pub name: Texts,
    /// What counts here, in a few words.
    pub hint: Texts,
    /// Dutch average hours a week (SCP TBO 2016), when known for this domain.
    pub average_hours: Option<f64>,
    /// Why this domain may deserve attention now.
    pub advice: Texts,
    /// One concrete next step.
    pub next_step: Texts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BasisFirst {
    pub domain: String,
    /// Below this many hours now, the basis domain is the priority.
    pub min_hours: u32,
}

/// How the priority is chosen. The default: score = (5 − satisfaction) ×
/// |wished − now|, times the domain's weight (default 1); "basis first" when
/// sleep and care fall under the minimum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriorityRule {
    pub basis_first: Option<BasisFirst>,
    /// Weight per domain code in hundredths (150 = 1.5×); absent means 100.
    #[serde(default)]
    pub weights: BTreeMap<String, u32>,
    /// The rule in plain words, shown to the person.
    pub explanation: Texts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Choice,
    Number,
    Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionOption {
    pub code: String,
    pub label: Texts,
}

/// An extra question of a variant ("ik ben… ouder": how many children at home?).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Question {
    pub code: String,
    pub kind: QuestionKind,
    pub text: Texts,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Template {
    pub code: String,
    pub version: u32,
    pub name: Texts,
    /// "Ik ben… ouder": who the variant is for.
    pub audience: Texts,
    pub intro: Texts,
    pub rule: PriorityRule,
    pub domains: Vec<DomainDef>,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Where the reference averages come from.
    #[serde(default)]
    pub source: Texts,
}

/// The templates that ship with wijkwerk. More can be imported as files.
pub const BUILTIN_TEMPLATES: &[&str] = &[
    include_str!("../weektest/basis.json"),
    include_str!("../weektest/ouder.json"),
    include_str!("../weektest/jongere.json"),
    include_str!("../weektest/werkzoekende.json"),
    include_str!("../weektest/mantelzorger.json"),
    include_str!("../weektest/ondernemer.json"),
];

pub const MAX_TEXT_ANSWER_CHARS: usize = 500;

impl Template {
    /// Parses and checks a template definition.
    pub fn parse(json: &str) -> Result<Template, String> {
        let t: Template = serde_json::from_str(json).map_err(|e| format!("not a valid template: {e}"))?;
        t.check()?;
        Ok(t)
    }

    fn check(&self) -> Result<(), String> {
        let slug = |s: &str| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !slug(&self.code) {
            return Err(format!("template code {:?} must be lower-case letters, digits and -", self.code));
        }
        if self.domains.len() < 2 {
            return Err("a template needs at least two domains".into());
        }
        let mut seen = Vec::new();
        for d in &self.domains {
            if !slug(&d.code) || seen.contains(&d.code.as_str()) {
                return Err(format!("domain code {:?} is not a unique slug", d.code));
            }
            if !d.name.contains_key("nl") {
                return Err(format!("domain {} has no Dutch name", d.code));
            }
            seen.push(&d.code);
        }
        if let Some(b) = &self.rule.basis_first
            && !seen.contains(&b.domain.as_str())
        {
            return Err(format!("basisFirst names unknown domain {}", b.domain));
        }
        if let Some(w) = self.rule.weights.keys().find(|k| !seen.contains(&k.as_str())) {
            return Err(format!("weight for unknown domain {w}"));
        }
        for q in &self.questions {
            if !slug(&q.code) {
                return Err(format!("question code {:?} is not a slug", q.code));
            }
            if q.kind == QuestionKind::Choice && q.options.is_empty() {
                return Err(format!("choice question {} has no options", q.code));
            }
        }
        if !self.name.contains_key("nl") || !self.rule.explanation.contains_key("nl") {
            return Err("a template needs Dutch texts".into());
        }
        Ok(())
    }

    pub fn domain(&self, code: &str) -> Option<&DomainDef> {
        self.domains.iter().find(|d| d.code == code)
    }
}

/// One domain as typed in: numbers as given, not yet checked.
#[derive(Clone, Debug, PartialEq)]
pub struct RawAnswer {
    pub domain: String,
    pub hours: Option<f64>,
    pub wished_hours: Option<f64>,
    pub satisfaction: Option<f64>,
}

/// One domain, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub domain: String,
    pub half_hours: u32,
    pub wished_half_hours: u32,
    pub satisfaction: u8,
}

impl Answer {
    pub fn hours(&self) -> f64 {
        f64::from(self.half_hours) / 2.0
    }
    pub fn wished_hours(&self) -> f64 {
        f64::from(self.wished_half_hours) / 2.0
    }
}

/// Hours as whole half-hours, if the number is one: finite, ≥ 0, ≤ 168, in steps of 0.5.
fn half_hours(value: f64) -> Result<u32, &'static str> {
    if !value.is_finite() {
        return Err("number-invalid");
    }
    if value < 0.0 {
        return Err("hours-negative");
    }
    if value > 168.0 {
        return Err("hours-over-week");
    }
    let doubled = value * 2.0;
    if (doubled - doubled.round()).abs() > 1e-9 {
        return Err("hours-half-steps");
    }
    Ok(doubled.round() as u32)
}

/// Checks a filled-in week against its template, reporting every problem:
/// each domain once, hours ≥ 0 in steps of 0.5, satisfaction 1–5, and both
/// the hours now and the wished hours adding up to exactly 168.
/// Answers come back in template order.
pub fn validate(template: &Template, raw: &[RawAnswer]) -> Result<Vec<Answer>, Invalid> {
    let mut invalid = Invalid::new();
    let mut by_domain: BTreeMap<&str, Answer> = BTreeMap::new();
    let mut seen: Vec<&str> = Vec::new();
    // (now, wished) of every accepted row; `None` when a number was unusable.
    let mut numbers: Vec<Option<(u32, u32)>> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let field = |name: &str| format!("domains[{i}].{name}");
        if template.domain(&r.domain).is_none() {
            invalid.add(field("domain"), "domain-unknown");
            continue;
        }
        if seen.contains(&r.domain.as_str()) {
            invalid.add(field("domain"), "domain-duplicate");
            continue;
        }
        seen.push(&r.domain);
        let mut number = |name: &str, v: Option<f64>| match v.map(half_hours) {
            Some(Ok(h)) => Some(h),
            Some(Err(code)) => {
                invalid.add(field(name), code);
                None
            }
            None => {
                invalid.add(field(name), "required");
                None
            }
        };
        let hours = number("hours", r.hours);
        let wished = number("wishedHours", r.wished_hours);
        let satisfaction = match r.satisfaction {
            Some(s) if s.fract() == 0.0 && (1.0..=5.0).contains(&s) => Some(s as u8),
            Some(_) => {
                invalid.add(field("satisfaction"), "satisfaction-range");
                None
            }
            None => {
                invalid.add(field("satisfaction"), "required");
                None
            }
        };
        numbers.push(hours.zip(wished));
        if let (Some(h), Some(w), Some(s)) = (hours, wished, satisfaction) {
            by_domain.insert(
                &r.domain,
                Answer { domain: r.domain.clone(), half_hours: h, wished_half_hours: w, satisfaction: s },
            );
        }
    }
    let mut complete = true;
    for d in &template.domains {
        if !seen.contains(&d.code.as_str()) {
            invalid.add(format!("domains.{}", d.code), "domain-missing");
            complete = false;
        }
    }
    // The sums only mean something when every domain has usable numbers.
    if complete && numbers.iter().all(Option::is_some) {
        let (now, wished) = numbers.iter().flatten().fold((0, 0), |(n, w), (h, x)| (n + h, w + x));
        if now != WEEK_HALF_HOURS {
            invalid.add("hours", "hours-sum-not-168");
        }
        if wished != WEEK_HALF_HOURS {
            invalid.add("wishedHours", "wished-sum-not-168");
        }
    }
    invalid.into_result(())?;
    Ok(template.domains.iter().filter_map(|d| by_domain.remove(d.code.as_str())).collect())
}

/// Checks answers to a variant's extra questions. Unanswered questions are
/// fine (they are optional); answers to questions the template does not ask are not.
pub fn validate_extra(template: &Template, extra: &BTreeMap<String, String>) -> Result<(), Invalid> {
    let mut invalid = Invalid::new();
    for (code, value) in extra {
        let field = format!("answers.{code}");
        let Some(q) = template.questions.iter().find(|q| &q.code == code) else {
            invalid.add(field, "question-unknown");
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match q.kind {
            QuestionKind::Choice => {
                if !q.options.iter().any(|o| &o.code == value) {
                    invalid.add(field, "option-unknown");
                }
            }
            QuestionKind::Number => match value.trim().parse::<i64>() {
                Ok(n) if q.min.is_none_or(|m| n >= m) && q.max.is_none_or(|m| n <= m) => {}
                Ok(_) => invalid.add(field, "number-out-of-range"),
                Err(_) => invalid.add(field, "number-invalid"),
            },
            QuestionKind::Text => {
                if value.chars().count() > MAX_TEXT_ANSWER_CHARS {
                    invalid.add(field, "too-long");
                }
            }
        }
    }
    invalid.into_result(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Sleep and care fell under the minimum: the basis comes first.
    BasisFirst,
    /// The highest score.
    HighestScore,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ranked {
    pub domain: String,
    pub score: f64,
    pub hours: f64,
    pub wished_hours: f64,
    /// wished − now, in hours (negative: wants less).
    pub gap: f64,
    pub satisfaction: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// `None`: in balance, nothing asks for attention now.
    pub priority: Option<(String, Reason)>,
    /// Every domain, highest priority first.
    pub ranking: Vec<Ranked>,
}

/// Applies the template's rule to checked answers (in template order).
pub fn prioritise(template: &Template, answers: &[Answer]) -> Outcome {
    let rule = &template.rule;
    // Exact integers: weight (hundredths) × (5 − satisfaction) × |gap| (half-hours).
    let exact = |a: &Answer| {
        let weight = u64::from(rule.weights.get(&a.domain).copied().unwrap_or(100));
        weight * u64::from(5 - a.satisfaction) * u64::from(a.half_hours.abs_diff(a.wished_half_hours))
    };
    let position =
        |a: &Answer| template.domains.iter().position(|d| d.code == a.domain).unwrap_or(usize::MAX);
    let mut order: Vec<&Answer> = answers.iter().collect();
    // Highest score; then lower satisfaction; then larger gap; then template order.
    order.sort_by(|a, b| {
        exact(b)
            .cmp(&exact(a))
            .then(a.satisfaction.cmp(&b.satisfaction))
            .then(b.half_hours.abs_diff(b.wished_half_hours).cmp(&a.half_hours.abs_diff(a.wished_half_hours)))
            .then(position(a).cmp(&position(b)))
    });
    let ranking: Vec<Ranked> = order
        .iter()
        .map(|a| Ranked {
            domain: a.domain.clone(),
            score: exact(a) as f64 / 200.0,
            hours: a.hours(),
            wished_hours: a.wished_hours(),
            gap: a.wished_hours() - a.hours(),
            satisfaction: a.satisfaction,
        })
        .collect();
    let basis = rule.basis_first.as_ref().and_then(|b| {
        answers
            .iter()
            .find(|a| a.domain == b.domain && a.half_hours < b.min_hours * 2)
            .map(|a| a.domain.clone())
    });
    let priority = match basis {
        Some(domain) => Some((domain, Reason::BasisFirst)),
        None => order.first().filter(|a| exact(a) > 0).map(|a| (a.domain.clone(), Reason::HighestScore)),
    };
    Outcome { priority, ranking }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis() -> Template {
        Template::parse(BUILTIN_TEMPLATES[0]).unwrap()
    }

    /// A valid week: (domain, hours, wished, satisfaction) in template order.
    fn week(rows: &[(&str, f64, f64, f64)]) -> Vec<RawAnswer> {
        rows.iter()
            .map(|(d, h, w, s)| RawAnswer {
                domain: d.to_string(),
                hours: Some(*h),
                wished_hours: Some(*w),
                satisfaction: Some(*s),
            })
            .collect()
    }

    fn balanced() -> Vec<(&'static str, f64, f64, f64)> {
        vec![
            ("slaap-en-verzorging", 70.0, 70.0, 4.0),
            ("werk", 36.0, 36.0, 4.0),
            ("leren", 2.0, 2.0, 4.0),
            ("huishouden-en-zorg", 20.0, 20.0, 4.0),
            ("vrijwilligerswerk-en-wijk", 2.0, 2.0, 4.0),
            ("sociaal-leven", 10.0, 10.0, 4.0),
            ("sport-en-bewegen", 3.0, 3.0, 4.0),
            ("hobbys-en-media", 20.0, 20.0, 4.0),
            ("reizen-en-overig", 5.0, 5.0, 4.0),
        ]
    }

    fn outcome(rows: &[(&str, f64, f64, f64)]) -> Outcome {
        let t = basis();
        prioritise(&t, &validate(&t, &week(rows)).unwrap())
    }

    #[test]
    fn every_builtin_template_parses_and_has_the_basis_domains_or_variants() {
        for json in BUILTIN_TEMPLATES {
            let t = Template::parse(json).unwrap();
            assert!(t.name.contains_key("en"), "{} has English", t.code);
            for d in &t.domains {
                for key in ["nl", "en"] {
                    assert!(
                        d.name.contains_key(key)
                            && d.advice.contains_key(key)
                            && d.next_step.contains_key(key),
                        "{}/{}",
                        t.code,
                        d.code
                    );
                }
            }
        }
        let b = basis();
        let codes: Vec<&str> = b.domains.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "slaap-en-verzorging",
                "werk",
                "leren",
                "huishouden-en-zorg",
                "vrijwilligerswerk-en-wijk",
                "sociaal-leven",
                "sport-en-bewegen",
                "hobbys-en-media",
                "reizen-en-overig"
            ]
        );
        let hetus: Vec<Vec<u8>> = b.domains.iter().map(|d| d.hetus.clone()).collect();
        assert_eq!(
            hetus,
            [vec![0], vec![1], vec![2], vec![3], vec![4], vec![5], vec![6], vec![7, 8], vec![9]]
        );
        let total: f64 = b.domains.iter().filter_map(|d| d.average_hours).sum();
        assert!((total - 168.0).abs() < 0.05, "SCP averages cover the week: {total}");
    }

    #[test]
    fn in_balance_when_every_score_is_zero() {
        let o = outcome(&balanced());
        assert_eq!(o.priority, None);
        assert_eq!(o.ranking.len(), 9);
        assert!(o.ranking.iter().all(|r| r.score == 0.0));
        // Satisfaction 5 everywhere also scores zero, whatever the gaps.
        let mut rows = balanced();
        for r in &mut rows {
            r.3 = 5.0;
        }
        rows[1].2 = 30.0;
        rows[5].2 = 16.0;
        assert_eq!(outcome(&rows).priority, None);
    }

    #[test]
    fn highest_score_wins() {
        let mut rows = balanced();
        rows[1] = ("werk", 36.0, 32.0, 2.0); // (5−2)×4 = 12
        rows[5] = ("sociaal-leven", 10.0, 14.0, 3.0); // (5−3)×4 = 8
        rows[7] = ("hobbys-en-media", 20.0, 20.0, 3.0);
        let o = outcome(&rows);
        assert_eq!(o.priority, Some(("werk".into(), Reason::HighestScore)));
        assert_eq!(o.ranking[0].score, 12.0);
        assert_eq!(o.ranking[0].gap, -4.0);
        assert_eq!(o.ranking[1].domain, "sociaal-leven");
        assert_eq!(o.ranking[1].score, 8.0);
    }

    #[test]
    fn ties_go_to_lower_satisfaction_then_larger_gap_then_template_order() {
        // Equal scores 12: werk (5−2)×4, sociaal (5−1)×3 → lower satisfaction wins.
        let mut rows = balanced();
        rows[1] = ("werk", 36.0, 32.0, 2.0);
        rows[5] = ("sociaal-leven", 10.0, 13.0, 1.0);
        rows[7] = ("hobbys-en-media", 20.0, 21.0, 4.0);
        assert_eq!(outcome(&rows).priority.unwrap().0, "sociaal-leven");

        // Equal scores 12 and satisfaction: (5−3)×6 vs (5−3)×6 → equal gaps → template order.
        let mut rows = balanced();
        rows[1] = ("werk", 36.0, 30.0, 3.0);
        rows[5] = ("sociaal-leven", 10.0, 16.0, 3.0);
        rows[7] = ("hobbys-en-media", 20.0, 8.0, 4.0); // (5−4)×12 = 12, satisfaction 4
        rows[8] = ("reizen-en-overig", 5.0, 17.0, 4.0); // the same as hobbys: template order
        let o = outcome(&rows);
        assert_eq!(o.priority.unwrap().0, "werk", "werk comes before sociaal-leven in the template");
        let order: Vec<&str> = o.ranking.iter().take(4).map(|r| r.domain.as_str()).collect();
        assert_eq!(order, ["werk", "sociaal-leven", "hobbys-en-media", "reizen-en-overig"]);

        // Equal score and satisfaction, different gaps cannot give equal scores
        // unless weights differ: a weighted template breaks the tie by gap.
        let mut t = basis();
        t.rule.weights.insert("leren".into(), 200); // 2× weight
        let mut rows = balanced();
        rows[2] = ("leren", 2.0, 5.0, 3.0); // 2 × (5−3) × 3 = 12
        rows[3] = ("huishouden-en-zorg", 20.0, 14.0, 3.0); // 1 × 2 × 6 = 12
        rows[0] = ("slaap-en-verzorging", 70.0, 73.0, 5.0); // score 0, keeps the week at 168
        let answers = validate(&t, &week(&rows)).unwrap();
        assert_eq!(
            prioritise(&t, &answers).priority.unwrap().0,
            "huishouden-en-zorg",
            "larger gap wins the tie"
        );
    }

    #[test]
    fn basis_first_when_sleep_and_care_fall_under_56_hours() {
        let mut rows = balanced();
        rows[0] = ("slaap-en-verzorging", 55.5, 55.5, 4.0);
        rows[1] = ("werk", 50.5, 50.5, 1.0);
        let o = outcome(&rows);
        assert_eq!(
            o.priority,
            Some(("slaap-en-verzorging".into(), Reason::BasisFirst)),
            "even with every score 0"
        );
        // Exactly 56 is not below the minimum.
        let mut rows = balanced();
        rows[0] = ("slaap-en-verzorging", 56.0, 56.0, 4.0);
        rows[1] = ("werk", 50.0, 50.0, 4.0);
        assert_eq!(outcome(&rows).priority, None);
    }

    #[test]
    fn invalid_weeks_report_every_problem() {
        let t = basis();
        let mut rows = week(&balanced());
        rows[1].hours = Some(36.3); // not a half step
        rows[2].wished_hours = Some(-1.0);
        rows[3].satisfaction = Some(6.0);
        rows[4].satisfaction = None;
        rows[5].domain = "werk".into(); // duplicate, and sociaal-leven missing
        rows.push(RawAnswer {
            domain: "slapen".into(),
            hours: Some(1.0),
            wished_hours: Some(1.0),
            satisfaction: Some(3.0),
        });
        let err = validate(&t, &rows).unwrap_err();
        let got: Vec<(String, &str)> = err.errors.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            got,
            [
                ("domains[1].hours".to_string(), "hours-half-steps"),
                ("domains[2].wishedHours".to_string(), "hours-negative"),
                ("domains[3].satisfaction".to_string(), "satisfaction-range"),
                ("domains[4].satisfaction".to_string(), "required"),
                ("domains[5].domain".to_string(), "domain-duplicate"),
                ("domains[9].domain".to_string(), "domain-unknown"),
                ("domains.sociaal-leven".to_string(), "domain-missing"),
            ]
        );
    }

    #[test]
    fn sums_must_be_exactly_168() {
        let t = basis();
        let mut rows = balanced();
        rows[1].1 = 36.5; // now: 168.5
        rows[1].2 = 35.5; // wished: 167.5
        let err = validate(&t, &week(&rows)).unwrap_err();
        let got: Vec<(&str, &str)> = err.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(got, [("hours", "hours-sum-not-168"), ("wishedHours", "wished-sum-not-168")]);
        // Half hours are exact: 0.5 × 336 = 168.
        let mut rows = balanced();
        rows[1].1 = 35.5;
        rows[2].1 = 2.5;
        assert!(validate(&t, &week(&rows)).is_ok());
    }

    #[test]
    fn extra_questions_are_checked() {
        let ouder = Template::parse(BUILTIN_TEMPLATES[1]).unwrap();
        let q = &ouder.questions[0];
        let mut extra = BTreeMap::new();
        extra.insert(q.code.clone(), "99".to_string());
        extra.insert("onbekend".into(), "x".into());
        let err = validate_extra(&ouder, &extra).unwrap_err();
        let codes: Vec<&str> = err.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["number-out-of-range", "question-unknown"]);
        let mut ok = BTreeMap::new();
        ok.insert(q.code.clone(), "2".to_string());
        assert!(validate_extra(&ouder, &ok).is_ok());
    }

    #[test]
    fn broken_templates_are_refused() {
        assert!(Template::parse("{}").is_err());
        let mut t = basis();
        t.rule.weights.insert("bestaat-niet".into(), 100);
        assert!(Template::parse(&serde_json::to_string(&t).unwrap()).is_err());
        let mut t = basis();
        t.domains[1].code = t.domains[0].code.clone();
        assert!(Template::parse(&serde_json::to_string(&t).unwrap()).is_err());
    }
}
