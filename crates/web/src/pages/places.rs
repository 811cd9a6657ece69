//! Place pages: land → gemeente → wijk → buurt.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use crate::problem::PageError;
use axum::extract::{Path, State};
use serde::Serialize;

pub async fn lands(State(state): State<AppState>, ctx: Context) -> PageResult {
    let lands = wijkwerk_app::places::lands(state.store()).await?;
    ok(render(&state, &ctx, "lands.html", view! { lands })?)
}

#[derive(Serialize)]
pub struct ChildRow {
    code: String,
    name: String,
    /// `None` when the group is too small to show.
    residents: Option<u64>,
}

/// One bar of a horizontal bar chart, with its geometry worked out here so
/// the template only draws.
#[derive(Serialize)]
pub struct Bar {
    label: String,
    /// The label cut to fit beside the bars; the table next to the chart has it whole.
    short_label: String,
    value: Option<u64>,
    /// Bar length as a share of the widest bar, 0–100.
    percent: f64,
    y: u32,
}

pub const BAR_HEIGHT: u32 = 32;

pub fn bars(rows: &[(String, Option<u64>)]) -> Vec<Bar> {
    let max = rows.iter().filter_map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    rows.iter()
        .enumerate()
        .map(|(i, (label, value))| Bar {
            short_label: shorten(label, 18),
            label: label.clone(),
            value: *value,
            percent: value.map(|v| (v as f64 / max * 1000.0).round() / 10.0).unwrap_or(0.0),
            y: i as u32 * BAR_HEIGHT,
        })
        .collect()
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max_chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    let o = wijkwerk_app::places::overview(state.store(), ctx.actor(), &code).await?;
    let place = o.place().clone();
    let rows: Vec<ChildRow> = o
        .children
        .iter()
        .map(|c| ChildRow { code: c.place.code.clone(), name: c.place.name.clone(), residents: c.residents })
        .collect();
    let chart = bars(&rows.iter().map(|r| (r.name.clone(), r.residents)).collect::<Vec<_>>());
    let open_surveys: Vec<(String, String)> = o
        .open_surveys
        .iter()
        .map(|s| (s.id.clone(), wijkwerk_domain::texts::text(&s.def.title, ctx.lang).to_string()))
        .collect();
    let buurt_param = (place.level == wijkwerk_domain::PlaceLevel::Buurt).then(|| place.code.clone());
    ok(render(
        &state,
        &ctx,
        "place.html",
        view! {
            can_audit => o.may_read_audit,
            place,
            path => o.path,
            rows,
            total => o.residents_total,
            chart,
            chart_height => chart.len() as u32 * BAR_HEIGHT,
            min_group => o.min_group_size,
            organisations => o.organisations,
            team => o.team,
            open_surveys,
            buurt_param,
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_widest_and_skip_hidden_values() {
        let b = bars(&[("a".into(), Some(50)), ("b".into(), None), ("c".into(), Some(100))]);
        assert_eq!(b[0].percent, 50.0);
        assert_eq!(b[1].percent, 0.0);
        assert_eq!(b[2].percent, 100.0);
        assert_eq!(b[2].y, 2 * BAR_HEIGHT);
        assert!(bars(&[("a".into(), None)]).iter().all(|b| b.percent == 0.0));
        assert_eq!(shorten("Buitengebied Eikendonk", 18), "Buitengebied Eike…");
        assert_eq!(shorten("Het Veld", 18), "Het Veld");
    }
}

/// One line of the audit trail as the page shows it.
#[derive(Serialize)]
struct AuditLine {
    at: String,
    who: Option<String>,
    action: String,
    subject: String,
    detail: String,
    place: String,
}

/// The audit trail of a place and everything in it, for the gemeente.
pub async fn audit_trail(
    State(state): State<AppState>,
    ctx: crate::context::SignedIn,
    Path(code): Path<String>,
) -> PageResult {
    let store = state.store();
    let entries = wijkwerk_app::audit::trail(store, ctx.actor(), &code).await?;
    let place = wijkwerk_app::places::path_to(store, &code).await?.pop().ok_or_else(PageError::not_found)?;
    let lines: Vec<AuditLine> = entries
        .into_iter()
        .map(|e| AuditLine {
            detail: match e.action.as_str() {
                "programme-funded" => e
                    .detail
                    .parse()
                    .map(|c| wijkwerk_domain::coin::format_euros(c, ctx.lang))
                    .unwrap_or(e.detail),
                "role-given" => format!("role-{}", e.detail),
                _ => e.detail,
            },
            at: e.at,
            who: e.actor_name,
            action: e.action,
            subject: e.subject,
            place: e.place_name,
        })
        .collect();
    ok(render(&state, &ctx, "audit_trail.html", view! { place, lines })?)
}
