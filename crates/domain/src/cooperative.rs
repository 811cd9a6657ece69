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

/// An alliance as proposed by one wijk's cooperative: its name, what it is
/// for, what this wijk offers, and the other wijken invited (codes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllianceInput {
    pub name: String,
    pub purpose: String,
    pub offers: String,
    pub invited: Vec<String>,
}

pub fn check_alliance(
    name: &str,
    purpose: &str,
    offers: &str,
    invited: &str,
) -> Result<AllianceInput, Invalid> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", name, 120, true);
    let purpose = invalid.text("purpose", purpose, 2000, true);
    let offers = invalid.text("offers", offers, 1000, true);
    let invited: Vec<String> =
        invited.split([',', ' ', '\n']).map(|c| c.trim().to_uppercase()).filter(|c| !c.is_empty()).collect();
    if invited.is_empty()
        || invited.len() > 10
        || !invited
            .iter()
            .all(|c| c.len() <= 20 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))
    {
        invalid.add("invited", "alliance-invited-invalid");
    }
    invalid.into_result(AllianceInput { name, purpose, offers, invited })
}

/// What a wijk offers when it joins an alliance.
pub fn check_offers(offers: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let offers = invalid.text("offers", offers, 1000, true);
    invalid.into_result(offers)
}

/// One partner in the wijkalliantie: who, which role, what they bring and
/// with which budget (euros as typed, kept in cents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerInput {
    pub year: i64,
    pub partner: String,
    pub role: String,
    pub contribution: String,
    pub budget: i64,
}

pub fn check_partner(
    year: &str,
    partner: &str,
    role: &str,
    contribution: &str,
    budget: &str,
) -> Result<PartnerInput, Invalid> {
    let mut invalid = Invalid::new();
    let year = match year.trim().parse::<i64>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            invalid.add("year", "year-invalid");
            0
        }
    };
    let partner = invalid.text("partner", partner, 200, true);
    let role = invalid.text("role", role, 200, true);
    let contribution = invalid.text("contribution", contribution, 1000, false);
    let budget = if budget.trim().is_empty() {
        0
    } else {
        match crate::coin::parse_euros(budget) {
            Some(c) if c >= 0 => c,
            _ => {
                invalid.add("budget", "amount-invalid");
                0
            }
        }
    };
    invalid.into_result(PartnerInput { year, partner, role, contribution, budget })
}

/// What an initiative asks the cooperative's service desk to take over.
pub const SERVICE_KINDS: [&str; 4] = ["bookkeeping", "payments", "insurance", "other"];
/// Where a service request stands.
pub const SERVICE_STATES: [&str; 3] = ["new", "in-progress", "done"];

pub fn check_service_request(kind: &str, question: &str) -> Result<(String, String), Invalid> {
    let mut invalid = Invalid::new();
    if !SERVICE_KINDS.contains(&kind) {
        invalid.add("kind", "service-kind-unknown");
    }
    let question = invalid.text("question", question, 2000, true);
    invalid.into_result((kind.to_string(), question))
}

/// The desk's answer: a known state and what was done (needed when done).
pub fn check_service_update(status: &str, answer: &str) -> Result<(String, String), Invalid> {
    let mut invalid = Invalid::new();
    if !SERVICE_STATES.contains(&status) {
        invalid.add("status", "service-status-unknown");
    }
    let answer = invalid.text("answer", answer, 2000, status == "done");
    invalid.into_result((status.to_string(), answer))
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
    fn an_alliance_invites_wijken_by_code() {
        let a = check_alliance("Leren van elkaar", "Mentoren en stages", "Mentoren", "wk960103, WK960104")
            .unwrap();
        assert_eq!(a.invited, ["WK960103", "WK960104"]);
        let e = check_alliance("", "", "", "").unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "purpose", "offers", "invited"]);
        assert!(check_alliance("a", "b", "c", "WK96<0103").is_err());
        let p = check_partner("2026", "Woonstichting", "Buurtbeheer", "Twee huismeesters", "12.500").unwrap();
        assert_eq!(p.budget, 1_250_000);
        assert!(check_partner("26", "", "", "", "veel").unwrap_err().has("budget"));
        assert!(check_service_request("taxes", "").is_err());
        assert!(check_service_update("done", "").unwrap_err().has("answer"));
        assert_eq!(check_service_update("in-progress", "").unwrap().0, "in-progress");
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
