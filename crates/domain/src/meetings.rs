//! The open podium: a wijk's meetings, their agenda, who may come (places and
//! a waiting list), and the iCalendar feed people subscribe to.
//!
//! Times are entered and shown in Dutch civil time (the wijk's time zone,
//! Europe/Amsterdam) and stored as UTC instants; the feed names the time zone
//! with its own VTIMEZONE so a calendar app needs nothing else.

use crate::Invalid;
use crate::clock::Timestamp;
use serde::Serialize;
use time::{PrimitiveDateTime, Time, UtcOffset};

/// Working forms: a meeting is not only "vergaderen" (seed 001, task 3).
pub const FORMS: [&str; 6] =
    ["vergadering", "tafelgesprek", "wandeling", "wijkschouw", "werksessie", "ontmoeting"];

pub const MAX_AGENDA_ITEMS: usize = 20;
pub const MAX_CAPACITY: u32 = 10_000;
/// Longer than this is not one meeting but a series or an event.
pub const MAX_HOURS: i64 = 12;

/// The time zone every meeting is in, for now: Dutch places only.
pub const TIME_ZONE: &str = "Europe/Amsterdam";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgendaItem {
    pub title: String,
    pub minutes: u32,
    /// Who brings it (a name, an organisation); may be empty.
    pub brings: String,
    /// The minutes of this item, written afterwards; empty until then.
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeetingInput {
    pub title: String,
    pub purpose: String,
    pub form: String,
    /// Where: the place's name and address, what to know about getting in.
    pub venue: String,
    pub address: String,
    pub accessibility: String,
    /// Or (and) online.
    pub online_url: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// `None`: no limit.
    pub capacity: Option<u32>,
    /// Who organises it: the wijk team, partners.
    pub organisers: String,
    pub agenda: Vec<AgendaItem>,
}

/// A meeting as typed into a form: times as `YYYY-MM-DDTHH:MM` in Dutch time
/// (what `<input type="datetime-local">` sends), numbers as text.
#[derive(Clone, Debug, Default)]
pub struct RawMeeting<'a> {
    pub title: &'a str,
    pub purpose: &'a str,
    pub form: &'a str,
    pub venue: &'a str,
    pub address: &'a str,
    pub accessibility: &'a str,
    pub online_url: &'a str,
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub capacity: &'a str,
    pub organisers: &'a str,
    /// `(title, minutes, brings)`; rows with every field empty are skipped.
    pub agenda: Vec<(&'a str, &'a str, &'a str)>,
}

/// A local Dutch time `YYYY-MM-DDTHH:MM` (seconds allowed) as an instant.
/// The hour skipped in spring does not exist; the hour repeated in autumn
/// is taken the first time (summer time).
pub fn dutch_local_to_utc(text: &str) -> Result<Timestamp, &'static str> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', ' ']).ok_or("datetime-invalid")?;
    let date = crate::goals::parse_date(date).ok_or("datetime-invalid")?;
    let mut parts = time.split(':');
    let mut number = |max: u8| -> Result<u8, &'static str> {
        match parts.next() {
            Some(p) if p.len() == 2 => p.parse::<u8>().ok().filter(|v| *v <= max).ok_or("datetime-invalid"),
            None => Ok(0),
            _ => Err("datetime-invalid"),
        }
    };
    let (h, m, s) = (number(23)?, number(59)?, number(59)?);
    let local = PrimitiveDateTime::new(date, Time::from_hms(h, m, s).map_err(|_| "datetime-invalid")?);
    for hours in [2, 1] {
        let offset = UtcOffset::from_hms(hours, 0, 0).expect("a valid offset");
        let instant = Timestamp::from_offset(local.assume_offset(offset));
        if instant.dutch_civil().offset() == offset {
            return Ok(instant);
        }
    }
    Err("datetime-not-in-dutch-time")
}

/// The instant in Dutch time as a form shows it: `YYYY-MM-DDTHH:MM`.
pub fn utc_to_dutch_local(t: Timestamp) -> String {
    let l = t.dutch_civil();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", l.year(), u8::from(l.month()), l.day(), l.hour(), l.minute())
}

pub fn check_meeting(raw: &RawMeeting<'_>) -> Result<MeetingInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", raw.title, 150, true);
    let purpose = invalid.text("purpose", raw.purpose, 2000, true);
    let form = raw.form.trim().to_string();
    if !FORMS.contains(&form.as_str()) {
        if form.is_empty() {
            invalid.add("form", "required");
        } else {
            invalid.add("form", "form-unknown");
        }
    }
    let venue = invalid.text("venue", raw.venue, 150, false);
    let address = invalid.text("address", raw.address, 200, false);
    let accessibility = invalid.text("accessibility", raw.accessibility, 500, false);
    let online_url = raw.online_url.trim().to_string();
    if !online_url.is_empty()
        && (!online_url.starts_with("https://")
            || online_url.len() > 500
            || online_url.contains(char::is_whitespace))
    {
        invalid.add("onlineUrl", "url-invalid");
    }
    if address.is_empty() && online_url.is_empty() {
        // Somewhere to go: an address, a link, or both.
        invalid.add("address", "meeting-needs-place");
    }
    let organisers = invalid.text("organisers", raw.organisers, 300, true);
    let when = |invalid: &mut Invalid, field: &str, value: &str| match value.trim() {
        "" => {
            invalid.add(field, "required");
            None
        }
        v => dutch_local_to_utc(v).map_err(|code| invalid.add(field, code)).ok(),
    };
    let starts_at = when(&mut invalid, "startsAt", raw.starts_at);
    let ends_at = when(&mut invalid, "endsAt", raw.ends_at);
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if e <= s {
            invalid.add("endsAt", "end-before-start");
        } else if e.unix_seconds() - s.unix_seconds() > MAX_HOURS * 3600 {
            invalid.add("endsAt", "meeting-too-long");
        }
    }
    let capacity = match raw.capacity.trim() {
        "" => None,
        c => match c.parse::<u32>() {
            Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
            _ => {
                invalid.add("capacity", "number-invalid");
                None
            }
        },
    };
    // Empty rows (of a form with room for more) are skipped; a problem is
    // named by the row's own number, as the form or the array has it.
    let rows: Vec<(usize, &(&str, &str, &str))> = raw
        .agenda
        .iter()
        .enumerate()
        .filter(|(_, (t, m, b))| !(t.trim().is_empty() && m.trim().is_empty() && b.trim().is_empty()))
        .collect();
    if rows.len() > MAX_AGENDA_ITEMS {
        invalid.add("agenda", "too-many");
    }
    let mut agenda = Vec::new();
    for &(i, (t, m, b)) in rows.iter().take(MAX_AGENDA_ITEMS) {
        let field = |name: &str| format!("agenda.{i}.{name}");
        let title = invalid.text(&field("title"), t, 150, true);
        let minutes = match m.trim().parse::<u32>() {
            Ok(n) if (1..=(MAX_HOURS as u32) * 60).contains(&n) => n,
            _ => {
                invalid
                    .add(field("minutes"), if m.trim().is_empty() { "required" } else { "number-invalid" });
                0
            }
        };
        let brings = invalid.text(&field("brings"), b, 150, false);
        agenda.push(AgendaItem { title, minutes, brings, notes: String::new() });
    }
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        let planned: i64 = agenda.iter().map(|a| i64::from(a.minutes)).sum();
        if e > s && planned * 60 > e.unix_seconds() - s.unix_seconds() {
            invalid.add("agenda", "agenda-longer-than-meeting");
        }
    }
    let epoch = Timestamp::from_unix_seconds(0);
    invalid.into_result(MeetingInput {
        title,
        purpose,
        form,
        venue,
        address,
        accessibility,
        online_url,
        starts_at: starts_at.unwrap_or(epoch),
        ends_at: ends_at.unwrap_or(epoch),
        capacity,
        organisers,
        agenda,
    })
}

/// What came of a meeting: notes per agenda item (in the agenda's order) and
/// how many people came.
#[derive(Clone, Debug, PartialEq)]
pub struct MinutesInput {
    pub notes: Vec<String>,
    pub attended: Option<u32>,
}

pub fn check_minutes(notes: &[&str], items: usize, attended: &str) -> Result<MinutesInput, Invalid> {
    let mut invalid = Invalid::new();
    if notes.len() > items {
        invalid.add("notes", "too-many");
    }
    let notes =
        notes.iter().enumerate().map(|(i, n)| invalid.text(&format!("notes.{i}"), n, 4000, false)).collect();
    let attended = match attended.trim() {
        "" => None,
        a => match a.parse::<u32>() {
            Ok(n) if n <= MAX_CAPACITY => Some(n),
            _ => {
                invalid.add("attended", "number-invalid");
                None
            }
        },
    };
    invalid.into_result(MinutesInput { notes, attended })
}

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionInput {
    pub title: String,
    pub owner: String,
    pub due_on: String,
}

/// A decision: what, who sees to it, by when (a date, `YYYY-MM-DD`).
pub fn check_decision(title: &str, owner: &str, due_on: &str) -> Result<DecisionInput, Invalid> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", title, 300, true);
    let owner = invalid.text("owner", owner, 150, true);
    let due_on = match crate::goals::parse_date(due_on) {
        Some(d) => crate::goals::iso(d),
        None => {
            if due_on.trim().is_empty() {
                invalid.add("dueOn", "required");
            } else {
                invalid.add("dueOn", "date-invalid");
            }
            String::new()
        }
    };
    invalid.into_result(DecisionInput { title, owner, due_on })
}

/// An evaluation by someone who was registered: a score 1–5 and a line.
#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationInput {
    pub score: u8,
    pub line: String,
}

pub fn check_evaluation(score: &str, line: &str) -> Result<EvaluationInput, Invalid> {
    let mut invalid = Invalid::new();
    let score = match score.trim().parse::<u8>() {
        Ok(n) if (1..=5).contains(&n) => n,
        _ => {
            invalid.add("score", "choose-one");
            0
        }
    };
    let line = invalid.text("line", line, 300, false);
    invalid.into_result(EvaluationInput { score, line })
}

/// What everyone sees of the evaluations: how many, and only from the
/// minimum group up the average and the lines (in alphabetical order, so
/// their order says nothing about who wrote them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluationSummary {
    pub count: u64,
    /// One decimal.
    pub average: Option<f64>,
    pub lines: Vec<String>,
}

pub fn summarise(evaluations: &[(u8, String)], min_group: u64) -> EvaluationSummary {
    let count = evaluations.len() as u64;
    if count == 0 || count < min_group {
        return EvaluationSummary { count, average: None, lines: Vec::new() };
    }
    let sum: u64 = evaluations.iter().map(|(s, _)| u64::from(*s)).sum();
    let average = ((sum * 10 + count / 2) / count) as f64 / 10.0;
    let mut lines: Vec<String> =
        evaluations.iter().map(|(_, l)| l.clone()).filter(|l| !l.is_empty()).collect();
    lines.sort();
    EvaluationSummary { count, average: Some(average), lines }
}

/// Where a new registration goes: a place while there is one, else the
/// waiting list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Seat {
    Registered,
    Waiting,
}

impl Seat {
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::Registered => "registered",
            Seat::Waiting => "waiting",
        }
    }
}

pub fn seat_for(capacity: Option<u32>, registered: u64) -> Seat {
    match capacity {
        Some(c) if registered >= u64::from(c) => Seat::Waiting,
        _ => Seat::Registered,
    }
}

/// One meeting in a calendar feed.
#[derive(Clone, Debug)]
pub struct CalendarEvent<'a> {
    pub uid: String,
    pub title: &'a str,
    pub description: String,
    pub location: String,
    pub url: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// When the meeting was last changed (`LAST-MODIFIED`).
    pub updated_at: Timestamp,
    pub cancelled: bool,
}

/// iCalendar TEXT escaping (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a UTF-8 character),
/// ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc_stamp(t: Timestamp) -> String {
    let u = t.inner();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute(),
        u.second()
    )
}

fn local_stamp(t: Timestamp) -> String {
    let l = t.dutch_civil();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second()
    )
}

/// An iCalendar feed (RFC 5545) of these meetings, with the time zone they
/// are in defined once: CET/CEST with the EU rule since 1996.
pub fn calendar(name: &str, events: &[CalendarEvent<'_>], now: Timestamp) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//wijkwerk//open podium//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, &format!("X-WR-TIMEZONE:{TIME_ZONE}"));
    for l in [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Amsterdam",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, l);
    }
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", e.uid));
        line(&mut out, &format!("DTSTAMP:{}", utc_stamp(now)));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc_stamp(e.updated_at)));
        line(&mut out, &format!("DTSTART;TZID={TIME_ZONE}:{}", local_stamp(e.starts_at)));
        line(&mut out, &format!("DTEND;TZID={TIME_ZONE}:{}", local_stamp(e.ends_at)));
        line(&mut out, &format!("SUMMARY:{}", escape(e.title)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        if !e.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&e.location)));
        }
        line(&mut out, &format!("URL:{}", e.url));
        line(&mut out, if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawMeeting<'static> {
        RawMeeting {
            title: "Wijkavond Oosterpark",
            purpose: "Samen kiezen wat er eerst moet in de wijk.",
            form: "tafelgesprek",
            venue: "Buurthuis De Linde",
            address: "Lindenlaan 12, Lindenhoven",
            accessibility: "Drempelvrij, invalidentoilet.",
            online_url: "",
            starts_at: "2026-12-10T19:30",
            ends_at: "2026-12-10T21:30",
            capacity: "40",
            organisers: "Wijkteam Oosterpark",
            agenda: vec![("Welkom", "10", "Petra"), ("Tafels", "90", ""), ("", "", "")],
        }
    }

    #[test]
    fn a_meeting_is_checked_field_by_field() {
        let ok = check_meeting(&raw()).unwrap();
        // 19:30 in December is CET: 18:30 UTC.
        assert_eq!(ok.starts_at.to_rfc3339(), "2026-12-10T18:30:00.000Z");
        assert_eq!(ok.agenda.len(), 2, "the empty row is skipped");
        assert_eq!(utc_to_dutch_local(ok.starts_at), "2026-12-10T19:30");
        let bad = RawMeeting {
            title: "",
            form: "borrel",
            address: "",
            online_url: "http://niet-veilig.example",
            starts_at: "2026-12-10T21:00",
            ends_at: "2026-12-10T20:00",
            capacity: "0",
            agenda: vec![("", "x", "")],
            ..raw()
        };
        let fields: Vec<(String, &str)> =
            check_meeting(&bad).unwrap_err().errors.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("title".to_string(), "required"),
                ("form".to_string(), "form-unknown"),
                ("onlineUrl".to_string(), "url-invalid"),
                ("endsAt".to_string(), "end-before-start"),
                ("capacity".to_string(), "number-invalid"),
                ("agenda.0.title".to_string(), "required"),
                ("agenda.0.minutes".to_string(), "number-invalid"),
            ]
        );
        let nowhere = RawMeeting { address: "", online_url: "", ..raw() };
        assert_eq!(check_meeting(&nowhere).unwrap_err().errors[0].code, "meeting-needs-place");
        let long = RawMeeting { agenda: vec![("Alles", "150", "")], ..raw() };
        assert_eq!(check_meeting(&long).unwrap_err().errors[0].code, "agenda-longer-than-meeting");
    }

    #[test]
    fn evaluations_show_only_from_the_minimum_group_up() {
        assert!(check_evaluation("6", "").unwrap_err().has("score"));
        assert_eq!(
            check_evaluation("4", " Fijn ").unwrap(),
            EvaluationInput { score: 4, line: "Fijn".into() }
        );
        let few: Vec<(u8, String)> = vec![(5, "Top".into()), (3, String::new())];
        assert_eq!(summarise(&few, 5), EvaluationSummary { count: 2, average: None, lines: vec![] });
        let many: Vec<(u8, String)> = vec![
            (5, "Zo".into()),
            (4, String::new()),
            (4, "Af".into()),
            (3, String::new()),
            (5, String::new()),
        ];
        let s = summarise(&many, 5);
        assert_eq!((s.count, s.average), (5, Some(4.2)));
        assert_eq!(s.lines, ["Af", "Zo"]);
    }

    #[test]
    fn dutch_time_follows_summer_time_and_refuses_the_skipped_hour() {
        assert_eq!(dutch_local_to_utc("2026-07-01T20:00").unwrap().to_rfc3339(), "2026-07-01T18:00:00.000Z");
        // 29 March 2026: the clock jumps from 02:00 to 03:00.
        assert_eq!(dutch_local_to_utc("2026-03-29T02:30"), Err("datetime-not-in-dutch-time"));
        // 25 October 2026: 02:30 happens twice; the first (summer) one is meant.
        assert_eq!(dutch_local_to_utc("2026-10-25T02:30").unwrap().to_rfc3339(), "2026-10-25T00:30:00.000Z");
        assert_eq!(dutch_local_to_utc("10-12-2026 19:30"), Err("datetime-invalid"));
        assert_eq!(dutch_local_to_utc("2026-12-10T25:00"), Err("datetime-invalid"));
    }

    #[test]
    fn minutes_and_decisions_are_checked_field_by_field() {
        let m = check_minutes(&["Veel ideeën.", ""], 2, "34").unwrap();
        assert_eq!(m.attended, Some(34));
        let fields = |e: Invalid| e.errors.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>();
        assert_eq!(
            fields(check_minutes(&["a", "b", "c"], 2, "veel").unwrap_err()),
            [("notes".to_string(), "too-many"), ("attended".to_string(), "number-invalid")]
        );
        assert_eq!(check_decision("Bankjes", "Gemeente", "2027-03-01").unwrap().due_on, "2027-03-01");
        assert_eq!(
            fields(check_decision("", "", "morgen").unwrap_err()),
            [
                ("title".to_string(), "required"),
                ("owner".to_string(), "required"),
                ("dueOn".to_string(), "date-invalid")
            ]
        );
    }

    #[test]
    fn a_place_while_there_is_one_then_the_waiting_list() {
        assert_eq!(seat_for(Some(2), 1), Seat::Registered);
        assert_eq!(seat_for(Some(2), 2), Seat::Waiting);
        assert_eq!(seat_for(None, 10_000), Seat::Registered);
    }

    #[test]
    fn the_feed_folds_long_lines_escapes_text_and_defines_its_time_zone() {
        let m = check_meeting(&raw()).unwrap();
        let long = "Een heel lange beschrijving met komma's, puntkomma's; en een regel\nen één ë die niet doormidden mag bij het vouwen van de regel op 75 octetten.";
        let event = CalendarEvent {
            uid: "meeting-1@wijkwerk".into(),
            title: &m.title,
            description: long.into(),
            location: m.address.clone(),
            url: "https://wijkwerk.example/bijeenkomsten/1".into(),
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            updated_at: m.starts_at,
            cancelled: false,
        };
        let feed = calendar("Oosterpark", &[event], Timestamp::from_unix_seconds(1_800_000_000));
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
        assert!(!feed.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        for l in feed.split("\r\n") {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = feed.replace("\r\n ", "");
        assert!(unfolded.contains(
            "DESCRIPTION:Een heel lange beschrijving met komma's\\, puntkomma's\\; en een regel\\nen één ë"
        ));
        assert!(unfolded.contains("DTSTART;TZID=Europe/Amsterdam:20261210T193000\r\n"));
        assert!(unfolded.contains("DTSTAMP:20270115T080000Z\r\n"));
        assert!(unfolded.contains("TZID:Europe/Amsterdam\r\n"));
    }
}
