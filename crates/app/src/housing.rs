//! "Mens, wat woon je": the register of housing projects per wijk, scored on
//! broad prosperity, with the advice that would raise a low score.
//!
//! Who may: anyone reads it (the projects and their scores are public plans);
//! the gemeente adds projects and scores them, each in the audit trail.
//! Nothing here is about a person.

use crate::{Error, Result, audit};
use serde::Serialize;
use std::collections::BTreeMap;
use wijkwerk_domain::access::EFFECT_KEEPERS;
use wijkwerk_domain::housing as rules;
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Place, PlaceLevel};
use wijkwerk_store::Store;
use wijkwerk_store::housing::Project;

#[derive(Clone, Debug, Serialize)]
pub struct Scored {
    pub project: Project,
    /// Per theme its score in percent; empty until scored.
    pub themes: Vec<(String, u32)>,
    pub total: Option<u32>,
}

fn scored(project: Project) -> Scored {
    let themes = project.scores.as_ref().map(rules::theme_scores).unwrap_or_default();
    let total = project.scores.as_ref().map(|_| rules::total(&themes));
    Scored { project, themes, total }
}

#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub place: Place,
    pub path: Vec<Place>,
    pub projects: Vec<Scored>,
    /// For a land: per gemeente its projects, homes and average score.
    pub per_gemeente: Vec<(Place, usize, i64, Option<u32>)>,
    /// For a land: the same per provincie (`code`, `name`), where the
    /// gemeenten's provincies are known (`wijkwerk cbs provinces`); gemeenten
    /// without one come last under an empty code.
    pub per_province: Vec<(String, String, usize, i64, Option<u32>)>,
    /// Gemeente code → provincie name, for the per-gemeente table.
    pub province_of: std::collections::HashMap<String, String>,
    pub may_add: bool,
}

use crate::places::place_at as path_of;

fn keeps(actor: Option<&Actor>, path: &[Place]) -> bool {
    let codes = crate::places::codes(path);
    actor.is_some_and(|a| EFFECT_KEEPERS.iter().any(|&r| a.has_role_over(r, &codes)))
}

/// The projects at a place and inside it; for a land, per gemeente.
pub async fn overview(store: &Store, actor: Option<&Actor>, code: &str) -> Result<Overview> {
    let (place, path) = path_of(store, code).await?;
    let projects: Vec<Scored> =
        store.housing_projects_under(&place.code).await?.into_iter().map(scored).collect();
    let average =
        |totals: Vec<u32>| (!totals.is_empty()).then(|| totals.iter().sum::<u32>() / totals.len() as u32);
    let per_gemeente = if place.level == PlaceLevel::Land {
        let mut out = Vec::new();
        for g in store.children(&place.code).await? {
            let mine: Vec<&Scored> = projects
                .iter()
                .filter(|s| s.project.gemeente_code.as_deref() == Some(g.code.as_str()))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let homes = mine.iter().map(|s| s.project.homes).sum();
            out.push((g, mine.len(), homes, average(mine.iter().filter_map(|s| s.total).collect())));
        }
        out
    } else {
        Vec::new()
    };
    let provinces =
        if place.level == PlaceLevel::Land { store.provinces().await? } else { Default::default() };
    let mut by_province: std::collections::BTreeMap<(bool, String, String), Vec<&Scored>> =
        Default::default();
    if place.level == PlaceLevel::Land {
        for s in &projects {
            let found = s.project.gemeente_code.as_ref().and_then(|g| provinces.get(g));
            let key = match found {
                Some((code, name)) => (false, code.clone(), name.clone()),
                None => (true, String::new(), String::new()),
            };
            by_province.entry(key).or_default().push(s);
        }
    }
    let per_province = by_province
        .into_iter()
        .map(|((_, code, name), mine)| {
            let homes = mine.iter().map(|s| s.project.homes).sum();
            (code, name, mine.len(), homes, average(mine.iter().filter_map(|s| s.total).collect()))
        })
        .collect();
    let province_of = provinces.into_iter().map(|(g, (_, name))| (g, name)).collect();
    Ok(Overview {
        may_add: keeps(actor, &path),
        projects,
        per_gemeente,
        per_province,
        province_of,
        place,
        path,
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct Detail {
    pub scored: Scored,
    pub path: Vec<Place>,
    /// `(theme, criterion, score)` for every criterion below 2, lowest first.
    pub advice: Vec<(String, String, u8)>,
    pub may_score: bool,
}

pub async fn project(store: &Store, actor: Option<&Actor>, id: &str) -> Result<Detail> {
    let p = store.housing_project(id).await?.ok_or(Error::NotFound("housing project"))?;
    let (_, path) = path_of(store, &p.place_code).await?;
    let advice = p
        .scores
        .as_ref()
        .map(|s| rules::advice(s).into_iter().map(|(t, c, v)| (t.code.clone(), c.code.clone(), v)).collect())
        .unwrap_or_default();
    Ok(Detail { may_score: keeps(actor, &path), advice, scored: scored(p), path })
}

/// A new project in a wijk (or for the whole gemeente).
pub async fn add(
    store: &Store,
    actor: &Actor,
    code: &str,
    name: &str,
    homes: &str,
    status: &str,
) -> Result<Project> {
    let (place, path) = path_of(store, code).await?;
    if !keeps(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !matches!(place.level, PlaceLevel::Wijk | PlaceLevel::Buurt | PlaceLevel::Gemeente) {
        return Err(Error::invalid("place", "place-unknown"));
    }
    let (name, homes, status) = rules::check_project(name, homes, status)?;
    let p = store.add_housing_project(&place.code, &name, homes, &status, &actor.person_id).await?;
    audit::record(store, actor, "housing.added", &place.code, &name, &format!("{homes} homes")).await?;
    Ok(p)
}

/// Scores every criterion of a project (again: it replaces the scores).
pub async fn score(
    store: &Store,
    actor: &Actor,
    id: &str,
    given: &BTreeMap<String, String>,
) -> Result<Detail> {
    let p = store.housing_project(id).await?.ok_or(Error::NotFound("housing project"))?;
    let (_, path) = path_of(store, &p.place_code).await?;
    if !keeps(Some(actor), &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let scores = rules::check_scores(given)?;
    store.score_housing_project(&p.id, &scores).await?;
    let total = rules::total(&rules::theme_scores(&scores));
    audit::record(store, actor, "housing.scored", &p.place_code, &p.name, &format!("{total}")).await?;
    project(store, Some(actor), id).await
}
