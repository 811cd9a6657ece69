//! `/api/v1/…/cooperative`, `…/market-posts`, `/api/v1/market-agreements/…`
//! and `/api/v1/me/marketplace`: the wijk cooperative and its marketplace,
//! with the same rules as the pages (they sit in `app::cooperative` and
//! `app::marketplace`). Hours are whole minutes in half-hour steps. A
//! confirmation of hours is idempotent by itself: the same number again
//! changes nothing, and an agreement's hours move once.

use super::{ApiQuery, ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::{Context, SignedIn};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use wijkwerk_app::cooperative as coop;
use wijkwerk_app::marketplace::{self as use_case, Owner};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::marketplace::{check_agreement, check_post};
use wijkwerk_store::cooperative::{Cooperative, Team};
use wijkwerk_store::marketplace::{MarketPost, PostFilter};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CooperativeBody {
    code: String,
    cooperative: Option<Cooperative>,
    members: i64,
    members_per_kind: std::collections::BTreeMap<String, i64>,
    board: Vec<BoardMember>,
    teams: Vec<Team>,
    hours_transfers: i64,
    hours_minutes: i64,
    alliances: Vec<AllianceRef>,
    partners: Vec<wijkwerk_store::alliances::WijkPartner>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AllianceRef {
    #[serde(flatten)]
    alliance: wijkwerk_store::alliances::Alliance,
    /// False while this wijk is only invited.
    joined: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BoardMember {
    name: String,
    role: String,
}

pub async fn cooperative(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> ApiResult {
    let o = coop::overview(state.store(), ctx.actor(), &code).await?;
    Ok(Json(CooperativeBody {
        code: o.place.code,
        cooperative: o.cooperative,
        members: o.members,
        members_per_kind: o.counts.into_iter().collect(),
        board: o.board.into_iter().map(|(name, role)| BoardMember { name, role }).collect(),
        teams: o.teams,
        hours_transfers: o.hours.0,
        hours_minutes: o.hours.1,
        alliances: o
            .alliances
            .into_iter()
            .map(|(alliance, joined)| AllianceRef { alliance, joined })
            .collect(),
        partners: o.partners,
    })
    .into_response())
}

/// `{"kind": "resident" | "business" | "partner", "acceptTerms": true}`.
pub async fn join(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let accepts = body.0.get("acceptTerms").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let member =
        coop::join(state.store(), ctx.actor(), &code, body.str("kind").unwrap_or(""), accepts).await?;
    Ok(created(member))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    kind: Option<String>,
    domain: Option<String>,
    buurt: Option<String>,
    q: Option<String>,
    before: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostList {
    code: String,
    posts: Vec<MarketPost>,
    /// The `before` of the next page; none on the last.
    next: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult {
    let filter = PostFilter {
        kind: q.kind.unwrap_or_default(),
        domain: q.domain.unwrap_or_default(),
        buurt: q.buurt.unwrap_or_default(),
        words: q.q.unwrap_or_default(),
        before: match q.before.as_deref() {
            None => None,
            Some(text) => Some(
                use_case::parse_cursor(text)
                    .ok_or_else(|| wijkwerk_app::Error::invalid("before", "cursor-invalid"))?,
            ),
        },
    };
    let m = use_case::market(state.store(), ctx.actor(), &code, &filter, ctx.lang).await?;
    Ok(Json(PostList { code: m.cooperative.place_code, posts: m.posts, next: m.next }).into_response())
}

/// A post: `{"kind", "title", "description", "domain", "buurt", "when",
/// "reward", "skills": ["…"], "daysOpen"}`, with `"resident"` (e-mail) and
/// `"consent": true` to post for a resident, or `"team"` for a coach's team.
pub async fn create(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let s = |k: &str| body.str(k).unwrap_or("").to_string();
    let skills = match body.0.get("skills") {
        Some(serde_json::Value::Array(items)) => {
            items.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect::<Vec<_>>().join(",")
        }
        _ => String::new(),
    };
    let days = body.0.get("daysOpen").map(|d| d.to_string()).unwrap_or_default();
    let domains: Vec<String> =
        wijkwerk_app::places::life_domains(state.store(), "nl").await?.into_iter().map(|(c, _)| c).collect();
    let input = check_post(
        &s("kind"),
        &s("title"),
        &s("description"),
        &s("domain"),
        &s("buurt"),
        &s("when"),
        &s("reward"),
        &skills,
        &days,
        &domains,
    );
    let (resident, team) = (s("resident"), s("team"));
    let consents = body.0.get("consent").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let owner = if !resident.is_empty() {
        Owner::Resident { email: &resident, consents }
    } else if !team.is_empty() {
        Owner::Team(&team)
    } else {
        Owner::Myself
    };
    let post = use_case::post(state.store(), ctx.actor(), &code, owner, &s("buurt"), input, Timestamp::now())
        .await?;
    Ok(created(post))
}

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    Ok(Json(use_case::show(state.store(), ctx.actor(), &id, Timestamp::now()).await?).into_response())
}

/// Whole minutes as the hours text the rules read ("2.5").
fn minutes_text(body: &JsonObject, key: &str) -> String {
    match body.0.get(key).and_then(serde_json::Value::as_i64) {
        Some(m) => format!("{}", m as f64 / 60.0),
        None => String::new(),
    }
}

/// `{"what", "when", "minutes": 120, "team"?}`: a proposal on the post.
pub async fn respond(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let s = |k: &str| body.str(k).unwrap_or("");
    let input = check_agreement(s("what"), s("when"), &minutes_text(&body, "minutes")).map_err(|mut i| {
        i.errors.iter_mut().filter(|e| e.field == "hours").for_each(|e| e.field = "minutes".into());
        i
    });
    let team = Some(s("team")).filter(|t| !t.is_empty());
    let a = use_case::respond(state.store(), ctx.actor(), &id, team, input, Timestamp::now()).await?;
    Ok(created(a))
}

pub async fn agreement(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    Ok(Json(use_case::agreement(state.store(), ctx.actor(), &id).await?).into_response())
}

/// `{"accept": true | false}`, by the side that did not propose.
pub async fn answer(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let Some(accept) = body.0.get("accept").and_then(serde_json::Value::as_bool) else {
        return Err(wijkwerk_app::Error::invalid("accept", "required").into());
    };
    Ok(created(use_case::answer(state.store(), ctx.actor(), &id, accept, Timestamp::now()).await?))
}

/// `{"minutes": 120, "thanks": "…"}`: this side's word on how long it took.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let thanks = body.str("thanks").unwrap_or("");
    let hours = minutes_text(&body, "minutes");
    let v = use_case::confirm(state.store(), ctx.actor(), &id, &hours, thanks, Timestamp::now())
        .await
        .map_err(|e| match e {
            wijkwerk_app::Error::Invalid(mut i) => {
                i.errors.iter_mut().filter(|e| e.field == "hours").for_each(|e| e.field = "minutes".into());
                wijkwerk_app::Error::Invalid(i)
            }
            other => other,
        })?;
    Ok(created(v))
}

pub async fn mine(State(state): State<AppState>, ctx: SignedIn) -> ApiResult {
    Ok(Json(use_case::mine(state.store(), ctx.actor(), Timestamp::now()).await?).into_response())
}

/// The owner (or the professional who placed it for them) takes a post down.
pub async fn withdraw(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    Ok(created(use_case::withdraw(state.store(), ctx.actor(), &id).await?))
}

/// `{"daysOpen": 30}`: the owner keeps a post up longer (30 days when left out).
pub async fn renew(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(id): Path<String>,
    body: JsonObject,
) -> ApiResult {
    let days = body.0.get("daysOpen").map(|d| d.to_string()).unwrap_or_default();
    Ok(created(use_case::renew(state.store(), ctx.actor(), &id, &days, Timestamp::now()).await?))
}
