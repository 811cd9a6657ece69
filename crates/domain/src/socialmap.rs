//! The sociale kaart: every initiative, service and key person in the wijk,
//! per life domain, formal and informal, exchangeable as Open Referral HSDS.

use crate::validation::Invalid;
use serde::Serialize;

/// Who runs a service: a public body, a private organisation or business, or
/// residents themselves (the naaiclub, the buurtvaders).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Public,
    Private,
    Informal,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Public, Kind::Private, Kind::Informal];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Public => "public",
            Kind::Private => "private",
            Kind::Informal => "informal",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// HSDS service statuses.
pub const STATUSES: [&str; 4] = ["active", "inactive", "defunct", "temporarily closed"];

/// An entry not confirmed for this long is stale.
pub const STALE_AFTER_DAYS: i64 = 365;

pub const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

#[derive(Clone, Debug, Default)]
pub struct ServiceInput {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub status: String,
    pub domains: Vec<String>,
    pub areas: Vec<String>,
    pub url: String,
    pub email: String,
    pub phone: String,
    pub who_to_ask: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    /// One line per opening: `MO,WE 09:00-12:00 note`.
    pub opening_hours: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opening {
    pub days: Vec<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedService {
    pub name: String,
    pub description: String,
    pub kind: Kind,
    pub status: String,
    pub domains: Vec<String>,
    pub areas: Vec<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub who_to_ask: String,
    pub address: Option<(String, String, String)>,
    pub openings: Vec<Opening>,
}

/// `HH:MM` or `H:MM` (a dot works too), 00:00 to 23:59; normalised to `HH:MM`.
fn time_of(t: &str) -> Option<String> {
    let (h, m) = t.split_once([':', '.'])?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    match (h.parse::<u8>(), m.parse::<u8>()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 => Some(format!("{h:02}:{m:02}")),
        _ => None,
    }
}

/// A day as people write it, any case: Dutch or English, short or whole
/// (`ma`, `maandag`, `MO`, `mon`, `monday`; `di`, `dinsdag`, …).
fn day_index(d: &str) -> Option<usize> {
    const NAMES: [[&str; 5]; 7] = [
        ["MO", "MA", "MAANDAG", "MON", "MONDAY"],
        ["TU", "DI", "DINSDAG", "TUE", "TUESDAY"],
        ["WE", "WO", "WOENSDAG", "WED", "WEDNESDAY"],
        ["TH", "DO", "DONDERDAG", "THU", "THURSDAY"],
        ["FR", "VR", "VRIJDAG", "FRI", "FRIDAY"],
        ["SA", "ZA", "ZATERDAG", "SAT", "SATURDAY"],
        ["SU", "ZO", "ZONDAG", "SUN", "SUNDAY"],
    ];
    let d = d.trim().trim_end_matches('.').to_uppercase();
    NAMES.iter().position(|names| names.contains(&d.as_str()))
}

/// Reads `ma,wo 09:00-12:00 optional note`, `ma-vr 9:00-17:00`, or as people
/// type it: `maandag 9.00 - 12.00`, `ma t/m vr 9:00–17:00`. Days are stored
/// as `MO`…`SU` (as in HSDS and iCalendar).
pub fn parse_opening(line: &str) -> Option<Opening> {
    // "t/m", dashes and spaces around them all mean a range.
    let line = line
        .replace(['–', '—'], "-")
        .replace(" t/m ", "-")
        .replace(" tot en met ", "-")
        .replace(" tot ", "-")
        .replace(", ", ",");
    let line = line.split(" - ").collect::<Vec<_>>().join("-");
    let mut parts = line.split_whitespace();
    let mut days: Vec<String> = Vec::new();
    for item in parts.next()?.split(',') {
        match item.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day_index(from)?, day_index(to)?);
                if from > to {
                    return None;
                }
                days.extend((from..=to).map(|i| WEEKDAYS[i].to_string()));
            }
            None => days.push(WEEKDAYS[day_index(item)?].to_string()),
        }
    }
    days.dedup();
    let (opens, closes) = parts.next()?.split_once('-')?;
    let (opens, closes) = (time_of(opens)?, time_of(closes)?);
    if opens >= closes {
        return None;
    }
    Some(Opening { days, opens_at: opens, closes_at: closes, note: parts.collect::<Vec<_>>().join(" ") })
}

/// Checks a service entry, reporting every problem. `domains` and `places`
/// list what may be chosen.
pub fn check_service(
    input: &ServiceInput,
    domains: &[&str],
    places: &[&str],
) -> Result<CheckedService, Invalid> {
    let mut invalid = Invalid::new();
    let name = input.name.trim();
    if name.is_empty() {
        invalid.add("name", "required");
    } else if name.chars().count() > 150 {
        invalid.add("name", "too-long");
    }
    let description = input.description.trim();
    if description.chars().count() > 2000 {
        invalid.add("description", "too-long");
    }
    let kind = Kind::parse(&input.kind);
    if kind.is_none() {
        invalid.add("kind", "kind-unknown");
    }
    let status = if input.status.trim().is_empty() { "active" } else { input.status.trim() };
    if !STATUSES.contains(&status) {
        invalid.add("status", "status-unknown");
    }
    if input.domains.is_empty() {
        invalid.add("domains", "domains-required");
    } else if input.domains.iter().any(|d| !domains.contains(&d.as_str())) {
        invalid.add("domains", "domain-unknown");
    }
    if input.areas.is_empty() {
        invalid.add("areas", "areas-required");
    } else if input.areas.iter().any(|a| !places.contains(&a.as_str())) {
        invalid.add("areas", "place-unknown");
    }
    let optional = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let url = optional(&input.url);
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        invalid.add("url", "url-invalid");
    }
    let email = optional(&input.email);
    if let Some(e) = &email
        && !crate::person::is_plausible_email(e)
    {
        invalid.add("email", "email-invalid");
    }
    let phone = optional(&input.phone);
    if let Some(p) = &phone
        && (p.len() > 30 || !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)))
    {
        invalid.add("phone", "phone-invalid");
    }
    let who_to_ask = input.who_to_ask.trim().to_string();
    if who_to_ask.chars().count() > 200 {
        invalid.add("whoToAsk", "too-long");
    }
    let address = match (optional(&input.address), optional(&input.postal_code), optional(&input.city)) {
        (None, None, None) => None,
        (Some(a), Some(p), Some(c)) => Some((a, p, c)),
        _ => {
            invalid.add("address", "address-incomplete");
            None
        }
    };
    let mut openings = Vec::new();
    for (i, line) in input.opening_hours.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match parse_opening(line) {
            Some(o) => openings.push(o),
            None => invalid.add(format!("openingHours[{i}]"), "opening-invalid"),
        }
    }
    invalid.into_result(())?;
    Ok(CheckedService {
        name: name.into(),
        description: description.into(),
        kind: kind.expect("checked"),
        status: status.into(),
        domains: input.domains.clone(),
        areas: input.areas.clone(),
        url,
        email,
        phone,
        who_to_ask,
        address,
        openings,
    })
}

/// Not confirmed for twelve months: the entry may be out of date.
pub fn is_stale(confirmed_at: &str, now: crate::Timestamp) -> bool {
    confirmed_at < now.minus_seconds(STALE_AFTER_DAYS * 86_400).to_rfc3339().as_str()
}

/// Text to search in: everything a person might type, lower-cased.
pub fn search_text(parts: &[&str]) -> String {
    parts.iter().map(|p| p.to_lowercase()).collect::<Vec<_>>().join(" ")
}

/// A word as search compares it: lower case, accents off (so "cafe" finds
/// "café"), letters and digits only.
pub fn fold_word(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The words of a text that search can find by prefix, folded, without repeats.
pub fn search_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(fold_word)
        .filter(|w| w.chars().count() >= 2)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The first string after every string that starts with `prefix`: the end of
/// a range scan (`word >= prefix AND word < end`).
pub fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    "\u{10FFFF}".into()
}

/// The words people use for their needs, per life domain (data: needs.json).
const NEEDS: &str = include_str!("../needs.json");

/// The life domain a word of need belongs to ("eenzaam" → `sociaal-leven`),
/// in any language the data has, compared folded.
pub fn domain_of_need(word: &str) -> Option<String> {
    static TABLE: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let value: serde_json::Value = serde_json::from_str(NEEDS).expect("needs.json is JSON");
        let mut out = Vec::new();
        for (domain, langs) in
            value.as_object().expect("an object").iter().filter(|(k, _)| !k.starts_with('_'))
        {
            for words in langs.as_object().expect("languages").values() {
                for w in words.as_array().expect("a list") {
                    out.push((fold_word(w.as_str().expect("a word")), domain.clone()));
                }
            }
        }
        out
    });
    let word = fold_word(word.trim());
    table.iter().find(|(w, _)| *w == word).map(|(_, d)| d.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ServiceInput {
        ServiceInput {
            name: "Budgetcafé".into(),
            description: "Hulp bij geldzaken".into(),
            kind: "informal".into(),
            domains: vec!["huishouden-en-zorg".into()],
            areas: vec!["WK960102".into()],
            opening_hours: "WE 19:00-21:00 in de bibliotheek\nSA 10:00-12:00".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_entry_passes() {
        let s = check_service(&input(), &["huishouden-en-zorg"], &["WK960102"]).unwrap();
        assert_eq!(s.status, "active");
        assert_eq!(s.openings.len(), 2);
        assert_eq!(s.openings[0].days, ["WE"]);
        assert_eq!(s.openings[0].note, "in de bibliotheek");
    }

    #[test]
    fn every_problem_is_reported() {
        let bad = ServiceInput {
            name: "".into(),
            kind: "geheim".into(),
            status: "weg".into(),
            url: "www.zonder-schema.nl".into(),
            email: "geen".into(),
            phone: "bel me".into(),
            address: "Straat 1".into(),
            opening_hours: "XX 09:00-10:00\nMO 12:00-09:00".into(),
            ..Default::default()
        };
        let err = check_service(&bad, &["werk"], &["WK960102"]).unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "name",
                "kind",
                "status",
                "domains",
                "areas",
                "url",
                "email",
                "phone",
                "address",
                "openingHours[0]",
                "openingHours[1]"
            ]
        );
    }

    #[test]
    fn openings_are_strict() {
        assert!(parse_opening("MO,TU 09:00-17:00").is_some());
        assert!(parse_opening("mo 09:00-17:00").is_some(), "lower-case days are fine");
        assert!(parse_opening("MO 09:00-24:00").is_none());
        assert!(parse_opening("MO 12:00-09:00").is_none());
        assert!(parse_opening("MO 9:0-17:00").is_none());
        assert!(parse_opening("MO").is_none());
        assert!(parse_opening("vr-ma 09:00-12:00").is_none(), "a range runs forward");
        // Whole day names, t/m, dashes with spaces, as people type them.
        assert_eq!(parse_opening("maandag 9:00-12:00").unwrap().days, ["MO"]);
        let o = parse_opening("ma t/m vr 9.00 – 17.00").unwrap();
        assert_eq!(o.days, ["MO", "TU", "WE", "TH", "FR"]);
        assert_eq!((o.opens_at.as_str(), o.closes_at.as_str()), ("09:00", "17:00"));
        assert_eq!(parse_opening("Tuesday, Thursday 13:00-15:00").unwrap().days, ["TU", "TH"]);
        assert!(parse_opening("maandagochtend 09:00-12:00").is_none(), "not a day");
        // Dutch days, ranges, one-digit hours and dots, as people write them.
        let o = parse_opening("ma-wo,vr 9.30-12:00 in het buurthuis").unwrap();
        assert_eq!(o.days, ["MO", "TU", "WE", "FR"]);
        assert_eq!((o.opens_at.as_str(), o.closes_at.as_str()), ("09:30", "12:00"));
        assert_eq!(o.note, "in het buurthuis");
        assert_eq!(parse_opening("di 13:30-16:00").unwrap().days, ["TU"]);
    }

    #[test]
    fn search_words_fold_accents_and_split() {
        assert_eq!(
            search_words("Budgetcafé: hulp bij GELD-zaken, café a"),
            ["bij", "budgetcafe", "cafe", "geld", "hulp", "zaken"]
        );
        assert_eq!(fold_word("Öztürk"), "ozturk");
        assert_eq!(prefix_end("taalcaf"), "taalcag");
        assert!("taalcafe" >= "taalcaf" && "taalcafe" < prefix_end("taalcaf").as_str());
        assert!("taalcag" >= prefix_end("taalcaf").as_str());
    }

    #[test]
    fn staleness_after_a_year() {
        let now = crate::Timestamp::parse("2026-11-22T12:00:00Z").unwrap();
        assert!(is_stale("2025-11-01T00:00:00.000Z", now));
        assert!(!is_stale("2025-12-01T00:00:00.000Z", now));
    }

    #[test]
    fn needs_lead_to_their_domain() {
        assert_eq!(domain_of_need("eenzaam").as_deref(), Some("sociaal-leven"));
        assert_eq!(domain_of_need(" Lonely ").as_deref(), Some("sociaal-leven"));
        assert_eq!(domain_of_need("Schulden").as_deref(), Some("huishouden-en-zorg"));
        assert_eq!(domain_of_need("fiets"), None);
    }

    #[test]
    fn every_need_domain_is_a_life_domain() {
        let template = crate::weektest::Template::parse(crate::weektest::BUILTIN_TEMPLATES[0]).unwrap();
        let value: serde_json::Value = serde_json::from_str(NEEDS).unwrap();
        for domain in value.as_object().unwrap().keys().filter(|k| !k.starts_with('_')) {
            assert!(template.domains.iter().any(|d| &d.code == domain), "{domain} is not a life domain");
        }
    }
}
