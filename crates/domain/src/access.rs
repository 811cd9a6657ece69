//! Who may do what, as pure decisions.
//!
//! The web layer declares a coarse [`Gate`] on every route and asks the finer,
//! place-dependent questions here. Reading another person's data is never a
//! matter of role: it needs that person's consent (see [`crate::privacy`]).

use crate::role::{Actor, Role};

/// The first check on every route, before any handler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in person, whatever their roles.
    SignedIn,
    /// A signed-in person holding at least one of these roles somewhere;
    /// the handler then checks the place.
    AnyRole(&'static [Role]),
}

impl Gate {
    /// `None` when allowed; otherwise whether the caller must sign in (401)
    /// or is signed in but not allowed (403).
    pub fn check(self, actor: Option<&Actor>) -> Result<(), Refusal> {
        match (self, actor) {
            (Gate::Public, _) => Ok(()),
            (_, None) => Err(Refusal::SignInFirst),
            (Gate::SignedIn, Some(_)) => Ok(()),
            (Gate::AnyRole(roles), Some(a)) => {
                if a.has_any_role(roles) {
                    Ok(())
                } else {
                    Err(Refusal::NotAllowed)
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    SignInFirst,
    NotAllowed,
}

/// Roles that may see who works at a place (names and roles of people with a
/// role there, not their personal data).
pub const SEE_TEAM: &[Role] = &[Role::Wijkwerker, Role::Coordinator, Role::Gemeente, Role::Landelijk];

/// Roles that may give roles to others at all; [`may_assign_role`] decides per place.
pub const ASSIGN_ROLES: &[Role] = &[Role::Coordinator, Role::Gemeente, Role::Landelijk];

/// Roles that review entries and build wijk plans and surveys for their places.
pub const WIJK_LEADS: &[Role] = &[Role::Coordinator, Role::Gemeente, Role::Landelijk];

/// Roles that enter paper survey forms: the wijk's leads and its wijkwerkers
/// (who collect the forms at the buurthuis).
pub const SURVEY_PAPER: &[Role] = &[Role::Coordinator, Role::Wijkwerker, Role::Gemeente, Role::Landelijk];

/// Roles that run social coin programmes: fund, issue, reverse, read the books.
/// Money is the gemeente's alone; the place is checked per programme.
pub const COIN_ISSUERS: &[Role] = &[Role::Gemeente];

/// Roles that read the audit trail of privileged actions at their places.
pub const AUDIT_READERS: &[Role] = &[Role::Gemeente, Role::Landelijk];

/// Roles that read the effect dashboard (0-meting, effect, targets) of their
/// gemeente; landelijk for every gemeente.
pub const EFFECT_READERS: &[Role] = &[Role::Gemeente, Role::Landelijk];

/// Roles that fix a 0-meting, set targets and enter indicator values.
pub const EFFECT_KEEPERS: &[Role] = &[Role::Gemeente];

/// Roles that organise meetings of the open podium at their places.
pub const MEETING_ORGANISERS: &[Role] = &[Role::Coordinator, Role::Gemeente];

/// Roles with the mandate to decide initiatives on the short route (the
/// initiatievenmakelaar is a wijk's coördinator) and to record payments.
pub const INITIATIVE_DECIDERS: &[Role] = &[Role::Coordinator, Role::Gemeente];

/// Roles that decide larger and escalated initiatives, set a wijk's rules
/// and put money in its budget.
pub const WIJKBUDGET_KEEPERS: &[Role] = &[Role::Gemeente];

/// Roles that announce interventions open to challenge, answer challenges
/// and set the gemeente's rules for them.
pub const CHALLENGE_KEEPERS: &[Role] = &[Role::Gemeente];

/// Roles that help the residents' editorial group make the wijkkrant (they
/// may edit it like its editors).
pub const NEWSPAPER_HELPERS: &[Role] = &[Role::Coordinator, Role::Wijkwerker];

/// Roles that enter what came in on paper for residents without internet.
pub const PAPER_CLERKS: &[Role] = &[Role::Wijkwerker, Role::Coordinator];

/// Roles that ask the luisterloket's emergency budget on a resident's
/// behalf: the professionals who hold the conversation.
pub const EMERGENCY_REQUESTERS: &[Role] = &[Role::Wijkwerker, Role::Coordinator, Role::Coach, Role::Partner];

/// Roles whose approval counts as one of the four eyes on an emergency
/// request (the gemeente's people can be the independent third).
pub const EMERGENCY_APPROVERS: &[Role] =
    &[Role::Wijkwerker, Role::Coordinator, Role::Coach, Role::Partner, Role::Gemeente];

/// Roles that may read the part of a resident's intake the resident shared
/// with an organisation they work for (the share decides, not the role).
pub const INTAKE_READERS: &[Role] =
    &[Role::Coach, Role::Wijkwerker, Role::Coordinator, Role::Partner, Role::Gemeente];

/// Roles that take coin payments and redeem them, for their own organisation.
pub const COIN_BUSINESSES: &[Role] = &[Role::Ondernemer];

/// May `actor` see the people with roles at the place with this `path`?
pub fn may_see_team(actor: &Actor, path: &[String]) -> bool {
    SEE_TEAM.iter().any(|&r| actor.has_role_over(r, path))
}

/// May `actor` give `role` to someone at the place with this `path`
/// (codes from land down to the place)?
///
/// - landelijk: any role anywhere;
/// - gemeente: any role but landelijk, inside its own gemeente;
/// - coördinator: the roles of the wijk's own people (bewoner, coach, partner,
///   ondernemer), inside its own wijk.
pub fn may_assign_role(actor: &Actor, role: Role, path: &[String]) -> bool {
    if actor.has_role(Role::Landelijk) {
        return true;
    }
    if role != Role::Landelijk && actor.has_role_over(Role::Gemeente, path) {
        return true;
    }
    matches!(role, Role::Bewoner | Role::Coach | Role::Partner | Role::Ondernemer)
        && actor.has_role_over(Role::Coordinator, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::RoleAssignment;

    fn actor(role: Role, place: &str) -> Actor {
        Actor { person_id: "p".into(), roles: vec![RoleAssignment { role, place_code: place.into() }] }
    }

    fn path(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn gates() {
        let bewoner = actor(Role::Bewoner, "BU96010101");
        assert_eq!(Gate::Public.check(None), Ok(()));
        assert_eq!(Gate::SignedIn.check(None), Err(Refusal::SignInFirst));
        assert_eq!(Gate::SignedIn.check(Some(&bewoner)), Ok(()));
        assert_eq!(Gate::AnyRole(SEE_TEAM).check(Some(&bewoner)), Err(Refusal::NotAllowed));
        assert_eq!(Gate::AnyRole(SEE_TEAM).check(None), Err(Refusal::SignInFirst));
    }

    #[test]
    fn role_assignment_follows_place_and_rank() {
        let wijk = path(&["NL", "GM9601", "WK960101"]);
        let other_wijk = path(&["NL", "GM9601", "WK960102"]);
        let coordinator = actor(Role::Coordinator, "WK960101");
        assert!(may_assign_role(&coordinator, Role::Bewoner, &wijk));
        assert!(!may_assign_role(&coordinator, Role::Wijkwerker, &wijk));
        assert!(!may_assign_role(&coordinator, Role::Bewoner, &other_wijk));

        let gemeente = actor(Role::Gemeente, "GM9601");
        assert!(may_assign_role(&gemeente, Role::Wijkwerker, &other_wijk));
        assert!(!may_assign_role(&gemeente, Role::Landelijk, &other_wijk));
        assert!(!may_assign_role(&gemeente, Role::Bewoner, &path(&["NL", "GM0363"])));

        let landelijk = actor(Role::Landelijk, "NL");
        assert!(may_assign_role(&landelijk, Role::Landelijk, &path(&["BE"])));

        assert!(!may_assign_role(&actor(Role::Bewoner, "WK960101"), Role::Bewoner, &wijk));
    }

    #[test]
    fn team_visibility() {
        let wijk = path(&["NL", "GM9601", "WK960101"]);
        assert!(may_see_team(&actor(Role::Wijkwerker, "WK960101"), &wijk));
        assert!(!may_see_team(&actor(Role::Wijkwerker, "WK960102"), &wijk));
        assert!(!may_see_team(&actor(Role::Bewoner, "WK960101"), &wijk));
    }
}
