//! The wijkkrant: residents join the editorial group of their wijk, make an
//! edition per month from what the platform offers and their own stories,
//! and publish it to print; a wijkwerker types in the slips that come back.
//!
//! Personal data: who is in an editorial group (theirs: export, gone on
//! erasure) and who wrote an item (kept to let them find it, never printed;
//! set to nothing on erasure). The slips are anonymous text.

use crate::places::{codes, place_at};
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::access::{NEWSPAPER_HELPERS, PAPER_CLERKS};
use wijkwerk_domain::newspaper::{self as rules, MAX_ITEMS, Suggestion};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::newspaper::{Edition, Item, Response};

async fn may_edit(store: &Store, actor: Option<&Actor>, wijk: &str, path: &[Place]) -> Result<bool> {
    let Some(a) = actor else { return Ok(false) };
    let path = codes(path);
    Ok(NEWSPAPER_HELPERS.iter().any(|&r| a.has_role_over(r, &path))
        || store.is_editor(wijk, &a.person_id).await?)
}

fn holds(actor: Option<&Actor>, roles: &[wijkwerk_domain::Role], path: &[Place]) -> bool {
    let path = codes(path);
    actor.is_some_and(|a| roles.iter().any(|&r| a.has_role_over(r, &path)))
}

#[derive(Clone, Debug, Serialize)]
pub struct Editions {
    pub place: Place,
    pub path: Vec<Place>,
    /// Published ones for everyone; drafts too for those who make the paper.
    pub editions: Vec<Edition>,
    pub editors: i64,
    pub is_editor: bool,
    pub may_edit: bool,
    /// The month a new edition is for by default: last month.
    pub next_period: String,
}

pub async fn list(store: &Store, actor: Option<&Actor>, code: &str, now: Timestamp) -> Result<Editions> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk {
        return Err(Error::NotFound("wijkkrant"));
    }
    let may_edit = may_edit(store, actor, &place.code, &path).await?;
    let is_editor = match actor {
        Some(a) => store.is_editor(&place.code, &a.person_id).await?,
        None => false,
    };
    let editions = store
        .editions_of(&place.code)
        .await?
        .into_iter()
        .filter(|e| may_edit || e.published_at.is_some())
        .collect();
    Ok(Editions {
        editors: store.editor_count(&place.code).await?,
        next_period: rules::previous_month(now),
        editions,
        is_editor,
        may_edit,
        place,
        path,
    })
}

/// A resident joins (or leaves) the editorial group of a wijk.
pub async fn join(store: &Store, actor: &Actor, code: &str, join: bool) -> Result<()> {
    let (place, _) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk {
        return Err(Error::NotFound("wijkkrant"));
    }
    store.set_editor(&place.code, &actor.person_id, join).await?;
    Ok(())
}

/// A new edition for a month (`YYYY-MM`), by those who make the paper.
pub async fn create(store: &Store, actor: &Actor, code: &str, period: &str, title: &str) -> Result<Edition> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk || !may_edit(store, Some(actor), &place.code, &path).await? {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let (period, _, _) = rules::check_period(period)?;
    let mut invalid = wijkwerk_domain::Invalid::new();
    let title = invalid.text("title", title, 100, false);
    invalid.into_result(())?;
    let title = if title.is_empty() { format!("Wijkkrant {}", place.name) } else { title };
    let id = store.create_edition(&place.code, &period, &title).await?;
    Ok(store.edition(&id).await?.ok_or(Error::NotFound("wijkkrant"))?.0)
}

#[derive(Clone, Debug, Serialize)]
pub struct EditionView {
    pub edition: Edition,
    pub items: Vec<Item>,
    pub path: Vec<Place>,
    pub may_edit: bool,
    /// What the platform offers for this month, not yet taken (drafts only).
    pub suggestions: Vec<Suggestion>,
    /// Per item, its sentences longer than B1 advice (drafts only).
    pub long_sentences: Vec<(String, Vec<String>)>,
    /// What came back on the slips (for those who make the paper and the clerks).
    pub responses: Vec<Response>,
    pub may_enter_responses: bool,
}

pub async fn show(
    store: &Store,
    actor: Option<&Actor>,
    id: &str,
    now: Timestamp,
    lang: &str,
) -> Result<EditionView> {
    let (edition, items) = store.edition(id).await?.ok_or(Error::NotFound("wijkkrant"))?;
    let (_, path) = place_at(store, &edition.place_code).await?;
    let may_edit = may_edit(store, actor, &edition.place_code, &path).await?;
    if edition.published_at.is_none() && !may_edit {
        return Err(Error::NotFound("wijkkrant"));
    }
    let clerk = holds(actor, PAPER_CLERKS, &path);
    let draft = edition.published_at.is_none() && may_edit;
    let suggestions = if draft {
        let taken: Vec<(&str, &str)> = items.iter().map(|i| (i.kind.as_str(), i.ref_id.as_str())).collect();
        suggestions(store, &edition, now, lang)
            .await?
            .into_iter()
            .filter(|s| !taken.contains(&(s.kind, s.ref_id.as_str())))
            .collect()
    } else {
        Vec::new()
    };
    let long_sentences = if draft {
        items
            .iter()
            .map(|i| (i.id.clone(), rules::long_sentences(&i.body)))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    Ok(EditionView {
        responses: if may_edit || clerk { store.responses_to(id).await? } else { Vec::new() },
        may_enter_responses: clerk && edition.published_at.is_some(),
        suggestions,
        long_sentences,
        may_edit,
        edition,
        items,
        path,
    })
}

/// What the platform offers an edition: meetings coming up (from the end of
/// its month, or now, for six weeks), initiatives decided in its month, and
/// decisions of meetings done in its month; in the paper's words, to edit.
async fn suggestions(
    store: &Store,
    edition: &Edition,
    now: Timestamp,
    lang: &str,
) -> Result<Vec<Suggestion>> {
    let (_, start, end) = rules::check_period(&edition.period)?;
    let nl = lang != "en";
    let mut out = Vec::new();
    let from = if now > end { now } else { end };
    let until = from.plus_seconds(42 * 86_400);
    for m in store.meetings_under(&edition.place_code).await? {
        let Some(at) = Timestamp::parse(&m.starts_at) else { continue };
        if at < from || at > until {
            continue;
        }
        let when = rules::spoken_time(at, lang);
        let place =
            if m.address.is_empty() { m.venue.clone() } else { format!("{}, {}", m.venue, m.address) };
        let body = if nl {
            format!("{}\nWanneer: {when}. Waar: {place}. Iedereen is welkom.", m.purpose)
        } else {
            format!("{}\nWhen: {when}. Where: {place}. Everyone is welcome.", m.purpose)
        };
        out.push(Suggestion { kind: "meeting", ref_id: m.id, title: m.title, body });
    }
    let in_month =
        |t: &Option<String>| t.as_deref().and_then(Timestamp::parse).is_some_and(|t| t >= start && t < end);
    for i in store.initiatives_under(&edition.place_code).await? {
        if !in_month(&i.decided_at) {
            continue;
        }
        let yes = i.status != "rejected";
        let body = match (nl, yes) {
            (true, true) => format!("{} Het idee is goedgekeurd. {}", i.description, i.reason),
            (true, false) => format!("{} Het idee is niet doorgegaan. {}", i.description, i.reason),
            (false, true) => format!("{} The idea was approved. {}", i.description, i.reason),
            (false, false) => format!("{} The idea did not go ahead. {}", i.description, i.reason),
        };
        out.push(Suggestion {
            kind: "initiative",
            ref_id: i.id,
            title: i.title,
            body: body.trim().to_string(),
        });
    }
    for d in store.decisions_under(&edition.place_code).await? {
        let done = d.done_on.as_deref().map(|day| format!("{day}T12:00:00Z"));
        if !in_month(&done) {
            continue;
        }
        let body = if nl {
            format!("U vroeg het op de bijeenkomst \"{}\". {} heeft het gedaan.", d.meeting_title, d.owner)
        } else {
            format!("You asked for it at the meeting \"{}\". {} did it.", d.meeting_title, d.owner)
        };
        out.push(Suggestion { kind: "decision", ref_id: d.id, title: d.title, body });
    }
    Ok(out)
}

async fn editable(store: &Store, actor: &Actor, id: &str) -> Result<Edition> {
    let (edition, _) = store.edition(id).await?.ok_or(Error::NotFound("wijkkrant"))?;
    let (_, path) = place_at(store, &edition.place_code).await?;
    if !may_edit(store, Some(actor), &edition.place_code, &path).await? {
        return Err(Error::NotFound("wijkkrant"));
    }
    Ok(edition)
}

/// An editor's own story.
pub async fn add_story(store: &Store, actor: &Actor, id: &str, title: &str, body: &str) -> Result<()> {
    editable(store, actor, id).await?;
    let s = rules::check_story(title, body)?;
    store.add_item(id, "story", "", &s.title, &s.body, &actor.person_id, MAX_ITEMS).await?;
    Ok(())
}

/// Takes one of the platform's suggestions into the edition, as offered
/// now (the text comes from the platform, not from the form).
pub async fn take_suggestion(
    store: &Store,
    actor: &Actor,
    id: &str,
    (kind, ref_id): (&str, &str),
    now: Timestamp,
    lang: &str,
) -> Result<()> {
    let edition = editable(store, actor, id).await?;
    let s = suggestions(store, &edition, now, lang)
        .await?
        .into_iter()
        .find(|s| s.kind == kind && s.ref_id == ref_id)
        .ok_or(Error::NotFound("suggestion"))?;
    store.add_item(id, s.kind, &s.ref_id, &s.title, &s.body, &actor.person_id, MAX_ITEMS).await?;
    Ok(())
}

pub async fn remove_item(store: &Store, actor: &Actor, id: &str, item: &str) -> Result<()> {
    editable(store, actor, id).await?;
    if !store.remove_item(id, item).await? {
        return Err(Error::NotFound("item"));
    }
    Ok(())
}

/// Publishes the edition: from now on anyone can read and print it.
pub async fn publish(store: &Store, actor: &Actor, id: &str, now: Timestamp) -> Result<()> {
    let edition = editable(store, actor, id).await?;
    if edition.items == 0 {
        return Err(Error::invalid("items", "edition-empty"));
    }
    if !store.publish_edition(id, now).await? {
        return Err(Error::Conflict("edition-published"));
    }
    audit::record(store, actor, "newspaper.published", &edition.place_code, &edition.title, &edition.period)
        .await?;
    Ok(())
}

/// A wijkwerker types in a slip that came back (text only, no name).
pub async fn add_response(store: &Store, actor: &Actor, id: &str, text: &str) -> Result<()> {
    let (edition, _) = store.edition(id).await?.ok_or(Error::NotFound("wijkkrant"))?;
    let (_, path) = place_at(store, &edition.place_code).await?;
    if !holds(Some(actor), PAPER_CLERKS, &path) || edition.published_at.is_none() {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let text = rules::check_response(text)?;
    store.add_response(id, &text, &actor.person_id).await?;
    Ok(())
}

/// The wijken whose paper the person helps make (for "Mijn gegevens").
pub async fn mine(store: &Store, actor: &Actor) -> Result<Vec<wijkwerk_store::newspaper::EditorRecord>> {
    Ok(store.editor_of(&actor.person_id).await?)
}
