//! The wijkkrant: a printable neighbourhood paper per wijk and month, made
//! by residents (seed 004: the paper made on the bench in front of the
//! supermarket, for neighbours without internet). An editorial group picks
//! what the platform offers (meetings coming, initiatives decided, decisions
//! done) and writes its own stories; the paper ends with a slip to tear off
//! and hand in, which a wijkwerker types in afterwards.

use crate::Invalid;
use crate::clock::Timestamp;
use serde::Serialize;

/// Longer than this many words, a sentence is hard to read (B1 advice).
pub const LONG_SENTENCE: usize = 15;
/// A paper of two A4 pages holds about this many items.
pub const MAX_ITEMS: usize = 12;

/// What an item is: the editors' own story, or taken from the platform.
pub const KINDS: [&str; 4] = ["story", "meeting", "initiative", "decision"];

/// A month as `YYYY-MM`, and when it starts and ends (Dutch time).
pub fn check_period(text: &str) -> Result<(String, Timestamp, Timestamp), Invalid> {
    let t = text.trim();
    let bad = || Invalid::single("period", "period-invalid");
    let (y, m) = t.split_once('-').ok_or_else(bad)?;
    let (year, month) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u8>().map_err(|_| bad())?);
    if y.len() != 4 || m.len() != 2 || !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
        return Err(bad());
    }
    let start =
        crate::meetings::dutch_local_to_utc(&format!("{year:04}-{month:02}-01T00:00")).map_err(|_| bad())?;
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let end = crate::meetings::dutch_local_to_utc(&format!("{ny:04}-{nm:02}-01T00:00")).map_err(|_| bad())?;
    Ok((format!("{year:04}-{month:02}"), start, end))
}

/// The month before the one `now` is in, as `YYYY-MM` (the paper "for last month").
pub fn previous_month(now: Timestamp) -> String {
    let l = now.dutch_civil();
    let (y, m) =
        if u8::from(l.month()) == 1 { (l.year() - 1, 12) } else { (l.year(), u8::from(l.month()) - 1) };
    format!("{y:04}-{m:02}")
}

/// A moment as people say it, in Dutch time: "vrijdag 11 december, 14:00"
/// (or in English). The paper is read on paper, so no ISO dates.
pub fn spoken_time(t: Timestamp, lang: &str) -> String {
    const NL_DAYS: [&str; 7] =
        ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
    const EN_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const NL_MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let l = t.dutch_civil();
    let (days, months) = if lang == "en" { (EN_DAYS, EN_MONTHS) } else { (NL_DAYS, NL_MONTHS) };
    let day = days[usize::from(l.weekday().number_days_from_monday())];
    let month = months[usize::from(u8::from(l.month())) - 1];
    format!("{day} {} {month}, {:02}:{:02}", l.day(), l.hour(), l.minute())
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoryInput {
    pub title: String,
    pub body: String,
}

/// A story for the paper: a short title and a few short paragraphs.
pub fn check_story(title: &str, body: &str) -> Result<StoryInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", title, 100, true);
    let body = invalid.text("body", body, 1500, true);
    invalid.into_result(StoryInput { title, body })
}

/// Sentences longer than [`LONG_SENTENCE`] words: a hint for the editors,
/// never a refusal (they know their readers).
pub fn long_sentences(text: &str) -> Vec<String> {
    text.split(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > LONG_SENTENCE)
        .map(str::to_string)
        .collect()
}

/// What a neighbour wrote on the slip, as the wijkwerker types it in.
pub fn check_response(text: &str) -> Result<String, Invalid> {
    let mut invalid = Invalid::new();
    let text = invalid.text("text", text, 2000, true);
    invalid.into_result(text)
}

/// One item offered to the editors, ready to take over (they may edit it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: &'static str,
    /// The id of what it is about, so it is offered once.
    pub ref_id: String,
    pub title: String,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_months_in_dutch_time() {
        let (p, start, end) = check_period("2026-11").unwrap();
        assert_eq!(p, "2026-11");
        assert_eq!(start.to_rfc3339(), "2026-10-31T23:00:00.000Z");
        assert_eq!(end.to_rfc3339(), "2026-11-30T23:00:00.000Z");
        assert_eq!(check_period("2026-12").unwrap().2.to_rfc3339(), "2026-12-31T23:00:00.000Z");
        for bad in ["2026-13", "26-11", "november", "2026-1", ""] {
            assert!(check_period(bad).is_err(), "{bad}");
        }
        let now = Timestamp::parse("2027-01-10T12:00:00Z").unwrap();
        assert_eq!(previous_month(now), "2026-12");
        let t = Timestamp::parse("2026-12-11T13:00:00Z").unwrap();
        assert_eq!(spoken_time(t, "nl"), "vrijdag 11 december, 14:00");
        assert_eq!(spoken_time(t, "en"), "Friday 11 December, 14:00");
    }

    #[test]
    fn stories_are_short_and_long_sentences_are_pointed_out() {
        assert!(check_story("", "").unwrap_err().has("title"));
        let s = check_story("Feest", "Het was fijn. Er kwamen veel buren.").unwrap();
        assert!(long_sentences(&s.body).is_empty());
        let long = "Op zaterdag kwamen er heel veel buren uit alle straten van de wijk samen op het plein om te eten.";
        assert_eq!(long_sentences(long).len(), 1);
        assert!(check_response("  ").is_err());
    }
}
