//! The sociale kaart as Open Referral HSDS 3.0 under `/api/hsds/v3`.
//!
//! Life domains are published as one taxonomy; ids of things wijkwerk keeps
//! inside a service (its phone, its areas, its terms) are derived from the
//! service id, so they stay the same between requests.

use super::ApiQuery;
use crate::AppState;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use wijkwerk_app::socialmap;
use wijkwerk_domain::socialmap::Kind;
use wijkwerk_store::socialmap::{ServiceDetail, ServiceQuery, ServiceSummary};

pub const TAXONOMY: &str = "wijkwerk-leefdomeinen";
/// Who runs a service (public, private, informal) travels as an attribute in
/// a taxonomy of its own: HSDS has no field for it, and an import must not
/// lose the naaiclub's being run by residents.
pub use wijkwerk_domain::hsds_import::KIND_TAXONOMY;

/// A stable UUID-shaped id for something that has no id of its own.
pub fn derived_id(seed: &str) -> String {
    let h = wijkwerk_store::secrets::token_hash(seed);
    format!("{}-{}-8{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

pub fn term_id(domain: &str) -> String {
    derived_id(&format!("taxonomy-term:{domain}"))
}

fn taxonomy_id() -> String {
    derived_id(&format!("taxonomy:{TAXONOMY}"))
}

fn kind_term_id(kind: &str) -> String {
    derived_id(&format!("taxonomy-term:{KIND_TAXONOMY}:{kind}"))
}

fn kind_taxonomy_id() -> String {
    derived_id(&format!("taxonomy:{KIND_TAXONOMY}"))
}

/// The kinds of provider with their Dutch names, as data for other systems.
fn kind_terms(state: &AppState) -> Vec<Value> {
    Kind::ALL
        .iter()
        .map(|k| {
            let name = state.i18n().t("nl", &format!("sk-kind-{}", k.as_str()));
            json!({
                "id": kind_term_id(k.as_str()),
                "code": k.as_str(),
                "name": name,
                "description": format!("Aanbieder: {name} (wijkwerk)"),
                "taxonomy_id": kind_taxonomy_id(),
                "taxonomy": KIND_TAXONOMY,
            })
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<u32>,
    per_page: Option<u32>,
    search: Option<String>,
    taxonomy_term_id: Option<String>,
    organization_id: Option<String>,
}

fn page_json(total: i64, page: u32, per_page: u32, contents: Vec<Value>) -> Value {
    let total_pages = (total as u32).div_ceil(per_page).max(1);
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

fn service_list_json(s: &ServiceSummary) -> Value {
    let mut v = json!({
        "id": s.id,
        "organization_id": s.organisation_id,
        "name": s.name,
        "description": s.description,
        "status": s.status,
        "last_modified": s.updated_at,
    });
    if let Some(url) = &s.url {
        v["url"] = json!(url);
    }
    if let Some(email) = &s.email {
        v["email"] = json!(email);
    }
    v
}

async fn domain_names(state: &AppState) -> Vec<(String, String)> {
    wijkwerk_app::places::life_domains(state.store(), "nl").await.unwrap_or_default()
}

fn term_json(code: &str, name: &str) -> Value {
    json!({
        "id": term_id(code),
        "code": code,
        "name": name,
        "description": format!("Leefdomein {name} (wijkwerk)"),
        "taxonomy_id": taxonomy_id(),
        "taxonomy": TAXONOMY,
    })
}

fn full_service_json(
    d: &ServiceDetail,
    organisation: &Value,
    domains: &[(String, String)],
    kinds: &[Value],
) -> Value {
    let s = &d.summary;
    let mut v = service_list_json(s);
    v["phones"] = json!(
        s.phone
            .iter()
            .map(|n| json!({
                "id": derived_id(&format!("phone:{}", s.id)), "service_id": s.id, "number": n,
            }))
            .collect::<Vec<_>>()
    );
    v["schedules"] = json!(
        d.schedules
            .iter()
            .map(|o| json!({
                "id": o.id, "service_id": s.id, "freq": "WEEKLY", "byday": o.weekdays,
                "opens_at": o.opens_at, "closes_at": o.closes_at, "description": o.note,
            }))
            .collect::<Vec<_>>()
    );
    v["service_areas"] = json!(d.areas.iter().map(|(code, name)| json!({
        "id": derived_id(&format!("area:{}:{code}", s.id)), "service_id": s.id, "name": name, "description": code,
    })).collect::<Vec<_>>());
    v["service_at_locations"] = json!(d.locations.iter().map(|l| json!({
        "id": derived_id(&format!("sal:{}", l.id)),
        "service_id": s.id,
        "location_id": l.id,
        "location": {
            "id": l.id,
            "location_type": "physical",
            "name": s.name,
            "addresses": [{
                "id": derived_id(&format!("address:{}", l.id)), "location_id": l.id, "address_1": l.address,
                "city": l.city, "state_province": "", "postal_code": l.postal_code, "country": "NL",
                "address_type": "physical",
            }],
        },
    })).collect::<Vec<_>>());
    v["contacts"] = if s.who_to_ask.is_empty() {
        json!([])
    } else {
        json!([{ "id": derived_id(&format!("contact:{}", s.id)), "service_id": s.id, "name": s.who_to_ask }])
    };
    let mut attributes: Vec<Value> = d
        .domains
        .iter()
        .map(|code| {
            let name = domains.iter().find(|(c, _)| c == code).map(|(_, n)| n.as_str()).unwrap_or(code);
            json!({
                "id": derived_id(&format!("attribute:{}:{code}", s.id)),
                "link_id": s.id, "link_type": "service", "link_entity": "service",
                "taxonomy_term_id": term_id(code),
                "taxonomy_term": term_json(code, name),
            })
        })
        .collect();
    if let Some(term) = kinds.iter().find(|t| t["code"] == s.kind) {
        attributes.push(json!({
            "id": derived_id(&format!("attribute:{}:{KIND_TAXONOMY}", s.id)),
            "link_id": s.id, "link_type": "service", "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }));
    }
    v["attributes"] = json!(attributes);
    v["languages"] = json!([]);
    v["funding"] = json!([]);
    v["cost_options"] = json!([]);
    v["required_documents"] = json!([]);
    v["metadata"] = json!([]);
    v["organization"] = organisation.clone();
    v
}

fn organisation_json(o: &wijkwerk_store::places::Organisation) -> Value {
    let mut v = json!({ "id": o.id, "name": o.name, "description": o.description });
    if let Some(w) = &o.website {
        v["website"] = json!(w);
    }
    v
}

fn page_params(q: &PageQuery) -> (u32, u32) {
    (q.page.unwrap_or(1).max(1), q.per_page.unwrap_or(50).clamp(1, 200))
}

/// HSDS says what was not found in its own words.
fn found_or(e: wijkwerk_app::Error, not_found: impl Fn() -> Problem) -> Problem {
    match e {
        wijkwerk_app::Error::NotFound(_) => not_found(),
        other => other.into(),
    }
}

pub async fn services(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, Problem> {
    let (page, per_page) = page_params(&q);
    let (mut domain, mut kind) = (None, None);
    if let Some(id) = &q.taxonomy_term_id {
        domain = domain_names(&state).await.into_iter().map(|(c, _)| c).find(|c| term_id(c) == *id);
        kind = Kind::ALL.iter().map(|k| k.as_str().to_string()).find(|k| kind_term_id(k) == *id);
        if domain.is_none() && kind.is_none() {
            // No service carries a term that does not exist.
            return Ok(Json(page_json(0, page, per_page, Vec::new())).into_response());
        }
    }
    let query = ServiceQuery {
        text: q.search.clone().unwrap_or_default(),
        domain,
        kind,
        place: None,
        organisation: q.organization_id.clone(),
        approved_only: true,
        page,
        per_page,
        // HSDS pages promise the exact number of items.
        count_up_to: None,
    };
    let (list, total) = socialmap::list(state.store(), &query).await?;
    let contents = list.iter().map(service_list_json).collect();
    Ok(Json(page_json(total, page, per_page, contents)).into_response())
}

pub async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Problem> {
    let not_found = || Problem::not_found("There is no such service.");
    let (d, org) = socialmap::public_entry(state.store(), &id).await.map_err(|e| found_or(e, not_found))?;
    let domains = domain_names(&state).await;
    let kinds = kind_terms(&state);
    Ok(Json(full_service_json(&d, &organisation_json(&org), &domains, &kinds)).into_response())
}

pub async fn organizations(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, Problem> {
    let (page, per_page) = page_params(&q);
    let (list, total) = socialmap::organisations_page(state.store(), page, per_page).await?;
    Ok(Json(page_json(total, page, per_page, list.iter().map(organisation_json).collect())).into_response())
}

pub async fn organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let not_found = || Problem::not_found("There is no such organization.");
    let (org, services) =
        socialmap::organisation(state.store(), &id).await.map_err(|e| found_or(e, not_found))?;
    let mut v = organisation_json(&org);
    v["services"] = json!(services.iter().map(service_list_json).collect::<Vec<_>>());
    Ok(Json(v).into_response())
}

pub async fn service_at_locations(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, Problem> {
    let (page, per_page) = page_params(&q);
    let (list, total) = socialmap::service_locations_page(state.store(), page, per_page).await?;
    let contents = list
        .iter()
        .map(|(location_id, service_id)| {
            json!({ "id": derived_id(&format!("sal:{location_id}")), "service_id": service_id, "location_id": location_id })
        })
        .collect();
    Ok(Json(page_json(total, page, per_page, contents)).into_response())
}

pub async fn taxonomies(State(_state): State<AppState>) -> Response {
    Json(page_json(
        2,
        1,
        2,
        vec![
            json!({
                "id": taxonomy_id(),
                "name": TAXONOMY,
                "description": "De leefdomeinen van wijkwerk (naar de HETUS-hoofdgroepen).",
                "uri": "https://wijkwerk.nl/taxonomie/leefdomeinen",
                "version": "1",
            }),
            json!({
                "id": kind_taxonomy_id(),
                "name": KIND_TAXONOMY,
                "description": "Wie iets aanbiedt: gemeente of overheid, organisatie of bedrijf, of bewoners zelf.",
                "uri": "https://wijkwerk.nl/taxonomie/aanbieders",
                "version": "1",
            }),
        ],
    ))
    .into_response()
}

pub async fn taxonomy_terms(State(state): State<AppState>) -> Response {
    let mut terms: Vec<Value> = domain_names(&state).await.iter().map(|(c, n)| term_json(c, n)).collect();
    terms.extend(kind_terms(&state));
    let total = terms.len() as i64;
    Json(page_json(total, 1, total.max(1) as u32, terms)).into_response()
}
