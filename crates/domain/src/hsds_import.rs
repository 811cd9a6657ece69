//! Reading Open Referral HSDS 3.0 services into sociale kaart entries.
//!
//! Accepts what HSDS publishers hand out: one service, a list of services,
//! or a page (`{"contents": [...]}`) as `/services` returns it. Only the
//! fields the sociale kaart keeps are read; the rest is ignored.

use crate::socialmap::{CheckedService, Kind, ServiceInput, check_service};
use serde_json::Value;

/// The taxonomy whose terms say who runs a service (`public`, `private`,
/// `informal`); wijkwerk writes one such attribute per service.
pub const KIND_TAXONOMY: &str = "wijkwerk-aanbieders";

/// One service from the file, ready for [`crate::socialmap::check_service`].
#[derive(Clone, Debug)]
pub struct ImportedService {
    /// Position in the file, for error messages.
    pub index: usize,
    pub organisation: Option<String>,
    pub input: ServiceInput,
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn first<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).and_then(Value::as_array).and_then(|a| a.first())
}

/// The services in an HSDS document, in file order; `None` if it holds none.
/// `places` are `(code, name)` of known places: service areas match by code
/// (in `description`, as wijkwerk writes it) or by name.
pub fn services_in(
    doc: &Value,
    places: &[(String, String)],
    default_kind: &str,
) -> Option<Vec<ImportedService>> {
    let items: Vec<&Value> = match doc {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if o.contains_key("contents") => o.get("contents")?.as_array()?.iter().collect(),
        Value::Object(o) if o.contains_key("name") => vec![doc],
        _ => return None,
    };
    Some(
        items
            .into_iter()
            .enumerate()
            .map(|(index, s)| read_service(index, s, places, default_kind))
            .collect(),
    )
}

fn read_service(index: usize, s: &Value, places: &[(String, String)], default_kind: &str) -> ImportedService {
    let organisation = s
        .get("organization")
        .map(|o| str_at(o, "name"))
        .filter(|n| !n.trim().is_empty())
        .map(|n| n.trim().to_string());
    let address = first(s, "service_at_locations")
        .and_then(|sal| sal.get("location"))
        .and_then(|l| first(l, "addresses"));
    let opening_hours = s
        .get("schedules")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .map(|o| {
                    format!(
                        "{} {}-{} {}",
                        str_at(o, "byday"),
                        short_time(str_at(o, "opens_at")),
                        short_time(str_at(o, "closes_at")),
                        str_at(o, "description")
                    )
                    .trim()
                    .to_string()
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let terms: Vec<&Value> = s
        .get("attributes")
        .and_then(Value::as_array)
        .map(|all| all.iter().filter_map(|a| a.get("taxonomy_term")).collect())
        .unwrap_or_default();
    let is_kind = |t: &Value| str_at(t, "taxonomy") == KIND_TAXONOMY;
    let domains = terms
        .iter()
        .filter(|t| !is_kind(t))
        .map(|t| str_at(t, "code").to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let kind = terms
        .iter()
        .filter(|t| is_kind(t))
        .find_map(|t| Kind::parse(str_at(t, "code")))
        .map_or_else(|| default_kind.to_string(), |k| k.as_str().to_string());
    let areas = s
        .get("service_areas")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter_map(|a| {
                    let (code, name) = (str_at(a, "description"), str_at(a, "name"));
                    places
                        .iter()
                        .find(|(c, n)| c == code || n.eq_ignore_ascii_case(name))
                        .map(|(c, _)| c.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    let status = match str_at(s, "status") {
        "" => "active",
        other => other,
    };
    ImportedService {
        index,
        organisation,
        input: ServiceInput {
            name: str_at(s, "name").into(),
            description: str_at(s, "description").into(),
            kind,
            status: status.into(),
            domains,
            areas,
            url: str_at(s, "url").into(),
            email: str_at(s, "email").into(),
            phone: first(s, "phones").map(|p| str_at(p, "number")).unwrap_or("").into(),
            who_to_ask: first(s, "contacts").map(|c| str_at(c, "name")).unwrap_or("").into(),
            address: address.map(|a| str_at(a, "address_1")).unwrap_or("").into(),
            postal_code: address.map(|a| str_at(a, "postal_code")).unwrap_or("").into(),
            city: address.map(|a| str_at(a, "city")).unwrap_or("").into(),
            opening_hours,
        },
    }
}

/// What the importer fills in where a file is silent.
#[derive(Clone, Copy, Debug)]
pub struct Defaults<'a> {
    /// The area of a service that names none (and where new organisations are made).
    pub place: &'a str,
    /// The life domain of a service that names none.
    pub domain: Option<&'a str>,
    /// The organisation of a service that names none.
    pub organisation: Option<&'a str>,
}

/// Every service checked as one entered by hand would be, with the file's
/// gaps filled from `defaults`: all of them ready to store with their
/// organisation's name, or every problem of the file, one line each (an
/// import stores all or nothing).
pub fn check_all(
    services: Vec<ImportedService>,
    defaults: Defaults<'_>,
    domains: &[&str],
    places: &[&str],
) -> Result<Vec<(String, CheckedService)>, Vec<String>> {
    let (mut problems, mut checked) = (Vec::new(), Vec::new());
    for mut s in services {
        if s.input.areas.is_empty() {
            s.input.areas.push(defaults.place.to_string());
        }
        if s.input.domains.is_empty()
            && let Some(d) = defaults.domain
        {
            s.input.domains.push(d.to_string());
        }
        let label = format!(
            "service {} ({})",
            s.index + 1,
            if s.input.name.is_empty() { "no name" } else { &s.input.name }
        );
        let organisation = s.organisation.clone().or_else(|| defaults.organisation.map(str::to_string));
        if organisation.is_none() {
            problems.push(format!("{label}: organization: names none; give --organisation"));
        }
        match check_service(&s.input, domains, places) {
            Ok(c) => checked.push((organisation.unwrap_or_default(), c)),
            Err(invalid) => {
                problems.extend(invalid.errors.iter().map(|e| format!("{label}: {}: {}", e.field, e.code)))
            }
        }
    }
    if problems.is_empty() { Ok(checked) } else { Err(problems) }
}

/// HSDS times may carry seconds (`09:00:00`); the sociale kaart keeps minutes.
fn short_time(t: &str) -> &str {
    if t.len() == 8 && t.as_bytes()[5] == b':' { &t[..5] } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn places() -> Vec<(String, String)> {
        vec![("BU96010201".into(), "Oosterpark-Noord".into()), ("WK960102".into(), "Oosterpark".into())]
    }

    fn got_kind(service: &Value) -> String {
        services_in(service, &places(), "public").unwrap()[0].input.kind.clone()
    }

    #[test]
    fn reads_a_page_a_list_or_one_service() {
        let service = json!({
            "id": "x", "name": "Taalcafé", "description": "Nederlands oefenen.", "status": "active",
            "organization": { "name": "Bibliotheek Lindenhoven" },
            "url": "https://bieb.example", "email": "taal@bieb.example",
            "phones": [{ "number": "010 123 4567" }],
            "contacts": [{ "name": "Vraag naar Joke" }],
            "schedules": [{ "byday": "WE", "opens_at": "19:00:00", "closes_at": "21:00", "description": "zaal 2" }],
            "service_areas": [{ "name": "Oosterpark-Noord" }, { "name": "Elders", "description": "WK960102" }, { "name": "Onbekend" }],
            "attributes": [{ "taxonomy_term": { "code": "leren" } }],
            "service_at_locations": [{ "location": { "addresses": [{ "address_1": "Lindenlaan 1", "postal_code": "9601 AB", "city": "Lindenhoven" }] } }],
        });
        for doc in [json!({ "contents": [service.clone()] }), json!([service.clone()]), service.clone()] {
            let got = services_in(&doc, &places(), "public").unwrap();
            assert_eq!(got.len(), 1);
            let s = &got[0];
            assert_eq!(s.organisation.as_deref(), Some("Bibliotheek Lindenhoven"));
            assert_eq!(s.input.areas, ["BU96010201", "WK960102"], "by name or by code; unknown ones dropped");
            assert_eq!(s.input.opening_hours, "WE 19:00-21:00 zaal 2");
            assert_eq!(s.input.domains, ["leren"]);
            assert_eq!(
                (s.input.phone.as_str(), s.input.who_to_ask.as_str()),
                ("010 123 4567", "Vraag naar Joke")
            );
            assert_eq!(s.input.postal_code, "9601 AB");
        }
        assert_eq!(got_kind(&service), "public", "no kind attribute: the default");
        let mut informal = service.clone();
        informal["attributes"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "taxonomy_term": { "code": "informal", "taxonomy": KIND_TAXONOMY } }));
        assert_eq!(got_kind(&informal), "informal");
        let got = services_in(&informal, &places(), "public").unwrap();
        assert_eq!(got[0].input.domains, ["leren"], "the kind is not a life domain");
        informal["attributes"][1]["taxonomy_term"]["code"] = json!("toverij");
        assert_eq!(got_kind(&informal), "public", "an unknown kind: the default");
        assert!(services_in(&json!({ "foo": 1 }), &places(), "public").is_none());
        assert!(services_in(&json!(42), &places(), "public").is_none());
    }
}
