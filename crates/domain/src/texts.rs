//! Texts in several languages: every text people write into the platform
//! (survey questions, week-test domains, programme names) is kept per language.

use std::collections::BTreeMap;

/// Text per language code (`nl`, `en`, …).
pub type Texts = BTreeMap<String, String>;

/// The text in `lang`, else Dutch, else any.
pub fn text<'a>(texts: &'a Texts, lang: &str) -> &'a str {
    texts
        .get(lang)
        .or_else(|| texts.get("nl"))
        .or_else(|| texts.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

/// A character no text typed by a person should hold, which would hide,
/// reorder or break what others see: NUL and the other control characters
/// (tab, line feed and carriage return excepted), zero-width characters and
/// the marks that turn text around. `None` when `text` is clean.
pub fn forbidden_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2028}' | '\u{2029}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

#[cfg(test)]
mod forbidden_tests {
    use super::forbidden_char;

    #[test]
    fn hidden_and_control_characters_are_found() {
        assert_eq!(forbidden_char("Taalcafé\nelke woensdag\t19:00"), None);
        for bad in ["a\0b", "x\u{7}", "stil\u{200B}", "\u{202E}gnirts", "\u{FEFF}bom", "\u{85}"] {
            assert!(forbidden_char(bad).is_some(), "{bad:?}");
        }
    }
}
