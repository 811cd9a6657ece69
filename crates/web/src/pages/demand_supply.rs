//! Vraag en aanbod: per wijk, the life domains with much demand and little
//! supply, and the reverse, drawn as each domain's share of the demand beside
//! its share of the supply (the two numbers the verdict compares).

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use axum::extract::{Path, State};
use serde::Serialize;
use wijkwerk_app::places::{DemandSupplyRow, demand_supply};

/// One domain in the paired bar chart; widths in the SVG's units.
#[derive(Serialize)]
struct PairBar {
    label: String,
    demand: Option<f64>,
    supply: f64,
    demand_width: f64,
    supply_width: f64,
    verdict: wijkwerk_domain::survey::Verdict,
    y: u32,
}

/// Height of one domain's pair of bars with its label.
const PAIR_HEIGHT: u32 = 60;

fn pair_bars(rows: &[DemandSupplyRow]) -> Vec<PairBar> {
    // Scaled to the largest share, leaving room for the number after the bar.
    let max = rows.iter().flat_map(|r| [r.demand_share.unwrap_or(0.0), r.supply_share]).fold(1.0, f64::max);
    let width = |share: f64| (share / max * 330.0 * 10.0).round() / 10.0;
    rows.iter()
        .enumerate()
        .map(|(i, r)| PairBar {
            label: r.name.clone(),
            demand: r.demand_share,
            supply: r.supply_share,
            demand_width: width(r.demand_share.unwrap_or(0.0)),
            supply_width: width(r.supply_share),
            verdict: r.verdict,
            y: i as u32 * PAIR_HEIGHT,
        })
        .collect()
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    let d = demand_supply(state.store(), &code, ctx.lang).await?;
    let chart = pair_bars(&d.rows);
    ok(render(
        &state,
        &ctx,
        "demand_supply.html",
        view! {
            place => d.place,
            chart_height => chart.len() as u32 * PAIR_HEIGHT,
            chart,
            rows => d.rows,
            respondents => d.respondents,
            min => d.min_group_size,
            market => d.market,
        },
    )?)
}
