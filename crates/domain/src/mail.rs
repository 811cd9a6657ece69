//! E-mail as RFC 5322 text, and when a reminder is due. No I/O: the outbox
//! lives in the store, the words in the web crate's translations, and the
//! `wijkwerk mail send` command hands the text to an SMTP relay.
//!
//! Messages are plain text in UTF-8, quoted-printable, so that every line
//! stays under 78 characters whatever the language, and the subject is an
//! RFC 2047 encoded word when it is not plain ASCII.

use crate::Timestamp;
use time::format_description::well_known::Rfc2822;

/// Reminders go out from this long before a meeting starts (a day: the
/// evening before an evening meeting), until it starts.
pub const REMINDER_BEFORE_SECONDS: i64 = 24 * 3600;

/// A send that failed is tried again after this long, at most this often.
pub const RETRY_AFTER_SECONDS: i64 = 15 * 60;
pub const MAX_ATTEMPTS: i64 = 5;

/// Whether a reminder for a meeting starting at `starts_at` belongs in the
/// outbox at `now`.
pub fn reminder_due(starts_at: Timestamp, now: Timestamp) -> bool {
    let left = starts_at.unix_seconds() - now.unix_seconds();
    left > 0 && left <= REMINDER_BEFORE_SECONDS
}

/// One message, ready to be written out.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub from: String,
    pub to: String,
    pub subject: String,
    /// Plain text; lines end in `\n` (written out as CRLF).
    pub body: String,
    pub date: Timestamp,
    /// Unique per outbox row, so a relay that sees it twice can tell.
    pub message_id: String,
    /// Where the reader turns these messages off (RFC 2369 List-Unsubscribe).
    pub unsubscribe: Option<String>,
}

impl Message {
    /// The whole message as it goes over SMTP's DATA (before dot-stuffing):
    /// CRLF line ends, ASCII only, no line over 78 characters.
    pub fn to_rfc5322(&self) -> String {
        let date = self.date.inner().format(&Rfc2822).unwrap_or_default();
        let domain = self.from.rsplit_once('@').map(|(_, d)| d).unwrap_or("wijkwerk.invalid");
        let mut out = String::new();
        let mut header = |name: &str, value: &str| {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        };
        header("From", &format!("wijkwerk <{}>", self.from));
        header("To", &format!("<{}>", self.to));
        header("Subject", &encoded_words(&self.subject));
        header("Date", &date);
        header("Message-ID", &format!("<{}@{domain}>", self.message_id));
        header("MIME-Version", "1.0");
        header("Content-Type", "text/plain; charset=utf-8");
        header("Content-Transfer-Encoding", "quoted-printable");
        // RFC 3834: a machine sent this; auto-responders should not answer.
        header("Auto-Submitted", "auto-generated");
        if let Some(url) = &self.unsubscribe {
            header("List-Unsubscribe", &format!("<{url}>"));
        }
        out.push_str("\r\n");
        out.push_str(&quoted_printable(&self.body));
        out.push_str("\r\n");
        out
    }
}

/// Whether `text` looks like an address an SMTP relay takes: one `@`, a dot
/// in the domain, nothing that would break a header or an SMTP command.
pub fn is_deliverable(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && text.len() <= 254
        && text.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"'))
}

/// A header value as is when it is short plain ASCII, otherwise as RFC 2047
/// encoded words (base64 of UTF-8), each under 76 characters, folded.
pub fn encoded_words(text: &str) -> String {
    let plain = text.chars().all(|c| c.is_ascii_graphic() || c == ' ');
    if plain && text.len() <= 60 && !text.contains("=?") {
        return text.to_string();
    }
    // 36 bytes of UTF-8 make 48 base64 characters: with `=?UTF-8?B?` and
    // `?=` a word is 60, and the first line with `Subject: ` stays under 76
    // (RFC 2047 section 2). Cut only between characters.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 36 {
            words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", base64(chunk.as_bytes())));
    }
    words.join("\r\n ")
}

/// Quoted-printable (RFC 2045) of UTF-8 text: lines end in CRLF, encoded
/// lines are at most 76 characters with soft breaks, and spaces at the end
/// of a line are encoded so that no relay can strip them.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.strip_suffix('\r').unwrap_or(line).as_bytes();
        let mut width = 0;
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal = (b'!'..=b'~').contains(&b) && b != b'=' || (b == b' ' || b == b'\t') && !last;
            let piece = if literal { (b as char).to_string() } else { format!("={b:02X}") };
            if width + piece.len() > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            out.push_str(&piece);
            width += piece.len();
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SMTP's transparency rule (RFC 5321 4.5.2): a line that starts with a dot
/// gets a second one, so that no line of the message ends the DATA.
pub fn dot_stuffed(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    for line in message.split_inclusive("\r\n") {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
    }
    out
}

/// The ISO week a moment falls in, in Dutch time ("2026-W49"): the
/// marketplace's digest goes once per person per week.
pub fn digest_week(now: crate::Timestamp) -> String {
    let (year, week, _) = now.dutch_civil().date().to_iso_week_date();
    format!("{year}-W{week:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_week_is_the_iso_week_in_dutch_time() {
        let at = |t: &str| crate::Timestamp::parse(t).unwrap();
        assert_eq!(super::digest_week(at("2026-12-04T12:00:00Z")), "2026-W49");
        // Sunday 23:30 UTC is Monday in Amsterdam: the next week.
        assert_eq!(super::digest_week(at("2026-12-06T23:30:00Z")), "2026-W50");
        // The first days of January can belong to the year before's last week.
        assert_eq!(super::digest_week(at("2027-01-01T12:00:00Z")), "2026-W53");
    }

    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn reminders_are_due_in_the_day_before() {
        let start = at("2026-12-10T18:30:00.000Z");
        assert!(reminder_due(start, at("2026-12-09T18:30:00.000Z")));
        assert!(reminder_due(start, at("2026-12-10T18:29:00.000Z")));
        assert!(!reminder_due(start, at("2026-12-09T18:29:00.000Z")));
        assert!(!reminder_due(start, at("2026-12-10T18:30:00.000Z")));
    }

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_encodes_what_it_must() {
        assert_eq!(quoted_printable("Café = koffie"), "Caf=C3=A9 =3D koffie");
        assert_eq!(quoted_printable("einde \nvolgende"), "einde=20\r\nvolgende");
        let long = "woord ".repeat(40);
        let coded = quoted_printable(&long);
        assert!(coded.split("\r\n").all(|l| l.len() <= 76), "{coded}");
        // Undoing the soft breaks gives the text back.
        assert_eq!(coded.replace("=\r\n", "").replace("=20", " "), long);
    }

    #[test]
    fn subjects_outside_ascii_become_encoded_words_cut_between_characters() {
        assert_eq!(encoded_words("Uitnodiging: buurtsoep"), "Uitnodiging: buurtsoep");
        let s = encoded_words("Uitnodiging: wijkschouw in de Oosterpark-buurt – één avond, café 't Hoekje");
        for word in s.split("\r\n ") {
            assert!(word.starts_with("=?UTF-8?B?") && word.ends_with("?=") && word.len() <= 75, "{word}");
        }
        assert!(s.contains("\r\n "));
    }

    #[test]
    fn a_message_is_ascii_with_crlf_and_short_lines() {
        let m = Message {
            from: "bijeenkomsten@wijkwerk.example".into(),
            to: "fatima@example.org".into(),
            subject: "Herinnering: Wijkschouw Oosterpark – morgen".into(),
            body: ".punt aan het begin\nDonderdag 10 december, 19:30 – 21:30\n".into(),
            date: at("2026-12-09T18:30:00.000Z"),
            message_id: "abc".into(),
            unsubscribe: Some("https://wijkwerk.example/instellingen/e-mail".into()),
        };
        let text = m.to_rfc5322();
        assert!(text.is_ascii());
        assert!(text.contains("Date: Wed, 09 Dec 2026 18:30:00 +0000\r\n"), "{text}");
        assert!(text.contains("Message-ID: <abc@wijkwerk.example>\r\n"));
        assert!(text.split("\r\n").all(|l| l.len() <= 78));
        assert!(!text.replace("\r\n", "").contains('\n'));
        let stuffed = dot_stuffed(&text);
        assert!(stuffed.contains("\r\n..punt aan het begin"));
    }

    #[test]
    fn addresses_that_would_break_a_header_are_not_deliverable() {
        assert!(is_deliverable("fatima@example.org"));
        for bad in
            ["", "fatima", "@example.org", "a@b", "a@b.", "a b@c.nl", "a@c.nl\r\nBcc: x@y.nl", "<a@c.nl>"]
        {
            assert!(!is_deliverable(bad), "{bad:?}");
        }
    }
}
