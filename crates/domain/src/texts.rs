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
