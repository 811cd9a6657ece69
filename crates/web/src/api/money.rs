//! `/api/v1/places/{code}/money…`: follow the money. Amounts are integer cents.

use super::{ApiQuery, ApiResult, JsonObject, created};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wijkwerk_app::money::{self as use_case, SheetOutcome, Sum};
use wijkwerk_domain::indicators::Conclusion;
use wijkwerk_domain::money::RawFlow;

/// Budgeted against spent, in cents.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SumBody {
    budget_cents: i64,
    spent_cents: i64,
}

impl From<&Sum> for SumBody {
    fn from(s: &Sum) -> Self {
        SumBody { budget_cents: s.budget, spent_cents: s.spent }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MoneyBody<'a> {
    code: &'a str,
    name: &'a str,
    years: &'a [String],
    year: Option<&'a str>,
    by_payer: Vec<PayerBody<'a>>,
    by_domain: Vec<DomainBody<'a>>,
    per_wijk: Vec<WijkBody<'a>>,
    coin_cents: Option<i64>,
    emergency: Option<EmergencyBody>,
    interventions: Vec<InterventionBody<'a>>,
    flows: Vec<FlowBody<'a>>,
}

#[derive(Serialize)]
struct PayerBody<'a> {
    payer: &'a str,
    #[serde(flatten)]
    sum: SumBody,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DomainBody<'a> {
    domain: &'a str,
    name: &'a str,
    #[serde(flatten)]
    sum: SumBody,
    demand_share: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WijkBody<'a> {
    code: &'a str,
    name: &'a str,
    #[serde(flatten)]
    sum: SumBody,
    /// Coins paid in the wijk; null under the minimum of payers.
    coin_cents: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmergencyBody {
    allocated_cents: i64,
    paid_cents: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InterventionBody<'a> {
    name: &'a str,
    indicator: &'a str,
    spent_since_baseline_cents: i64,
    conclusion: Option<Conclusion>,
    difference: Option<f64>,
    euros_per_point: Option<f64>,
}

/// A line of money: with its id in the overview, without when just recorded.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlowBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    place_code: &'a str,
    year: &'a str,
    kind: &'a str,
    payer: &'a str,
    taakveld: &'a str,
    domain: &'a str,
    intervention: &'a str,
    indicator: Option<&'a str>,
    cents: i64,
    note: &'a str,
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
    Ok(Json(MoneyBody {
        code: &o.place.code,
        name: &o.place.name,
        years: &o.years,
        year: o.year.as_deref(),
        by_payer: o.by_payer.iter().map(|(payer, s)| PayerBody { payer, sum: s.into() }).collect(),
        by_domain: o
            .by_domain
            .iter()
            .map(|d| DomainBody {
                domain: &d.domain,
                name: &d.name,
                sum: (&d.sum).into(),
                demand_share: d.demand_share,
            })
            .collect(),
        per_wijk: o
            .per_wijk
            .iter()
            .map(|(w, s, coin)| WijkBody { code: &w.code, name: &w.name, sum: s.into(), coin_cents: *coin })
            .collect(),
        coin_cents: o.coin_cents,
        emergency: o
            .emergency
            .map(|(allocated, paid)| EmergencyBody { allocated_cents: allocated, paid_cents: paid }),
        interventions: o
            .interventions
            .iter()
            .map(|i| InterventionBody {
                name: &i.name,
                indicator: &i.indicator,
                spent_since_baseline_cents: i.spent_since_baseline,
                conclusion: i.effect.as_ref().map(|e| e.conclusion),
                difference: i.effect.as_ref().and_then(|e| e.difference),
                euros_per_point: i.euros_per_point,
            })
            .collect(),
        flows: o
            .flows
            .iter()
            .map(|f| FlowBody {
                id: Some(&f.id),
                place_code: &f.place_code,
                year: &f.year,
                kind: &f.kind,
                payer: &f.payer,
                taakveld: &f.taakveld,
                domain: &f.domain,
                intervention: &f.intervention,
                indicator: f.indicator.as_deref(),
                cents: f.cents,
                note: &f.note,
            })
            .collect(),
    })
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
    Ok(created(FlowBody {
        id: None,
        place_code: &f.place,
        year: &f.year,
        kind: &f.kind,
        payer: &f.payer,
        taakveld: &f.taakveld,
        domain: &f.domain,
        intervention: &f.intervention,
        indicator: f.indicator.as_deref(),
        cents: f.cents,
        note: &f.note,
    }))
}

#[derive(Serialize)]
struct ImportedBody {
    imported: usize,
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
        SheetOutcome::Imported(imported) => Ok(created(ImportedBody { imported })),
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
