//! Roles, held per place.
//!
//! A person can hold several roles, each at one place: a wijkwerker in
//! Oosterpark can be a bewoner in Molenwijk. A role held at a place counts for
//! that place and everything inside it (a gemeente role covers all its wijken).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Bewoner,
    Coach,
    Wijkwerker,
    Coordinator,
    Partner,
    Ondernemer,
    Gemeente,
    Landelijk,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Bewoner,
        Role::Coach,
        Role::Wijkwerker,
        Role::Coordinator,
        Role::Partner,
        Role::Ondernemer,
        Role::Gemeente,
        Role::Landelijk,
    ];

    /// Stable machine name, used in the database, the API and message keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bewoner => "bewoner",
            Role::Coach => "coach",
            Role::Wijkwerker => "wijkwerker",
            Role::Coordinator => "coordinator",
            Role::Partner => "partner",
            Role::Ondernemer => "ondernemer",
            Role::Gemeente => "gemeente",
            Role::Landelijk => "landelijk",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Professionals work with other people's data (always under consent);
    /// the others act for themselves or their organisation.
    pub fn is_professional(self) -> bool {
        matches!(self, Role::Coach | Role::Wijkwerker | Role::Coordinator)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleAssignment {
    pub role: Role,
    pub place_code: String,
}

/// Who is acting, with every role they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub person_id: String,
    pub roles: Vec<RoleAssignment>,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|a| a.role == role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|a| roles.contains(&a.role))
    }

    /// True when the actor holds `role` at a place on `path` (the chain of
    /// place codes from the land down to the place in question).
    pub fn has_role_over(&self, role: Role, path: &[String]) -> bool {
        self.roles.iter().any(|a| a.role == role && path.contains(&a.place_code))
    }

    /// Places where the actor holds `role`.
    pub fn places_with(&self, role: Role) -> impl Iterator<Item = &str> {
        self.roles.iter().filter(move |a| a.role == role).map(|a| a.place_code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[(Role, &str)]) -> Actor {
        Actor {
            person_id: "p".into(),
            roles: roles
                .iter()
                .map(|(r, p)| RoleAssignment { role: *r, place_code: p.to_string() })
                .collect(),
        }
    }

    #[test]
    fn role_covers_the_place_and_below() {
        let a = actor(&[(Role::Gemeente, "GM9601"), (Role::Bewoner, "BU96010201")]);
        let buurt_path: Vec<String> = ["NL", "GM9601", "WK960102", "BU96010201"].map(String::from).to_vec();
        let other_gemeente: Vec<String> = ["NL", "GM0363"].map(String::from).to_vec();
        assert!(a.has_role_over(Role::Gemeente, &buurt_path));
        assert!(!a.has_role_over(Role::Gemeente, &other_gemeente));
        assert!(a.has_role_over(Role::Bewoner, &buurt_path));
        assert!(!a.has_role_over(Role::Bewoner, &buurt_path[..3]), "a buurt role does not cover its wijk");
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
