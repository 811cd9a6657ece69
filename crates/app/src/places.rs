//! Places and what is known of them: residents per child place (small groups
//! hidden), the team, roles, and the wijk's demand against supply.

use crate::surveys::results::mentions_by_domain;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::access::{AUDIT_READERS, may_assign_role, may_see_team};
use wijkwerk_domain::place::looks_like_code;
use wijkwerk_domain::privacy::{cell_key, publishable, suppress};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::survey::{Verdict, classify, shares};
use wijkwerk_domain::texts::text;
use wijkwerk_domain::{Place, PlaceLevel, Role};
use wijkwerk_store::Store;
use wijkwerk_store::people::TeamMember;

/// The place's chain from the land down to it.
pub async fn path_to(store: &Store, code: &str) -> Result<Vec<Place>> {
    if !looks_like_code(code) {
        return Err(Error::NotFound("place"));
    }
    let path = store.place_path(code).await?;
    if path.is_empty() { Err(Error::NotFound("place")) } else { Ok(path) }
}

/// The place at the end of its path, and the path (land first).
pub async fn place_at(store: &Store, code: &str) -> Result<(Place, Vec<Place>)> {
    let path = path_to(store, code).await?;
    let place = path.last().cloned().ok_or(Error::NotFound("place"))?;
    Ok((place, path))
}

/// The codes of a path, land first.
pub fn codes(path: &[Place]) -> Vec<String> {
    path.iter().map(|p| p.code.clone()).collect()
}

/// Whether `actor` holds `role` at the place or anywhere above it.
pub async fn holds_role_over(store: &Store, actor: &Actor, role: Role, place_code: &str) -> Result<bool> {
    let path = store.place_path(place_code).await?;
    Ok(actor.has_role_over(role, &codes(&path)))
}

#[derive(Clone, Debug, Serialize)]
pub struct ChildCount {
    pub place: Place,
    /// `None` when the group is too small to show.
    pub residents: Option<u64>,
}

/// What anyone may know of a place.
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub path: Vec<Place>,
    pub children: Vec<ChildCount>,
    /// `None` when showing it would reveal a hidden child.
    pub residents_total: Option<u64>,
    pub min_group_size: u64,
    pub organisations: Vec<wijkwerk_store::places::Organisation>,
    /// The people working here, when the viewer may see them.
    pub team: Option<Vec<TeamMember>>,
    /// Whether the viewer may read the audit trail of this place.
    pub may_read_audit: bool,
    /// Surveys open for answers here (a buurt shows its wijk's): where residents answer.
    pub open_surveys: Vec<wijkwerk_store::surveys::Survey>,
}

impl Overview {
    pub fn place(&self) -> &Place {
        self.path.last().expect("a path is never empty")
    }
}

/// A place with its children's resident counts, every small group hidden.
pub async fn overview(store: &Store, viewer: Option<&Actor>, code: &str) -> Result<Overview> {
    let path = path_to(store, code).await?;
    let (children, organisations) =
        tokio::try_join!(store.children_with_residents(code), store.organisations_in(code))?;
    let counts: Vec<u64> = children.iter().map(|(_, n)| *n).collect();
    let min = store.min_group_size();
    let shown = suppress(&counts, min, true);
    let path_codes = codes(&path);
    let team = match viewer {
        Some(actor) if may_see_team(actor, &path_codes) => Some(store.team_at(code).await?),
        _ => None,
    };
    let may_read_audit =
        viewer.is_some_and(|a| AUDIT_READERS.iter().any(|&r| a.has_role_over(r, &path_codes)));
    let place = path.last().expect("a path is never empty");
    let survey_places: Vec<String> = match place.level {
        PlaceLevel::Wijk => vec![place.code.clone()],
        PlaceLevel::Buurt => place.parent_code.clone().into_iter().collect(),
        _ => Vec::new(),
    };
    let open_surveys = if survey_places.is_empty() {
        Vec::new()
    } else {
        store.surveys_in(&survey_places).await?.into_iter().filter(|s| s.status == "open").collect()
    };
    Ok(Overview {
        may_read_audit,
        open_surveys,
        children: children
            .into_iter()
            .zip(shown.cells)
            .map(|((place, _), residents)| ChildCount { place, residents })
            .collect(),
        residents_total: shown.total,
        min_group_size: min.get(),
        organisations,
        team,
        path,
    })
}

/// The people with a role at the place or below it.
pub async fn team(store: &Store, actor: &Actor, code: &str) -> Result<Vec<TeamMember>> {
    let path = path_to(store, code).await?;
    if !may_see_team(actor, &codes(&path)) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    Ok(store.team_at(code).await?)
}

/// Who gets a role: a person named by id or by e-mail address.
pub enum PersonRef<'a> {
    Id(&'a str),
    Email(&'a str),
    Missing,
}

/// Gives `role` at the place to a person. Every problem with the input is
/// reported at once; the caller's own roles decide whether it may be given.
pub async fn assign_role(
    store: &Store,
    actor: &Actor,
    code: &str,
    role: Option<Role>,
    person: PersonRef<'_>,
) -> Result<Assigned> {
    let path = path_to(store, code).await?;
    let mut invalid = wijkwerk_domain::Invalid::new();
    if role.is_none() {
        invalid.add("role", "role-unknown");
    }
    // By e-mail address the answer is the same whether the address has an
    // account or not: a role for an address without one waits for it
    // (`Store::invite_to_role`), so giving roles tells nobody who has an account.
    let target = match person {
        PersonRef::Id(id) => match store.person(id).await? {
            Some(p) => Some(Target::Person(p.id)),
            None => None,
        },
        PersonRef::Email(email) if wijkwerk_domain::person::is_plausible_email(email) => {
            Some(match store.person_by_email(email).await? {
                Some(p) => Target::Person(p.id),
                None => Target::Invitation(email.to_string()),
            })
        }
        PersonRef::Email(_) | PersonRef::Missing => None,
    };
    if target.is_none() {
        invalid.add("personId", "person-unknown");
    }
    invalid.into_result(())?;
    let (role, target) = (role.expect("checked"), target.expect("checked"));
    if !may_assign_role(actor, role, &codes(&path)) {
        return Err(Error::Forbidden("error-page-role-not-yours-to-give"));
    }
    match target {
        Target::Person(person_id) => {
            let assignment = store.assign_role(&person_id, role, code, None).await?;
            // The person by id: an erased person leaves no name in the trail.
            crate::audit::record(store, actor, "role-given", code, &person_id, role.as_str()).await?;
            Ok(Assigned { person_id: Some(person_id), role, place_code: assignment.place_code })
        }
        Target::Invitation(email) => {
            store.invite_to_role(&email, role, code, &actor.person_id).await?;
            crate::audit::record(store, actor, "role-given", code, "", role.as_str()).await?;
            Ok(Assigned { person_id: None, role, place_code: code.to_string() })
        }
    }
}

enum Target {
    Person(String),
    Invitation(String),
}

/// A role given: to a known person (`person_id`), or waiting for the
/// account of an e-mail address (`None`).
pub struct Assigned {
    pub person_id: Option<String>,
    pub role: Role,
    pub place_code: String,
}

/// The platform's life domains (the basis week test's), `(code, name)` in `lang`.
pub async fn life_domains(store: &Store, lang: &str) -> Result<Vec<(String, String)>> {
    let basis = store.template("basis", None).await?.ok_or(Error::NotFound("week-test template"))?;
    Ok(basis.domains.iter().map(|d| (d.code.clone(), text(&d.name, lang).to_string())).collect())
}

#[derive(Clone, Debug, Serialize)]
pub struct DemandSupplyRow {
    pub domain: String,
    pub name: String,
    /// Times mentioned in the wijk's surveys; `None` when under the minimum.
    pub demand: Option<u64>,
    pub supply: i64,
    /// This domain's share of all shown demand, in percent (`None` when hidden).
    pub demand_share: Option<f64>,
    /// This domain's share of all supply, in percent.
    pub supply_share: f64,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, Serialize)]
pub struct DemandSupply {
    pub place: Place,
    pub rows: Vec<DemandSupplyRow>,
    /// Respondents of the place's surveys; `None` when under the minimum.
    pub respondents: Option<u64>,
    pub min_group_size: u64,
    /// The cooperative's marketplace at the place and inside it: open
    /// requests and offers per life domain, where there are any.
    pub market: Vec<MarketRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MarketRow {
    pub domain: String,
    pub name: String,
    pub requests: i64,
    pub offers: i64,
}

/// Demand (survey mentions) against supply (approved, active services) per
/// life domain for a place. No count of fewer people than the minimum is
/// shown, and none at all from too few respondents.
pub async fn demand_supply(store: &Store, code: &str, lang: &str) -> Result<DemandSupply> {
    let path = path_to(store, code).await?;
    let mut mentions: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    let (mut respondents, mut respondents_key) = (0, 0);
    for survey in store.surveys_in(&[code.to_string()]).await?.into_iter().filter(|s| s.status != "draft") {
        let (counts, totals) = store.survey_counts(&survey.id, None).await?;
        if let Some(all) = totals.iter().find(|t| t.kind == "all") {
            respondents += all.n;
            respondents_key += all.key_sum;
        }
        for (d, (n, key)) in mentions_by_domain(&survey.def, &counts) {
            let m = mentions.entry(d).or_default();
            m.0 += n;
            m.1 += key;
        }
    }
    let supply: BTreeMap<String, i64> = store.supply_by_domain(code).await?.into_iter().collect();
    let min_size = store.min_group_size();
    let min = min_size.get();
    let domains = life_domains(store, lang).await?;
    // Published as survey results are: perturbed by their cell keys, and only
    // at or above the minimum (see `privacy::publishable`).
    let respondents = publishable(respondents, cell_key(respondents_key), min_size);
    let pairs: Vec<(Option<u64>, u64)> = domains
        .iter()
        .map(|(c, _)| {
            let demand = match mentions.get(c).copied().unwrap_or((0, 0)) {
                (0, _) => respondents.map(|_| 0),
                (m, key) => respondents.and(publishable(m, cell_key(key), min_size)),
            };
            (demand, supply.get(c).copied().unwrap_or(0) as u64)
        })
        .collect();
    let verdicts = classify(&pairs);
    let counts = store.market_counts(code).await?;
    let market = domains
        .iter()
        .filter_map(|(domain, name)| {
            counts.iter().find(|c| &c.0 == domain).map(|c| MarketRow {
                domain: domain.clone(),
                name: name.clone(),
                requests: c.1,
                offers: c.2,
            })
        })
        .collect();
    let rows = domains
        .into_iter()
        .zip(shares(&pairs))
        .zip(pairs)
        .zip(verdicts)
        .map(|((((domain, name), (demand_share, supply_share)), (demand, supply)), verdict)| {
            DemandSupplyRow {
                domain,
                name,
                demand,
                supply: supply as i64,
                demand_share,
                supply_share,
                verdict,
            }
        })
        .collect();
    Ok(DemandSupply {
        place: path.last().cloned().expect("non-empty"),
        rows,
        respondents,
        min_group_size: min,
        market,
    })
}

/// The lands, for the start of the place tree.
pub async fn lands(store: &Store) -> Result<Vec<Place>> {
    Ok(store.lands().await?)
}

/// The places one level below `code` (a gemeente's wijken).
pub async fn children(store: &Store, code: &str) -> Result<Vec<Place>> {
    Ok(store.children(code).await?)
}

/// Every place, for choosing where something is.
pub async fn all(store: &Store) -> Result<Vec<Place>> {
    Ok(store.all_places().await?)
}

/// A place by its code, if there is one.
pub async fn place(store: &Store, code: &str) -> Result<Option<Place>> {
    Ok(store.place(code).await?)
}

/// The path from the land down to `code` (empty without a code).
pub async fn path_of(store: &Store, code: Option<&str>) -> Result<Vec<Place>> {
    match code {
        Some(code) => Ok(store.place_path(code).await?),
        None => Ok(Vec::new()),
    }
}

/// Every gemeente in every land: where a visitor starts.
pub async fn gemeenten(store: &Store) -> Result<Vec<Place>> {
    let mut out = Vec::new();
    for land in store.lands().await? {
        out.extend(store.children(&land.code).await?);
    }
    Ok(out)
}
