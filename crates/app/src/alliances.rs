//! Between wijken and around the cooperative (seed 000 2c, seed 003): the
//! cooperatives of two or more wijken make an alliance (a wijk of graduates
//! with a wijk of people with little schooling: mentors, stages, jobs), see
//! each other's requests, and the hours between them are shown per
//! alliance; the wijkalliantie shows which partner does what in the wijk
//! with which budget; and initiatives hand their admin to the cooperative
//! at its service desk.
//!
//! Personal data: alliances and the wijkalliantie name cooperatives and
//! organisations, not people; the hours between wijken are counts, hidden
//! under the minimum group. A service request names who asked: it is read by
//! them and by those who run the cooperative, and is in the asker's export.

use crate::cooperative::{cooperative_at, holds_any, runs};
use crate::{Error, Result};
use serde::Serialize;
use wijkwerk_domain::cooperative::{AllianceInput, COOPERATIVE_REGISTRARS, PartnerInput, check_offers};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Invalid, Place, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::alliances::{Alliance, AllianceMember, Exchange, ServiceRequest, WijkPartner};

/// The cooperative's board (or coördinator) proposes an alliance with
/// other wijken that have a cooperative.
pub async fn propose(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<AllianceInput, Invalid>,
) -> Result<Alliance> {
    let (coop, path) = cooperative_at(store, code).await?;
    if !runs(store, &coop.place_code, actor, &path).await? {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let input = input?;
    for wijk in &input.invited {
        if store.cooperative(wijk).await?.is_none() || *wijk == coop.place_code {
            return Err(Error::invalid("invited", "alliance-wijk-without-cooperative"));
        }
    }
    let id = store.create_alliance(&coop.place_code, &input, Timestamp::now()).await?;
    store.alliance(&id).await?.ok_or(Error::NotFound("alliance"))
}

/// Hours between two wijken of an alliance; `None` under the minimum group.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShownExchange {
    pub from_wijk: String,
    pub from_name: String,
    pub to_wijk: String,
    pub to_name: String,
    pub transfers: Option<i64>,
    pub minutes: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllianceView {
    pub alliance: Alliance,
    pub members: Vec<AllianceMember>,
    pub exchange: Vec<ShownExchange>,
    pub min_group: i64,
    /// Wijken the viewer may join the alliance for (invited, run by them).
    pub may_join_for: Vec<String>,
}

/// An alliance, public.
pub async fn show(store: &Store, viewer: Option<&Actor>, id: &str) -> Result<AllianceView> {
    let alliance = store.alliance(id).await?.ok_or(Error::NotFound("alliance"))?;
    let members = store.alliance_members(id).await?;
    let min = store.min_group_size().get() as i64;
    // A pair with fewer transfers than the minimum could point at a person.
    let exchange = store
        .alliance_exchange(id)
        .await?
        .into_iter()
        .map(|Exchange { from_wijk, from_name, to_wijk, to_name, transfers, minutes }| {
            let shown = transfers >= min;
            ShownExchange {
                from_wijk,
                from_name,
                to_wijk,
                to_name,
                transfers: shown.then_some(transfers),
                minutes: shown.then_some(minutes),
            }
        })
        .collect();
    let mut may_join_for = Vec::new();
    if let Some(actor) = viewer {
        for m in members.iter().filter(|m| m.joined_at.is_none()) {
            let path = store.place_path(&m.place_code).await?;
            if runs(store, &m.place_code, actor, &path).await? {
                may_join_for.push(m.place_code.clone());
            }
        }
    }
    Ok(AllianceView { alliance, members, exchange, min_group: min, may_join_for })
}

/// An invited wijk joins with what it offers.
pub async fn join(store: &Store, actor: &Actor, id: &str, code: &str, offers: &str) -> Result<AllianceView> {
    let view = show(store, Some(actor), id).await?;
    if !view.may_join_for.iter().any(|c| c == code) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let offers = check_offers(offers)?;
    store.join_alliance(id, code, &offers, Timestamp::now()).await?;
    show(store, Some(actor), id).await
}

/// The alliances a wijk is in or invited to, for its cooperative's page.
pub async fn of_wijk(store: &Store, code: &str) -> Result<Vec<(Alliance, bool)>> {
    Ok(store.alliances_of(code).await?)
}

/// The coördinator or gemeente writes down a partner of the wijkalliantie.
pub async fn add_partner(
    store: &Store,
    actor: &Actor,
    code: &str,
    input: std::result::Result<PartnerInput, Invalid>,
) -> Result<Vec<WijkPartner>> {
    let (coop, path) = cooperative_at(store, code).await?;
    if !holds_any(actor, COOPERATIVE_REGISTRARS, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    store.add_wijk_partner(&coop.place_code, &input?, Timestamp::now()).await?;
    Ok(store.wijk_partners(&coop.place_code).await?)
}

/// The cooperative's service desk as the viewer may see it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Desk {
    #[serde(skip)]
    pub path: Vec<Place>,
    pub place_code: String,
    pub cooperative: String,
    /// Everything for those who run the cooperative; otherwise their own.
    pub requests: Vec<ServiceRequest>,
    pub runs_it: bool,
    /// The viewer's initiatives in the wijk, to ask for: `(id, title)`.
    pub my_initiatives: Vec<(String, String)>,
}

pub async fn desk(store: &Store, actor: &Actor, code: &str) -> Result<Desk> {
    let (coop, path) = cooperative_at(store, code).await?;
    let runs_it = runs(store, &coop.place_code, actor, &path).await?;
    let requests = if runs_it {
        store.service_requests(&coop.place_code).await?
    } else {
        store
            .service_requests_by(&actor.person_id)
            .await?
            .into_iter()
            .filter(|r| r.place_code == coop.place_code)
            .collect()
    };
    let my_initiatives = store
        .initiatives_of(&actor.person_id)
        .await?
        .into_iter()
        .filter(|i| i.relation == "submitted" && i.place_code == coop.place_code)
        .map(|i| (i.initiative_id, i.title))
        .collect();
    Ok(Desk { path, place_code: coop.place_code, cooperative: coop.name, requests, runs_it, my_initiatives })
}

/// Whoever submitted an initiative in the wijk asks the desk to take over
/// some of its admin.
pub async fn ask(
    store: &Store,
    actor: &Actor,
    code: &str,
    initiative: &str,
    input: std::result::Result<(String, String), Invalid>,
) -> Result<Desk> {
    let d = desk(store, actor, code).await?;
    let mut invalid = match &input {
        Err(i) => i.clone(),
        Ok(_) => Invalid::new(),
    };
    if !d.my_initiatives.iter().any(|(id, _)| id == initiative) {
        invalid.add("initiative", "service-initiative-not-yours");
    }
    invalid.into_result(())?;
    let (kind, question) = input.expect("checked above");
    store
        .ask_service(&d.place_code, initiative, &actor.person_id, (&kind, &question), Timestamp::now())
        .await?;
    desk(store, actor, code).await
}

/// Those who run the cooperative take a request on or answer it.
pub async fn handle(
    store: &Store,
    actor: &Actor,
    id: &str,
    input: std::result::Result<(String, String), Invalid>,
) -> Result<ServiceRequest> {
    let r = store.service_request(id).await?.ok_or(Error::NotFound("service request"))?;
    let path = store.place_path(&r.place_code).await?;
    if !runs(store, &r.place_code, actor, &path).await? {
        return Err(Error::NotFound("service request"));
    }
    let (status, answer) = input?;
    store.update_service(id, (&status, &answer), &actor.person_id, Timestamp::now()).await?;
    store.service_request(id).await?.ok_or(Error::NotFound("service request"))
}
