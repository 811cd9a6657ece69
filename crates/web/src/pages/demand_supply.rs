//! Vraag en aanbod: per wijk, the life domains with much demand and little
//! supply, and the reverse.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use axum::extract::{Path, State};
use wijkwerk_app::places::demand_supply;

pub async fn show(State(state): State<AppState>, ctx: Context, Path(code): Path<String>) -> PageResult {
    let d = demand_supply(state.store(), &code, ctx.lang).await?;
    ok(render(
        &state,
        &ctx,
        "demand_supply.html",
        view! { place => d.place, rows => d.rows, respondents => d.respondents, min => d.min_group_size },
    )?)
}
