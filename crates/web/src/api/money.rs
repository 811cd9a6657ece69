//! `/api/v1/places/{code}/money…`: follow the money. Amounts are integer cents.

use super::{ApiQuery, ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use wijkwerk_app::money::{self as use_case, SheetOutcome, Sum};
use wijkwerk_domain::money::RawFlow;

fn sum(s: &Sum) -> Value {
    json!({ "budgetCents": s.budget, "spentCents": s.spent })
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> ApiResult {
    let o = use_case::overview(state.store(), ctx.actor(), &code, q.year.as_deref(), ctx.lang).await?;
    Ok(Json(json!({
        "code": o.place.code,
        "name": o.place.name,
        "years": o.years,
        "year": o.year,
        "byPayer": o.by_payer.iter().map(|(p, s)| json!({ "payer": p, "budgetCents": s.budget, "spentCents": s.spent })).collect::<Vec<_>>(),
        "byDomain": o.by_domain.iter().map(|d| json!({
            "domain": d.domain, "name": d.name, "budgetCents": d.sum.budget, "spentCents": d.sum.spent, "demandShare": d.demand_share,
        })).collect::<Vec<_>>(),
        "perWijk": o.per_wijk.iter().map(|(w, s, coin)| {
            let mut v = sum(s);
            v["code"] = json!(w.code);
            v["name"] = json!(w.name);
            v["coinCents"] = json!(coin);
            v
        }).collect::<Vec<_>>(),
        "coinCents": o.coin_cents,
        "emergency": o.emergency.map(|(allocated, paid)| json!({ "allocatedCents": allocated, "paidCents": paid })),
        "interventions": o.interventions.iter().map(|i| json!({
            "name": i.name, "indicator": i.indicator, "spentSinceBaselineCents": i.spent_since_baseline,
            "conclusion": i.effect.as_ref().map(|e| e.conclusion), "difference": i.effect.as_ref().and_then(|e| e.difference),
            "eurosPerPoint": i.euros_per_point,
        })).collect::<Vec<_>>(),
        "flows": o.flows.iter().map(|f| json!({
            "id": f.id, "placeCode": f.place_code, "year": f.year, "kind": f.kind, "payer": f.payer, "taakveld": f.taakveld,
            "domain": f.domain, "intervention": f.intervention, "indicator": f.indicator, "cents": f.cents, "note": f.note,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

fn field<'a>(body: &'a JsonObject, key: &str) -> &'a str {
    body.str(key).unwrap_or("")
}

/// One flow: `{"place", "year", "kind", "payer", "domain", "cents", …}`.
pub async fn record(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    // Cents as a whole number, as every amount in the API.
    let amount = match body.0.get("cents") {
        Some(Value::Number(n)) if n.as_i64().is_some() => {
            let c = n.as_i64().unwrap_or(0);
            if c < 0 { "-1".to_string() } else { format!("{},{:02}", c / 100, c % 100) }
        }
        Some(_) => "?".to_string(),
        None => String::new(),
    };
    let year = body.text_or_number("year");
    let raw = RawFlow {
        place: field(&body, "place"),
        year: &year,
        kind: field(&body, "kind"),
        payer: field(&body, "payer"),
        taakveld: field(&body, "taakveld"),
        domain: field(&body, "domain"),
        intervention: field(&body, "intervention"),
        indicator: field(&body, "indicator"),
        amount: &amount,
        note: field(&body, "note"),
    };
    let f = use_case::record(state.store(), ctx.actor(), &code, &raw).await?;
    Ok(created(json!({
        "placeCode": f.place, "year": f.year, "kind": f.kind, "payer": f.payer, "taakveld": f.taakveld, "domain": f.domain,
        "intervention": f.intervention, "indicator": f.indicator, "cents": f.cents, "note": f.note,
    })))
}

/// A spreadsheet as text: `{"sheet": "wijk;jaar;…\n…"}`. All lines or none;
/// a refusal lists every wrong field as `lines.N.field`.
pub async fn import_sheet(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    body: JsonObject,
) -> ApiResult {
    match use_case::import_sheet(state.store(), ctx.actor(), &code, field(&body, "sheet")).await? {
        SheetOutcome::Imported(n) => Ok(created(json!({ "imported": n }))),
        SheetOutcome::Refused(lines) => {
            let mut invalid = wijkwerk_domain::Invalid::new();
            for (n, line) in lines {
                for e in line.errors {
                    invalid.add(format!("lines.{n}.{}", e.field), e.code);
                }
            }
            Err(Problem::invalid(&crate::i18n::I18n::shared(), &invalid)
                .with_status(StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}
