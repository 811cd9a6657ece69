//! Households and the gezinsplan ("one family, one plan").
//!
//! A household has members: adults, and children whose data their adult
//! members manage while the children have no account of their own. Adults
//! share with each other only what they choose (consent). Professionals join
//! the family plan only when every adult member has given consent, and they
//! see only the plan.

use crate::privacy::{Consent, Scope, consent_for};
use crate::validation::Invalid;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Ouder,
    Partner,
    Kind,
    Anders,
}

impl Relation {
    pub const ALL: [Relation; 4] = [Relation::Ouder, Relation::Partner, Relation::Kind, Relation::Anders];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Ouder => "ouder",
            Relation::Partner => "partner",
            Relation::Kind => "kind",
            Relation::Anders => "anders",
        }
    }

    pub fn parse(text: &str) -> Option<Relation> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    pub person_id: String,
    pub name: String,
    pub relation: Relation,
    pub adult: bool,
    /// Whether the member signs in themselves (and so manages their own data).
    pub has_account: bool,
}

/// May `viewer_id` act for `member` (fill in their week test, see their
/// results)? Yes for themselves, and for a child without an account when the
/// viewer is an adult member of the same household.
pub fn may_act_for(viewer_id: &str, members: &[Member], member_id: &str) -> bool {
    if viewer_id == member_id {
        return true;
    }
    let viewer_is_adult = members.iter().any(|m| m.person_id == viewer_id && m.adult);
    let managed_child = members.iter().any(|m| m.person_id == member_id && !m.adult && !m.has_account);
    viewer_is_adult && managed_child
}

/// May a professional see and work in the family plan? Only with consent
/// (scope: the family plan) from every adult member, active now.
pub fn professional_may_join(
    professional_id: &str,
    members: &[Member],
    consents: &[Consent],
    now: &str,
) -> bool {
    let adults: Vec<&Member> = members.iter().filter(|m| m.adult).collect();
    !adults.is_empty()
        && adults.iter().all(|a| {
            consents.iter().any(|c| {
                c.subject_id == a.person_id
                    && consent_for(std::slice::from_ref(c), professional_id, Scope::FamilyPlan, now).is_some()
            })
        })
}

pub const MAX_TEXT: usize = 200;

fn text_field(invalid: &mut Invalid, field: &str, value: &str, required: bool) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        invalid.add(field, "required");
    } else if v.chars().count() > MAX_TEXT {
        invalid.add(field, "too-long");
    }
    v.to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalKind {
    /// A long-term goal.
    Long,
    /// A small step towards a long-term goal.
    Step,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Bezig,
    Klaar,
    Gestopt,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] =
        [ActionStatus::Open, ActionStatus::Bezig, ActionStatus::Klaar, ActionStatus::Gestopt];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Bezig => "bezig",
            ActionStatus::Klaar => "klaar",
            ActionStatus::Gestopt => "gestopt",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A checked plan goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanGoalInput {
    pub title: String,
    pub kind: GoalKind,
    pub parent_id: Option<String>,
    pub domain: Option<String>,
    pub member_ids: Vec<String>,
}

/// Checks a goal for the plan: a title, members of the household, a step
/// under an existing long-term goal, a known domain if any.
pub fn check_plan_goal(
    title: &str,
    parent_id: Option<&str>,
    long_goal_ids: &[&str],
    domain: Option<&str>,
    domains: &[&str],
    member_ids: &[String],
    members: &[Member],
) -> Result<PlanGoalInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = text_field(&mut invalid, "title", title, true);
    let parent = parent_id.map(str::trim).filter(|p| !p.is_empty());
    if let Some(p) = parent
        && !long_goal_ids.contains(&p)
    {
        invalid.add("parentId", "goal-unknown");
    }
    let domain = domain.map(str::trim).filter(|d| !d.is_empty());
    if let Some(d) = domain
        && !domains.contains(&d)
    {
        invalid.add("domain", "domain-unknown");
    }
    if member_ids.is_empty() {
        invalid.add("members", "members-required");
    } else if member_ids.iter().any(|id| !members.iter().any(|m| &m.person_id == id)) {
        invalid.add("members", "member-unknown");
    }
    invalid.into_result(PlanGoalInput {
        title,
        kind: if parent.is_some() { GoalKind::Step } else { GoalKind::Long },
        parent_id: parent.map(String::from),
        domain: domain.map(String::from),
        member_ids: member_ids.to_vec(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionInput {
    pub goal_id: String,
    pub who: String,
    pub what: String,
    pub planned_half_hours: u32,
    pub due: Option<String>,
}

fn half_hours(invalid: &mut Invalid, field: &str, value: Option<f64>, required: bool) -> u32 {
    match value {
        None if required => {
            invalid.add(field, "required");
            0
        }
        None => 0,
        Some(h) if !h.is_finite() => {
            invalid.add(field, "number-invalid");
            0
        }
        Some(h) if !(0.0..=1000.0).contains(&h) => {
            invalid.add(field, "number-out-of-range");
            0
        }
        Some(h) if ((h * 2.0) - (h * 2.0).round()).abs() > 1e-9 => {
            invalid.add(field, "hours-half-steps");
            0
        }
        Some(h) => (h * 2.0).round() as u32,
    }
}

/// Checks an action: a goal of the plan, who does it (a member, a
/// professional of the plan or someone from the network, by name), what,
/// planned hours in half steps, an optional due date.
pub fn check_action(
    goal_id: &str,
    goal_ids: &[&str],
    who: &str,
    what: &str,
    planned_hours: Option<f64>,
    due: &str,
) -> Result<ActionInput, Invalid> {
    let mut invalid = Invalid::new();
    if !goal_ids.contains(&goal_id) {
        invalid.add("goalId", "goal-unknown");
    }
    let who = text_field(&mut invalid, "who", who, true);
    let what = text_field(&mut invalid, "what", what, true);
    let planned = half_hours(&mut invalid, "plannedHours", planned_hours, true);
    let due = due.trim();
    let due = if due.is_empty() {
        None
    } else if crate::goals::parse_date(due).is_some() {
        Some(due.to_string())
    } else {
        invalid.add("due", "date-invalid");
        None
    };
    invalid.into_result(ActionInput { goal_id: goal_id.into(), who, what, planned_half_hours: planned, due })
}

/// Checks an update of an action: hours spent so far and its status.
pub fn check_action_update(spent_hours: Option<f64>, status: &str) -> Result<(u32, ActionStatus), Invalid> {
    let mut invalid = Invalid::new();
    let spent = half_hours(&mut invalid, "spentHours", spent_hours, true);
    let status = ActionStatus::parse(status);
    if status.is_none() {
        invalid.add("status", "status-unknown");
    }
    invalid.into_result(())?;
    Ok((spent, status.expect("checked")))
}

pub fn check_evaluation(date: &str, summary: &str) -> Result<(String, String), Invalid> {
    let mut invalid = Invalid::new();
    let date = match crate::goals::parse_date(date) {
        Some(d) => crate::goals::iso(d),
        None => {
            invalid.add("date", "date-invalid");
            String::new()
        }
    };
    let summary = summary.trim();
    if summary.is_empty() {
        invalid.add("summary", "required");
    } else if summary.chars().count() > 2000 {
        invalid.add("summary", "too-long");
    }
    invalid.into_result((date, summary.to_string()))
}

pub fn check_network_person(
    name: &str,
    relation: &str,
    contact: &str,
) -> Result<(String, String, String), Invalid> {
    let mut invalid = Invalid::new();
    let name = text_field(&mut invalid, "name", name, true);
    let relation = text_field(&mut invalid, "relation", relation, true);
    let contact = text_field(&mut invalid, "contact", contact, false);
    invalid.into_result((name, relation, contact))
}

/// Planned against spent, in half-hours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Effort {
    pub planned: u64,
    pub spent: u64,
    pub actions: u32,
    pub done: u32,
}

impl Effort {
    pub fn add(&mut self, planned: u32, spent: u32, done: bool) {
        self.planned += u64::from(planned);
        self.spent += u64::from(spent);
        self.actions += 1;
        self.done += u32::from(done);
    }
}

/// The measured effect for one person in one domain: first and latest test.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Effect {
    pub first_satisfaction: u8,
    pub latest_satisfaction: u8,
    pub first_gap: f64,
    pub latest_gap: f64,
    pub tests: usize,
}

/// Effect from a person's tests in a domain, oldest first: `(satisfaction, |wished − now|)`.
pub fn effect(measurements: &[(u8, f64)]) -> Option<Effect> {
    let (first, latest) = (measurements.first()?, measurements.last()?);
    Some(Effect {
        first_satisfaction: first.0,
        latest_satisfaction: latest.0,
        first_gap: first.1,
        latest_gap: latest.1,
        tests: measurements.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, adult: bool, account: bool) -> Member {
        Member {
            person_id: id.into(),
            name: id.into(),
            relation: if adult { Relation::Ouder } else { Relation::Kind },
            adult,
            has_account: account,
        }
    }

    fn consent(subject: &str, grantee: &str, scope: Scope, revoked: bool) -> Consent {
        Consent {
            id: format!("{subject}-{grantee}"),
            subject_id: subject.into(),
            grantee_id: grantee.into(),
            scope,
            purpose: "gezinsplan".into(),
            granted_at: "2026-01-01T00:00:00.000Z".into(),
            valid_until: None,
            revoked_at: revoked.then(|| "2026-02-01T00:00:00.000Z".into()),
        }
    }

    const NOW: &str = "2026-11-22T12:00:00.000Z";

    #[test]
    fn adults_act_for_children_without_accounts() {
        let family = [
            member("mam", true, true),
            member("pap", true, true),
            member("kind", false, false),
            member("tiener", false, true),
        ];
        assert!(may_act_for("mam", &family, "kind"));
        assert!(may_act_for("kind", &family, "kind"));
        assert!(!may_act_for("mam", &family, "pap"), "adults share by consent, not by membership");
        assert!(!may_act_for("mam", &family, "tiener"), "a child with an account manages their own data");
        assert!(!may_act_for("buurman", &family, "kind"));
    }

    #[test]
    fn professionals_need_every_adults_consent() {
        let family = [member("mam", true, true), member("pap", true, true), member("kind", false, false)];
        let both = [
            consent("mam", "pro", Scope::FamilyPlan, false),
            consent("pap", "pro", Scope::FamilyPlan, false),
        ];
        assert!(professional_may_join("pro", &family, &both, NOW));
        assert!(!professional_may_join("pro", &family, &both[..1], NOW), "one adult is not enough");
        let revoked =
            [consent("mam", "pro", Scope::FamilyPlan, false), consent("pap", "pro", Scope::FamilyPlan, true)];
        assert!(!professional_may_join("pro", &family, &revoked, NOW));
        let wrong_scope =
            [consent("mam", "pro", Scope::FamilyPlan, false), consent("pap", "pro", Scope::WeekTests, false)];
        assert!(!professional_may_join("pro", &family, &wrong_scope, NOW));
        assert!(!professional_may_join("other", &family, &both, NOW));
        assert!(
            !professional_may_join("pro", &[member("kind", false, false)], &both, NOW),
            "no adults, no plan access"
        );
    }

    #[test]
    fn plan_input_is_checked_field_by_field() {
        let family = [member("mam", true, true)];
        let err =
            check_plan_goal("", Some("nope"), &["g1"], Some("vissen"), &["werk"], &[], &family).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "parentId", "domain", "members"]);
        let step = check_plan_goal(
            "Elke dag voorlezen",
            Some("g1"),
            &["g1"],
            Some(""),
            &["werk"],
            &["mam".into()],
            &family,
        )
        .unwrap();
        assert_eq!(step.kind, GoalKind::Step);
        assert_eq!(step.domain, None);

        let err = check_action("x", &["g1"], "", "", Some(1.3), "gisteren").unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["goalId", "who", "what", "plannedHours", "due"]);
        let ok = check_action("g1", &["g1"], "Mam", "Voorlezen", Some(3.5), "2026-12-01").unwrap();
        assert_eq!(ok.planned_half_hours, 7);

        assert!(check_action_update(Some(2.0), "klaar").is_ok());
        assert_eq!(check_action_update(None, "weg").unwrap_err().errors.len(), 2);
        assert!(check_evaluation("2026-11-22", "Goed gesprek").is_ok());
        assert_eq!(check_evaluation("x", " ").unwrap_err().errors.len(), 2);
        assert!(check_network_person("Oma Truus", "oma", "").is_ok());
    }

    #[test]
    fn effect_compares_first_and_latest() {
        assert_eq!(effect(&[]), None);
        let e = effect(&[(2, 10.0), (3, 6.0), (4, 2.0)]).unwrap();
        assert_eq!((e.first_satisfaction, e.latest_satisfaction, e.tests), (2, 4, 3));
        assert_eq!((e.first_gap, e.latest_gap), (10.0, 2.0));
        let mut effort = Effort::default();
        effort.add(4, 2, false);
        effort.add(6, 6, true);
        assert_eq!(effort, Effort { planned: 10, spent: 8, actions: 2, done: 1 });
    }
}
