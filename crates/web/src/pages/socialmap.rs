//! The sociale kaart in the browser: search by need, life domain and place;
//! a printable list per buurt; partners keep their own entries, a
//! coördinator reviews them, entries not confirmed for a year are flagged.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use crate::context::SignedIn;
use crate::problem::PageError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::socialmap::Keeper;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::socialmap::{self, ServiceInput, is_stale};
use wijkwerk_store::socialmap::{ServiceQuery, ServiceSummary};

pub const PER_PAGE: u32 = 20;
/// How many services past the page's first the search counts before it says "more than".
const COUNT_AHEAD: u32 = 1000;

/// Life domains as `(code, name)` in the viewer's language.
async fn domain_options(state: &AppState, lang: &str) -> Result<Vec<(String, String)>, PageError> {
    Ok(wijkwerk_app::places::life_domains(state.store(), lang).await?)
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    domein: String,
    #[serde(default)]
    plaats: String,
    pagina: Option<u32>,
}

#[derive(Serialize)]
struct Card {
    #[serde(flatten)]
    service: ServiceSummary,
    domains: Vec<String>,
    stale: bool,
}

async fn cards(state: &AppState, list: Vec<ServiceSummary>, lang: &str) -> Result<Vec<Card>, PageError> {
    let ids: Vec<String> = list.iter().map(|s| s.id.clone()).collect();
    let domains = wijkwerk_app::socialmap::domains_of(state.store(), &ids).await?;
    let names: BTreeMap<String, String> = domain_options(state, lang).await?.into_iter().collect();
    let now = Timestamp::now();
    Ok(list
        .into_iter()
        .map(|s| Card {
            domains: domains
                .iter()
                .filter(|(id, _)| *id == s.id)
                .map(|(_, d)| names.get(d).cloned().unwrap_or_else(|| d.clone()))
                .collect(),
            stale: is_stale(&s.confirmed_at, now),
            service: s,
        })
        .collect())
}

pub async fn search(State(state): State<AppState>, ctx: Context, Query(q): Query<SearchQuery>) -> PageResult {
    let page = q.pagina.unwrap_or(1).max(1);
    let query = ServiceQuery {
        text: q.q.chars().take(100).collect(),
        domain: Some(q.domein.clone()).filter(|d| !d.is_empty()),
        place: Some(q.plaats.clone()).filter(|p| !p.is_empty()),
        organisation: None,
        kind: None,
        approved_only: true,
        page,
        per_page: PER_PAGE,
        // Counting stops a while past this page: nobody needs the exact
        // number of a search that finds thousands, and counting them all is
        // most of the work.
        count_up_to: Some((page - 1).saturating_mul(PER_PAGE).saturating_add(COUNT_AHEAD)),
    };
    let found = wijkwerk_app::socialmap::search(state.store(), &query).await?;
    let (list, total) = (found.services, found.total);
    let domains = domain_options(&state, ctx.lang).await?;
    let by_need = found.by_need.and_then(|d| domains.iter().find(|(c, _)| *c == d).map(|(_, n)| n.clone()));
    let results = cards(&state, list, ctx.lang).await?;
    let more = query.count_up_to.is_some_and(|n| total > i64::from(n));
    let total = if more { i64::from(query.count_up_to.unwrap_or(0)) } else { total };
    let pages = (total as u32).div_ceil(PER_PAGE).max(1);
    let places: Vec<(String, String)> =
        wijkwerk_app::places::all(state.store()).await?.into_iter().map(|p| (p.code, p.name)).collect();
    ok(render(
        &state,
        &ctx,
        "socialmap.html",
        view! {
            results,
            total,
            more,
            page,
            pages,
            q => q.q,
            domein => q.domein,
            plaats => q.plaats,
            domains,
            by_need,
            places,
        },
    )?)
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    let detail = wijkwerk_app::socialmap::entry(state.store(), &id).await?;
    let manager =
        wijkwerk_app::socialmap::may_manage(state.store(), ctx.actor(), &detail.summary.organisation_id)
            .await?;
    if detail.summary.review_status != "approved" && !manager {
        return Err(PageError::not_found());
    }
    let names: BTreeMap<String, String> = domain_options(&state, ctx.lang).await?.into_iter().collect();
    let domains: Vec<String> =
        detail.domains.iter().map(|d| names.get(d).cloned().unwrap_or_else(|| d.clone())).collect();
    let stale = is_stale(&detail.summary.confirmed_at, Timestamp::now());
    let reviewer = wijkwerk_app::socialmap::may_review(
        state.store(),
        ctx.actor(),
        &detail.areas.iter().map(|a| a.0.clone()).collect::<Vec<_>>(),
    )
    .await?;
    ok(render(
        &state,
        &ctx,
        "socialmap_service.html",
        view! { service => detail, domains, stale, manager, reviewer },
    )?)
}

/// The printable list of everything for one buurt, for people without internet.
pub async fn print_list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    let (place, found, total) = wijkwerk_app::socialmap::printed_list(state.store(), &code).await?;
    let (list, details): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let mut by_domain: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    let domains = domain_options(&state, ctx.lang).await?;
    for (card, detail) in cards(&state, list, ctx.lang).await?.into_iter().zip(details) {
        let first = card.domains.first().cloned().unwrap_or_default();
        by_domain.entry(first).or_default().push(serde_json::json!({
            "name": card.service.name, "organisation": card.service.organisation,
            "description": card.service.description, "phone": card.service.phone,
            "who_to_ask": card.service.who_to_ask, "locations": detail.locations, "schedules": detail.schedules,
        }));
    }
    // In the order of the life domains.
    let groups: Vec<(String, Vec<serde_json::Value>)> = domains
        .into_iter()
        .filter_map(|(_, name)| by_domain.remove(&name).map(|list| (name, list)))
        .collect();
    ok(render(
        &state,
        &ctx,
        "socialmap_print.html",
        view! { place, groups, total, printed => wijkwerk_domain::goals::iso(wijkwerk_domain::goals::today(Timestamp::now())) },
    )?)
}

pub async fn manage(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let store = state.store();
    let mine = wijkwerk_app::socialmap::kept_by(store, ctx.actor()).await?;
    let to_review = wijkwerk_app::socialmap::waiting_for_review(store, ctx.actor()).await?;
    let mine = cards(&state, mine, ctx.lang).await?;
    let to_review = cards(&state, to_review, ctx.lang).await?;
    // Anyone signed in may add: their organisation's entry, or their own initiative.
    ok(render(&state, &ctx, "socialmap_manage.html", view! { mine, to_review })?)
}

/// The form's fields, as typed.
#[derive(Deserialize, Serialize, Default)]
pub struct ServiceForm {
    /// An organisation's id, or `new` for one's own new initiative.
    #[serde(default)]
    organisation: String,
    /// The name of that new initiative (a club, a group).
    #[serde(default)]
    initiative: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    who_to_ask: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    opening_hours: String,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    areas: Vec<String>,
}

/// `Form<Vec<(String, String)>>` keeps repeated checkboxes; this gathers them.
fn service_form(fields: &[(String, String)]) -> ServiceForm {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let all = |k: &str| fields.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect();
    ServiceForm {
        organisation: get("organisation"),
        initiative: get("initiative"),
        name: get("name"),
        description: get("description"),
        kind: get("kind"),
        status: get("status"),
        url: get("url"),
        email: get("email"),
        phone: get("phone"),
        who_to_ask: get("who_to_ask"),
        address: get("address"),
        postal_code: get("postal_code"),
        city: get("city"),
        opening_hours: get("opening_hours"),
        domains: all("domains"),
        areas: all("areas"),
    }
}

/// A place to choose with the places inside it: the gemeente on its own, then
/// each wijk with its buurten, so people pick by name, not from a list of codes.
#[derive(Serialize)]
struct AreaGroup {
    code: String,
    name: String,
    level: wijkwerk_domain::PlaceLevel,
    children: Vec<wijkwerk_domain::Place>,
}

fn area_groups(places: Vec<wijkwerk_domain::Place>) -> Vec<AreaGroup> {
    use wijkwerk_domain::PlaceLevel;
    let mut groups = Vec::new();
    for p in places.iter().filter(|p| p.level == PlaceLevel::Gemeente) {
        groups.push(AreaGroup {
            code: p.code.clone(),
            name: p.name.clone(),
            level: p.level,
            children: Vec::new(),
        });
        for w in
            places.iter().filter(|w| w.level == PlaceLevel::Wijk && w.parent_code.as_ref() == Some(&p.code))
        {
            let children =
                places.iter().filter(|b| b.parent_code.as_ref() == Some(&w.code)).cloned().collect();
            groups.push(AreaGroup { code: w.code.clone(), name: w.name.clone(), level: w.level, children });
        }
    }
    groups
}

async fn form_page(
    state: &AppState,
    ctx: &SignedIn,
    status: StatusCode,
    id: Option<String>,
    form: ServiceForm,
    errors: BTreeMap<String, String>,
) -> PageResult {
    let organisations = wijkwerk_app::socialmap::manageable_organisations(state.store(), ctx.actor()).await?;
    let area_groups = area_groups(wijkwerk_app::places::all(state.store()).await?);
    let html = render(
        state,
        ctx,
        "socialmap_form.html",
        view! {
            id,
            form,
            errors,
            organisations,
            area_groups,
            domains => domain_options(state, ctx.lang).await?,
            kinds => socialmap::Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
            statuses => socialmap::STATUSES,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: SignedIn) -> PageResult {
    let organisations = wijkwerk_app::socialmap::manageable_organisations(state.store(), ctx.actor()).await?;
    // Someone who keeps no organisation starts their own initiative.
    let organisation = if organisations.is_empty() { NEW_INITIATIVE.to_string() } else { String::new() };
    let form =
        ServiceForm { kind: "informal".into(), status: "active".into(), organisation, ..Default::default() };
    form_page(&state, &ctx, StatusCode::OK, None, form, BTreeMap::new()).await
}

/// Stored days (`MO,WE`) as a person writes them in their language (`ma,wo`).
fn days_as_typed(days: &str, lang: &str) -> String {
    const DUTCH: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
    days.split(',')
        .map(|d| match socialmap::WEEKDAYS.iter().position(|w| *w == d.trim()) {
            Some(i) if lang == "nl" => DUTCH[i].to_string(),
            _ => d.trim().to_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn edit_form(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let detail = wijkwerk_app::socialmap::entry_to_manage(state.store(), ctx.actor(), &id).await?;
    let s = &detail.summary;
    let form = ServiceForm {
        organisation: s.organisation_id.clone(),
        initiative: String::new(),
        name: s.name.clone(),
        description: s.description.clone(),
        kind: s.kind.clone(),
        status: s.status.clone(),
        url: s.url.clone().unwrap_or_default(),
        email: s.email.clone().unwrap_or_default(),
        phone: s.phone.clone().unwrap_or_default(),
        who_to_ask: s.who_to_ask.clone(),
        address: detail.locations.first().map(|l| l.address.clone()).unwrap_or_default(),
        postal_code: detail.locations.first().map(|l| l.postal_code.clone()).unwrap_or_default(),
        city: detail.locations.first().map(|l| l.city.clone()).unwrap_or_default(),
        opening_hours: detail
            .schedules
            .iter()
            .map(|o| {
                format!("{} {}-{} {}", days_as_typed(&o.weekdays, ctx.lang), o.opens_at, o.closes_at, o.note)
                    .trim()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
        domains: detail.domains.clone(),
        areas: detail.areas.iter().map(|a| a.0.clone()).collect(),
    };
    form_page(&state, &ctx, StatusCode::OK, Some(id), form, BTreeMap::new()).await
}

async fn save(state: &AppState, ctx: &SignedIn, id: Option<String>, form: ServiceForm) -> PageResult {
    let input = ServiceInput {
        name: form.name.clone(),
        description: form.description.clone(),
        kind: form.kind.clone(),
        status: form.status.clone(),
        domains: form.domains.clone(),
        areas: form.areas.clone(),
        url: form.url.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        who_to_ask: form.who_to_ask.clone(),
        address: form.address.clone(),
        postal_code: form.postal_code.clone(),
        city: form.city.clone(),
        opening_hours: form.opening_hours.clone(),
    };
    let keeper = if form.organisation == NEW_INITIATIVE {
        Keeper::NewInitiative(&form.initiative)
    } else {
        Keeper::Organisation(&form.organisation)
    };
    match wijkwerk_app::socialmap::save(state.store(), ctx.actor(), id.as_deref(), keeper, &input).await {
        Ok(saved) => Ok(Redirect::to(&format!("/sociale-kaart/{saved}")).into_response()),
        Err(wijkwerk_app::Error::Invalid(invalid)) => {
            let errors =
                invalid.errors.iter().map(|e| (e.field.clone(), format!("error-{}", e.code))).collect();
            form_page(state, ctx, StatusCode::UNPROCESSABLE_ENTITY, id, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The organisation choice that means "my own initiative, new".
const NEW_INITIATIVE: &str = "new";

pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    save(&state, &ctx, None, service_form(&fields)).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let existing = wijkwerk_app::socialmap::entry_to_manage(state.store(), ctx.actor(), &id).await?;
    let mut form = service_form(&fields);
    // An entry stays with its organisation.
    form.organisation = existing.summary.organisation_id;
    save(&state, &ctx, Some(id), form).await
}

pub async fn confirm(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    wijkwerk_app::socialmap::confirm(state.store(), ctx.actor(), &id).await?;
    Ok(Redirect::to(&format!("/sociale-kaart/{id}")).into_response())
}

pub async fn approve(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    wijkwerk_app::socialmap::approve(state.store(), ctx.actor(), &id).await?;
    Ok(Redirect::to("/sociale-kaart/beheer").into_response())
}
