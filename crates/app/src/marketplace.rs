//! The cooperative's marketplace (seed 003: the wijkinnovatiebedrijf as a
//! marketplace of demand and supply): requests and offers per life domain
//! and buurt, suggestions both ways, agreements, and hours confirmed by
//! both sides into the hours ledger.
//!
//! Who may do what is decided here: members post and answer; a
//! professional posts a request on a resident's behalf only with the
//! resident's consent, and the resident sees it among their own posts and
//! can withdraw it; a coach answers for their team. Matching's rule is in
//! `wijkwerk_domain::marketplace`; the hours are written at one place in the
//! store, under the agreement's lock.
//!
//! Personal data: a post shows its owner's name to signed-in people of the
//! gemeente (they post to be found); agreements, hours and thanks are read
//! by their two sides only. The owner's posts go on erasure; agreements
//! stay without them and the ledger keeps its bare account names.

use crate::cooperative::{cooperative_at, holds_any};
use crate::places::{life_domains, place_at};
use crate::{Error, Result};
use serde::Serialize;
use wijkwerk_domain::cooperative::MARKET_PROFESSIONALS;
use wijkwerk_domain::marketplace::{
    self as rules, Confirmation, Expiry, MatchReason, PostInput, PostKind, Reward, Side, check_confirmation,
};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::cooperative::Cooperative;
use wijkwerk_store::marketplace::{
    Agreement, HoursMovement, MarketPost, NewAgreement, NewPost, PostFilter, account_of,
};

/// Posts per page of the marketplace.
pub const PAGE: i64 = 30;
/// Candidates read per way (domain, skills) before scoring.
const CANDIDATES: i64 = 200;
/// Suggestions shown with a post.
const SUGGESTIONS: usize = 5;

/// The wijken whose posts are seen from this cooperative's marketplace:
/// its own, and those it shares a joined alliance with.
pub(crate) async fn market_wijken(store: &Store, wijk: &str) -> Result<Vec<String>> {
    let mut wijken = vec![wijk.to_string()];
    wijken.extend(store.allied_wijken(wijk).await?);
    Ok(wijken)
}

/// Whether the person is a member of the wijk's cooperative or of one
/// allied with it (who may then answer its posts).
async fn member_here_or_allied(store: &Store, wijk: &str, person_id: &str) -> Result<bool> {
    for w in market_wijken(store, wijk).await? {
        if store.membership(&w, person_id).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Clone, Debug, Serialize)]
pub struct Market {
    pub cooperative: Cooperative,
    pub path: Vec<Place>,
    pub posts: Vec<MarketPost>,
    /// Where the next page starts, when there is one (see [`cursor`]).
    pub next: Option<String>,
    pub domains: Vec<(String, String)>,
    pub buurten: Vec<Place>,
    pub is_member: bool,
    /// A professional here may post on a resident's behalf.
    pub may_post_for_others: bool,
}

/// A page's start as text for a link: the last post's time and id.
pub fn cursor(post: &MarketPost) -> String {
    format!("{}~{}", post.created_at, post.id)
}

/// A page's start as a link gave it; anything else starts at the newest.
pub fn parse_cursor(text: &str) -> Option<(String, String)> {
    let (at, id) = text.split_once('~')?;
    (Timestamp::parse(at).is_some() && wijkwerk_domain::ids::is_id(id))
        .then(|| (at.to_string(), id.to_string()))
}

/// The marketplace of a wijk (and its allies), searched, a page at a time.
pub async fn market(
    store: &Store,
    actor: &Actor,
    code: &str,
    filter: &PostFilter,
    lang: &str,
) -> Result<Market> {
    let (cooperative, path) = cooperative_at(store, code).await?;
    let wijken = market_wijken(store, &cooperative.place_code).await?;
    let mut posts = store.search_posts(&wijken, filter, PAGE + 1).await?;
    let more = posts.len() as i64 > PAGE;
    posts.truncate(PAGE as usize);
    Ok(Market {
        is_member: store.membership(&cooperative.place_code, &actor.person_id).await?.is_some(),
        may_post_for_others: holds_any(actor, MARKET_PROFESSIONALS, &path),
        buurten: store.children(&cooperative.place_code).await?,
        domains: life_domains(store, lang).await?,
        next: if more { posts.last().map(cursor) } else { None },
        cooperative,
        path,
        posts,
    })
}

/// For whom a post is placed.
pub enum Owner<'a> {
    /// The member themselves.
    Myself,
    /// A resident, found by e-mail address, who agreed to it.
    Resident { email: &'a str, consents: bool },
    /// A team, by its coach.
    Team(&'a str),
}

/// Places a post on the wijk's marketplace.
pub async fn post(
    store: &Store,
    actor: &Actor,
    code: &str,
    owner: Owner<'_>,
    buurt: &str,
    input: std::result::Result<PostInput, Invalid>,
    now: Timestamp,
) -> Result<MarketPost> {
    let (coop, path) = cooperative_at(store, code).await?;
    let mut invalid = match &input {
        Err(i) => i.clone(),
        Ok(_) => Invalid::new(),
    };
    // The buurt as typed, so that this is named beside every other problem.
    if !invalid.has("buurt") && !store.children(&coop.place_code).await?.iter().any(|b| b.code == buurt) {
        invalid.add("buurt", "post-buurt-not-in-wijk");
    }
    let (owner_id, posted_by, team_id) = match owner {
        Owner::Myself => {
            if store.membership(&coop.place_code, &actor.person_id).await?.is_none() {
                return Err(Error::Forbidden("error-market-members-only"));
            }
            (actor.person_id.clone(), None, None)
        }
        Owner::Resident { email, consents } => {
            if !holds_any(actor, MARKET_PROFESSIONALS, &path) {
                return Err(Error::Forbidden("error-page-no-role-here"));
            }
            if !consents {
                invalid.add("consent", "post-consent-missing");
            }
            match store.person_by_email(email.trim()).await? {
                Some(p) if p.id != actor.person_id => (p.id, Some(actor.person_id.clone()), None),
                _ => {
                    invalid.add("resident", "post-resident-unknown");
                    (String::new(), None, None)
                }
            }
        }
        Owner::Team(team) => {
            let t = store.team(team).await?.filter(|t| t.place_code == coop.place_code);
            match t {
                Some(t) if t.coach_id.as_deref() == Some(actor.person_id.as_str()) => {
                    (actor.person_id.clone(), None, Some(t.id))
                }
                _ => return Err(Error::Forbidden("error-page-no-role-here")),
            }
        }
    };
    invalid.into_result(())?;
    let input = input.expect("checked above");
    let who = NewPost {
        place_code: &coop.place_code,
        owner_id: &owner_id,
        posted_by: posted_by.as_deref(),
        team_id: team_id.as_deref(),
    };
    let id = store.create_post(&who, &input, now).await?;
    store.market_post(&id).await?.ok_or(Error::NotFound("post"))
}

/// A suggested post with how well it fits and why.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub post: MarketPost,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

/// The best matches for a post, best first (newest first among equals).
pub async fn suggestions(store: &Store, post: &MarketPost) -> Result<Vec<Suggestion>> {
    let wijken = market_wijken(store, &post.place_code).await?;
    let me = post.for_matching();
    let mut found: Vec<Suggestion> = store
        .match_candidates(post, &wijken, CANDIDATES)
        .await?
        .into_iter()
        .filter_map(|c| {
            rules::match_of(&me, &c.for_matching()).map(|(score, reasons)| Suggestion {
                post: c,
                score,
                reasons,
            })
        })
        .collect();
    found.sort_by(|a, b| b.score.cmp(&a.score).then(b.post.created_at.cmp(&a.post.created_at)));
    found.truncate(SUGGESTIONS);
    Ok(found)
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    pub post: MarketPost,
    #[serde(skip)]
    pub path: Vec<Place>,
    pub expiry: Expiry,
    pub suggestions: Vec<Suggestion>,
    /// The owner sees every answer; someone else only their own.
    pub agreements: Vec<Agreement>,
    pub is_owner: bool,
    pub may_respond: bool,
    /// Teams the viewer coaches, to answer a request for them.
    pub my_teams: Vec<(String, String)>,
}

fn owns(post: &MarketPost, actor: &Actor) -> bool {
    post.owner_id == actor.person_id || post.posted_by.as_deref() == Some(actor.person_id.as_str())
}

pub async fn show(store: &Store, actor: &Actor, id: &str, now: Timestamp) -> Result<PostView> {
    let post = store.market_post(id).await?.ok_or(Error::NotFound("post"))?;
    let (_, path) = place_at(store, &post.place_code).await?;
    let is_owner = owns(&post, actor);
    if post.status != "open" && !is_owner {
        return Err(Error::NotFound("post"));
    }
    let agreements = store
        .agreements_on(id)
        .await?
        .into_iter()
        .filter(|a| {
            is_owner
                || a.helper_id.as_deref() == Some(actor.person_id.as_str())
                || a.receiver_id.as_deref() == Some(actor.person_id.as_str())
        })
        .collect();
    let my_teams = if post.kind == "request" {
        store
            .teams_in(&post.place_code)
            .await?
            .into_iter()
            .filter(|t| t.coach_id.as_deref() == Some(actor.person_id.as_str()))
            .map(|t| (t.id, t.name))
            .collect()
    } else {
        vec![]
    };
    let member = member_here_or_allied(store, &post.place_code, &actor.person_id).await?;
    Ok(PostView {
        expiry: rules::expiry(&post.expires_at, &post.warn_from, &now.to_rfc3339()),
        suggestions: if post.status == "open" { suggestions(store, &post).await? } else { vec![] },
        may_respond: post.status == "open" && !is_owner && (member || !my_teams.is_empty()),
        agreements,
        is_owner,
        my_teams,
        post,
        path,
    })
}

async fn own_post(store: &Store, actor: &Actor, id: &str) -> Result<MarketPost> {
    let post = store.market_post(id).await?.ok_or(Error::NotFound("post"))?;
    if !owns(&post, actor) {
        return Err(Error::NotFound("post"));
    }
    Ok(post)
}

/// The owner (or the professional who posted it for them) takes a post down.
pub async fn withdraw(store: &Store, actor: &Actor, id: &str) -> Result<MarketPost> {
    own_post(store, actor, id).await?;
    if !store.end_post(id, "withdrawn").await? {
        return Err(Error::Conflict("post-not-open"));
    }
    store.market_post(id).await?.ok_or(Error::NotFound("post"))
}

/// The owner keeps a post up for another `days` (30 when empty).
pub async fn renew(store: &Store, actor: &Actor, id: &str, days: &str, now: Timestamp) -> Result<MarketPost> {
    let post = own_post(store, actor, id).await?;
    if post.status != "open" && post.status != "expired" {
        return Err(Error::Conflict("post-not-open"));
    }
    let days = match days.trim() {
        "" => 30,
        d => d
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=rules::MAX_DAYS_OPEN).contains(n))
            .ok_or_else(|| Error::invalid("daysOpen", "post-days-invalid"))?,
    };
    store.renew_post(id, days, now).await?;
    store.market_post(id).await?.ok_or(Error::NotFound("post"))
}

/// Someone answers a post with a proposal: what, when, how long. A coach
/// may answer a request for their team, which then does the work.
pub async fn respond(
    store: &Store,
    actor: &Actor,
    post_id: &str,
    team: Option<&str>,
    input: std::result::Result<rules::AgreementInput, Invalid>,
    now: Timestamp,
) -> Result<Agreement> {
    let view = show(store, actor, post_id, now).await?;
    let post = view.post;
    if view.is_owner {
        return Err(Error::Conflict("post-own"));
    }
    if post.status != "open" {
        return Err(Error::Conflict("post-not-open"));
    }
    let team = match team.filter(|t| !t.is_empty()) {
        Some(t) if view.my_teams.iter().any(|(id, _)| id == t) => Some(t.to_string()),
        Some(_) => return Err(Error::invalid("team", "team-not-yours")),
        None if member_here_or_allied(store, &post.place_code, &actor.person_id).await? => None,
        None => return Err(Error::Forbidden("error-market-members-only")),
    };
    let input = input?;
    let owner_side = Side::of_owner(PostKind::parse(&post.kind).unwrap_or(PostKind::Request));
    let (helper, receiver) = match owner_side {
        Side::Receiver => (actor.person_id.as_str(), post.owner_id.as_str()),
        Side::Helper => (post.owner_id.as_str(), actor.person_id.as_str()),
    };
    let new = NewAgreement {
        place_code: &post.place_code,
        post_id: &post.id,
        helper_id: helper,
        receiver_id: receiver,
        team_id: team.as_deref().or(post.team_id.as_deref()),
        proposed_by: owner_side.other(),
        input: &input,
        reward: Reward::parse(&post.reward).unwrap_or(Reward::Volunteer),
    };
    let id = store.propose_agreement(&new, now).await?;
    store.agreement(&id).await?.ok_or(Error::NotFound("agreement"))
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementView {
    pub agreement: Agreement,
    #[serde(skip)]
    pub path: Vec<Place>,
    pub my_side: Side,
    pub confirmation: Confirmation,
    pub may_answer: bool,
    pub may_confirm: bool,
    /// The coach of the team that does the work: records members' hours.
    pub is_coach: bool,
}

/// The side the actor is on; people on neither side learn nothing.
fn side_of(a: &Agreement, actor: &Actor) -> Result<Side> {
    let me = Some(actor.person_id.as_str());
    if a.helper_id.as_deref() == me {
        Ok(Side::Helper)
    } else if a.receiver_id.as_deref() == me {
        Ok(Side::Receiver)
    } else {
        Err(Error::NotFound("agreement"))
    }
}

pub async fn agreement(store: &Store, actor: &Actor, id: &str) -> Result<AgreementView> {
    let a = store.agreement(id).await?.ok_or(Error::NotFound("agreement"))?;
    let my_side = side_of(&a, actor)?;
    let (_, path) = place_at(store, &a.place_code).await?;
    let mine = match my_side {
        Side::Helper => a.helper_minutes,
        Side::Receiver => a.receiver_minutes,
    };
    let is_coach = match &a.team_id {
        Some(t) => {
            store.team(t).await?.is_some_and(|t| t.coach_id.as_deref() == Some(actor.person_id.as_str()))
        }
        None => false,
    };
    Ok(AgreementView {
        confirmation: rules::confirmation(a.helper_minutes, a.receiver_minutes),
        may_answer: a.status == "proposed" && a.proposed_by != my_side.as_str(),
        may_confirm: a.status == "agreed" || (a.status == "done" && mine.is_none()),
        is_coach,
        my_side,
        path,
        agreement: a,
    })
}

/// The side that did not propose accepts or declines.
pub async fn answer(
    store: &Store,
    actor: &Actor,
    id: &str,
    accept: bool,
    now: Timestamp,
) -> Result<AgreementView> {
    let view = agreement(store, actor, id).await?;
    if !view.may_answer {
        return Err(Error::Conflict("agreement-not-proposed"));
    }
    store.answer_agreement(id, accept, now).await?;
    agreement(store, actor, id).await
}

/// A side says how long it took and, if they like, thanks the other. The
/// hours count when both say the same.
pub async fn confirm(
    store: &Store,
    actor: &Actor,
    id: &str,
    hours: &str,
    thanks: &str,
    now: Timestamp,
) -> Result<AgreementView> {
    let view = agreement(store, actor, id).await?;
    let (minutes, thanks) = check_confirmation(hours, thanks)?;
    store.confirm_hours(id, view.my_side, minutes, &thanks, now).await?;
    agreement(store, actor, id).await
}

/// One of the person's posts with where it stands.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyPost {
    pub post: MarketPost,
    pub expiry: Expiry,
    pub matches: usize,
    /// Posted for them by a professional.
    pub on_my_behalf: bool,
    /// Posted by them for a resident.
    pub for_someone: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mine {
    pub posts: Vec<MyPost>,
    /// Open posts of others placed in the person's own buurt this past week.
    pub new_nearby: Vec<MarketPost>,
    pub agreements: Vec<Agreement>,
    /// Minutes: received for helping minus given for help.
    pub balance: i64,
    pub movements: Vec<HoursMovement>,
}

pub async fn mine(store: &Store, actor: &Actor, now: Timestamp) -> Result<Mine> {
    let now_ts = now;
    let now = now.to_rfc3339();
    let mut posts = Vec::new();
    for post in store.posts_of(&actor.person_id).await? {
        let matches = if post.status == "open" { suggestions(store, &post).await?.len() } else { 0 };
        posts.push(MyPost {
            expiry: rules::expiry(&post.expires_at, &post.warn_from, &now),
            matches,
            on_my_behalf: post.owner_id == actor.person_id && post.posted_by.is_some(),
            for_someone: post.posted_by.as_deref() == Some(actor.person_id.as_str()),
            post,
        });
    }
    let account = account_of(Some(&actor.person_id), None);
    Ok(Mine {
        new_nearby: new_nearby(store, &actor.person_id, now_ts).await?,
        posts,
        agreements: store.agreements_of(&actor.person_id).await?,
        balance: store.hours_balance(&account).await?,
        movements: store.hours_movements(&account).await?,
    })
}

/// How many new posts from the person's buurt the page shows.
const NEARBY: i64 = 10;

/// Open posts of others placed in the person's home buurt in the past
/// week, newest first: the page's alert of what is new nearby.
pub async fn new_nearby(store: &Store, person_id: &str, now: Timestamp) -> Result<Vec<MarketPost>> {
    let Some(buurt) = store.person(person_id).await?.and_then(|p| p.home_place_code) else {
        return Ok(vec![]);
    };
    let Some(wijk) = store.place_path(&buurt).await?.iter().rev().nth(1).map(|p| p.code.clone()) else {
        return Ok(vec![]);
    };
    if store.cooperative(&wijk).await?.is_none() {
        return Ok(vec![]);
    }
    let since = now.minus_seconds(7 * 86_400).to_rfc3339();
    let filter = PostFilter { buurt: buurt.clone(), ..Default::default() };
    Ok(store
        .search_posts(&[wijk], &filter, NEARBY)
        .await?
        .into_iter()
        .filter(|p| p.created_at >= since && p.owner_id != person_id)
        .collect())
}

/// The nightly round: expires posts past their end and returns those whose
/// owners are to be warned now (once).
pub async fn settle(store: &Store, now: Timestamp) -> Result<(u64, Vec<MarketPost>)> {
    Ok(store.expire_posts(now).await?)
}

/// The hours ledger's own check (conservation, one transfer per agreement
/// done for hours), for `wijkwerk initiatives check`.
pub async fn check_hours(store: &Store) -> Result<wijkwerk_store::marketplace::HoursCheck> {
    Ok(store.check_hours().await?)
}
