//! Identifiers.
//!
//! Ids are UUIDv7 made by the application (not the database), as text: they
//! sort by creation time, are the same on both engines and reveal no counts.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `text` is a UUID in the canonical hyphenated lower-case form.
pub fn is_id(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok_and(|u| u.hyphenated().to_string() == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_canonical_and_increasing() {
        let a = new_id();
        let b = new_id();
        assert!(is_id(&a) && is_id(&b));
        assert!(a < b, "v7 ids sort by creation time");
        assert!(!is_id("not-an-id"));
        assert!(!is_id(&a.to_uppercase()));
    }
}
