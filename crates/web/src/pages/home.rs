//! The start page: what this person can do here, by role and place.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use axum::extract::State;
use serde::Serialize;
use wijkwerk_domain::Place;
use wijkwerk_domain::privacy::Scope;

#[derive(Serialize)]
struct SharingPerson {
    id: String,
    name: String,
    scopes: Vec<&'static str>,
}

#[derive(Serialize)]
struct RoleCard {
    role: &'static str,
    place: Option<Place>,
    professional: bool,
    /// Open surveys of this place: wijkwerkers enter their paper forms.
    open_surveys: Vec<(String, String)>,
}

pub async fn show(State(state): State<AppState>, ctx: Context) -> PageResult {
    let store = state.store();
    let Some(viewer) = &ctx.viewer else {
        // Visitors start from the places: every gemeente in every land.
        let mut gemeenten = Vec::new();
        for land in store.lands().await? {
            gemeenten.extend(store.children(&land.code).await?);
        }
        return ok(render(&state, &ctx, "home.html", view! { gemeenten })?);
    };

    let home_path = match &viewer.person.home_place_code {
        Some(code) => store.place_path(code).await?,
        None => Vec::new(),
    };
    let mut cards = Vec::new();
    for assignment in &viewer.actor.roles {
        let open_surveys = if assignment.role == wijkwerk_domain::Role::Wijkwerker {
            store
                .surveys_in(std::slice::from_ref(&assignment.place_code))
                .await?
                .into_iter()
                .filter(|s| s.status == "open")
                .map(|s| (s.id, wijkwerk_domain::texts::text(&s.def.title, ctx.lang).to_string()))
                .collect()
        } else {
            Vec::new()
        };
        cards.push(RoleCard {
            open_surveys,
            role: assignment.role.as_str(),
            place: store.place(&assignment.place_code).await?,
            professional: assignment.role.is_professional(),
        });
    }
    let now = wijkwerk_domain::Timestamp::now().to_rfc3339();
    // One line per person, however many things they share.
    let mut sharing_with_me: Vec<SharingPerson> = Vec::new();
    // The family plan is opened from its own card, not from a person's page.
    let received = store.consents_received(&viewer.person.id).await?;
    for c in
        received.into_iter().filter(|c| c.consent.is_active(&now) && c.consent.scope != Scope::FamilyPlan)
    {
        match sharing_with_me.iter_mut().find(|p| p.id == c.consent.subject_id) {
            Some(p) => p.scopes.push(c.consent.scope.as_str()),
            None => sharing_with_me.push(SharingPerson {
                id: c.consent.subject_id.clone(),
                name: c.other_name.clone(),
                scopes: vec![c.consent.scope.as_str()],
            }),
        }
    }
    let recent_reads = store.access_log_for(&viewer.person.id, 3).await?;
    let family_plans = store.plans_of_professional(&viewer.person.id).await?;
    ok(render(
        &state,
        &ctx,
        "home.html",
        view! { home_path, cards, sharing_with_me, recent_reads, family_plans },
    )?)
}
