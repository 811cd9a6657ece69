//! Another person's profile, shown only under their consent and logged.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let me = ctx.person_id();
    if id == me {
        return Ok(Redirect::to("/mijn-gegevens").into_response());
    }
    // The same answer whether the person does not exist or gave no consent,
    // so the page reveals nothing about who has an account.
    let shared = wijkwerk_app::privacy::shared_with_me(state.store(), ctx.actor(), &id).await?;
    let wijkwerk_app::privacy::Shared { name, person, consent, home, shares_weektests, purposes } = shared;
    ok(render(
        &state,
        &ctx,
        "person.html",
        view! { id, name, person, consent, home, shares_weektests, purposes },
    )?)
}
