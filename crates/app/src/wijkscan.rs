//! The wijkscan: the gemeente opens a round; the people who work on the
//! wijkaanpak in that gemeente (and residents and partners with a role
//! there) tick the chances and pitfalls they see; the report shows per task
//! and group how many, compares with the round before, and suggests chances
//! for the pitfalls present.
//!
//! Who may: anyone with a role at the gemeente or inside it answers (their
//! answer is theirs: in their export, gone when they are erased); the
//! gemeente opens rounds; the gemeente, landelijk and the round's own
//! respondents read the report. Answers are shown per group, not per name.

use crate::{Error, Result, audit};
use serde::Serialize;
use std::collections::BTreeSet;
use wijkwerk_domain::access::{EFFECT_KEEPERS, EFFECT_READERS};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::wijkscan::{self as rules, TaskProfile};
use wijkwerk_domain::{Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::wijkscan::Round;

async fn gemeente_of(store: &Store, code: &str) -> Result<(Place, Vec<String>)> {
    // Asked for a wijk or buurt: its gemeente's scan.
    let mut path = crate::places::path_to(store, code).await?;
    let at = path.iter().position(|p| p.level == PlaceLevel::Gemeente).ok_or(Error::NotFound("gemeente"))?;
    path.truncate(at + 1);
    let place = path[at].clone();
    Ok((place, path.into_iter().map(|p| p.code).collect()))
}

/// Does the actor hold a role at the gemeente or at a place inside it?
async fn works_in(store: &Store, actor: &Actor, gemeente: &str) -> Result<bool> {
    for role in &actor.roles {
        if store.place_path(&role.place_code).await?.iter().any(|p| p.code == gemeente) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Clone, Debug, Serialize)]
pub struct RoundView {
    pub round: Round,
    pub respondents: usize,
    pub answered_by_me: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub gemeente: Place,
    pub rounds: Vec<RoundView>,
    pub may_open: bool,
    pub may_answer: bool,
}

/// The rounds of a gemeente's wijkscan, for those who take part or read it.
pub async fn overview(store: &Store, actor: &Actor, code: &str) -> Result<Overview> {
    let (gemeente, path) = gemeente_of(store, code).await?;
    let may_read = EFFECT_READERS.iter().any(|&r| actor.has_role_over(r, &path));
    let may_answer = works_in(store, actor, &gemeente.code).await?;
    if !may_read && !may_answer {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let mut rounds = Vec::new();
    for round in store.wijkscan_rounds(&gemeente.code).await? {
        let answers = store.wijkscan_answers(&round.id).await?;
        rounds.push(RoundView {
            answered_by_me: answers.iter().any(|a| a.person_id == actor.person_id),
            respondents: answers.len(),
            round,
        });
    }
    Ok(Overview {
        may_open: EFFECT_KEEPERS.iter().any(|&r| actor.has_role_over(r, &path)),
        may_answer,
        rounds,
        gemeente,
    })
}

pub async fn open_round(
    store: &Store,
    actor: &Actor,
    code: &str,
    name: &str,
    at: Timestamp,
) -> Result<Round> {
    let (gemeente, path) = gemeente_of(store, code).await?;
    if !EFFECT_KEEPERS.iter().any(|&r| actor.has_role_over(r, &path)) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid("name", if name.is_empty() { "required" } else { "too-long" }));
    }
    let round = store.open_wijkscan_round(&gemeente.code, name, &actor.person_id, at).await?;
    audit::record(store, actor, "wijkscan.opened", &gemeente.code, name, "").await?;
    Ok(round)
}

/// A group's profile in a round.
#[derive(Clone, Debug, Serialize)]
pub struct GroupProfile {
    pub group: String,
    pub people: usize,
    pub tasks: Vec<TaskProfile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub round: Round,
    pub gemeente: Place,
    /// Everyone together, then per group.
    pub all: GroupProfile,
    pub groups: Vec<GroupProfile>,
    /// `(pitfall, chances of its task to work on)` over everyone.
    pub suggestions: Vec<(u8, Vec<u8>)>,
    /// The round before, everyone together, for the comparison.
    pub previous: Option<(Round, GroupProfile)>,
    /// The actor's own answer, to fill the form.
    pub mine: Option<(String, BTreeSet<u8>)>,
    pub may_answer: bool,
}

fn group_profile(group: &str, answers: &[&BTreeSet<u8>]) -> GroupProfile {
    GroupProfile { group: group.to_string(), people: answers.len(), tasks: rules::profile(answers) }
}

/// A round's report, with the actor's own answer.
pub async fn report(store: &Store, actor: &Actor, round_id: &str) -> Result<Report> {
    let round = store.wijkscan_round(round_id).await?.ok_or(Error::NotFound("wijkscan round"))?;
    let (gemeente, path) = gemeente_of(store, &round.place_code).await?;
    let answers = store.wijkscan_answers(&round.id).await?;
    let mine =
        answers.iter().find(|a| a.person_id == actor.person_id).map(|a| (a.group.clone(), a.items.clone()));
    let may_read = EFFECT_READERS.iter().any(|&r| actor.has_role_over(r, &path));
    let may_answer = works_in(store, actor, &gemeente.code).await?;
    if !may_read && !may_answer {
        return Err(Error::NotFound("wijkscan round"));
    }
    let all_sets: Vec<&BTreeSet<u8>> = answers.iter().map(|a| &a.items).collect();
    let all = group_profile("all", &all_sets);
    let groups = rules::GROUPS
        .iter()
        .filter_map(|g| {
            let sets: Vec<&BTreeSet<u8>> =
                answers.iter().filter(|a| a.group == *g).map(|a| &a.items).collect();
            (!sets.is_empty()).then(|| group_profile(g, &sets))
        })
        .collect();
    let rounds = store.wijkscan_rounds(&gemeente.code).await?;
    let before = rounds.iter().take_while(|r| r.id != round.id).last().cloned();
    let previous = match before {
        Some(r) => {
            let earlier = store.wijkscan_answers(&r.id).await?;
            let sets: Vec<&BTreeSet<u8>> = earlier.iter().map(|a| &a.items).collect();
            (!sets.is_empty()).then(|| (r, group_profile("all", &sets)))
        }
        None => None,
    };
    Ok(Report {
        suggestions: if answers.is_empty() { Vec::new() } else { rules::suggestions(&all.tasks) },
        all,
        groups,
        previous,
        mine,
        may_answer,
        gemeente,
        round,
    })
}

/// The actor's answer in a round (again: it replaces the earlier one).
pub async fn answer(
    store: &Store,
    actor: &Actor,
    round_id: &str,
    group: &str,
    present: &[String],
    at: Timestamp,
) -> Result<()> {
    let round = store.wijkscan_round(round_id).await?.ok_or(Error::NotFound("wijkscan round"))?;
    if !works_in(store, actor, &round.place_code).await? {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let (group, items) = rules::check_answer(group, present)?;
    store.answer_wijkscan(&round.id, &actor.person_id, &group, &items, at).await?;
    Ok(())
}
