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
        let gemeenten = wijkwerk_app::places::gemeenten(store).await?;
        return ok(render(&state, &ctx, "home.html", view! { gemeenten })?);
    };

    let home_path = wijkwerk_app::places::path_of(store, viewer.person.home_place_code.as_deref()).await?;
    let cards: Vec<RoleCard> = wijkwerk_app::home::role_cards(store, &viewer.actor)
        .await?
        .into_iter()
        .map(|c| RoleCard {
            open_surveys: c
                .open_surveys
                .into_iter()
                .map(|s| (s.id, wijkwerk_domain::texts::text(&s.def.title, ctx.lang).to_string()))
                .collect(),
            role: c.role.as_str(),
            place: c.place,
            professional: c.role.is_professional(),
        })
        .collect();
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
    let recent_reads = wijkwerk_app::privacy::access_log(store, &viewer.actor, 3).await?;
    ok(render(&state, &ctx, "home.html", view! { home_path, tasks, cards, sharing_with_me, recent_reads })?)
}
