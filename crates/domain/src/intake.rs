//! The luisterloket's intake (issue 14): one conversation over every life
//! domain, owned by the resident (seed 003: "de hulpvrager blijft eigenaar
//! van zijn/haar probleem"), with the resident's own words first, a rating
//! of how well things go per domain, strengths beside worries, and the
//! second person the resident brings along (seed 004: "voortaan vragen we er
//! twee"). Shared only by the resident's consent: per organisation, per life
//! domain, until a date.
//!
//! The five-step scale is the project's own wording; it does not copy the
//! Zelfredzaamheid-Matrix or Positieve Gezondheid, whose texts are licensed.

use crate::Invalid;
use serde::Serialize;
use std::collections::BTreeSet;

/// Life domains an intake has beside the platform's (the week test's and
/// the sociale kaart's): money, a home and health come up first at a
/// luisterloket and are not time-use domains.
pub const EXTRA_DOMAINS: [&str; 3] = ["geld", "wonen", "gezondheid"];

/// The sociale kaart's domain to look for offers for an intake domain: the
/// intake's own domains have none there, so money and housing look under
/// the household (where budget help and housing support are listed), and
/// health under sleep and care.
pub fn offer_domain(domain: &str) -> &str {
    match domain {
        "geld" | "wonen" => "huishouden-en-zorg",
        "gezondheid" => "slaap-en-verzorging",
        other => other,
    }
}

/// The scale: 1 "it does not go now, I need help at once" … 5 "I manage well
/// myself" (texts `intake-scale-1` … `-5`).
pub const SCALE: std::ops::RangeInclusive<i64> = 1..=5;

/// How long a share may run at most: a year, then the resident decides again.
pub const MAX_SHARE_DAYS: i64 = 366;

pub const MAX_TEXT: usize = 2000;

/// What the resident says about one life domain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainEntry {
    pub domain: String,
    /// On [`SCALE`]; `None` when the resident did not rate it.
    pub rating: Option<i64>,
    pub strengths: String,
    pub worries: String,
}

impl DomainEntry {
    pub fn is_empty(&self) -> bool {
        self.rating.is_none() && self.strengths.is_empty() && self.worries.is_empty()
    }
}

/// The resident's own words, first of all: what makes them happy and what
/// they need for it; and who they bring along.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnWords {
    pub happy: String,
    pub needs: String,
    pub second_person: String,
    pub second_contributes: String,
}

/// Checks the intake as typed: the own words and one entry per domain
/// (`(domain, rating, strengths, worries)` as typed). Unknown domains are
/// refused; empty entries are left out. Every problem at once; a domain's
/// fields are named `rating-{domain}`, `strengths-{domain}`, `worries-{domain}`.
pub fn check_intake(
    words: (&str, &str, &str, &str),
    entries: &[(&str, &str, &str, &str)],
    known: &[String],
) -> Result<(OwnWords, Vec<DomainEntry>), Invalid> {
    let mut invalid = Invalid::new();
    let (happy, needs, second, contributes) = words;
    let own = OwnWords {
        happy: invalid.text("happy", happy, MAX_TEXT, false),
        needs: invalid.text("needs", needs, MAX_TEXT, false),
        second_person: invalid.text("secondPerson", second, 100, false),
        second_contributes: invalid.text("secondContributes", contributes, MAX_TEXT, false),
    };
    let mut out = Vec::new();
    for &(domain, rating, strengths, worries) in entries {
        if !known.iter().any(|k| k == domain) {
            invalid.add("domain", "intake-domain-unknown");
            continue;
        }
        let rating = match rating.trim() {
            "" => None,
            r => match r.parse::<i64>() {
                Ok(n) if SCALE.contains(&n) => Some(n),
                _ => {
                    invalid.add(&format!("rating-{domain}"), "intake-rating-invalid");
                    None
                }
            },
        };
        let entry = DomainEntry {
            domain: domain.to_string(),
            rating,
            strengths: invalid.text(&format!("strengths-{domain}"), strengths, MAX_TEXT, false),
            worries: invalid.text(&format!("worries-{domain}"), worries, MAX_TEXT, false),
        };
        if !entry.is_empty() {
            out.push(entry);
        }
    }
    invalid.into_result(())?;
    Ok((own, out))
}

/// One consent of the resident: this organisation may see this domain until then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub domain: String,
    pub granted_at: String,
    /// RFC 3339 instant; after it the share no longer holds.
    pub valid_until: String,
    pub revoked_at: Option<String>,
}

impl Share {
    /// Times compare as text: they share one fixed-width UTC format.
    pub fn is_active(&self, now: &str) -> bool {
        self.revoked_at.is_none() && now < self.valid_until.as_str()
    }
}

/// The domains the organisations a reader works for may see now: the rule
/// every read of an intake passes. The resident's own words count as the
/// domain `own-words`.
pub fn visible_domains(shares: &[Share], organisations: &[String], now: &str) -> BTreeSet<String> {
    shares
        .iter()
        .filter(|s| s.is_active(now) && organisations.contains(&s.organisation_id))
        .map(|s| s.domain.clone())
        .collect()
}

/// The part of an intake that is not a life domain: the own words and the
/// second person. Shared like a domain.
pub const OWN_WORDS: &str = "own-words";

/// Checks a share the resident wants to give: at least one domain (or the
/// own words), all known, and an end date after today and at most a year
/// ahead (`YYYY-MM-DD`, the end of that day in UTC). Returns the domains and
/// the end as RFC 3339.
pub fn check_share(
    domains: &[&str],
    until: &str,
    known: &[String],
    today: &str,
) -> Result<(Vec<String>, String), Invalid> {
    let mut invalid = Invalid::new();
    let mut chosen: Vec<String> = Vec::new();
    for d in domains {
        if *d == OWN_WORDS || known.iter().any(|k| k == d) {
            if !chosen.iter().any(|c| c == d) {
                chosen.push(d.to_string());
            }
        } else {
            invalid.add("domains", "intake-domain-unknown");
        }
    }
    if domains.is_empty() {
        invalid.add("domains", "intake-share-no-domain");
    }
    let until = until.trim();
    let end = crate::clock::Timestamp::parse(&format!("{until}T23:59:59Z"));
    let latest = crate::clock::Timestamp::parse(&format!("{today}T23:59:59Z"))
        .map(|t| t.plus_seconds(MAX_SHARE_DAYS * 86_400));
    match (end, latest) {
        (None, _) if until.is_empty() => invalid.add("validUntil", "required"),
        (None, _) | (_, None) => invalid.add("validUntil", "date-invalid"),
        (Some(e), _) if e.to_rfc3339()[..10] <= *today => invalid.add("validUntil", "date-in-past"),
        (Some(e), Some(l)) if e > l => invalid.add("validUntil", "intake-share-too-long"),
        _ => {}
    }
    invalid.into_result(())?;
    Ok((chosen, end.expect("checked").to_rfc3339()))
}

/// Checks a referral's reasons (the wijkwerker says why this offer fits;
/// the resident reads it too).
pub fn check_referral(reason: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let reason = invalid.text("reason", reason, 1000, true);
    invalid.into_result(reason)
}

/// Checks a partner's answer to a referral: accepted, or declined with a
/// reason (so the luisterloket can route it on and the resident knows why).
pub fn check_answer(outcome: &str, answer: &str) -> Result<(bool, String), Invalid> {
    let mut invalid = Invalid::new();
    let accepted = match outcome {
        "accepted" => Some(true),
        "declined" => Some(false),
        _ => {
            invalid.add("outcome", "referral-outcome-unknown");
            None
        }
    };
    let answer = invalid.text("answer", answer, 1000, accepted == Some(false));
    invalid.into_result(())?;
    Ok((accepted.expect("checked"), answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        ["werk", "geld", "wonen"].map(String::from).to_vec()
    }

    fn share(org: &str, domain: &str, until: &str, revoked: bool) -> Share {
        Share {
            id: format!("{org}-{domain}"),
            organisation_id: org.into(),
            organisation: org.into(),
            domain: domain.into(),
            granted_at: "2026-01-01T00:00:00Z".into(),
            valid_until: until.into(),
            revoked_at: revoked.then(|| "2026-02-01T00:00:00Z".into()),
        }
    }

    #[test]
    fn an_intake_keeps_the_residents_words_and_rated_domains() {
        let (own, entries) = check_intake(
            ("Mijn kinderen", "Rust over geld", "Mijn zus Hanan", "Zij helpt met de post"),
            &[("werk", "3", "Ik wil graag", ""), ("geld", "1", "", "Schulden"), ("wonen", "", "", "")],
            &known(),
        )
        .unwrap();
        assert_eq!(own.second_person, "Mijn zus Hanan");
        assert_eq!(entries.len(), 2, "an empty domain is left out");
        assert_eq!((entries[1].domain.as_str(), entries[1].rating), ("geld", Some(1)));
        let e = check_intake(("", "", "", ""), &[("werk", "6", "", ""), ("reizen", "2", "", "")], &known())
            .unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rating-werk", "domain"]);
    }

    #[test]
    fn consent_holds_per_organisation_domain_and_time() {
        let shares = [
            share("schuldhulp", "geld", "2026-06-30T23:59:59Z", false),
            share("schuldhulp", "wonen", "2026-03-31T23:59:59Z", false),
            share("wijkteam", "werk", "2026-12-31T23:59:59Z", true),
        ];
        let now = "2026-05-01T10:00:00Z";
        let seen = |orgs: &[&str]| {
            let orgs: Vec<String> = orgs.iter().map(|o| o.to_string()).collect();
            visible_domains(&shares, &orgs, now).into_iter().collect::<Vec<_>>()
        };
        assert_eq!(seen(&["schuldhulp"]), ["geld"], "wonen expired in March");
        assert!(seen(&["wijkteam"]).is_empty(), "revoked");
        assert!(seen(&["woonstichting"]).is_empty(), "never shared");
        assert!(visible_domains(&shares, &["schuldhulp".into()], "2026-07-01T00:00:00Z").is_empty());
    }

    #[test]
    fn a_declined_referral_says_why() {
        assert_eq!(check_answer("accepted", "").unwrap(), (true, String::new()));
        assert_eq!(check_answer("declined", " ").unwrap_err().errors[0].field, "answer");
        assert_eq!(check_answer("maybe", "").unwrap_err().errors[0].code, "referral-outcome-unknown");
        assert_eq!(check_referral("").unwrap_err().errors[0].code, "required");
    }

    #[test]
    fn a_share_names_its_domains_and_ends_within_a_year() {
        let (domains, until) =
            check_share(&["geld", OWN_WORDS, "geld"], "2026-06-30", &known(), "2026-05-01").unwrap();
        assert_eq!(
            (domains, until.as_str()),
            (vec!["geld".to_string(), OWN_WORDS.to_string()], "2026-06-30T23:59:59.000Z")
        );
        let codes = |d: &[&str], u: &str| {
            check_share(d, u, &known(), "2026-05-01")
                .unwrap_err()
                .errors
                .into_iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&[], ""), ["intake-share-no-domain", "required"]);
        assert_eq!(codes(&["geld"], "2026-05-01"), ["date-in-past"]);
        assert_eq!(codes(&["geld"], "2027-06-01"), ["intake-share-too-long"]);
        assert_eq!(codes(&["sport"], "morgen"), ["intake-domain-unknown", "date-invalid"]);
    }
}
