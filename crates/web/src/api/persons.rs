//! `/api/v1/persons/{id}`: another person's profile, under their consent.

use super::ApiResult;
use crate::AppState;
use crate::context::SignedIn;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::json;
use wijkwerk_domain::ids::is_id;

pub async fn show(State(state): State<AppState>, ctx: SignedIn, Path(id): Path<String>) -> ApiResult {
    let me = ctx.person_id();
    // Unknown people and people who gave no consent look the same from outside.
    let refused = || Problem::forbidden("This person has not given you consent to see their profile.");
    if !is_id(&id) {
        return Err(refused());
    }
    let Some((person, consent)) = state.store().read_profile_with_consent(me, &id).await? else {
        return Err(refused());
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
