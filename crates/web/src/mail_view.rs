//! The words of an e-mail, in the reader's language: an invitation to a
//! meeting, or a reminder of one. The translations live with the pages'
//! (`mail-…` keys); the RFC 5322 text is `wijkwerk_domain::mail`'s.
//!
//! Each message names what, when and where in full, since many read mail
//! offline or forward it to a neighbour, and ends with why it came and where
//! to turn it off.

use crate::i18n::{I18n, meeting_when};
use fluent_bundle::FluentValue;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::mail::Message;
use wijkwerk_store::mail::OutboxItem;
use wijkwerk_store::meetings::Meeting;

/// Who sends, and where the links point.
#[derive(Clone, Debug)]
pub struct Sender {
    /// The envelope and From address, e.g. `bijeenkomsten@wijkwerk.example`.
    pub from: String,
    /// The public address of the site, without a trailing slash.
    pub site: String,
}

/// The outbox row's id is two ids long: a digest of it keeps the
/// Message-ID header on one short line, and still the same for a retry.
fn message_id(outbox_id: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(outbox_id.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The message for one outbox row about `meeting`.
pub fn compose(
    i18n: &I18n,
    sender: &Sender,
    item: &OutboxItem,
    meeting: &Meeting,
    now: Timestamp,
) -> Message {
    let lang = i18n.supported(&item.language).unwrap_or("nl");
    let t = |key: &str, args: &[(&str, FluentValue<'_>)]| i18n.text(lang, key, args);
    let when = meeting_when(i18n, lang, &meeting.starts_at, &meeting.ends_at);
    let page = format!("{}/bijeenkomsten/{}", sender.site, meeting.id);
    let settings = format!("{}/mijn-gegevens#e-mail", sender.site);
    let title = || FluentValue::from(meeting.title.as_str());
    let reminder = item.kind == "reminder";

    let mut body = t("mail-greeting", &[("name", FluentValue::from(item.display_name.as_str()))]);
    body.push_str("\n\n");
    if reminder {
        body.push_str(&t("mail-reminder-intro", &[("title", title())]));
    } else {
        body.push_str(&t(
            "mail-invitation-intro",
            &[("place", FluentValue::from(meeting.place_name.as_str()))],
        ));
    }
    body.push_str("\n\n");
    body.push_str(&meeting.title);
    body.push('\n');
    let line = |label: &str, value: &str| format!("{}: {value}\n", t(label, &[]));
    body.push_str(&line("mail-when", &when));
    let place: Vec<&str> =
        [meeting.venue.as_str(), meeting.address.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    if !place.is_empty() {
        body.push_str(&line("mail-where", &place.join(", ")));
    }
    if !meeting.accessibility.is_empty() {
        body.push_str(&line("mail-accessibility", &meeting.accessibility));
    }
    if !meeting.online_url.is_empty() {
        body.push_str(&line("mail-online", &meeting.online_url));
    }
    if !reminder && !meeting.purpose.is_empty() {
        body.push('\n');
        body.push_str(&meeting.purpose);
        body.push('\n');
    }
    body.push('\n');
    if reminder {
        body.push_str(&t("mail-reminder-cancel", &[("url", FluentValue::from(page.as_str()))]));
    } else {
        body.push_str(&t("mail-invitation-register", &[("url", FluentValue::from(page.as_str()))]));
        body.push('\n');
        body.push_str(&t(
            "mail-invitation-questions",
            &[("organisers", FluentValue::from(meeting.organisers.as_str()))],
        ));
    }
    body.push_str("\n\n-- \n");
    let why = if reminder { "mail-reminder-why" } else { "mail-invitation-why" };
    body.push_str(&t(why, &[("url", FluentValue::from(settings.as_str()))]));
    body.push('\n');

    let subject = if reminder {
        t("mail-reminder-subject", &[("title", title()), ("when", FluentValue::from(when.as_str()))])
    } else {
        t("mail-invitation-subject", &[("title", title())])
    };
    Message {
        from: sender.from.clone(),
        to: item.email.clone(),
        subject,
        body,
        date: now,
        message_id: message_id(&item.id),
        unsubscribe: Some(settings),
    }
}

/// The marketplace's weekly e-mail for one person: what was placed in their
/// buurt this week, and the new posts that match their own. Each post with
/// its link, so it can be opened from a phone's mail app.
pub fn compose_digest(
    i18n: &I18n,
    sender: &Sender,
    item: &wijkwerk_store::digests::DigestItem,
    digest: &wijkwerk_app::digest::Digest,
    now: Timestamp,
) -> Message {
    let lang = i18n.supported(&item.language).unwrap_or("nl");
    let t = |key: &str, args: &[(&str, FluentValue<'_>)]| i18n.text(lang, key, args);
    let settings = format!("{}/mijn-gegevens#e-mail", sender.site);
    let line = |p: &wijkwerk_store::marketplace::MarketPost| {
        format!(
            "- {} ({}, {})\n  {}/markt/{}\n",
            p.title,
            t(&format!("mk-kind-{}", p.kind), &[]),
            p.buurt_name,
            sender.site,
            p.id
        )
    };
    let mut body = t("mail-greeting", &[("name", FluentValue::from(item.display_name.as_str()))]);
    body.push_str("\n\n");
    if !digest.nearby.is_empty() {
        body.push_str(&t("mail-digest-nearby", &[]));
        body.push_str("\n\n");
        digest.nearby.iter().for_each(|p| body.push_str(&line(p)));
        body.push('\n');
    }
    for (mine, new) in &digest.matches {
        body.push_str(&t("mail-digest-matches", &[("title", FluentValue::from(mine.title.as_str()))]));
        body.push_str("\n\n");
        new.iter().for_each(|p| body.push_str(&line(p)));
        body.push('\n');
    }
    body.push_str(&t(
        "mail-digest-all",
        &[("url", FluentValue::from(format!("{}/mijn/markt", sender.site)))],
    ));
    body.push_str("\n\n-- \n");
    body.push_str(&t("mail-digest-why", &[("url", FluentValue::from(settings.as_str()))]));
    body.push('\n');
    Message {
        from: sender.from.clone(),
        to: item.email.clone(),
        subject: t("mail-digest-subject", &[]),
        body,
        date: now,
        message_id: message_id(&item.id),
        unsubscribe: Some(settings),
    }
}
