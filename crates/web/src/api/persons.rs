//! `/api/v1/persons/{id}`: another person's profile, under their consent.

use super::ApiResult;
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;

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
    Ok(Json(json!({
        "id": person.id,
        "displayName": person.display_name,
        "email": person.email,
        "homePlaceCode": person.home_place_code,
        "consent": { "id": consent.id, "purpose": consent.purpose, "validUntil": consent.valid_until },
    }))
    .into_response())
}
