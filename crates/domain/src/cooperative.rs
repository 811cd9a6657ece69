//! The wijk cooperative (seed 000, 2a–2c): a cooperative or vereniging per
//! wijk with members, a board, membership terms and the tasks the gemeente
//! gave it; and its teams of job seekers with a coach ("ik ben … op weg
//! naar mijn werk"), who take tasks from the marketplace and can grow into a
//! paid buurtbaan. No I/O here.

use crate::Invalid;
use crate::role::Role;
use serde::Serialize;

/// Who may register a wijk's cooperative and give it its mandate.
pub const COOPERATIVE_REGISTRARS: &[Role] = &[Role::Coordinator, Role::Gemeente];

/// Who may post on a resident's behalf (with the resident's consent) and
/// coach a team: the professionals around the wijk.
pub const MARKET_PROFESSIONALS: &[Role] = &[Role::Wijkwerker, Role::Coordinator, Role::Coach, Role::Partner];

/// What kind of member someone is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    Resident,
    Business,
    Partner,
}

impl MemberKind {
    pub const ALL: [MemberKind; 3] = [MemberKind::Resident, MemberKind::Business, MemberKind::Partner];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Resident => "resident",
            MemberKind::Business => "business",
            MemberKind::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// The legal forms a wijk cooperative takes.
pub const LEGAL_FORMS: [&str; 2] = ["cooperatie", "vereniging"];

/// A cooperative as registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CooperativeInput {
    pub name: String,
    pub legal_form: String,
    /// The membership terms every member accepts when joining.
    pub terms: String,
    /// The tasks the gemeente gave it to coordinate.
    pub mandate: String,
}

pub fn check_cooperative(
    name: &str,
    legal_form: &str,
    terms: &str,
    mandate: &str,
) -> Result<CooperativeInput, Invalid> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", name, 120, true);
    if !LEGAL_FORMS.contains(&legal_form) {
        invalid.add("legalForm", "cooperative-form-unknown");
    }
    let terms = invalid.text("terms", terms, 4000, true);
    let mandate = invalid.text("mandate", mandate, 4000, false);
    invalid.into_result(CooperativeInput { name, legal_form: legal_form.to_string(), terms, mandate })
}

/// Joining: a known kind of member, and the terms accepted.
pub fn check_join(kind: &str, accepts_terms: bool) -> Result<MemberKind, Invalid> {
    let mut invalid = Invalid::new();
    let kind = MemberKind::parse(kind);
    if kind.is_none() {
        invalid.add("kind", "member-kind-unknown");
    }
    if !accepts_terms {
        invalid.add("acceptTerms", "member-terms-not-accepted");
    }
    invalid.into_result(())?;
    Ok(kind.expect("checked"))
}

/// A board role as typed ("voorzitter", "penningmeester"); empty ends it.
pub fn check_board_role(role: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let role = invalid.text("boardRole", role, 60, false);
    invalid.into_result(role)
}

/// A team as created by its coach.
pub fn check_team(name: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", name, 120, true);
    invalid.into_result(name)
}

/// A member's move to a paid buurtbaan: what the job is.
pub fn check_buurtbaan(job: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let job = invalid.text("buurtbaan", job, 200, true);
    invalid.into_result(job)
}

/// A team's progress as its coach sees it: per member the hours on tasks,
/// and the development priority only where the member shares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberProgress {
    pub minutes: i64,
    pub tasks: i64,
    /// `None` unless the member shares it.
    pub priority: Option<String>,
}

/// What another person may see of a team member's priority.
pub fn shown_priority(shares: bool, priority: Option<String>) -> Option<String> {
    if shares { priority } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cooperative_has_a_name_a_form_and_terms() {
        let c =
            check_cooperative("Wijkcoöperatie Oosterpark", "cooperatie", "Lid voor € 0.", "Groen").unwrap();
        assert_eq!(c.legal_form, "cooperatie");
        let e = check_cooperative("", "bv", "", "").unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "legalForm", "terms"]);
    }

    #[test]
    fn joining_needs_a_kind_and_the_terms_accepted() {
        assert_eq!(check_join("business", true).unwrap(), MemberKind::Business);
        let e = check_join("boss", false).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "acceptTerms"]);
    }

    #[test]
    fn a_priority_shows_only_when_shared() {
        assert_eq!(shown_priority(false, Some("werk".into())), None);
        assert_eq!(shown_priority(true, Some("werk".into())), Some("werk".into()));
        assert!(check_team("").is_err());
        assert!(check_buurtbaan(" ").is_err());
        assert_eq!(check_board_role("").unwrap(), "");
    }
}
