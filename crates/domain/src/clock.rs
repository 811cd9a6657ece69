//! Points in time, always UTC.
//!
//! Both engines store times as fixed-width RFC 3339 text with milliseconds and
//! a `Z` suffix (`2026-11-22T21:13:51.123Z`): it sorts the same as the instant,
//! reads well in any SQL console and needs no engine-specific type.

use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    pub fn now() -> Self {
        Self::from_offset(OffsetDateTime::now_utc())
    }

    /// Millisecond precision, so a value survives a round trip through text.
    pub fn from_offset(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        let millis = t.millisecond();
        Timestamp(t.replace_nanosecond(u32::from(millis) * 1_000_000).expect("valid nanos"))
    }

    pub fn from_unix_seconds(secs: i64) -> Self {
        Self::from_offset(OffsetDateTime::from_unix_timestamp(secs).expect("timestamp in range"))
    }

    pub fn parse(text: &str) -> Option<Self> {
        OffsetDateTime::parse(text, &Rfc3339).ok().map(Self::from_offset)
    }

    pub fn to_rfc3339(self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }

    /// The calendar date in UTC, `YYYY-MM-DD`.
    pub fn date_iso(self) -> String {
        self.to_rfc3339()[..10].to_string()
    }

    pub fn plus_seconds(self, secs: i64) -> Self {
        Timestamp(self.0 + Duration::seconds(secs))
    }

    pub fn minus_seconds(self, secs: i64) -> Self {
        Timestamp(self.0 - Duration::seconds(secs))
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    pub fn inner(self) -> OffsetDateTime {
        self.0
    }

    /// The same instant in Dutch civil time: Central European Time with the
    /// EU summer-time rule (last Sunday of March 01:00 UTC to last Sunday of
    /// October 01:00 UTC). Other time zones are future work.
    pub fn dutch_civil(self) -> OffsetDateTime {
        let utc = self.0;
        let last_sunday = |month: time::Month| {
            let days = month.length(utc.year());
            let last = time::Date::from_calendar_date(utc.year(), month, days).expect("a valid date");
            let back = last.weekday().number_days_from_sunday();
            (last - Duration::days(i64::from(back))).with_hms(1, 0, 0).expect("a valid time").assume_utc()
        };
        let summer = utc >= last_sunday(time::Month::March) && utc < last_sunday(time::Month::October);
        let hours = if summer { 2 } else { 1 };
        utc.to_offset(UtcOffset::from_hms(hours, 0, 0).expect("a valid offset"))
    }

    /// The calendar date in Dutch civil time, `YYYY-MM-DD`: the day a person
    /// in the Netherlands would name.
    pub fn dutch_date(self) -> String {
        let t = self.dutch_civil();
        format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_width_and_round_trips() {
        let t = Timestamp::parse("2026-11-22T22:13:51.123456+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-22T21:13:51.123Z");
        assert_eq!(Timestamp::parse(&t.to_rfc3339()), Some(t));
        assert_eq!(t.date_iso(), "2026-11-22");
    }

    #[test]
    fn text_order_is_time_order() {
        let a = Timestamp::from_unix_seconds(1_000_000_000);
        let b = a.plus_seconds(1);
        assert!(a.to_rfc3339() < b.to_rfc3339());
        assert!(a < b);
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(Timestamp::parse("gisteren"), None);
    }
}
