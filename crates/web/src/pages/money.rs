//! Follow the money: `/plaatsen/{code}/geld` for the gemeente (and
//! landelijk), with the forms to enter a flow or paste a spreadsheet.

use super::{PageResult, after_form, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::render::decimal;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wijkwerk_app::money::{self as use_case, SheetOutcome};
use wijkwerk_domain::money::{KINDS, PAYERS, RawFlow};
use wijkwerk_domain::texts::text;

fn euros(cents: i64, lang: &str) -> String {
    format!("€ {}", decimal((cents as f64 / 100.0).round(), lang))
}

/// A bar of the "where does it come from" chart, as the `bar_chart` macro draws it.
#[derive(Serialize)]
struct Bar {
    short_label: String,
    value: Option<i64>,
    percent: f64,
    y: u32,
}

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    jaar: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    page(&state, &ctx, &code, q.jaar.as_deref(), StatusCode::OK, BTreeMap::new(), Vec::new(), None).await
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    ctx: &SignedIn,
    code: &str,
    year: Option<&str>,
    status: StatusCode,
    errors: BTreeMap<String, String>,
    line_errors: Vec<(usize, Vec<(String, String)>)>,
    sheet: Option<&str>,
) -> PageResult {
    let lang = ctx.lang;
    let o = use_case::overview(state.store(), ctx.actor(), code, year, lang).await?;
    let spent_total: i64 = o.by_payer.iter().map(|(_, s)| s.spent).sum();
    let bars: Vec<Bar> = o
        .by_payer
        .iter()
        .enumerate()
        .map(|(i, (payer, s))| Bar {
            short_label: state.i18n().t(lang, &format!("money-payer-{payer}")),
            value: Some((s.spent as f64 / 100.0).round() as i64),
            percent: if spent_total > 0 {
                (s.spent as f64 / spent_total as f64 * 1000.0).round() / 10.0
            } else {
                0.0
            },
            y: i as u32 * 32,
        })
        .collect();
    let payers: Vec<(String, String, String)> =
        o.by_payer.iter().map(|(p, s)| (p.clone(), euros(s.budget, lang), euros(s.spent, lang))).collect();
    let domains: Vec<(String, String, String, Option<String>)> = o
        .by_domain
        .iter()
        .filter(|d| d.sum.budget > 0 || d.sum.spent > 0 || d.demand_share.is_some())
        .map(|d| {
            let share = d.demand_share.map(|s| format!("{}%", decimal((s * 10.0).round() / 10.0, lang)));
            (d.name.clone(), euros(d.sum.budget, lang), euros(d.sum.spent, lang), share)
        })
        .collect();
    let wijken: Vec<(String, String, String, String, Option<String>)> = o
        .per_wijk
        .iter()
        .map(|(w, s, coin)| {
            (
                w.code.clone(),
                w.name.clone(),
                euros(s.budget, lang),
                euros(s.spent, lang),
                coin.map(|c| euros(c, lang)),
            )
        })
        .collect();
    let interventions: Vec<(String, String, String, Option<&'static str>, Option<String>)> = o
        .interventions
        .iter()
        .map(|i| {
            let name = wijkwerk_domain::indicators::find(&i.indicator)
                .map(|x| text(&x.name, lang).to_string())
                .unwrap_or_else(|| i.indicator.clone());
            let conclusion = i.effect.as_ref().map(|e| match e.conclusion {
                wijkwerk_domain::indicators::Conclusion::Better => "better",
                wijkwerk_domain::indicators::Conclusion::Worse => "worse",
                wijkwerk_domain::indicators::Conclusion::Higher => "higher",
                wijkwerk_domain::indicators::Conclusion::Lower => "lower",
                wijkwerk_domain::indicators::Conclusion::NoClearDifference => "no-clear-difference",
                wijkwerk_domain::indicators::Conclusion::TooLittleData => "too-little-data",
                wijkwerk_domain::indicators::Conclusion::BoundaryChanged => "boundary-changed",
            });
            let per_point = i.euros_per_point.map(|e| euros((e * 100.0).round() as i64, lang));
            (i.name.clone(), name, euros(i.spent_since_baseline, lang), conclusion, per_point)
        })
        .collect();
    let flows: Vec<(String, String, String, String, String, String)> = o
        .flows
        .iter()
        .map(|f| {
            let place =
                o.per_wijk.iter().find(|(w, _, _)| w.code == f.place_code).map(|(w, _, _)| w.name.clone());
            (
                place.unwrap_or_else(|| f.place_code.clone()),
                state.i18n().t(lang, &format!("money-kind-{}", f.kind)),
                state.i18n().t(lang, &format!("money-payer-{}", f.payer)),
                f.intervention.clone(),
                euros(f.cents, lang),
                f.note.clone(),
            )
        })
        .collect();
    let domain_options = wijkwerk_app::places::life_domains(state.store(), lang).await?;
    let mut places = vec![(o.gemeente.code.clone(), o.gemeente.name.clone())];
    places.extend(
        wijkwerk_app::places::children(state.store(), &o.gemeente.code)
            .await?
            .into_iter()
            .map(|w| (w.code, w.name)),
    );
    let html = render(
        state,
        ctx,
        "money.html",
        view! {
            place => o.place,
            path => o.path,
            years => o.years,
            year => o.year,
            bars,
            chart_height => bars.len() as u32 * 32 + 4,
            payers,
            domains,
            wijken,
            coin => o.coin_cents.map(|c| euros(c, lang)),
            emergency => o.emergency.map(|(allocated, paid)| (euros(allocated, lang), paid.map(|p| euros(p, lang)))),
            interventions,
            flows,
            may_change => o.may_change,
            payer_codes => PAYERS,
            kinds => KINDS,
            domain_options,
            places,
            errors,
            line_errors,
            sheet,
            min => state.store().min_group_size().get(),
        },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct FlowForm {
    #[serde(default)]
    place: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    payer: String,
    #[serde(default)]
    taakveld: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    intervention: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
}

pub async fn record(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<FlowForm>,
) -> PageResult {
    let raw = RawFlow {
        place: &f.place,
        year: &f.year,
        kind: &f.kind,
        payer: &f.payer,
        taakveld: &f.taakveld,
        domain: &f.domain,
        intervention: &f.intervention,
        indicator: &f.indicator,
        amount: &f.amount,
        note: &f.note,
    };
    let result = use_case::record(state.store(), ctx.actor(), &code, &raw).await;
    after_form(
        result,
        |flow| format!("/plaatsen/{code}/geld?jaar={}#regels", flow.year),
        |errors| page(&state, &ctx, &code, None, StatusCode::UNPROCESSABLE_ENTITY, errors, Vec::new(), None),
    )
    .await
}

#[derive(Deserialize)]
pub struct SheetForm {
    #[serde(default)]
    sheet: String,
}

pub async fn import_sheet(
    State(state): State<AppState>,
    ctx: SignedIn,
    Path(code): Path<String>,
    Form(f): Form<SheetForm>,
) -> PageResult {
    match use_case::import_sheet(state.store(), ctx.actor(), &code, &f.sheet).await? {
        SheetOutcome::Imported(_) => {
            Ok(Redirect::to(&format!("/plaatsen/{code}/geld#regels")).into_response())
        }
        SheetOutcome::Refused(lines) => {
            let shown: Vec<(usize, Vec<(String, String)>)> = lines
                .iter()
                .map(|(n, invalid)| {
                    (
                        *n,
                        invalid
                            .errors
                            .iter()
                            .map(|e| (e.field.clone(), format!("error-{}", e.code)))
                            .collect(),
                    )
                })
                .collect();
            let mut errors = BTreeMap::new();
            errors.insert("sheet".to_string(), "error-sheet-refused".to_string());
            page(&state, &ctx, &code, None, StatusCode::UNPROCESSABLE_ENTITY, errors, shown, Some(&f.sheet))
                .await
        }
    }
}
