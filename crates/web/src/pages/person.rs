//! Another person's profile, shown only under their consent and logged.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::PageError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::privacy::Scope;

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> PageResult {
    let me = ctx.person_id();
    if id == me {
        return Ok(Redirect::to("/mijn-gegevens").into_response());
    }
    if !is_id(&id) {
        return Err(PageError::not_found());
    }
    // The same answer whether the person does not exist or gave no consent,
    // so the page reveals nothing about who has an account.
    let store = state.store();
    // Consent for the family plan opens the plan, not the person's page.
    let consents: Vec<_> =
        store.active_consents(&id, me).await?.into_iter().filter(|c| c.scope != Scope::FamilyPlan).collect();
    if consents.is_empty() {
        return Err(PageError::forbidden("error-page-no-consent"));
    }
    // Only the profile is read here (and logged); other shared parts are links.
    let shares_weektests = consents.iter().any(|c| c.scope == Scope::WeekTests);
    let (person, consent) = match store.read_profile_with_consent(me, &id).await? {
        Some((p, c)) => (Some(p), Some(c)),
        None => (None, None),
    };
    // Without the profile scope only the name the consent list shows is used.
    let name = match &person {
        Some(p) => p.display_name.clone(),
        None => store
            .consents_received(me)
            .await?
            .into_iter()
            .find(|c| c.consent.subject_id == id)
            .map(|c| c.other_name)
            .unwrap_or_default(),
    };
    let home = match person.as_ref().and_then(|p| p.home_place_code.clone()) {
        Some(code) => store.place(&code).await?,
        None => None,
    };
    let purposes: Vec<(String, String)> =
        consents.iter().map(|c| (c.scope.as_str().to_string(), c.purpose.clone())).collect();
    ok(render(
        &state,
        &ctx,
        "person.html",
        view! { id, name, person, consent, home, shares_weektests, purposes },
    )?)
}
