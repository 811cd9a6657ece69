//! The wijk cooperative's marketplace (issue 15, first part): requests and
//! offers of work, learning, care and upkeep per life domain and buurt;
//! which of them match and why; when a post expires and its owner is
//! warned; and the hours ledger, where every transfer is two movements that
//! sum to zero (as in timebanks). No I/O here: storage and pages follow.

use crate::Invalid;
use serde::Serialize;

/// A post asks for help or offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    Request,
    Offer,
}

/// How the work is rewarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reward {
    /// For money, agreed between the two.
    Paid,
    /// For nothing but thanks.
    Volunteer,
    /// In hours in the cooperative's hours ledger.
    Hours,
    /// In the wijk's social coin.
    Coin,
}

impl PostKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "request" => Some(PostKind::Request),
            "offer" => Some(PostKind::Offer),
            _ => None,
        }
    }
}

impl Reward {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "paid" => Some(Reward::Paid),
            "volunteer" => Some(Reward::Volunteer),
            "hours" => Some(Reward::Hours),
            "coin" => Some(Reward::Coin),
            _ => None,
        }
    }
}

/// A post stays up at most this long; its owner renews it to keep it.
pub const MAX_DAYS_OPEN: i64 = 90;
/// The owner is warned this many days before a post expires.
pub const WARN_DAYS: i64 = 7;

/// A post as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostInput {
    pub kind: PostKind,
    pub title: String,
    pub description: String,
    /// A life domain of the platform's taxonomy.
    pub domain: String,
    /// The buurt it is for (a CBS code).
    pub buurt: String,
    /// When, in the poster's words ("zaterdagochtend", "elke dinsdag").
    pub when: String,
    pub reward: Reward,
    /// Skills asked or offered, lower case, for matching.
    pub skills: Vec<String>,
    pub days_open: i64,
}

/// Checks a post as typed, every problem at once. `known_domains` is the
/// platform's taxonomy; `skills` are comma-separated.
#[allow(clippy::too_many_arguments)]
pub fn check_post(
    kind: &str,
    title: &str,
    description: &str,
    domain: &str,
    buurt: &str,
    when: &str,
    reward: &str,
    skills: &str,
    days_open: &str,
    known_domains: &[String],
) -> Result<PostInput, Invalid> {
    let mut invalid = Invalid::new();
    let kind = PostKind::parse(kind);
    if kind.is_none() {
        invalid.add("kind", "post-kind-unknown");
    }
    let title = invalid.text("title", title, 120, true);
    let description = invalid.text("description", description, 2000, true);
    if !known_domains.iter().any(|d| d == domain) {
        invalid.add("domain", "intake-domain-unknown");
    }
    if !(buurt.len() == 10 && buurt.starts_with("BU") && buurt[2..].bytes().all(|b| b.is_ascii_digit())) {
        invalid.add("buurt", "post-buurt-invalid");
    }
    let when = invalid.text("when", when, 200, false);
    let reward = Reward::parse(reward);
    if reward.is_none() {
        invalid.add("reward", "post-reward-unknown");
    }
    let skills: Vec<String> =
        skills.split(',').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
    if skills.len() > 10 || skills.iter().any(|s| s.chars().count() > 40) {
        invalid.add("skills", "post-skills-too-many");
    }
    let days_open = match days_open.trim() {
        "" => 30,
        d => match d.parse::<i64>() {
            Ok(n) if (1..=MAX_DAYS_OPEN).contains(&n) => n,
            _ => {
                invalid.add("daysOpen", "post-days-invalid");
                0
            }
        },
    };
    invalid.into_result(())?;
    Ok(PostInput {
        kind: kind.expect("checked"),
        title,
        description,
        domain: domain.to_string(),
        buurt: buurt.to_string(),
        when,
        reward: reward.expect("checked"),
        skills,
        days_open,
    })
}

/// Where a post stands against the clock (RFC 3339 instants compare as text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expiry {
    Open,
    /// Within [`WARN_DAYS`] of expiring: its owner gets a warning.
    WarnOwner,
    Expired,
}

/// `warn_from` is the instant [`WARN_DAYS`] before `expires_at`.
pub fn expiry(expires_at: &str, warn_from: &str, now: &str) -> Expiry {
    if now >= expires_at {
        Expiry::Expired
    } else if now >= warn_from {
        Expiry::WarnOwner
    } else {
        Expiry::Open
    }
}

/// A post as matching reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Post {
    pub id: String,
    pub owner_id: String,
    pub kind: PostKind,
    pub domain: String,
    pub buurt: String,
    /// The wijk the buurt lies in.
    pub wijk: String,
    pub skills: Vec<String>,
}

/// Why two posts match, for the page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchReason {
    SameDomain,
    SameBuurt,
    SameWijk,
    SharedSkill,
}

/// How well an offer fits a request (or the other way round): a score and
/// its reasons, or `None` when they cannot match (two requests, or one
/// person's own posts, or nothing in common but the kind). The domain
/// counts most, nearness next, each shared skill once (three at most).
pub fn match_of(a: &Post, b: &Post) -> Option<(u32, Vec<MatchReason>)> {
    if a.kind == b.kind || a.owner_id == b.owner_id {
        return None;
    }
    let mut score = 0;
    let mut reasons = Vec::new();
    if a.domain == b.domain {
        score += 3;
        reasons.push(MatchReason::SameDomain);
    }
    if a.buurt == b.buurt {
        score += 2;
        reasons.push(MatchReason::SameBuurt);
    } else if a.wijk == b.wijk {
        score += 1;
        reasons.push(MatchReason::SameWijk);
    }
    let shared = a.skills.iter().filter(|s| b.skills.contains(s)).count().min(3) as u32;
    if shared > 0 {
        score += shared;
        reasons.push(MatchReason::SharedSkill);
    }
    // Nearness alone is no match: someone nearby doing something else.
    let has_substance =
        reasons.contains(&MatchReason::SameDomain) || reasons.contains(&MatchReason::SharedSkill);
    has_substance.then_some((score, reasons))
}

/// Hours are kept in whole half-hours (as everywhere on the platform).
pub const HALF_HOUR: i64 = 30;

/// Why a transfer of hours is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoursRefusal {
    NotPositive,
    NotHalfHours,
    ToSelf,
    /// Over the hours one agreement may carry in one go (a day's work).
    TooMany,
}

/// At most a day's work in one transfer, in minutes.
pub const MAX_TRANSFER_MINUTES: i64 = 12 * 60;

/// The two movements of one transfer of `minutes` from the account that
/// received the help to the one that gave it: they sum to zero.
pub fn transfer(from: &str, to: &str, minutes: i64) -> Result<[(String, i64); 2], HoursRefusal> {
    if minutes <= 0 {
        return Err(HoursRefusal::NotPositive);
    }
    if minutes % HALF_HOUR != 0 {
        return Err(HoursRefusal::NotHalfHours);
    }
    if minutes > MAX_TRANSFER_MINUTES {
        return Err(HoursRefusal::TooMany);
    }
    if from == to {
        return Err(HoursRefusal::ToSelf);
    }
    Ok([(from.to_string(), -minutes), (to.to_string(), minutes)])
}

/// The ledger's own check: every transfer's movements sum to zero, so the
/// balances of all accounts together are zero too.
pub fn conserved(transfers: &[[(String, i64); 2]]) -> bool {
    transfers.iter().all(|t| t[0].1 + t[1].1 == 0)
        && transfers.iter().flatten().map(|m| m.1).sum::<i64>() == 0
}

/// Hours as people type them ("2", "2,5", "1.5", "1:30"), in minutes; whole
/// half-hours from half an hour up to [`MAX_TRANSFER_MINUTES`].
pub fn parse_hours(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let minutes = if let Some((h, m)) = text.split_once(':') {
        let (h, m) = (h.trim().parse::<i64>().ok()?, m.trim().parse::<i64>().ok()?);
        if !(0..60).contains(&m) {
            return None;
        }
        h.checked_mul(60)?.checked_add(m)?
    } else {
        let hours: f64 = text.parse().ok()?;
        if !hours.is_finite() {
            return None;
        }
        (hours * 60.0).round() as i64
    };
    (minutes > 0 && minutes % HALF_HOUR == 0 && minutes <= MAX_TRANSFER_MINUTES).then_some(minutes)
}

/// An agreement as checked: what, when, and for how long it is planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementInput {
    pub what: String,
    pub when: String,
    pub planned_minutes: i64,
}

pub fn check_agreement(what: &str, when: &str, hours: &str) -> Result<AgreementInput, Invalid> {
    let mut invalid = Invalid::new();
    let what = invalid.text("what", what, 500, true);
    let when = invalid.text("when", when, 200, true);
    let planned_minutes = parse_hours(hours).unwrap_or_else(|| {
        invalid.add("hours", "hours-invalid");
        0
    });
    invalid.into_result(AgreementInput { what, when, planned_minutes })
}

/// The two sides of an agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Does the work, and receives the hours.
    Helper,
    /// Is helped, and gives the hours.
    Receiver,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Helper => "helper",
            Side::Receiver => "receiver",
        }
    }

    /// The side of a post's owner: who asks is helped, who offers helps.
    pub fn of_owner(kind: PostKind) -> Side {
        match kind {
            PostKind::Request => Side::Receiver,
            PostKind::Offer => Side::Helper,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Helper => Side::Receiver,
            Side::Receiver => Side::Helper,
        }
    }
}

/// Where the confirmation of an agreement's hours stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "minutes")]
pub enum Confirmation {
    /// One side or both have not said how long it took.
    Waiting,
    /// Both said, and they differ: they talk and one confirms again.
    Differs,
    /// Both said the same: the agreement is done with these minutes.
    Agreed(i64),
}

/// Hours count only when both sides confirm the same number.
pub fn confirmation(helper: Option<i64>, receiver: Option<i64>) -> Confirmation {
    match (helper, receiver) {
        (Some(h), Some(r)) if h == r => Confirmation::Agreed(h),
        (Some(_), Some(_)) => Confirmation::Differs,
        _ => Confirmation::Waiting,
    }
}

/// A side's confirmation: the hours it saw and a word of thanks (optional).
pub fn check_confirmation(hours: &str, thanks: &str) -> Result<(i64, String), Invalid> {
    let mut invalid = Invalid::new();
    let minutes = parse_hours(hours).unwrap_or_else(|| {
        invalid.add("hours", "hours-invalid");
        0
    });
    let thanks = invalid.text("thanks", thanks, 500, false);
    invalid.into_result((minutes, thanks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains() -> Vec<String> {
        ["werk", "huishouden-en-zorg", "leren"].map(String::from).to_vec()
    }

    fn post(id: &str, owner: &str, kind: PostKind, domain: &str, buurt: &str, skills: &[&str]) -> Post {
        Post {
            id: id.into(),
            owner_id: owner.into(),
            kind,
            domain: domain.into(),
            buurt: buurt.into(),
            wijk: buurt[..8].replace("BU", "WK"),
            skills: skills.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_post_says_what_where_when_and_how_it_is_rewarded() {
        let p = check_post(
            "request",
            "Hulp bij de tuin",
            "Mijn tuin is te groot voor mij.",
            "huishouden-en-zorg",
            "BU96010201",
            "zaterdagochtend",
            "hours",
            "Tuinieren, snoeien",
            "",
            &domains(),
        )
        .unwrap();
        assert_eq!((p.kind, p.reward, p.days_open), (PostKind::Request, Reward::Hours, 30));
        assert_eq!(p.skills, ["tuinieren", "snoeien"]);
        let e =
            check_post("swap", "", "", "tuin", "Oosterpark", "", "beer", "", "365", &domains()).unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "title", "description", "domain", "buurt", "reward", "daysOpen"]);
    }

    #[test]
    fn posts_expire_with_a_warning_first() {
        let (expires, warn) = ("2026-12-31T00:00:00Z", "2026-12-24T00:00:00Z");
        assert_eq!(expiry(expires, warn, "2026-12-01T00:00:00Z"), Expiry::Open);
        assert_eq!(expiry(expires, warn, "2026-12-24T00:00:00Z"), Expiry::WarnOwner);
        assert_eq!(expiry(expires, warn, "2026-12-31T00:00:00Z"), Expiry::Expired);
    }

    #[test]
    fn a_match_needs_substance_and_says_why() {
        let garden =
            post("r1", "greet", PostKind::Request, "huishouden-en-zorg", "BU96010201", &["tuinieren"]);
        let team = post(
            "o1",
            "team",
            PostKind::Offer,
            "huishouden-en-zorg",
            "BU96010201",
            &["tuinieren", "snoeien"],
        );
        assert_eq!(
            match_of(&garden, &team),
            Some((
                3 + 2 + 1,
                vec![MatchReason::SameDomain, MatchReason::SameBuurt, MatchReason::SharedSkill]
            ))
        );
        // The other way round it is the same match.
        assert_eq!(match_of(&team, &garden).map(|m| m.0), Some(6));
        // Elsewhere in the wijk counts less than the same buurt.
        let further = post("o2", "ria", PostKind::Offer, "huishouden-en-zorg", "BU96010202", &[]);
        assert_eq!(
            match_of(&garden, &further),
            Some((3 + 1, vec![MatchReason::SameDomain, MatchReason::SameWijk]))
        );
        // Two requests, one's own offer, or only being near: no match.
        let other_request = post("r2", "joop", PostKind::Request, "huishouden-en-zorg", "BU96010201", &[]);
        assert_eq!(match_of(&garden, &other_request), None);
        let own = post("o3", "greet", PostKind::Offer, "huishouden-en-zorg", "BU96010201", &[]);
        assert_eq!(match_of(&garden, &own), None);
        let near = post("o4", "kees", PostKind::Offer, "leren", "BU96010201", &["bijles"]);
        assert_eq!(match_of(&garden, &near), None);
    }

    #[test]
    fn hours_are_read_as_people_type_them() {
        assert_eq!(parse_hours("2"), Some(120));
        assert_eq!(parse_hours("2,5"), Some(150));
        assert_eq!(parse_hours(" 1.5 "), Some(90));
        assert_eq!(parse_hours("1:30"), Some(90));
        assert_eq!(parse_hours("0:30"), Some(30));
        for wrong in ["", "0", "-1", "1,25", "1:15", "1:75", "13", "twee", "NaN", "inf"] {
            assert_eq!(parse_hours(wrong), None, "{wrong}");
        }
        let e = check_agreement("", "", "1,1").unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["what", "when", "hours"]);
        let a = check_agreement("Tuin snoeien", "za 12 dec, 10 uur", "3").unwrap();
        assert_eq!(a.planned_minutes, 180);
    }

    #[test]
    fn the_owner_of_a_request_is_helped_and_hours_count_when_both_agree() {
        assert_eq!(Side::of_owner(PostKind::Request), Side::Receiver);
        assert_eq!(Side::of_owner(PostKind::Offer), Side::Helper);
        assert_eq!(Side::Helper.other(), Side::Receiver);
        assert_eq!(confirmation(None, None), Confirmation::Waiting);
        assert_eq!(confirmation(Some(120), None), Confirmation::Waiting);
        assert_eq!(confirmation(Some(120), Some(90)), Confirmation::Differs);
        assert_eq!(confirmation(Some(120), Some(120)), Confirmation::Agreed(120));
        assert_eq!(check_confirmation("2", "Dank je!").unwrap(), (120, "Dank je!".to_string()));
        assert!(check_confirmation("2,2", "").unwrap_err().has("hours"));
    }

    #[test]
    fn hours_move_in_half_hours_and_always_sum_to_zero() {
        let t = transfer("greet", "team", 150).unwrap();
        assert_eq!(t, [("greet".to_string(), -150), ("team".to_string(), 150)]);
        assert_eq!(transfer("greet", "team", 0), Err(HoursRefusal::NotPositive));
        assert_eq!(transfer("greet", "team", 45), Err(HoursRefusal::NotHalfHours));
        assert_eq!(transfer("greet", "greet", 60), Err(HoursRefusal::ToSelf));
        assert_eq!(transfer("greet", "team", 13 * 60), Err(HoursRefusal::TooMany));
        let many = [t.clone(), transfer("team", "ria", 60).unwrap(), transfer("ria", "greet", 30).unwrap()];
        assert!(conserved(&many));
        let broken = [[("greet".to_string(), -60), ("team".to_string(), 30)]];
        assert!(!conserved(&broken));
    }
}
