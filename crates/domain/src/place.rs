//! Places: land → gemeente → wijk → buurt.
//!
//! Everything in wijkwerk is scoped by place. Dutch places use the CBS codes
//! (`GM0363`, `WK036300`, `BU03630000`), whose digits nest: a wijk code starts
//! with its gemeente's digits, a buurt code with its wijk's. Level 6 of the
//! approach is "across borders", so other countries keep their own codes, written
//! as `<country>-<local code>` (for example `BE-44021`).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceLevel {
    Land,
    Gemeente,
    Wijk,
    Buurt,
}

impl PlaceLevel {
    pub const ALL: [PlaceLevel; 4] =
        [PlaceLevel::Land, PlaceLevel::Gemeente, PlaceLevel::Wijk, PlaceLevel::Buurt];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLevel::Land => "land",
            PlaceLevel::Gemeente => "gemeente",
            PlaceLevel::Wijk => "wijk",
            PlaceLevel::Buurt => "buurt",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The level directly above, `None` for a land.
    pub fn parent(self) -> Option<Self> {
        match self {
            PlaceLevel::Land => None,
            PlaceLevel::Gemeente => Some(PlaceLevel::Land),
            PlaceLevel::Wijk => Some(PlaceLevel::Gemeente),
            PlaceLevel::Buurt => Some(PlaceLevel::Wijk),
        }
    }

    pub fn child(self) -> Option<Self> {
        match self {
            PlaceLevel::Land => Some(PlaceLevel::Gemeente),
            PlaceLevel::Gemeente => Some(PlaceLevel::Wijk),
            PlaceLevel::Wijk => Some(PlaceLevel::Buurt),
            PlaceLevel::Buurt => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub code: String,
    pub level: PlaceLevel,
    pub name: String,
    /// `None` only for a land.
    pub parent_code: Option<String>,
}

/// Why a place code does not fit where it is put.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceCodeError {
    Format,
    /// The code's digits do not nest inside the parent's (CBS codes only).
    NotInParent,
    /// A land needs no parent; every other level needs one of the level above.
    WrongParent,
}

impl PlaceCodeError {
    pub fn code(self) -> &'static str {
        match self {
            PlaceCodeError::Format => "place-code-format",
            PlaceCodeError::NotInParent => "place-code-not-in-parent",
            PlaceCodeError::WrongParent => "place-parent-level",
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Which level a code has by its form alone. Codes of other countries carry
/// no level, so they return `None` and the caller's level is trusted.
pub fn cbs_level(code: &str) -> Option<PlaceLevel> {
    let (prefix, digits) = code.split_at_checked(2)?;
    match (prefix, digits.len(), all_digits(digits)) {
        ("GM", 4, true) => Some(PlaceLevel::Gemeente),
        ("WK", 6, true) => Some(PlaceLevel::Wijk),
        ("BU", 8, true) => Some(PlaceLevel::Buurt),
        _ => None,
    }
}

/// The country a place lies in, read from its code (`NL` for CBS codes).
pub fn country_of(code: &str) -> Option<&str> {
    if cbs_level(code).is_some() {
        return Some("NL");
    }
    if is_country(code) {
        return Some(code);
    }
    let (country, rest) = code.split_once('-')?;
    (is_country(country) && !rest.is_empty()).then_some(country)
}

/// Checks that `code` is a valid code for a place of `level` under a parent
/// (`None` for a land) of `parent_level` with `parent_code`.
pub fn check_code(
    code: &str,
    level: PlaceLevel,
    parent: Option<(&str, PlaceLevel)>,
) -> Result<(), PlaceCodeError> {
    match (level.parent(), parent) {
        (None, None) => {}
        (Some(expected), Some((_, actual))) if expected == actual => {}
        _ => return Err(PlaceCodeError::WrongParent),
    }
    if level == PlaceLevel::Land {
        return if is_country(code) { Ok(()) } else { Err(PlaceCodeError::Format) };
    }
    let (parent_code, _) = parent.expect("checked above");
    let parent_country = country_of(parent_code).ok_or(PlaceCodeError::WrongParent)?;
    if parent_country == "NL" {
        if cbs_level(code) != Some(level) {
            return Err(PlaceCodeError::Format);
        }
        // GM0363 → WK036305 → BU03630512: the digits of the parent lead.
        let parent_digits = if level == PlaceLevel::Gemeente { "" } else { &parent_code[2..] };
        return if code[2..].starts_with(parent_digits) { Ok(()) } else { Err(PlaceCodeError::NotInParent) };
    }
    let local = code
        .strip_prefix(parent_country)
        .and_then(|rest| rest.strip_prefix('-'))
        .ok_or(PlaceCodeError::NotInParent)?;
    let fits = !local.is_empty()
        && local.len() <= 32
        && local.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if fits { Ok(()) } else { Err(PlaceCodeError::Format) }
}

/// True when `code` is plausible as a place code at all (used to reject
/// nonsense in URLs before touching the database).
pub fn looks_like_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlaceLevel::*;

    #[test]
    fn dutch_codes_nest() {
        assert_eq!(check_code("NL", Land, None), Ok(()));
        assert_eq!(check_code("GM0363", Gemeente, Some(("NL", Land))), Ok(()));
        assert_eq!(check_code("WK036305", Wijk, Some(("GM0363", Gemeente))), Ok(()));
        assert_eq!(check_code("BU03630512", Buurt, Some(("WK036305", Wijk))), Ok(()));
    }

    #[test]
    fn dutch_codes_outside_their_parent_are_refused() {
        assert_eq!(
            check_code("WK059901", Wijk, Some(("GM0363", Gemeente))),
            Err(PlaceCodeError::NotInParent)
        );
        assert_eq!(
            check_code("BU03630612", Buurt, Some(("WK036305", Wijk))),
            Err(PlaceCodeError::NotInParent)
        );
    }

    #[test]
    fn wrong_form_or_level_is_refused() {
        assert_eq!(check_code("GM363", Gemeente, Some(("NL", Land))), Err(PlaceCodeError::Format));
        assert_eq!(check_code("WK036305", Gemeente, Some(("NL", Land))), Err(PlaceCodeError::Format));
        assert_eq!(check_code("Nederland", Land, None), Err(PlaceCodeError::Format));
        assert_eq!(
            check_code("BU03630512", Buurt, Some(("GM0363", Gemeente))),
            Err(PlaceCodeError::WrongParent)
        );
        assert_eq!(check_code("GM0363", Gemeente, None), Err(PlaceCodeError::WrongParent));
    }

    #[test]
    fn other_countries_keep_their_own_codes() {
        assert_eq!(check_code("BE", Land, None), Ok(()));
        assert_eq!(check_code("BE-44021", Gemeente, Some(("BE", Land))), Ok(()));
        assert_eq!(check_code("BE-44021-A", Wijk, Some(("BE-44021", Gemeente))), Ok(()));
        assert_eq!(check_code("DE-1234", Gemeente, Some(("BE", Land))), Err(PlaceCodeError::NotInParent));
        assert_eq!(country_of("BE-44021"), Some("BE"));
        assert_eq!(country_of("BU03630512"), Some("NL"));
    }

    #[test]
    fn levels_chain() {
        assert_eq!(Buurt.parent(), Some(Wijk));
        assert_eq!(Land.parent(), None);
        assert_eq!(Land.child(), Some(Gemeente));
        assert_eq!(PlaceLevel::parse("wijk"), Some(Wijk));
        assert_eq!(cbs_level("GM0363"), Some(Gemeente));
        assert!(looks_like_code("WK036305"));
        assert!(!looks_like_code("wk036305"));
        assert!(!looks_like_code("../etc"));
    }
}
