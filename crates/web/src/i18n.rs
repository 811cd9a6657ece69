//! Translations with Fluent: one `.ftl` file per language under `locales/`.
//!
//! Dutch (B1, plain language) is the first language, English the second.
//! Every text the interface shows comes from these files; a test checks that
//! each language has every key the templates and code use.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;

/// `(language code, Fluent source)`, in order of preference.
pub const SOURCES: &[(&str, &str)] =
    &[("nl", include_str!("../locales/nl/main.ftl")), ("en", include_str!("../locales/en/main.ftl"))];

pub const DEFAULT_LANG: &str = "nl";

pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

/// The translations are compiled in and never change, so one copy serves the
/// whole process (and error conversions that have no request state at hand).
static SHARED: std::sync::OnceLock<std::sync::Arc<I18n>> = std::sync::OnceLock::new();

impl I18n {
    /// The process's one set of translations.
    pub fn shared() -> std::sync::Arc<I18n> {
        SHARED.get_or_init(|| std::sync::Arc::new(I18n::load())).clone()
    }

    pub fn load() -> I18n {
        let mut bundles = HashMap::new();
        for (code, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_string())
                .unwrap_or_else(|(_, errs)| panic!("locales/{code}/main.ftl does not parse: {errs:?}"));
            let langid = code.parse().expect("valid language id");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Unicode isolation marks would end up as stray characters in HTML attributes.
            bundle.set_use_isolating(false);
            bundle.add_resource(resource).expect("no duplicate keys");
            bundles.insert(*code, bundle);
        }
        I18n { bundles }
    }

    /// The language code if it is one we speak.
    pub fn supported(&self, code: &str) -> Option<&'static str> {
        SOURCES.iter().map(|(c, _)| *c).find(|c| *c == code)
    }

    /// Best language for an `Accept-Language` header.
    pub fn negotiate(&self, accept_language: &str) -> &'static str {
        let mut ranked: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked
            .iter()
            .find_map(|(_, tag)| self.supported(&tag.split('-').next().unwrap_or("").to_ascii_lowercase()))
            .unwrap_or(DEFAULT_LANG)
    }

    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    /// The text for `key` in `lang`, falling back to Dutch, then to the key
    /// itself (so a missing text shows up instead of vanishing).
    pub fn text(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        for code in [lang, DEFAULT_LANG] {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let fluent_args: Option<FluentArgs> =
                (!args.is_empty()).then(|| args.iter().map(|(k, v)| (*k, v.clone())).collect());
            let mut errors = Vec::new();
            let out = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
            return out.into_owned();
        }
        key.to_string()
    }

    pub fn t(&self, lang: &str, key: &str) -> String {
        self.text(lang, key, &[])
    }

    /// Every message key of a language, for completeness tests.
    pub fn keys(&self, lang: &str) -> Vec<String> {
        let source = SOURCES.iter().find(|(c, _)| *c == lang).map(|(_, s)| *s).unwrap_or("");
        source
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }
}

/// Dutch and English calendar display of a UTC instant, in Dutch civil time.
///
/// Central European Time with the EU summer-time rule (last Sunday of March
/// 01:00 UTC to last Sunday of October 01:00 UTC). Deployments outside this
/// zone are future work; the API always speaks UTC.
pub fn local_parts(rfc3339: &str) -> Option<(i32, u8, u8, u8, u8)> {
    let local = wijkwerk_domain::Timestamp::parse(rfc3339)?.dutch_civil();
    Some((local.year(), u8::from(local.month()), local.day(), local.hour(), local.minute()))
}

/// "donderdag 10 december 2026, 19:30 – 21:30" in Dutch time (the end's date
/// too when it is another day): the meeting pages and the e-mails say it so.
pub fn meeting_when(i18n: &I18n, lang: &str, starts_at: &str, ends_at: &str) -> String {
    let (Some(s), Some(e)) =
        (wijkwerk_domain::Timestamp::parse(starts_at), wijkwerk_domain::Timestamp::parse(ends_at))
    else {
        return String::new();
    };
    let day = |t: wijkwerk_domain::Timestamp| {
        let l = t.dutch_civil();
        format!(
            "{} {} {} {}",
            i18n.t(lang, &format!("day-{}", l.weekday().number_from_monday())),
            l.day(),
            i18n.t(lang, &format!("month-{}", u8::from(l.month()))),
            l.year()
        )
    };
    let clock = |t: wijkwerk_domain::Timestamp| {
        let l = t.dutch_civil();
        format!("{:02}:{:02}", l.hour(), l.minute())
    };
    if s.dutch_date() == e.dutch_date() {
        format!("{}, {} – {}", day(s), clock(s), clock(e))
    } else {
        format!("{}, {} – {}, {}", day(s), clock(s), day(e), clock(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_quality_and_falls_back_to_dutch() {
        let i = I18n::load();
        assert_eq!(i.negotiate("en-GB,en;q=0.9,nl;q=0.8"), "en");
        assert_eq!(i.negotiate("de-DE,nl;q=0.5,en;q=0.4"), "nl");
        assert_eq!(i.negotiate("fr"), "nl");
        assert_eq!(i.negotiate(""), "nl");
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let i = I18n::load();
        let mut nl = i.keys("nl");
        let mut en = i.keys("en");
        nl.sort();
        en.sort();
        let only_nl: Vec<_> = nl.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !nl.contains(k)).collect();
        assert!(only_nl.is_empty() && only_en.is_empty(), "only nl: {only_nl:?}; only en: {only_en:?}");
    }

    /// The Dutch texts say "u" throughout (see the header of locales/nl/main.ftl):
    /// the platform's own texts and the built-in week tests alike.
    #[test]
    fn dutch_texts_say_u_never_je() {
        let informal = ["je", "jij", "jou", "jouw", "jezelf", "jullie"];
        let words = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .filter(|w| !w.is_empty())
                .collect()
        };
        // Names are quoted as they are: "Mens, wat woon je" is the scorecard's
        // name in the seed document, not the platform speaking to someone.
        let names = ["Mens, wat woon je"];
        let i = I18n::load();
        for key in i.keys("nl") {
            let mut text = i.t("nl", &key);
            for name in names {
                text = text.replace(name, "");
            }
            let found: Vec<String> =
                words(&text).into_iter().filter(|w| informal.contains(&w.as_str())).collect();
            assert!(found.is_empty(), "{key} says {found:?}: {text}");
        }
        for json in wijkwerk_domain::weektest::BUILTIN_TEMPLATES {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let mut dutch = Vec::new();
            collect_dutch(&value, &mut dutch);
            for text in dutch {
                let found: Vec<String> =
                    words(&text).into_iter().filter(|w| informal.contains(&w.as_str())).collect();
                assert!(found.is_empty(), "a built-in week test says {found:?}: {text}");
            }
        }
    }

    fn collect_dutch(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("nl", serde_json::Value::String(s)) => out.push(s.clone()),
                        _ => collect_dutch(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_dutch(v, out)),
            _ => {}
        }
    }

    #[test]
    fn summer_and_winter_time() {
        assert_eq!(local_parts("2026-07-01T10:00:00.000Z"), Some((2026, 7, 1, 12, 0)));
        assert_eq!(local_parts("2026-11-22T23:30:00.000Z"), Some((2026, 11, 23, 0, 30)));
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC
        assert_eq!(local_parts("2026-03-29T00:59:00.000Z").map(|p| p.3), Some(1));
        assert_eq!(local_parts("2026-03-29T01:00:00.000Z").map(|p| p.3), Some(3));
        assert_eq!(local_parts("2026-10-25T00:59:00.000Z").map(|p| p.3), Some(2));
        assert_eq!(local_parts("2026-10-25T01:00:00.000Z").map(|p| p.3), Some(2));
        assert_eq!(local_parts("nonsense"), None);
    }
}

/// How survey results name their groups in `lang`: buurten are named by the
/// places; answers without a buurt or type, and the respondent types, here.
pub fn survey_labels<'a>(
    i18n: &'a I18n,
    lang: &'a str,
    by: Option<wijkwerk_app::surveys::Breakdown>,
) -> wijkwerk_app::surveys::Labels<'a> {
    use wijkwerk_app::surveys::Breakdown;
    let unknown = if by == Some(Breakdown::Buurt) { "sv-group-no-buurt" } else { "sv-group-not-said" };
    wijkwerk_app::surveys::Labels {
        lang,
        unknown_group: i18n.t(lang, unknown),
        respondent_type: Box::new(move |t: &str| i18n.t(lang, &format!("respondent-{t}"))),
    }
}
