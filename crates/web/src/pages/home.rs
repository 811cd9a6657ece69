//! The start page: what this person can do here, by role and place.

use super::{PageResult, ok, render};
use crate::AppState;
use crate::context::Context;
use axum::extract::State;
use serde::Serialize;
use wijkwerk_domain::Place;

/// Someone (or a household's adults, for a family plan) sharing with the viewer.
#[derive(Serialize)]
struct SharingPerson {
    href: String,
    /// The household, when this opens its family plan.
    plan_of: Option<String>,
    names: Vec<String>,
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
    // One line per person or plan, however many things they share; the same
    // list as "Mijn gegevens" shows, so the two pages agree.
    let mut sharing_with_me: Vec<SharingPerson> = Vec::new();
    for r in wijkwerk_app::privacy::received(store, &viewer.actor).await? {
        let Some(href) = r.href else { continue };
        let scope = r.consent.consent.scope.as_str();
        match sharing_with_me.iter_mut().find(|p| p.href == href) {
            Some(p) => {
                if !p.scopes.contains(&scope) {
                    p.scopes.push(scope);
                }
                if !p.names.contains(&r.consent.other_name) {
                    p.names.push(r.consent.other_name.clone());
                }
            }
            None => sharing_with_me.push(SharingPerson {
                href,
                plan_of: r.plan_of.clone(),
                names: vec![r.consent.other_name.clone()],
                scopes: vec![scope],
            }),
        }
    }
    let tasks = wijkwerk_app::home::now(store, &viewer.actor).await?;
    let recent_reads = store.access_log_for(&viewer.person.id, 3).await?;
    ok(render(&state, &ctx, "home.html", view! { home_path, tasks, cards, sharing_with_me, recent_reads })?)
}
