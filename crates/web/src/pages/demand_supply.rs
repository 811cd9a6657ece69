//! Vraag en aanbod: per wijk, the life domains with much demand and little
//! supply, and the reverse.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use crate::problem::PageError;
use crate::survey_view::mentions_by_domain;
use axum::extract::{Path, State};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::place::looks_like_code;
use wijkwerk_domain::survey::{Verdict, classify};

#[derive(Serialize)]
pub struct Row {
    pub domain: String,
    pub name: String,
    /// Times mentioned in the wijk's surveys; `None` when under the minimum.
    pub demand: Option<u64>,
    pub supply: i64,
    pub verdict: Verdict,
}

/// Demand (survey mentions) against supply (approved, active services) for a place.
pub async fn demand_supply(
    state: &AppState,
    code: &str,
    lang: &str,
) -> Result<(Vec<Row>, u64), wijkwerk_store::StoreError> {
    let store = state.store();
    let mut mentions: BTreeMap<String, u64> = BTreeMap::new();
    let mut respondents = 0;
    for survey in store.surveys_in(&[code.to_string()]).await?.into_iter().filter(|s| s.status != "draft") {
        let (counts, totals) = store.survey_counts(&survey.id, None).await?;
        respondents += totals.iter().find(|(k, _, _)| k == "all").map(|(_, _, n)| *n).unwrap_or(0);
        for (d, n) in mentions_by_domain(&survey.def, &counts) {
            *mentions.entry(d).or_default() += n;
        }
    }
    let supply: BTreeMap<String, i64> = store.supply_by_domain(code).await?.into_iter().collect();
    let min = store.min_group_size().get();
    let basis = store.template("basis", None).await?.expect("built-in template");
    let domains: Vec<(String, String)> = basis
        .domains
        .iter()
        .map(|d| (d.code.clone(), wijkwerk_domain::weektest::text(&d.name, lang).to_string()))
        .collect();
    let pairs: Vec<(Option<u64>, u64)> = domains
        .iter()
        .map(|(c, _)| {
            let m = mentions.get(c).copied().unwrap_or(0);
            // No count of fewer people than the minimum, and none at all from too few respondents.
            (
                ((m == 0 || m >= min) && respondents >= min).then_some(m),
                supply.get(c).copied().unwrap_or(0) as u64,
            )
        })
        .collect();
    let verdicts = classify(&pairs);
    let rows = domains
        .into_iter()
        .zip(pairs)
        .zip(verdicts)
        .map(|(((domain, name), (demand, supply)), verdict)| Row {
            domain,
            name,
            demand,
            supply: supply as i64,
            verdict,
        })
        .collect();
    Ok((rows, respondents))
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    if !looks_like_code(&code) {
        return Err(PageError::not_found());
    }
    let place = state.store().place(&code).await?.ok_or_else(PageError::not_found)?;
    let (rows, respondents) = demand_supply(&state, &code, ctx.lang).await?;
    let min = state.store().min_group_size().get();
    ok(render(&state, &ctx, "demand_supply.html", view! { place, rows, respondents, min })?)
}
