//! `/api/v1/…/meetings`: the open podium's meetings (public), organising one,
//! and one's own registration. Times are UTC (RFC 3339) both ways; the
//! calendar feeds are `/plaatsen/{code}/bijeenkomsten.ics` and
//! `/bijeenkomsten/{id}.ics`.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::meetings as use_case;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::meetings::{
    AgendaItem, EvaluationSummary, RawMeeting, Seat, check_meeting, utc_to_dutch_local,
};
use wijkwerk_store::meetings::{Decision, Meeting};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MeetingBody<'a> {
    id: &'a str,
    place_code: &'a str,
    place_name: &'a str,
    title: &'a str,
    purpose: &'a str,
    form: &'a str,
    venue: &'a str,
    address: &'a str,
    accessibility: &'a str,
    online_url: Option<&'a str>,
    starts_at: &'a str,
    ends_at: &'a str,
    capacity: Option<u64>,
    registered: u64,
    waiting: u64,
    organisers: &'a str,
    attended: Option<u64>,
    calendar_url: String,
}

fn meeting_body(m: &Meeting) -> MeetingBody<'_> {
    MeetingBody {
        id: &m.id,
        place_code: &m.place_code,
        place_name: &m.place_name,
        title: &m.title,
        purpose: &m.purpose,
        form: &m.form,
        venue: &m.venue,
        address: &m.address,
        accessibility: &m.accessibility,
        online_url: Some(m.online_url.as_str()).filter(|u| !u.is_empty()),
        starts_at: &m.starts_at,
        ends_at: &m.ends_at,
        capacity: m.capacity,
        registered: m.registered,
        waiting: m.waiting,
        organisers: &m.organisers,
        attended: m.attended,
        calendar_url: format!("/bijeenkomsten/{}.ics", m.id),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionBody<'a> {
    id: &'a str,
    meeting_id: &'a str,
    meeting_title: &'a str,
    place_code: &'a str,
    title: &'a str,
    owner: &'a str,
    due_on: &'a str,
    done_on: Option<&'a str>,
    /// On a meeting's agenda: how many meetings it has been carried over.
    #[serde(skip_serializing_if = "Option::is_none")]
    times_carried: Option<usize>,
}

fn decision_body(d: &Decision) -> DecisionBody<'_> {
    DecisionBody {
        id: &d.id,
        meeting_id: &d.meeting_id,
        meeting_title: &d.meeting_title,
        place_code: &d.place_code,
        title: &d.title,
        owner: &d.owner,
        due_on: &d.due_on,
        done_on: d.done_on.as_deref(),
        times_carried: None,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RegistrationBody {
    status: &'static str,
    waiting_place: Option<u64>,
}

fn registration_body(seat: Seat, place: u64) -> RegistrationBody {
    RegistrationBody { status: seat.as_str(), waiting_place: (seat == Seat::Waiting).then_some(place) }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MeetingListBody<'a> {
    code: &'a str,
    calendar_url: String,
    upcoming: Vec<MeetingBody<'a>>,
    past: Vec<MeetingBody<'a>>,
    decisions: Vec<DecisionBody<'a>>,
}

pub async fn list(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let l = use_case::list(state.store(), ctx.actor(), &code, Timestamp::now()).await?;
    Ok(Json(MeetingListBody {
        code: &l.place.code,
        calendar_url: format!("/plaatsen/{}/bijeenkomsten.ics", l.place.code),
        upcoming: l.upcoming.iter().map(meeting_body).collect(),
        past: l.past.iter().map(meeting_body).collect(),
        decisions: l.decisions.iter().map(decision_body).collect(),
    })
    .into_response())
}

/// A meeting with its agenda, decisions, evaluation and the caller's seat.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MeetingFullBody<'a> {
    #[serde(flatten)]
    meeting: MeetingBody<'a>,
    /// `{ title, minutes, brings, notes }`: one-word fields, as the rules have them.
    agenda: &'a [AgendaItem],
    decisions: Vec<DecisionBody<'a>>,
    carried_decisions: Vec<DecisionBody<'a>>,
    over: bool,
    /// `{ count, average, lines }`; average and lines only from the minimum group up.
    evaluation: &'a EvaluationSummary,
    my_registration: Option<RegistrationBody>,
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> ApiResult {
    let v = use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(Json(MeetingFullBody {
        meeting: meeting_body(&v.meeting),
        agenda: &v.agenda,
        decisions: v.decisions.iter().map(decision_body).collect(),
        carried_decisions: v
            .carried
            .iter()
            .map(|(d, times)| DecisionBody { times_carried: Some(*times), ..decision_body(d) })
            .collect(),
        over: v.over,
        evaluation: &v.evaluation,
        my_registration: v.mine.map(|(seat, place)| registration_body(seat, place)),
    })
    .into_response())
}

/// An RFC 3339 time as the Dutch local time the rules read; anything else
/// as something they refuse by name.
fn local(body: &JsonObject, key: &str) -> String {
    match body.str(key) {
        None => String::new(),
        Some(t) => Timestamp::parse(t).map(utc_to_dutch_local).unwrap_or_else(|| "?".to_string()),
    }
}

pub async fn organise(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (starts, ends, capacity) =
        (local(&body, "startsAt"), local(&body, "endsAt"), body.text_or_number("capacity"));
    let items: Vec<(String, String, String)> = match body.0.get("agenda") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                let s = |k: &str| match &i[k] {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Null => String::new(),
                    _ => "?".to_string(),
                };
                // An item that is not an object still counts, as an item without a title.
                (if i.is_object() { s("title") } else { String::new() }, s("minutes"), s("brings"))
            })
            .collect(),
        _ => Vec::new(),
    };
    let raw = RawMeeting {
        title: body.str("title").unwrap_or(""),
        purpose: body.str("purpose").unwrap_or(""),
        form: body.str("form").unwrap_or(""),
        venue: body.str("venue").unwrap_or(""),
        address: body.str("address").unwrap_or(""),
        accessibility: body.str("accessibility").unwrap_or(""),
        online_url: body.str("onlineUrl").unwrap_or(""),
        starts_at: &starts,
        ends_at: &ends,
        capacity: &capacity,
        organisers: body.str("organisers").unwrap_or(""),
        agenda: items.iter().map(|(t, m, b)| (t.as_str(), m.as_str(), b.as_str())).collect(),
    };
    let m = use_case::organise(state.store(), ctx.actor(), &code, check_meeting(&raw)).await?;
    Ok(created(meeting_body(&m)))
}

pub async fn register(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let (seat, place) = use_case::register(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(created(registration_body(seat, place)))
}

/// `{"score": 1…5, "line": "…"}`: how it was, by someone registered, afterwards.
pub async fn evaluate(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let (score, line) = (body.text_or_number("score"), body.str("line").unwrap_or("").to_string());
    use_case::evaluate(state.store(), ctx.actor(), &id, &score, &line, Timestamp::now()).await?;
    let v = use_case::show(state.store(), Some(ctx.actor()), &id, Timestamp::now()).await?;
    Ok(created(&v.evaluation))
}

pub async fn cancel(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    use_case::cancel(state.store(), ctx.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `{"notes": ["…", …], "attended": 34}`: notes per agenda item in its order.
pub async fn minutes(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let notes: Vec<String> = match body.0.get("notes") {
        Some(Value::Array(items)) => {
            items.iter().map(|n| n.as_str().map(String::from).unwrap_or_else(|| "\u{0}".into())).collect()
        }
        _ => Vec::new(),
    };
    let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
    use_case::record_minutes(state.store(), ctx.actor(), &id, &notes, &body.text_or_number("attended"))
        .await?;
    let v = use_case::show(state.store(), Some(ctx.actor()), &id, Timestamp::now()).await?;
    Ok(created(MinutesBody {
        id: &v.meeting.id,
        attended: v.meeting.attended,
        notes: v.agenda.iter().map(|a| a.notes.as_str()).collect(),
    }))
}

/// The minutes as written: how many came and the notes per agenda item.
#[derive(Serialize)]
struct MinutesBody<'a> {
    id: &'a str,
    attended: Option<u64>,
    notes: Vec<&'a str>,
}

/// `{"title": "…", "owner": "…", "dueOn": "2027-03-01"}`.
pub async fn decide(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let input = wijkwerk_domain::meetings::check_decision(
        body.str("title").unwrap_or(""),
        body.str("owner").unwrap_or(""),
        body.str("dueOn").unwrap_or(""),
    );
    let d = use_case::decide(state.store(), ctx.actor(), &id, input).await?;
    Ok(created(decision_body(&d)))
}

pub async fn decision_done(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
) -> ApiResult {
    let d = use_case::decision_done(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok(created(decision_body(&d)))
}

/// Invites the residents who asked for invitations by e-mail (`wijkwerk
/// mail send` delivers them). Asking again queues only who is new; the
/// answer holds the counts, so the organiser knows how many the letter must reach.
pub async fn invite(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let counts = wijkwerk_app::mail::invite(state.store(), ctx.actor(), &id, Timestamp::now()).await?;
    Ok((StatusCode::ACCEPTED, Json(counts)).into_response())
}
