//! The open podium: a place's meetings (`/plaatsen/{code}/bijeenkomsten`,
//! public, with the form for organisers), one meeting (`/bijeenkomsten/{id}`,
//! public, with registering and cancelling for the signed-in) and the
//! iCalendar feeds (`….ics`).

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::{Context, SignedIn, site_of};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_app::meetings as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::meetings::{FORMS, RawMeeting, check_meeting};
use wijkwerk_store::meetings::Meeting;

/// Agenda rows on the organiser's form (the API takes up to 20).
const AGENDA_ROWS: usize = 5;

/// A meeting as the list and the page show it.
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    meeting: Meeting,
    when: String,
    free: Option<u64>,
}

fn shown(state: &AppState, lang: &str, m: Meeting) -> Shown {
    Shown {
        when: crate::i18n::meeting_when(state.i18n(), lang, &m.starts_at, &m.ends_at),
        free: m.capacity.map(|c| c.saturating_sub(m.registered)),
        meeting: m,
    }
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    list_page(&state, &ctx, &code, StatusCode::OK, BTreeMap::new(), BTreeMap::new()).await
}

async fn list_page(
    state: &AppState,
    ctx: &crate::context::Ctx,
    code: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    typed: BTreeMap<String, String>,
) -> PageResult {
    let l = use_case::list(state.store(), ctx.actor(), code, Timestamp::now()).await?;
    let lang = ctx.lang;
    // Every field of the form, empty unless typed (the template reads them all).
    let mut typed = typed;
    let fields = [
        "title",
        "purpose",
        "form",
        "venue",
        "address",
        "accessibility",
        "onlineUrl",
        "startsAt",
        "endsAt",
        "capacity",
        "organisers",
    ];
    for key in fields.iter().map(|f| f.to_string()).chain(
        (0..AGENDA_ROWS).flat_map(|i| ["title", "minutes", "brings"].map(|f| format!("agenda.{i}.{f}"))),
    ) {
        typed.entry(key).or_default();
    }
    let upcoming: Vec<Shown> = l.upcoming.into_iter().map(|m| shown(state, lang, m)).collect();
    let past: Vec<Shown> = l.past.into_iter().map(|m| shown(state, lang, m)).collect();
    let html = render(
        state,
        ctx,
        "meetings.html",
        view! {
            place => l.place,
            path => l.path,
            upcoming,
            past,
            decisions => l.decisions,
            may_organise => l.may_organise,
            forms => FORMS,
            agenda_rows => AGENDA_ROWS,
            typed,
            errors,
        },
    )?;
    Ok((status, html).into_response())
}

/// The organiser's form: fields by name, the agenda as `agenda.N.title`,
/// `agenda.N.minutes`, `agenda.N.brings`.
pub async fn organise(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let typed: BTreeMap<String, String> = fields.into_iter().filter(|(k, _)| k != "csrf").collect();
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let agenda: Vec<(&str, &str, &str)> = (0..wijkwerk_domain::meetings::MAX_AGENDA_ITEMS)
        .map(|i| {
            (
                get(&format!("agenda.{i}.title")),
                get(&format!("agenda.{i}.minutes")),
                get(&format!("agenda.{i}.brings")),
            )
        })
        .collect();
    let raw = RawMeeting {
        title: get("title"),
        purpose: get("purpose"),
        form: get("form"),
        venue: get("venue"),
        address: get("address"),
        accessibility: get("accessibility"),
        online_url: get("onlineUrl"),
        starts_at: get("startsAt"),
        ends_at: get("endsAt"),
        capacity: get("capacity"),
        organisers: get("organisers"),
        agenda,
    };
    let result = use_case::organise(state.store(), ctx.actor(), &code, check_meeting(&raw)).await;
    after_form(
        result,
        |m| format!("/bijeenkomsten/{}", m.id),
        |errors| {
            // Field names hold a dot (`agenda.0.title`), which an element id may not.
            let errors = errors.into_iter().map(|(k, v)| (k.replace('.', "-"), v)).collect();
            list_page(&state, &ctx, &code, StatusCode::UNPROCESSABLE_ENTITY, errors, typed.clone())
        },
    )
    .await
}

/// `/bijeenkomsten/{id}`, or `/bijeenkomsten/{id}.ics` for a calendar.
pub async fn show(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    if let Some(id) = id.strip_suffix(".ics") {
        let feed = use_case::meeting_feed(state.store(), id, &site_of(&headers), Timestamp::now()).await?;
        return Ok(calendar_response(feed, &format!("bijeenkomst-{id}.ics")));
    }
    meeting_page(&state, &ctx, &id, StatusCode::OK, BTreeMap::new(), None).await
}

async fn meeting_page(
    state: &AppState,
    ctx: &crate::context::Ctx,
    id: &str,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    form: Option<&str>,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), id, Timestamp::now()).await?;
    let lang = ctx.lang;
    let planned: u32 = v.agenda.iter().map(|a| a.minutes).sum();
    // Organisers see how far the invitation by e-mail got (counts only).
    let mail = match (ctx.actor(), v.may_organise && !v.over) {
        (Some(actor), true) => Some(wijkwerk_app::mail::invitation_counts(state.store(), actor, id).await?),
        _ => None,
    };
    let html = render(
        state,
        ctx,
        "meeting.html",
        view! {
            m => shown(state, lang, v.meeting),
            agenda => v.agenda,
            planned,
            path => v.path,
            over => v.over,
            full => v.full,
            mine => v.mine.map(|(seat, place)| serde_json::json!({ "seat": seat.as_str(), "place": place })),
            decisions => v.decisions,
            carried => v.carried,
            evaluation => v.evaluation,
            may_evaluate => v.may_evaluate,
            my_evaluation => v.my_evaluation,
            may_organise => v.may_organise,
            mail,
            errors,
            form,
        },
    )?;
    Ok((status, html).into_response())
}

/// The minutes: `notes.N` per agenda item and `attended`.
pub async fn minutes(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let count = fields.iter().filter(|(n, _)| n.starts_with("notes.")).count();
    let notes: Vec<&str> = (0..count).map(|i| get(&format!("notes.{i}"))).collect();
    let result = use_case::record_minutes(state.store(), ctx.actor(), &id, &notes, get("attended")).await;
    after_form(
        result,
        |_| format!("/bijeenkomsten/{id}#verslag"),
        |errors| {
            let errors = errors.into_iter().map(|(k, v)| (k.replace('.', "-"), v)).collect();
            meeting_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, Some("verslag"))
        },
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let input = wijkwerk_domain::meetings::check_decision(&f.title, &f.owner, &f.due_on);
    let result = use_case::decide(state.store(), ctx.actor(), &id, input).await;
    after_form(
        result,
        |_| format!("/bijeenkomsten/{id}#besluiten"),
        |errors| meeting_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, Some("besluiten")),
    )
    .await
}

pub async fn decision_done(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let d = use_case::decision_done(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(axum::response::Redirect::to(&format!("/bijeenkomsten/{}#besluiten", d.meeting_id)).into_response())
}

#[derive(serde::Deserialize)]
pub struct EvaluationForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    line: String,
}

pub async fn evaluate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<EvaluationForm>,
) -> PageResult {
    let result =
        use_case::evaluate(state.store(), ctx.actor(), &id, &f.score, &f.line, Timestamp::now()).await;
    after_form(
        result,
        |_| format!("/bijeenkomsten/{id}#evaluatie"),
        |errors| meeting_page(&state, &ctx, &id, StatusCode::UNPROCESSABLE_ENTITY, errors, Some("evaluatie")),
    )
    .await
}

/// "Uitnodiging mailen": queues the invitation for those who asked for it.
pub async fn invite(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    wijkwerk_app::mail::invite(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(axum::response::Redirect::to(&format!("/bijeenkomsten/{id}#e-mail")).into_response())
}

pub async fn register(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    use_case::register(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(axum::response::Redirect::to(&format!("/bijeenkomsten/{id}#aanmelden")).into_response())
}

pub async fn cancel(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    use_case::cancel(state.store(), ctx.actor(), &id).await?;
    Ok(axum::response::Redirect::to(&format!("/bijeenkomsten/{id}#aanmelden")).into_response())
}

/// `/plaatsen/{code}/bijeenkomsten.ics`: every meeting of the place and inside it.
pub async fn place_feed(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let (feed, code) =
        use_case::place_feed(state.store(), &code, &site_of(&headers), Timestamp::now()).await?;
    Ok(calendar_response(feed, &format!("bijeenkomsten-{code}.ics")))
}

fn calendar_response(feed: String, name: &str) -> axum::response::Response {
    let mut res = feed.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `/b/{code}`: a printed invitation's short link, on to the meeting.
pub async fn short_link(State(state): State<AppState>, Path(code): Path<String>) -> PageResult {
    let id = use_case::follow_short_code(state.store(), &code).await?;
    Ok(axum::response::Redirect::to(&format!("/bijeenkomsten/{id}")).into_response())
}

/// `/bijeenkomsten/{id}/uitnodiging`: a letter to print and put through the
/// doors of a street or buurt, for those who are not online: large type,
/// when and where, and the short link and a QR code to register.
pub async fn letter(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    let link = format!("{}/b/{}", site_of(&headers), v.meeting.short_code);
    let html = render(
        &state,
        &ctx,
        "meeting_letter.html",
        view! { m => shown(&state, ctx.lang, v.meeting), agenda => v.agenda, link },
    )?;
    Ok(html.into_response())
}

/// The QR code of a meeting's short link, as SVG.
pub async fn qr(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> PageResult {
    let v = use_case::show(state.store(), None, &id, Timestamp::now()).await?;
    let url = format!("{}/b/{}", site_of(&headers), v.meeting.short_code);
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| crate::problem::PageError::internal())?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(320, 320).build();
    let mut res = svg.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(res)
}
