//! `/api/v1/persons/{id}`: another person's profile, under their consent.

use super::ApiResult;
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Serialize;

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    // Unknown people and people who gave no consent look the same from outside.
    let refused = || Problem::forbidden("This person has not given you consent to see their profile.");
    let found = wijkwerk_app::privacy::profile(state.store(), ctx.actor(), &id).await;
    let Ok(Some((person, consent))) = found else {
        return match found {
            Err(e @ wijkwerk_app::Error::Store(_)) => Err(e.into()),
            _ => Err(refused()),
        };
    };
    Ok(Json(ProfileBody {
        id: &person.id,
        display_name: &person.display_name,
        email: person.email.as_deref(),
        home_place_code: person.home_place_code.as_deref(),
        consent: ConsentBody {
            id: &consent.id,
            purpose: &consent.purpose,
            valid_until: consent.valid_until.as_deref(),
        },
    })
    .into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileBody<'a> {
    id: &'a str,
    display_name: &'a str,
    email: Option<&'a str>,
    home_place_code: Option<&'a str>,
    /// The consent the profile is read under.
    consent: ConsentBody<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConsentBody<'a> {
    id: &'a str,
    purpose: &'a str,
    valid_until: Option<&'a str>,
}
