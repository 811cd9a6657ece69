//! Another person's profile, shown only under their consent and logged.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use crate::problem::PageError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use wijkwerk_domain::ids::is_id;

pub async fn show(State(state): State<AppState>, ctx: Context, Path(id): Path<String>) -> PageResult {
    let me = ctx.person_id().expect("signed in");
    if id == me {
        return Ok(Redirect::to("/mijn-gegevens").into_response());
    }
    if !is_id(&id) {
        return Err(PageError::not_found());
    }
    // The same answer whether the person does not exist or gave no consent,
    // so the page reveals nothing about who has an account.
    let Some((person, consent)) = state.store().read_profile_with_consent(me, &id).await? else {
        return Err(PageError::forbidden("error-page-no-consent"));
    };
    let home = match &person.home_place_code {
        Some(code) => state.store().place(code).await?,
        None => None,
    };
    ok(render(&state, &ctx, "person.html", view! { person, consent, home })?)
}
