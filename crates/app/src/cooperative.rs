//! The wijk cooperative (seed 000, 2a–2c): a cooperative or vereniging per
//! wijk that gathers demand and supply of work, learning, care and upkeep.
//! The gemeente (or the wijk's coördinator) registers it with its mandate;
//! people join it themselves, accepting its terms; its board keeps the
//! register. Its teams of job seekers work with a coach on tasks from the
//! marketplace and can grow into a paid buurtbaan.
//!
//! Personal data: the register (name, e-mail, kind of member, board role,
//! since when) is the cooperative's own. The member sees their own line; the
//! board reads the register, and each read is written in every listed
//! member's access log. Leaving or erasure takes the line away. A team
//! member's hours on tasks and their week-test priority are theirs: the
//! coach sees the hours (logged), the priority only when the member shares
//! it, and the other members only names and shared priorities.

use crate::places::{codes, place_at};
use crate::{Error, Result, audit};
use serde::Serialize;
use wijkwerk_domain::cooperative::{
    self as rules, COOPERATIVE_REGISTRARS, MARKET_PROFESSIONALS, check_board_role, check_buurtbaan,
    check_team,
};
use wijkwerk_domain::marketplace::parse_hours;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::cooperative::{Cooperative, Member, TaskHours, Team, TeamMember, TeamMembership};
use wijkwerk_store::marketplace::Agreement;

pub(crate) fn holds_any(actor: &Actor, roles: &[wijkwerk_domain::role::Role], path: &[Place]) -> bool {
    let path = codes(path);
    roles.iter().any(|&r| actor.has_role_over(r, &path))
}

/// The wijk's cooperative, or "not found" where there is none.
pub(crate) async fn cooperative_at(store: &Store, code: &str) -> Result<(Cooperative, Vec<Place>)> {
    let (place, path) = place_at(store, code).await?;
    let coop = store.cooperative(&place.code).await?.ok_or(Error::NotFound("cooperative"))?;
    Ok((coop, path))
}

/// Whether the person runs the wijk's cooperative: its board, or the
/// coördinator or gemeente who registered it.
pub(crate) async fn runs(store: &Store, code: &str, actor: &Actor, path: &[Place]) -> Result<bool> {
    Ok(on_board(store, code, actor).await? || holds_any(actor, COOPERATIVE_REGISTRARS, path))
}

/// Whether the person is on the board of the wijk's cooperative.
async fn on_board(store: &Store, code: &str, actor: &Actor) -> Result<bool> {
    Ok(store.membership(code, &actor.person_id).await?.is_some_and(|m| !m.board_role.is_empty()))
}

/// The cooperative's public page.
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub place: Place,
    pub path: Vec<Place>,
    pub cooperative: Option<Cooperative>,
    /// Members per kind, and all together.
    pub counts: Vec<(String, i64)>,
    pub members: i64,
    pub board: Vec<(String, String)>,
    pub teams: Vec<Team>,
    /// Hours exchanged in the wijk: transfers and minutes.
    pub hours: (i64, i64),
    pub me: Option<Member>,
    pub may_register: bool,
    pub is_board: bool,
    pub may_start_team: bool,
    /// Alliances with other wijken: `(alliance, joined)`.
    pub alliances: Vec<(wijkwerk_store::alliances::Alliance, bool)>,
    /// The wijkalliantie: partners, their roles and budgets.
    pub partners: Vec<wijkwerk_store::alliances::WijkPartner>,
    /// The wijk's next meetings on the open podium, where the cooperative
    /// holds its general meeting too (soonest first, three at most).
    pub meetings: Vec<wijkwerk_store::meetings::Meeting>,
}

pub async fn overview(store: &Store, viewer: Option<&Actor>, code: &str) -> Result<Overview> {
    let (place, path) = place_at(store, code).await?;
    if place.level != PlaceLevel::Wijk {
        return Err(Error::NotFound("cooperative"));
    }
    let cooperative = store.cooperative(&place.code).await?;
    let counts = store.member_counts(&place.code).await?;
    let me = match viewer {
        Some(a) => store.membership(&place.code, &a.person_id).await?,
        None => None,
    };
    let may = |roles| viewer.is_some_and(|a| holds_any(a, roles, &path));
    Ok(Overview {
        members: counts.iter().map(|c| c.1).sum(),
        counts,
        board: store.board(&place.code).await?,
        teams: store.teams_in(&place.code).await?,
        hours: store.hours_in(&place.code).await?,
        is_board: me.as_ref().is_some_and(|m| !m.board_role.is_empty()),
        me,
        may_register: may(COOPERATIVE_REGISTRARS),
        may_start_team: cooperative.is_some() && may(MARKET_PROFESSIONALS),
        alliances: store.alliances_of(&place.code).await?,
        partners: store.wijk_partners(&place.code).await?,
        meetings: {
            let now = Timestamp::now().to_rfc3339();
            let mut next: Vec<_> =
                store.meetings_under(&place.code).await?.into_iter().filter(|m| m.ends_at > now).collect();
            next.truncate(3);
            next
        },
        cooperative,
        place,
        path,
    })
}

/// The gemeente or the wijk's coördinator registers the cooperative and
/// its mandate (or changes them).
pub async fn register(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<rules::CooperativeInput, Invalid>,
) -> Result<Cooperative> {
    let (place, path) = place_at(store, code).await?;
    if !holds_any(actor, COOPERATIVE_REGISTRARS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if place.level != PlaceLevel::Wijk {
        return Err(Error::invalid("code", "cooperative-wijk-only"));
    }
    let input = input?;
    store.register_cooperative(&place.code, &input, Timestamp::now()).await?;
    audit::record(store, actor, "cooperative-register", &place.code, &place.code, &input.name).await?;
    store.cooperative(&place.code).await?.ok_or(Error::NotFound("cooperative"))
}

/// The person joins, accepting the terms. Joining twice changes nothing.
pub async fn join(
    store: &Store,
    actor: &Actor,
    code: &str,
    kind: &str,
    accepts_terms: bool,
) -> Result<Member> {
    let (coop, _) = cooperative_at(store, code).await?;
    let kind = rules::check_join(kind, accepts_terms)?;
    store.join_cooperative(&coop.place_code, &actor.person_id, kind, Timestamp::now()).await?;
    store.membership(&coop.place_code, &actor.person_id).await?.ok_or(Error::NotFound("membership"))
}

/// The person leaves: their line goes from the register.
pub async fn leave(store: &Store, actor: &Actor, code: &str) -> Result<()> {
    let (coop, _) = cooperative_at(store, code).await?;
    store.leave_cooperative(&coop.place_code, &actor.person_id).await?;
    Ok(())
}

/// The register, for the board (and the registrars, who set up the first
/// board). Every read is logged for each member listed.
pub async fn register_list(store: &Store, actor: &Actor, code: &str) -> Result<(Cooperative, Vec<Member>)> {
    let (coop, path) = cooperative_at(store, code).await?;
    if !on_board(store, &coop.place_code, actor).await? && !holds_any(actor, COOPERATIVE_REGISTRARS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let members = store.members(&coop.place_code).await?;
    for m in members.iter().filter(|m| m.person_id != actor.person_id) {
        store
            .log_access(&actor.person_id, &m.person_id, "coop-member", "Coöperatie: ledenregister", None)
            .await?;
    }
    Ok((coop, members))
}

/// The board (or a registrar) gives a member a board role, or ends it.
pub async fn set_board_role(
    store: &Store,
    actor: &Actor,
    code: &str,
    email: &str,
    role: &str,
) -> Result<Member> {
    let (coop, path) = cooperative_at(store, code).await?;
    if !on_board(store, &coop.place_code, actor).await? && !holds_any(actor, COOPERATIVE_REGISTRARS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let role = check_board_role(role)?;
    let person = store
        .person_by_email(email.trim())
        .await?
        .ok_or_else(|| Error::invalid("email", "coop-member-unknown"))?;
    store.set_board_role(&coop.place_code, &person.id, &role).await.map_err(|e| match e {
        wijkwerk_store::StoreError::NotFound => Error::invalid("email", "coop-member-unknown"),
        other => other.into(),
    })?;
    store.membership(&coop.place_code, &person.id).await?.ok_or(Error::NotFound("membership"))
}

/// A professional of the wijk starts a team of job seekers and coaches it.
pub async fn start_team(store: &Store, actor: &Actor, code: &str, name: &str) -> Result<Team> {
    let (coop, path) = cooperative_at(store, code).await?;
    if !holds_any(actor, MARKET_PROFESSIONALS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let name = check_team(name)?;
    let id = store.create_team(&coop.place_code, &name, &actor.person_id, Timestamp::now()).await?;
    store.team(&id).await?.ok_or(Error::NotFound("team"))
}

/// A team member as the page shows them to the viewer.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownMember {
    /// For the coach's forms; empty for other viewers.
    pub person_ref: String,
    pub name: String,
    pub is_me: bool,
    pub buurtbaan: String,
    /// The latest week test's priority, only where the member shares it.
    pub priority: Option<String>,
    pub shares_priority: bool,
    /// Hours on tasks: for the coach and the member only.
    pub minutes: Option<i64>,
    pub tasks: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TeamView {
    pub team: Team,
    pub path: Vec<Place>,
    pub members: Vec<ShownMember>,
    pub tasks: Vec<Agreement>,
    pub is_coach: bool,
    pub my_hours: Vec<TaskHours>,
}

async fn team_and_role(store: &Store, actor: &Actor, id: &str) -> Result<(Team, Vec<TeamMember>, bool)> {
    let team = store.team(id).await?.ok_or(Error::NotFound("team"))?;
    let members = store.team_members(id).await?;
    let is_coach = team.coach_id.as_deref() == Some(actor.person_id.as_str());
    if !is_coach && !members.iter().any(|m| m.person_id == actor.person_id) {
        return Err(Error::NotFound("team"));
    }
    Ok((team, members, is_coach))
}

/// The team page for its coach and members. The coach's read of the
/// members' hours is logged for each of them.
pub async fn team(store: &Store, actor: &Actor, id: &str) -> Result<TeamView> {
    let (team, members, is_coach) = team_and_role(store, actor, id).await?;
    let (_, path) = place_at(store, &team.place_code).await?;
    let mut shown = Vec::new();
    for m in members {
        let is_me = m.person_id == actor.person_id;
        if is_coach && !is_me {
            store
                .log_access(
                    &actor.person_id,
                    &m.person_id,
                    "coop-team",
                    "Coöperatie: voortgang in het team",
                    None,
                )
                .await?;
        }
        let priority =
            if m.shares_priority || is_me { latest_priority(store, &m.person_id).await? } else { None };
        shown.push(ShownMember {
            person_ref: if is_coach { m.person_id.clone() } else { String::new() },
            name: m.name,
            is_me,
            buurtbaan: m.buurtbaan,
            priority: rules::shown_priority(m.shares_priority || is_me, priority),
            shares_priority: m.shares_priority,
            minutes: (is_coach || is_me).then_some(m.minutes),
            tasks: (is_coach || is_me).then_some(m.tasks),
        });
    }
    Ok(TeamView {
        tasks: store.team_tasks(id).await?,
        my_hours: store
            .task_hours_of(&actor.person_id)
            .await?
            .into_iter()
            .filter(|h| h.team_name == team.name)
            .collect(),
        team,
        path,
        members: shown,
        is_coach,
    })
}

/// The development priority of the person's latest week test, if any.
async fn latest_priority(store: &Store, person_id: &str) -> Result<Option<String>> {
    let Some((code, version, domain)) = store.latest_priority(person_id).await? else { return Ok(None) };
    let template = store.template(&code, Some(version as u32)).await?;
    let name = template
        .as_ref()
        .and_then(|t| t.domain(&domain))
        .map(|d| wijkwerk_domain::texts::text(&d.name, "nl").to_string());
    Ok(Some(name.unwrap_or(domain)))
}

/// The coach adds a member of the cooperative to the team.
pub async fn add_member(store: &Store, actor: &Actor, id: &str, email: &str) -> Result<TeamView> {
    let (team, _, is_coach) = team_and_role(store, actor, id).await?;
    if !is_coach {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let person = store
        .person_by_email(email.trim())
        .await?
        .ok_or_else(|| Error::invalid("email", "coop-member-unknown"))?;
    if store.membership(&team.place_code, &person.id).await?.is_none() {
        return Err(Error::invalid("email", "team-member-not-in-cooperative"));
    }
    store.add_team_member(id, &person.id, Timestamp::now()).await?;
    team_view(store, actor, id).await
}

async fn team_view(store: &Store, actor: &Actor, id: &str) -> Result<TeamView> {
    team(store, actor, id).await
}

/// A member says whether the coach and team see their week-test priority.
pub async fn share_priority(store: &Store, actor: &Actor, id: &str, shares: bool) -> Result<TeamView> {
    team_and_role(store, actor, id).await?;
    store
        .set_shares_priority(id, &actor.person_id, shares)
        .await
        .map_err(|_| Error::Forbidden("error-team-members-only"))?;
    team_view(store, actor, id).await
}

fn coach_only(is_coach: bool) -> Result<()> {
    if is_coach { Ok(()) } else { Err(Error::Forbidden("error-page-no-role-here")) }
}

/// The coach writes down that a member grew into a paid buurtbaan.
pub async fn buurtbaan(
    store: &Store,
    actor: &Actor,
    id: &str,
    person_ref: &str,
    job: &str,
) -> Result<TeamView> {
    let (_, members, is_coach) = team_and_role(store, actor, id).await?;
    coach_only(is_coach)?;
    let job = check_buurtbaan(job)?;
    if !members.iter().any(|m| m.person_id == person_ref) {
        return Err(Error::invalid("member", "team-member-unknown"));
    }
    store.record_buurtbaan(id, person_ref, &job, Timestamp::now()).await?;
    team_view(store, actor, id).await
}

/// After a team's task, the coach writes down each member's hours (as
/// typed; empty means they were not there). They count as the member's
/// development hours.
pub async fn record_task_hours(
    store: &Store,
    actor: &Actor,
    agreement_id: &str,
    hours: &[(String, String)],
) -> Result<TeamView> {
    let agreement = store.agreement(agreement_id).await?.ok_or(Error::NotFound("agreement"))?;
    let team_id = agreement.team_id.clone().ok_or(Error::NotFound("team task"))?;
    let (_, members, is_coach) = team_and_role(store, actor, &team_id).await?;
    coach_only(is_coach)?;
    if agreement.status != "agreed" && agreement.status != "done" {
        return Err(Error::Conflict("agreement-not-agreed"));
    }
    let mut invalid = Invalid::new();
    let mut rows = Vec::new();
    for (i, (person, typed)) in hours.iter().enumerate() {
        if typed.trim().is_empty() {
            continue;
        }
        if !members.iter().any(|m| &m.person_id == person) {
            invalid.add(format!("hours{i}"), "team-member-unknown");
        } else if let Some(minutes) = parse_hours(typed) {
            rows.push((person.clone(), minutes));
        } else {
            invalid.add(format!("hours{i}"), "hours-invalid");
        }
    }
    invalid.into_result(())?;
    store.record_task_hours(agreement_id, &rows, Timestamp::now()).await?;
    team_view(store, actor, &team_id).await
}

/// The person's memberships, teams and development hours, for their page.
#[derive(Clone, Debug, Serialize)]
pub struct MyCooperatives {
    pub memberships: Vec<Member>,
    pub teams: Vec<TeamMembership>,
    pub task_hours: Vec<TaskHours>,
}

pub async fn mine(store: &Store, actor: &Actor) -> Result<MyCooperatives> {
    Ok(MyCooperatives {
        memberships: store.memberships_of(&actor.person_id).await?,
        teams: store.team_memberships_of(&actor.person_id).await?,
        task_hours: store.task_hours_of(&actor.person_id).await?,
    })
}
