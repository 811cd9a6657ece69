//! `/api/v1/wijkscan/{id}…`: a round's report and one's answer.

use super::{ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::Value;
use wijkwerk_app::wijkscan::{self as use_case, GroupProfile};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::wijkscan::TaskProfile;

/// What a group of people answered: per task of the wijkscan, how many of
/// its chances and pitfalls are present, and the share of each item.
#[derive(Serialize)]
struct ProfileBody<'a> {
    group: &'a str,
    people: usize,
    tasks: Vec<TaskBody>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskBody {
    task: u8,
    chances: usize,
    pitfalls: usize,
    chances_present: f64,
    pitfalls_present: f64,
    items: Vec<ItemShare>,
}

#[derive(Serialize)]
struct ItemShare {
    item: u8,
    share: f64,
}

fn profile(g: &GroupProfile) -> ProfileBody<'_> {
    let task = |t: &TaskProfile| TaskBody {
        task: t.task,
        chances: t.chances,
        pitfalls: t.pitfalls,
        chances_present: t.chances_present,
        pitfalls_present: t.pitfalls_present,
        items: t.items.iter().map(|(&item, &share)| ItemShare { item, share }).collect(),
    };
    ProfileBody { group: &g.group, people: g.people, tasks: g.tasks.iter().map(task).collect() }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportBody<'a> {
    id: &'a str,
    name: &'a str,
    place_code: &'a str,
    opened_at: &'a str,
    all: ProfileBody<'a>,
    groups: Vec<ProfileBody<'a>>,
    suggestions: Vec<SuggestionBody<'a>>,
    previous: Option<PreviousBody<'a>>,
    mine: Option<MineBody<'a>>,
}

#[derive(Serialize)]
struct SuggestionBody<'a> {
    pitfall: u8,
    chances: &'a [u8],
}

#[derive(Serialize)]
struct PreviousBody<'a> {
    id: &'a str,
    name: &'a str,
    all: ProfileBody<'a>,
}

#[derive(Serialize)]
struct MineBody<'a> {
    group: &'a str,
    items: &'a std::collections::BTreeSet<u8>,
}

pub async fn report(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let r = use_case::report(state.store(), ctx.actor(), &id).await?;
    Ok(Json(ReportBody {
        id: &r.round.id,
        name: &r.round.name,
        place_code: &r.round.place_code,
        opened_at: &r.round.opened_at,
        all: profile(&r.all),
        groups: r.groups.iter().map(profile).collect(),
        suggestions: r
            .suggestions
            .iter()
            .map(|(pitfall, chances)| SuggestionBody { pitfall: *pitfall, chances })
            .collect(),
        previous: r.previous.as_ref().map(|(round, p)| PreviousBody {
            id: &round.id,
            name: &round.name,
            all: profile(p),
        }),
        mine: r.mine.as_ref().map(|(group, items)| MineBody { group, items }),
    })
    .into_response())
}

/// `{"group": "wijkcoordinator", "items": [1, 8, 26]}`.
pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let items: Vec<String> = match body.0.get("items") {
        Some(Value::Array(a)) => {
            a.iter().map(|v| v.as_u64().map(|n| n.to_string()).unwrap_or_else(|| "?".into())).collect()
        }
        Some(_) => vec!["?".to_string()],
        None => Vec::new(),
    };
    use_case::answer(
        state.store(),
        ctx.actor(),
        &id,
        body.str("group").unwrap_or(""),
        &items,
        Timestamp::now(),
    )
    .await?;
    Ok(created(AnsweredBody { round: &id, group: body.str("group"), items: items.len() }))
}

/// What was taken in: the round, the group that answered, how many items.
#[derive(Serialize)]
struct AnsweredBody<'a> {
    round: &'a str,
    group: Option<&'a str>,
    items: usize,
}
