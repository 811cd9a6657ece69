//! E-mail: invitations to a wijk's meetings and reminders before them.
//!
//! The use cases queue; `wijkwerk mail send` (a cron job, like
//! `initiatives settle`) queues the reminders that are due, claims what is
//! waiting, writes each message in the person's language and hands it to an
//! SMTP relay. App servers keep no state: the outbox is in the database.
//!
//! Personal data: the address a person signed up with, their choices
//! (invitations, opt-in; reminders, on until turned off; the marketplace's
//! weekly e-mail, opt-in, see `digest`) and which messages
//! went to them. The person sees and changes the choices on "Mijn gegevens",
//! finds the messages in their export, and everything goes when they are
//! erased. Organisers see counts only, never who gets mail.

use crate::meetings::may_organise;
use crate::places::place_at;
use crate::{Error, Result, audit};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::mail::{REMINDER_BEFORE_SECONDS, RETRY_AFTER_SECONDS};
use wijkwerk_domain::role::Actor;
use wijkwerk_store::Store;
use wijkwerk_store::mail::{InvitationCounts, MailPreferences, MailRecord, OutboxItem};
use wijkwerk_store::meetings::Meeting;

pub async fn preferences(store: &Store, actor: &Actor) -> Result<MailPreferences> {
    Ok(store.mail_preferences(&actor.person_id).await?)
}

pub async fn set_preferences(
    store: &Store,
    actor: &Actor,
    invitations: bool,
    reminders: bool,
    market_digest: Option<bool>,
) -> Result<MailPreferences> {
    store.set_mail_preferences(&actor.person_id, invitations, reminders).await?;
    if let Some(wanted) = market_digest {
        store.set_market_digest(&actor.person_id, wanted).await?;
    }
    preferences(store, actor).await
}

pub async fn mine(store: &Store, actor: &Actor) -> Result<Vec<MailRecord>> {
    Ok(store.mails_of(&actor.person_id).await?)
}

async fn organised_meeting(store: &Store, actor: &Actor, id: &str) -> Result<Meeting> {
    let (meeting, _) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    let (_, path) = place_at(store, &meeting.place_code).await?;
    if !may_organise(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    Ok(meeting)
}

/// Invites the residents of the meeting's place who asked for invitations
/// by e-mail; asking again queues only those not invited yet. The answer
/// says how many the letter must still reach.
pub async fn invite(store: &Store, actor: &Actor, id: &str, now: Timestamp) -> Result<InvitationCounts> {
    let meeting = organised_meeting(store, actor, id).await?;
    // Once it has started, an invitation comes too late (over is later still).
    if Timestamp::parse(&meeting.starts_at).is_some_and(|s| s <= now) {
        return Err(Error::Conflict("meeting-over"));
    }
    let queued = store.queue_invitations(id, &meeting.place_code, now).await?;
    audit::record(store, actor, "meeting.invited", &meeting.place_code, &meeting.title, &queued.to_string())
        .await?;
    Ok(store.invitation_counts(id, &meeting.place_code).await?)
}

/// The counts an organiser sees on the meeting's page.
pub async fn invitation_counts(store: &Store, actor: &Actor, id: &str) -> Result<InvitationCounts> {
    let meeting = organised_meeting(store, actor, id).await?;
    Ok(store.invitation_counts(id, &meeting.place_code).await?)
}

/// What one run of the sender has to do: reminders that came due are
/// queued, then up to `limit` messages are claimed for ten minutes.
pub async fn due(store: &Store, now: Timestamp, limit: i64) -> Result<(u64, Vec<OutboxItem>)> {
    let reminders = store.queue_reminders(now, now.plus_seconds(REMINDER_BEFORE_SECONDS)).await?;
    let items = store.claim_mail(now, now.plus_seconds(600), limit).await?;
    Ok((reminders, items))
}

pub async fn sent(store: &Store, item: &OutboxItem, now: Timestamp) -> Result<()> {
    Ok(store.mail_sent(&item.id, now).await?)
}

/// A failed send is tried again by a later run, a few times.
pub async fn failed(store: &Store, item: &OutboxItem, error: &str, now: Timestamp) -> Result<()> {
    Ok(store.mail_failed(&item.id, error, now.plus_seconds(RETRY_AFTER_SECONDS)).await?)
}
