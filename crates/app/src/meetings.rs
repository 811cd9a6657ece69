//! The open podium: a wijk's meetings, found by anyone without signing in,
//! registered for by residents (a place, or the waiting list), organised by
//! the wijk's coördinator or the gemeente, and followed in a calendar app
//! through an iCalendar feed per place and per meeting.
//!
//! Personal data: a registration (who, which meeting, when, placed or
//! waiting) is the person's own: in their export, cancelled and gone when
//! they are erased (their place goes to the first who waits). Nobody else
//! reads registrations by name: pages, API and feeds show counts only, so
//! there is no read of someone else's data to log.

use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::access::MEETING_ORGANISERS;
use wijkwerk_domain::meetings::{
    self as rules, AgendaItem, CalendarEvent, EvaluationSummary, MeetingInput, Seat,
};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::meetings::{Decision, Meeting};

use crate::places::{codes, place_at};

pub(crate) fn may_organise(actor: Option<&Actor>, path: &[Place]) -> bool {
    let path = codes(path);
    actor.is_some_and(|a| MEETING_ORGANISERS.iter().any(|&r| a.has_role_over(r, &path)))
}

fn is_over(m: &Meeting, now: Timestamp) -> bool {
    Timestamp::parse(&m.ends_at).is_some_and(|end| end <= now)
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingList {
    pub place: Place,
    pub path: Vec<Place>,
    /// Soonest first.
    pub upcoming: Vec<Meeting>,
    /// Most recent first.
    pub past: Vec<Meeting>,
    /// Every decision of these meetings: open ones first, then done ("u vroeg, wij deden").
    pub decisions: Vec<Decision>,
    pub may_organise: bool,
}

/// The meetings at a place and inside it (a gemeente: all its wijken'), for
/// anyone: `/plaatsen/{code}/bijeenkomsten` and `GET /api/v1/places/{code}/meetings`.
pub async fn list(store: &Store, actor: Option<&Actor>, code: &str, now: Timestamp) -> Result<MeetingList> {
    let (place, path) = place_at(store, code).await?;
    let (mut past, upcoming): (Vec<Meeting>, Vec<Meeting>) =
        store.meetings_under(&place.code).await?.into_iter().partition(|m| is_over(m, now));
    past.reverse();
    let (open, done): (Vec<Decision>, Vec<Decision>) =
        store.decisions_under(&place.code).await?.into_iter().partition(|d| d.done_on.is_none());
    Ok(MeetingList {
        decisions: open.into_iter().chain(done.into_iter().rev()).collect(),
        may_organise: may_organise(actor, &path) && place.level != PlaceLevel::Land,
        upcoming,
        past,
        place,
        path,
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub agenda: Vec<AgendaItem>,
    pub path: Vec<Place>,
    pub over: bool,
    pub full: bool,
    /// The viewer's registration and, when waiting, their place in the queue.
    pub mine: Option<(Seat, u64)>,
    /// Decisions taken at this meeting.
    pub decisions: Vec<Decision>,
    /// How it was, once over: the count, and from the minimum group up the
    /// average and the lines.
    pub evaluation: EvaluationSummary,
    /// The viewer may evaluate it (registered, and it is over), and their own evaluation.
    pub may_evaluate: bool,
    pub my_evaluation: Option<(u8, String)>,
    /// Open decisions of earlier meetings at this place, carried onto this
    /// one's agenda until done, with how many meetings they have been carried.
    pub carried: Vec<(Decision, usize)>,
    pub may_organise: bool,
}

/// One meeting, for anyone; with the viewer's own registration when signed in.
pub async fn show(store: &Store, actor: Option<&Actor>, id: &str, now: Timestamp) -> Result<MeetingView> {
    let (meeting, agenda) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    let (_, path) = place_at(store, &meeting.place_code).await?;
    let mine = match actor {
        Some(a) => store.registration(id, &a.person_id).await?,
        None => None,
    };
    let here = store.meetings_under(&meeting.place_code).await?;
    let all = store.decisions_under(&meeting.place_code).await?;
    let decisions = all.iter().filter(|d| d.meeting_id == meeting.id).cloned().collect();
    // A decision still open is on every later meeting's agenda at the place:
    // carried once for each meeting after the one that took it, up to this one.
    let carried = all
        .into_iter()
        .filter(|d| {
            d.done_on.is_none()
                && d.place_code == meeting.place_code
                && d.meeting_starts_at < meeting.starts_at
        })
        .map(|d| {
            let times = here
                .iter()
                .filter(|m| m.starts_at > d.meeting_starts_at && m.starts_at <= meeting.starts_at)
                .count();
            (d, times)
        })
        .collect();
    let over = is_over(&meeting, now);
    let registered = mine.is_some_and(|(seat, _)| seat == Seat::Registered);
    let my_evaluation = match actor {
        Some(a) if over => store.my_evaluation(id, &a.person_id).await?,
        _ => None,
    };
    let min_group = store.min_group_size().get() as u64;
    Ok(MeetingView {
        evaluation: rules::summarise(&store.evaluations_of(id).await?, min_group),
        may_evaluate: over && registered,
        my_evaluation,
        may_organise: may_organise(actor, &path),
        decisions,
        carried,
        over,
        full: rules::seat_for(meeting.capacity.map(|c| c as u32), meeting.registered) == Seat::Waiting,
        meeting,
        agenda,
        path,
        mine,
    })
}

/// Puts a meeting on the podium of a wijk or buurt (its coördinator, the gemeente).
pub async fn organise(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<MeetingInput, wijkwerk_domain::Invalid>,
) -> Result<Meeting> {
    let (place, path) = place_at(store, code).await?;
    if !may_organise(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !matches!(place.level, PlaceLevel::Wijk | PlaceLevel::Buurt | PlaceLevel::Gemeente) {
        return Err(Error::invalid("place", "meeting-place-level"));
    }
    let input = input?;
    let id = store.create_meeting(&place.code, &input, &actor.person_id).await?;
    audit::record(
        store,
        actor,
        "meeting.organised",
        &place.code,
        &input.title,
        &input.starts_at.to_rfc3339(),
    )
    .await?;
    Ok(store.meeting(&id).await?.ok_or(Error::NotFound("meeting"))?.0)
}

/// Registers the signed-in person: a place, or the waiting list when full.
/// Registering again answers the same.
pub async fn register(store: &Store, actor: &Actor, id: &str, now: Timestamp) -> Result<(Seat, u64)> {
    let (meeting, _) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    if is_over(&meeting, now) {
        return Err(Error::Conflict("meeting-over"));
    }
    store.register_for_meeting(id, &actor.person_id).await?;
    store.registration(id, &actor.person_id).await?.ok_or(Error::NotFound("registration"))
}

/// Someone who was registered says how the meeting was (again: replaces
/// it). Only after the meeting, only by those registered for it.
pub async fn evaluate(
    store: &Store,
    actor: &Actor,
    id: &str,
    score: &str,
    line: &str,
    now: Timestamp,
) -> Result<()> {
    let (meeting, _) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    if !is_over(&meeting, now) {
        return Err(Error::Conflict("meeting-not-over"));
    }
    let registered =
        store.registration(id, &actor.person_id).await?.is_some_and(|(s, _)| s == Seat::Registered);
    if !registered {
        return Err(Error::Forbidden("error-meeting-evaluate-registered"));
    }
    let e = rules::check_evaluation(score, line)?;
    store.evaluate_meeting(id, &actor.person_id, e.score, &e.line).await?;
    Ok(())
}

/// Cancels the signed-in person's registration; a freed place goes to the
/// first on the waiting list.
pub async fn cancel(store: &Store, actor: &Actor, id: &str) -> Result<()> {
    store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    if !store.cancel_registration(id, &actor.person_id).await? {
        return Err(Error::NotFound("registration"));
    }
    Ok(())
}

fn event<'a>(m: &'a Meeting, site: &str) -> CalendarEvent<'a> {
    let url = format!("{site}/bijeenkomsten/{}", m.id);
    let place = [m.venue.as_str(), m.address.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    // Many calendar apps show neither URL nor LOCATION well: the description
    // carries the address, the online link and the page too.
    let mut description = m.purpose.clone();
    if !place.is_empty() {
        description.push_str(&format!("\n\nWaar: {place}"));
    }
    if !m.accessibility.is_empty() {
        description.push_str(&format!("\nToegankelijkheid: {}", m.accessibility));
    }
    if !m.online_url.is_empty() {
        description.push_str(&format!("\nOnline: {}", m.online_url));
    }
    description.push_str(&format!("\nOrganisatie: {}\nMeer en aanmelden: {url}", m.organisers));
    let at = |t: &str| Timestamp::parse(t).unwrap_or(Timestamp::from_unix_seconds(0));
    CalendarEvent {
        uid: format!("meeting-{}@wijkwerk", m.id),
        title: &m.title,
        description,
        location: if place.is_empty() { m.online_url.clone() } else { place },
        url,
        starts_at: at(&m.starts_at),
        ends_at: at(&m.ends_at),
        updated_at: at(&m.updated_at),
        cancelled: false,
    }
}

/// The feed of every meeting at a place and inside it (`….ics`).
pub async fn place_feed(store: &Store, code: &str, site: &str, now: Timestamp) -> Result<(String, String)> {
    let (place, _) = place_at(store, code).await?;
    let meetings = store.meetings_under(&place.code).await?;
    let events: Vec<CalendarEvent<'_>> = meetings.iter().map(|m| event(m, site)).collect();
    let name = format!("Bijeenkomsten {}", place.name);
    Ok((rules::calendar(&name, &events, now), place.code))
}

/// The feed of one meeting, to add it to a calendar.
pub async fn meeting_feed(store: &Store, id: &str, site: &str, now: Timestamp) -> Result<String> {
    let (meeting, _) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    Ok(rules::calendar(&meeting.title, &[event(&meeting, site)], now))
}

/// The signed-in person's own registrations, for "Mijn gegevens".
pub async fn mine(store: &Store, actor: &Actor) -> Result<Vec<wijkwerk_store::meetings::RegistrationRecord>> {
    Ok(store.registrations_of(&actor.person_id).await?)
}

/// The meeting a change is about, for its organisers only.
async fn organised(store: &Store, actor: &Actor, id: &str) -> Result<(Meeting, Vec<AgendaItem>)> {
    let (meeting, agenda) = store.meeting(id).await?.ok_or(Error::NotFound("meeting"))?;
    let (_, path) = place_at(store, &meeting.place_code).await?;
    if !may_organise(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    Ok((meeting, agenda))
}

/// Writes the minutes: notes per agenda item and how many came (again: replaces them).
pub async fn record_minutes(
    store: &Store,
    actor: &Actor,
    id: &str,
    notes: &[&str],
    attended: &str,
) -> Result<()> {
    let (meeting, agenda) = organised(store, actor, id).await?;
    let minutes = rules::check_minutes(notes, agenda.len(), attended)?;
    store.save_minutes(&meeting.id, &minutes).await?;
    audit::record(store, actor, "meeting.minutes", &meeting.place_code, &meeting.title, "").await?;
    Ok(())
}

/// Records a decision taken at a meeting.
pub async fn decide(
    store: &Store,
    actor: &Actor,
    id: &str,
    input: std::result::Result<rules::DecisionInput, wijkwerk_domain::Invalid>,
) -> Result<Decision> {
    let (meeting, _) = organised(store, actor, id).await?;
    let input = input?;
    let decision = store.add_decision(&meeting.id, &input).await?;
    audit::record(store, actor, "meeting.decision", &meeting.place_code, &input.title, &input.due_on).await?;
    store.decision(&decision).await?.ok_or(Error::NotFound("decision"))
}

/// Marks a decision done today (Dutch date); it leaves the agendas and shows as done.
pub async fn decision_done(
    store: &Store,
    actor: &Actor,
    decision_id: &str,
    now: Timestamp,
) -> Result<Decision> {
    let d = store.decision(decision_id).await?.ok_or(Error::NotFound("decision"))?;
    organised(store, actor, &d.meeting_id).await?;
    store.decision_done(&d.id, &now.dutch_date()).await?;
    audit::record(store, actor, "meeting.decision-done", &d.place_code, &d.title, "").await?;
    store.decision(&d.id).await?.ok_or(Error::NotFound("decision"))
}

/// Where a printed short link (`/b/{code}`) goes: the meeting's id.
pub async fn follow_short_code(store: &Store, code: &str) -> Result<String> {
    store.meeting_by_short_code(code).await?.ok_or(Error::NotFound("meeting"))
}
