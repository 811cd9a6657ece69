//! The sociale kaart: who may keep an entry (their organisation's, or every
//! organisation's in the places a coördinator leads) and who reviews it.

use crate::{Error, Result};
use wijkwerk_domain::Role;
use wijkwerk_domain::hsds_import::{self, Defaults};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::socialmap::CheckedService;
use wijkwerk_domain::socialmap::{self, ServiceInput};
use wijkwerk_store::Store;
use wijkwerk_store::socialmap::{ImportCount, ServiceDetail, ServiceQuery, ServiceSummary};

/// Reviewers hold one of these roles over one of the service's areas.
pub const REVIEWERS: &[Role] = wijkwerk_domain::access::WIJK_LEADS;

/// Organisations the actor may keep entries for, `(id, name)` by name: their
/// own, and for coördinators, gemeente and landelijk every organisation in their places.
pub async fn manageable_organisations(store: &Store, actor: &Actor) -> Result<Vec<(String, String)>> {
    let mut orgs = store.organisations_of(&actor.person_id).await?;
    for a in actor.roles.iter().filter(|a| REVIEWERS.contains(&a.role)) {
        for o in store.organisations_in(&a.place_code).await? {
            if !orgs.iter().any(|(id, _)| *id == o.id) {
                orgs.push((o.id, o.name));
            }
        }
    }
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(orgs)
}

/// Whether the viewer may keep the entries of this organisation.
pub async fn may_manage(store: &Store, viewer: Option<&Actor>, organisation_id: &str) -> Result<bool> {
    let Some(actor) = viewer else { return Ok(false) };
    Ok(manageable_organisations(store, actor).await?.iter().any(|(id, _)| id == organisation_id))
}

/// Whether the viewer reviews entries for any of these areas.
pub async fn may_review(store: &Store, viewer: Option<&Actor>, areas: &[String]) -> Result<bool> {
    let Some(actor) = viewer else { return Ok(false) };
    for area in areas {
        let path: Vec<String> = store.place_path(area).await?.into_iter().map(|p| p.code).collect();
        if REVIEWERS.iter().any(|&r| actor.has_role_over(r, &path)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A coördinator (or the gemeente) approves an entry for the public sociale
/// kaart; it goes into the audit trail.
pub async fn approve(store: &Store, actor: &Actor, id: &str) -> Result<()> {
    let detail = if wijkwerk_domain::ids::is_id(id) { store.service(id).await? } else { None };
    let detail = detail.ok_or(Error::NotFound("sociale kaart entry"))?;
    let areas: Vec<String> = detail.areas.iter().map(|a| a.0.clone()).collect();
    if !may_review(store, Some(actor), &areas).await? {
        return Err(Error::Forbidden("error-page-forbidden"));
    }
    store.approve_service(id, &actor.person_id).await?;
    let place = areas.first().map(String::as_str).unwrap_or_default();
    crate::audit::record(store, actor, "entry-approved", place, &detail.summary.name, "").await
}

/// An entry of the sociale kaart, for anyone to read.
pub async fn entry(store: &Store, id: &str) -> Result<ServiceDetail> {
    let detail = if wijkwerk_domain::ids::is_id(id) { store.service(id).await? } else { None };
    detail.ok_or(Error::NotFound("sociale kaart entry"))
}

/// An entry the actor may change: it is of an organisation they keep.
pub async fn entry_to_manage(store: &Store, actor: &Actor, id: &str) -> Result<ServiceDetail> {
    let detail = entry(store, id).await?;
    if may_manage(store, Some(actor), &detail.summary.organisation_id).await? {
        Ok(detail)
    } else {
        Err(Error::Forbidden("error-page-not-yours"))
    }
}

/// "Still right": its keeper or a reviewer of its places confirms the entry
/// as it is, which resets the clock that asks for a check.
pub async fn confirm(store: &Store, actor: &Actor, id: &str) -> Result<()> {
    let detail = entry(store, id).await?;
    let areas: Vec<String> = detail.areas.iter().map(|a| a.0.clone()).collect();
    if !may_manage(store, Some(actor), &detail.summary.organisation_id).await?
        && !may_review(store, Some(actor), &areas).await?
    {
        return Err(Error::Forbidden("error-page-not-yours"));
    }
    Ok(store.confirm_service(id).await?)
}

/// The entries the actor keeps: those of every organisation they may manage.
pub async fn kept_by(store: &Store, actor: &Actor) -> Result<Vec<ServiceSummary>> {
    let mut out = Vec::new();
    for (org, _) in manageable_organisations(store, actor).await? {
        let q = ServiceQuery { organisation: Some(org), page: 1, per_page: 200, ..Default::default() };
        out.extend(store.search_services(&q).await?.0);
    }
    Ok(out)
}

/// Entries waiting for the actor's review: new or changed ones in the places
/// where they review, each once.
pub async fn waiting_for_review(store: &Store, actor: &Actor) -> Result<Vec<ServiceSummary>> {
    let mut out: Vec<ServiceSummary> = Vec::new();
    for a in actor.roles.iter().filter(|a| REVIEWERS.contains(&a.role)) {
        let q =
            ServiceQuery { place: Some(a.place_code.clone()), page: 1, per_page: 200, ..Default::default() };
        for s in store.search_services(&q).await?.0 {
            if s.review_status == "pending" && !out.iter().any(|r| r.id == s.id) {
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// Whose entry it is: an organisation the actor keeps, or (for anyone signed
/// in) their own initiative, new, by its name.
pub enum Keeper<'a> {
    Organisation(&'a str),
    NewInitiative(&'a str),
}

/// Puts an entry on the sociale kaart or changes it (`id`). Entries wait for
/// a coördinator's review unless a reviewer of its places saves it. A
/// resident's own initiative becomes an organisation they keep (its entries
/// then theirs to change), always reviewed first. Every problem is listed.
pub async fn save(
    store: &Store,
    actor: &Actor,
    id: Option<&str>,
    keeper: Keeper<'_>,
    input: &ServiceInput,
) -> Result<String> {
    let domains = crate::places::life_domains(store, "nl").await?;
    let domain_codes: Vec<&str> = domains.iter().map(|(c, _)| c.as_str()).collect();
    let places = store.all_places().await?;
    let place_codes: Vec<&str> = places.iter().map(|p| p.code.as_str()).collect();
    let mut invalid = wijkwerk_domain::Invalid::new();
    match keeper {
        Keeper::Organisation(org) if !may_manage(store, Some(actor), org).await? => {
            invalid.add("organisation", "organisation-not-yours");
        }
        Keeper::NewInitiative(_) if id.is_some() => invalid.add("organisation", "organisation-not-yours"),
        Keeper::NewInitiative(name) if name.trim().is_empty() => invalid.add("initiative", "required"),
        Keeper::NewInitiative(name) if name.trim().chars().count() > 150 => {
            invalid.add("initiative", "too-long")
        }
        _ => {}
    }
    let checked = socialmap::check_service(input, &domain_codes, &place_codes);
    if let Err(e) = &checked {
        invalid.errors.extend(e.errors.iter().cloned());
    }
    invalid.into_result(())?;
    let checked = checked.expect("checked");
    match keeper {
        Keeper::Organisation(org) => {
            // A reviewer's own change needs no second look.
            let approved =
                may_review(store, Some(actor), &checked.areas).await?.then_some(actor.person_id.as_str());
            Ok(store.save_service(id, org, &checked, approved).await?)
        }
        Keeper::NewInitiative(name) => {
            let place = checked.areas.first().cloned().unwrap_or_default();
            Ok(store.propose_initiative(&actor.person_id, name.trim(), &place, &checked).await?)
        }
    }
}

/// What a search found, and whether it searched by need instead of by words.
pub struct Found {
    pub services: Vec<ServiceSummary>,
    pub total: i64,
    /// The life domain searched when the words found nothing but name a need
    /// ("eenzaam" → the entries of `sociaal-leven`).
    pub by_need: Option<String>,
}

/// The public search of the sociale kaart. A single word that finds no entry
/// but is a word people use for a need (data: `needs.json`) shows the entries
/// of that need's life domain, and says so.
pub async fn search(store: &Store, query: &ServiceQuery) -> Result<Found> {
    let (services, total) = store.search_services(query).await?;
    let words: Vec<&str> = query.text.split_whitespace().collect();
    if total > 0 || words.len() != 1 || query.domain.is_some() {
        return Ok(Found { services, total, by_need: None });
    }
    let Some(domain) = socialmap::domain_of_need(words[0]) else {
        return Ok(Found { services, total, by_need: None });
    };
    let by_need = ServiceQuery { text: String::new(), domain: Some(domain.clone()), ..query.clone() };
    let (services, total) = store.search_services(&by_need).await?;
    Ok(Found { services, total, by_need: Some(domain) })
}

/// The life domains of the entries `ids`, per entry.
pub async fn domains_of(store: &Store, ids: &[String]) -> Result<Vec<(String, String)>> {
    Ok(store.service_domains(ids).await?)
}

/// A page of the organisations on the map (HSDS).
pub async fn organisations_page(
    store: &Store,
    page: u32,
    per_page: u32,
) -> Result<(Vec<wijkwerk_store::places::Organisation>, i64)> {
    Ok(store.organisations_page(page, per_page).await?)
}

/// An organisation, with its approved entries (HSDS).
pub async fn organisation(
    store: &Store,
    id: &str,
) -> Result<(wijkwerk_store::places::Organisation, Vec<ServiceSummary>)> {
    let org = if wijkwerk_domain::ids::is_id(id) { store.organisation(id).await? } else { None };
    let org = org.ok_or(Error::NotFound("organisation"))?;
    let q = ServiceQuery {
        organisation: Some(id.to_string()),
        approved_only: true,
        page: 1,
        per_page: 200,
        ..Default::default()
    };
    Ok((org, store.search_services(&q).await?.0))
}

/// A public entry with its organisation: only approved entries are public.
pub async fn public_entry(
    store: &Store,
    id: &str,
) -> Result<(ServiceDetail, wijkwerk_store::places::Organisation)> {
    let detail = entry(store, id).await?;
    if detail.summary.review_status != "approved" {
        return Err(Error::NotFound("sociale kaart entry"));
    }
    let org = store.organisation(&detail.summary.organisation_id).await?;
    Ok((detail, org.ok_or(Error::NotFound("organisation"))?))
}

/// A page of (location, entry) pairs (HSDS `service_at_locations`).
pub async fn service_locations_page(
    store: &Store,
    page: u32,
    per_page: u32,
) -> Result<(Vec<(String, String)>, i64)> {
    Ok(store.service_locations_page(page, per_page).await?)
}

/// Entries by a query as is: no search by need (HSDS).
pub async fn list(store: &Store, query: &ServiceQuery) -> Result<(Vec<ServiceSummary>, i64)> {
    Ok(store.search_services(query).await?)
}

/// The public entries of a buurt (or any place) with their details, for the
/// printed list: at most 200, and how many there are.
pub async fn printed_list(
    store: &Store,
    code: &str,
) -> Result<(wijkwerk_domain::Place, Vec<(ServiceSummary, ServiceDetail)>, i64)> {
    let (place, _) = crate::places::place_at(store, code).await?;
    let query = ServiceQuery {
        place: Some(code.to_string()),
        approved_only: true,
        page: 1,
        per_page: 200,
        ..Default::default()
    };
    let (list, total) = store.search_services(&query).await?;
    let mut out = Vec::new();
    for s in list {
        let detail = store.service(&s.id).await?.ok_or(Error::NotFound("sociale kaart entry"))?;
        out.push((s, detail));
    }
    Ok((place, out, total))
}

/// How an HSDS document is taken in: the kind of a service that names
/// none, the place, life domain and organisation of one that names none,
/// and who approves the entries (none: they wait for review).
pub struct HsdsImport<'a> {
    pub kind: &'a str,
    pub defaults: Defaults<'a>,
    pub reviewer_email: Option<&'a str>,
}

/// What an HSDS import did. Nothing is stored unless every service is right.
pub enum HsdsOutcome {
    /// The document holds no service, list or page of services.
    NoServices,
    /// Every problem, each naming its service's place in the file.
    Refused(Vec<String>),
    /// The services as checked, with what became of them.
    Imported { services: Vec<(String, CheckedService)>, count: ImportCount },
}

/// Takes an Open Referral HSDS document into the sociale kaart: the services
/// are read, checked against the platform's places and life domains (all at
/// once), and then imported, new or updated by name, with their
/// organisations. `wijkwerk hsds import` and the demo's sociale kaart both
/// come through here.
pub async fn import_hsds(
    store: &Store,
    doc: &serde_json::Value,
    how: HsdsImport<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<HsdsOutcome> {
    let places: Vec<(String, String)> =
        store.all_places().await?.into_iter().map(|p| (p.code, p.name)).collect();
    let codes: Vec<&str> = places.iter().map(|(c, _)| c.as_str()).collect();
    if !codes.contains(&how.defaults.place) {
        return Err(Error::invalid("place", "place-unknown"));
    }
    let reviewer = match how.reviewer_email {
        Some(email) => {
            Some(store.person_by_email(email).await?.ok_or(Error::invalid("reviewer", "person-unknown"))?.id)
        }
        None => None,
    };
    let basis = store.template("basis", None).await?.ok_or(Error::NotFound("the basis week test"))?;
    let domains: Vec<&str> = basis.domains.iter().map(|d| d.code.as_str()).collect();
    let Some(services) = hsds_import::services_in(doc, &places, how.kind) else {
        return Ok(HsdsOutcome::NoServices);
    };
    let place = how.defaults.place;
    let services = match hsds_import::check_all(services, how.defaults, &domains, &codes) {
        Ok(checked) => checked,
        Err(problems) => return Ok(HsdsOutcome::Refused(problems)),
    };
    let count = store.import_services(&services, place, reviewer.as_deref(), progress).await?;
    Ok(HsdsOutcome::Imported { services, count })
}
