//! Steering on effects: importing CBS tables, a place's indicators (public),
//! the gemeente's effect dashboard, fixing the 0-meting, targets and values
//! entered by hand.
//!
//! Who may: anyone reads a place's indicators (CBS is public; a value that
//! rests on fewer people than the minimum group is hidden); the gemeente
//! (and landelijk) reads the effect dashboard of its places; only the gemeente
//! fixes a 0-meting, sets targets and enters values, each written to the
//! audit trail.

use crate::{Error, Result, audit};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use wijkwerk_domain::access::{EFFECT_KEEPERS, EFFECT_READERS};
use wijkwerk_domain::cbs::{self, CbsError, Columns, Row};
use wijkwerk_domain::indicators::{
    self as rules, Band, Effect, Indicator, ManualValue, Observation, catalogue,
};
use wijkwerk_domain::role::Actor;
use wijkwerk_domain::{Place, PlaceLevel};
use wijkwerk_store::Store;
use wijkwerk_store::indicators::{
    Baseline, BaselineValue, ImportCount, ImportedValue, Region, RegionChange, StoredValue, SurveyLink,
    Target,
};

mod import;
mod survey_links;

pub use import::*;
pub use survey_links::*;

/// The platform's own figures as values: per wijk (`Values` hides those
/// resting on fewer people than the minimum), and for the gemeente only over
/// the wijken that are shown, so that no hidden wijk can be found by
/// subtracting the shown ones from the total.
/// The codes of the catalogue: what the pages, the dashboard and the
/// 0-meting read (an imported table may hold many more columns).
fn catalogue_codes() -> &'static [&'static str] {
    static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| catalogue().iter().map(|i| i.code.as_str()).collect())
}

async fn platform_values(store: &Store, gemeente: &str, min_group: u64) -> Result<Vec<StoredValue>> {
    // Two surveys linked to one indicator and year add up per wijk.
    let mut figures: BTreeMap<(String, String, String), (i64, i64)> = BTreeMap::new();
    for f in store.platform_figures(gemeente).await? {
        let t = figures.entry((f.indicator, f.wijk, f.year)).or_default();
        t.0 += f.amount;
        t.1 += f.people;
    }
    let as_value = |indicator: &str, amount: i64, people: i64| match indicator {
        "weektest-werk" => (amount as f64 / people.max(1) as f64 * 100.0, "wijkwerk week-test"),
        "munt-besteed" => (amount as f64 / 100.0, "wijkwerk wijkmunt"),
        _ => (amount as f64 / people.max(1) as f64 * 100.0, "wijkwerk enquête"),
    };
    let mut out = Vec::with_capacity(figures.len() + 8);
    let mut shown: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for ((indicator, wijk, year), (amount, people)) in figures {
        let (value, source) = as_value(&indicator, amount, people);
        if people.max(0) as u64 >= min_group {
            let t = shown.entry((indicator.clone(), year.clone())).or_default();
            t.0 += amount;
            t.1 += people;
        }
        out.push(StoredValue {
            indicator,
            place_code: wijk,
            period: year,
            value: Some(value),
            respondents: Some(people.max(0) as u64),
            source: source.to_string(),
        });
    }
    for ((indicator, year), (amount, people)) in shown {
        let (value, source) = as_value(&indicator, amount, people);
        out.push(StoredValue {
            indicator: indicator.to_string(),
            place_code: gemeente.to_string(),
            period: year,
            value: Some(value),
            respondents: Some(people.max(0) as u64),
            source: source.to_string(),
        });
    }
    Ok(out)
}

/// A place's path as codes, or not found.
use crate::places::{codes, place_at as path_of};

/// Values by (indicator, place) → period → observation.
struct Values {
    by: HashMap<(String, String), BTreeMap<String, Observation>>,
    periods: BTreeSet<String>,
}

impl Values {
    fn new(values: Vec<StoredValue>, min_group: u64) -> Self {
        let mut by: HashMap<(String, String), BTreeMap<String, Observation>> = HashMap::new();
        let mut periods = BTreeSet::new();
        for v in values {
            periods.insert(v.period.clone());
            // A share of fewer people than the minimum is not shown at all.
            let hidden = v.respondents.is_some_and(|n| n < min_group);
            let obs = Observation { value: if hidden { None } else { v.value }, respondents: v.respondents };
            by.entry((v.indicator, v.place_code)).or_default().insert(v.period, obs);
        }
        Values { by, periods }
    }

    fn at(&self, indicator: &str, place: &str, period: &str) -> Observation {
        self.series(indicator, place).and_then(|s| s.get(period).copied()).unwrap_or_default()
    }

    fn series(&self, indicator: &str, place: &str) -> Option<&BTreeMap<String, Observation>> {
        self.by.get(&(indicator.to_string(), place.to_string()))
    }

    /// The rest of the gemeente: every wijk but `except`, weighted by inhabitants.
    /// Counts add up (the other wijken's inhabitants together); shares and
    /// averages are weighted.
    fn rest(&self, indicator: &str, wijken: &[&Place], except: &str, period: &str) -> Observation {
        let others: Vec<(Observation, Option<f64>)> = wijken
            .iter()
            .filter(|w| w.code != except)
            .map(|w| (self.at(indicator, &w.code, period), self.at("inwoners", &w.code, period).value))
            .collect();
        if rules::find(indicator).is_some_and(|i| i.unit.is_total()) {
            rules::rest_total(&others)
        } else {
            rules::rest_of_gemeente(&others)
        }
    }
}

/// One indicator at one place: its years, where it stands, and since the
/// 0-meting.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorView {
    pub indicator: &'static Indicator,
    /// Oldest first.
    pub series: Vec<(String, Observation)>,
    pub latest_period: Option<String>,
    pub latest: Observation,
    /// The gemeente's value in the same year (for a wijk or buurt).
    pub gemeente: Observation,
    /// Against the gemeente at the 0-meting (= 100), else in the same year.
    pub index: Option<f64>,
    pub band: Option<Band>,
    pub baseline: Option<BaselineValue>,
    pub target: Option<Target>,
    pub effect: Option<Effect>,
    /// The rest of the gemeente now, for the effect sentence.
    pub rest_now: Observation,
    /// Years in which CBS changed this place's area or code.
    pub boundary_changes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    pub place: Place,
    pub path: Vec<Place>,
    pub gemeente: Option<Place>,
    pub baseline_period: Option<String>,
    pub periods: Vec<String>,
    pub indicators: Vec<IndicatorView>,
    /// The places one level down, each with its latest value per indicator
    /// (in the order of `indicators`), for the table and the map.
    pub children: Vec<(Place, Vec<Option<f64>>)>,
    pub sources: Vec<String>,
    pub min_group_size: u64,
    /// Boundaries of the places one level down, for the map (those imported).
    pub child_shapes: Vec<(String, Vec<wijkwerk_domain::geo::Polygon>)>,
}

/// A place's indicators, for anyone: the page `/plaatsen/{code}/cijfers` and
/// `GET /api/v1/places/{code}/indicators`.
pub async fn profile(store: &Store, code: &str) -> Result<Profile> {
    let (place, path) = path_of(store, code).await?;
    let gemeente = path.iter().find(|p| p.level == PlaceLevel::Gemeente).cloned();
    let scope = gemeente.as_ref().unwrap_or(&place).code.clone();
    // The gemeente with its wijken, and this place's own children.
    let min_group = store.min_group_size().get();
    let mut stored = store.indicator_values_under(&scope, 1, catalogue_codes()).await?;
    if gemeente.is_some() {
        stored.extend(platform_values(store, &scope, min_group).await?);
    }
    if place.level == PlaceLevel::Wijk || place.level == PlaceLevel::Buurt {
        // A wijk's own values are among the gemeente's already; a buurt's are not.
        // Twice the same row is harmless: `Values` keeps one per place and year.
        stored.extend(store.indicator_values_under(&place.code, 1, catalogue_codes()).await?);
    }
    let mut sources: Vec<String> = stored.iter().map(|v| v.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let values = Values::new(stored, min_group);
    let children = store.children(&place.code).await?;
    let wijken: Vec<Place> = match &gemeente {
        Some(g) => store.children(&g.code).await?,
        None => Vec::new(),
    };
    let baselines = store.baselines_under(&place.code).await?;
    let baseline = baselines.into_iter().find(|b| b.place_code == place.code);
    let targets = store.targets_under(&place.code).await?;
    let changes = store.region_changes_under(&place.code, 0).await?;
    let views = indicator_views(
        &values,
        &place,
        gemeente.as_ref(),
        &wijken,
        baseline.as_ref(),
        &targets,
        &changes,
        min_group,
    );
    let child_values = children
        .iter()
        .map(|c| {
            let row = views
                .iter()
                .map(|v| {
                    v.latest_period.as_deref().and_then(|p| values.at(&v.indicator.code, &c.code, p).value)
                })
                .collect();
            (c.clone(), row)
        })
        .collect();
    let child_shapes = store
        .shapes_under(&place.code, 1)
        .await?
        .into_iter()
        .filter_map(|(code, geometry)| {
            let value: serde_json::Value = serde_json::from_str(&geometry).ok()?;
            Some((code, wijkwerk_domain::geo::polygons(&value).ok()?))
        })
        .collect();
    Ok(Profile {
        child_shapes,
        baseline_period: baseline.map(|b| b.period),
        periods: values.periods.iter().cloned().collect(),
        indicators: views,
        children: child_values,
        sources,
        min_group_size: min_group,
        gemeente,
        place,
        path,
    })
}

#[allow(clippy::too_many_arguments)]
fn indicator_views(
    values: &Values,
    place: &Place,
    gemeente: Option<&Place>,
    wijken: &[Place],
    baseline: Option<&Baseline>,
    targets: &[Target],
    changes: &[RegionChange],
    min_group: u64,
) -> Vec<IndicatorView> {
    let wijk_refs: Vec<&Place> = wijken.iter().collect();
    catalogue()
        .iter()
        .filter(|i| i.levels.contains(&place.level) || values.series(&i.code, &place.code).is_some())
        .filter_map(|indicator| {
            let series: Vec<(String, Observation)> =
                values.series(&indicator.code, &place.code)?.iter().map(|(p, o)| (p.clone(), *o)).collect();
            let latest_period = series.iter().rev().find(|(_, o)| o.value.is_some()).map(|(p, _)| p.clone());
            let latest = latest_period
                .as_deref()
                .map(|p| values.at(&indicator.code, &place.code, p))
                .unwrap_or_default();
            let gemeente_now = match (gemeente, latest_period.as_deref()) {
                (Some(g), Some(p)) => values.at(&indicator.code, &g.code, p),
                _ => Observation::default(),
            };
            let base =
                baseline.and_then(|b| b.values.iter().find(|v| v.indicator == indicator.code)).cloned();
            let index_base = base.as_ref().map_or(gemeente_now.value, |b| b.gemeente_value);
            let index = rules::index(latest.value, index_base);
            let rest_now = match latest_period.as_deref() {
                Some(p) if place.level == PlaceLevel::Wijk => {
                    values.rest(&indicator.code, &wijk_refs, &place.code, p)
                }
                _ => Observation::default(),
            };
            let boundary_changes: Vec<String> =
                changes.iter().filter(|c| c.place_code == place.code).map(|c| c.period.clone()).collect();
            // The effect looks at the newest year with a value; when every year
            // after the 0-meting is hidden or missing, at the newest of them:
            // that is "too little data", not "no effect yet".
            let newest = latest_period
                .clone()
                .filter(|p| baseline.is_some_and(|b| p.as_str() > b.period.as_str()))
                .or_else(|| series.last().map(|(p, _)| p.clone()));
            let effect = match (baseline, &base) {
                (Some(b), Some(bv)) if newest.as_deref().is_some_and(|p| p > b.period.as_str()) => {
                    let now = newest.as_deref().unwrap_or_default();
                    let latest = values.at(&indicator.code, &place.code, now);
                    let rest_now = values.rest(&indicator.code, &wijk_refs, &place.code, now);
                    let changed =
                        boundary_changes.iter().any(|p| p.as_str() > b.period.as_str() && p.as_str() <= now);
                    Some(rules::effect(
                        indicator,
                        (Observation { value: bv.value, respondents: bv.respondents }, latest),
                        (Observation { value: bv.rest_value, respondents: bv.rest_respondents }, rest_now),
                        changed,
                        min_group,
                    ))
                }
                _ => None,
            };
            Some(IndicatorView {
                indicator,
                band: index.map(|i| rules::band(indicator, i)),
                target: targets
                    .iter()
                    .find(|t| t.place_code == place.code && t.indicator == indicator.code)
                    .cloned(),
                series,
                latest_period,
                latest,
                gemeente: gemeente_now,
                index,
                baseline: base,
                effect,
                rest_now,
                boundary_changes,
            })
        })
        .collect()
}

/// One figure of the download: a place, an indicator, a year.
#[derive(Clone, Debug, Serialize)]
pub struct FigureRow {
    pub place: Place,
    pub indicator: &'static Indicator,
    pub year: String,
    /// `None` where the source has none or it rests on too few people.
    pub value: Option<f64>,
    pub respondents: Option<u64>,
}

/// Every figure of a place and the places one level down, every year, for
/// the spreadsheet download (`/plaatsen/{code}/cijfers.csv`, `.xlsx`). The
/// same values the page shows: hidden ones stay empty.
pub async fn figures_table(store: &Store, code: &str) -> Result<Vec<FigureRow>> {
    let (place, path) = path_of(store, code).await?;
    let min_group = store.min_group_size().get();
    let mut stored = store.indicator_values_under(&place.code, 1, catalogue_codes()).await?;
    if let Some(g) = path.iter().find(|p| p.level == PlaceLevel::Gemeente) {
        let mine: std::collections::HashSet<String> = std::iter::once(place.code.clone())
            .chain(store.children(&place.code).await?.into_iter().map(|c| c.code))
            .collect();
        stored.extend(
            platform_values(store, &g.code, min_group)
                .await?
                .into_iter()
                .filter(|v| mine.contains(&v.place_code)),
        );
    }
    let values = Values::new(stored, min_group);
    let mut places = vec![place.clone()];
    places.extend(store.children(&place.code).await?);
    let mut rows = Vec::new();
    for p in &places {
        for indicator in catalogue() {
            let Some(series) = values.series(&indicator.code, &p.code) else { continue };
            for (year, obs) in series {
                rows.push(FigureRow {
                    place: p.clone(),
                    indicator,
                    year: year.clone(),
                    value: obs.value,
                    respondents: obs.respondents,
                });
            }
        }
    }
    Ok(rows)
}

/// One wijk on the effect dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct WijkEffects {
    pub wijk: Place,
    pub baseline_period: Option<String>,
    pub indicators: Vec<IndicatorView>,
    /// The wijk's own goals from its wijkplan, measured by the wijk itself:
    /// no comparison with the rest of the gemeente, so no effect, only how far
    /// along the way from baseline to target.
    pub plan_goals: Vec<PlanGoalView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanGoalView {
    #[serde(flatten)]
    pub goal: wijkwerk_store::wijkplan::GoalProgress,
    /// Percent of the way from baseline to target (negative: the wrong way).
    pub progress: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub gemeente: Place,
    pub path: Vec<Place>,
    pub wijken: Vec<WijkEffects>,
    pub periods: Vec<String>,
    pub may_change: bool,
    pub min_group_size: u64,
}

/// May `actor` read the effects of this place (gemeente or landelijk over it)?
fn may_read(actor: &Actor, path: &[Place]) -> bool {
    let path = codes(path);
    EFFECT_READERS.iter().any(|&r| actor.has_role_over(r, &path))
}

fn may_change(actor: &Actor, path: &[Place]) -> bool {
    let path = codes(path);
    EFFECT_KEEPERS.iter().any(|&r| actor.has_role_over(r, &path))
}

/// The gemeente a place lies in (or is), with its path, for a reader of effects.
async fn gemeente_for(store: &Store, actor: &Actor, code: &str) -> Result<(Place, Vec<Place>)> {
    let (_, mut path) = path_of(store, code).await?;
    let at = path.iter().position(|p| p.level == PlaceLevel::Gemeente).ok_or(Error::NotFound("gemeente"))?;
    path.truncate(at + 1);
    if !may_read(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    Ok((path[at].clone(), path))
}

/// The gemeente's effect dashboard: every wijk, every indicator, the change
/// since each wijk's 0-meting against the rest of the gemeente.
/// Asked for a wijk or buurt, it is the dashboard of the gemeente they lie in.
pub async fn dashboard(store: &Store, actor: &Actor, code: &str) -> Result<Dashboard> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    let min_group = store.min_group_size().get();
    let mut stored = store.indicator_values_under(&gemeente.code, 1, catalogue_codes()).await?;
    stored.extend(platform_values(store, &gemeente.code, min_group).await?);
    let values = Values::new(stored, min_group);
    let wijken = store.children(&gemeente.code).await?;
    let baselines = store.baselines_under(&gemeente.code).await?;
    let targets = store.targets_under(&gemeente.code).await?;
    let changes = store.region_changes_under(&gemeente.code, 1).await?;
    let goals = store.plan_goals_under(&gemeente.code).await?;
    let per_wijk = wijken
        .iter()
        .map(|w| {
            let baseline = baselines.iter().find(|b| b.place_code == w.code);
            WijkEffects {
                wijk: w.clone(),
                baseline_period: baseline.map(|b| b.period.clone()),
                indicators: indicator_views(
                    &values,
                    w,
                    Some(&gemeente),
                    &wijken,
                    baseline,
                    &targets,
                    &changes,
                    min_group,
                ),
                plan_goals: goals
                    .iter()
                    .filter(|g| g.wijk == w.code)
                    .map(|g| PlanGoalView {
                        progress: g.latest.as_ref().and_then(|(_, v)| {
                            wijkwerk_domain::wijkplan::progress_percent(g.baseline, g.target, *v)
                        }),
                        goal: g.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Dashboard {
        may_change: may_change(actor, &path),
        periods: values.periods.iter().cloned().collect(),
        wijken: per_wijk,
        min_group_size: min_group,
        gemeente,
        path,
    })
}

/// Fixes the 0-meting of a wijk on the data of `year`: the wijk's values, the
/// rest of the gemeente's and the gemeente's, kept as they are now.
pub async fn fix_baseline(store: &Store, actor: &Actor, wijk_code: &str, year: &str) -> Result<Baseline> {
    let (wijk, path) = path_of(store, wijk_code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if wijk.level != PlaceLevel::Wijk {
        return Err(Error::invalid("place", "place-not-a-wijk"));
    }
    let year = rules::check_baseline_year(year)?;
    let gemeente =
        path.iter().find(|p| p.level == PlaceLevel::Gemeente).cloned().ok_or(Error::NotFound("gemeente"))?;
    let min_group = store.min_group_size().get();
    let mut stored = store.indicator_values_under(&gemeente.code, 1, catalogue_codes()).await?;
    stored.extend(platform_values(store, &gemeente.code, min_group).await?);
    let values = Values::new(stored, min_group);
    if !values.periods.contains(&year) {
        return Err(Error::invalid("year", "year-without-data"));
    }
    let wijken = store.children(&gemeente.code).await?;
    let wijk_refs: Vec<&Place> = wijken.iter().collect();
    let rows: Vec<BaselineValue> = catalogue()
        .iter()
        .filter(|i| values.series(&i.code, &wijk.code).is_some())
        .map(|i| {
            let own = values.at(&i.code, &wijk.code, &year);
            let rest = values.rest(&i.code, &wijk_refs, &wijk.code, &year);
            BaselineValue {
                indicator: i.code.clone(),
                value: own.value,
                respondents: own.respondents,
                rest_value: rest.value,
                rest_respondents: rest.respondents,
                gemeente_value: values.at(&i.code, &gemeente.code, &year).value,
            }
        })
        .collect();
    store.fix_baseline(&wijk.code, &year, &rows, &actor.person_id).await?;
    audit::record(store, actor, "baseline.fixed", &wijk.code, &wijk.name, &year).await?;
    store
        .baselines_under(&wijk.code)
        .await?
        .into_iter()
        .find(|b| b.place_code == wijk.code)
        .ok_or(Error::NotFound("baseline"))
}

/// Sets the target of one indicator in a wijk (or the gemeente).
pub async fn set_target(
    store: &Store,
    actor: &Actor,
    place_code: &str,
    indicator: &str,
    target: Option<f64>,
    year: &str,
) -> Result<Target> {
    let (place, path) = path_of(store, place_code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let found = rules::find(indicator);
    let (target, year) = rules::check_target(found, target, year)?;
    store.set_indicator_target(&place.code, indicator, target, &year, &actor.person_id).await?;
    audit::record(store, actor, "target.set", &place.code, indicator, &format!("{target} in {year}")).await?;
    Ok(Target { place_code: place.code, indicator: indicator.to_string(), target, target_year: year })
}

/// Enters a value by hand (a poll, a monitor), with its source.
pub async fn record_value(
    store: &Store,
    actor: &Actor,
    place_code: &str,
    input: Result<ManualValue>,
) -> Result<ManualValue> {
    let (place, path) = path_of(store, place_code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    let value = input?;
    let indicator = rules::find(&value.indicator).ok_or(Error::invalid("indicator", "indicator-unknown"))?;
    if !indicator.levels.contains(&place.level) {
        return Err(Error::invalid("indicator", "indicator-not-at-level"));
    }
    store.record_indicator_value(&place.code, &value, &actor.person_id).await?;
    let detail = format!("{} {}: {}", value.indicator, value.year, value.value);
    audit::record(store, actor, "indicator.recorded", &place.code, &place.name, &detail).await?;
    Ok(value)
}

/// The years a CBS indicator can be compared in.
pub async fn comparable_years(store: &Store, indicator: &str) -> Result<Vec<String>> {
    let found = rules::find(indicator).ok_or(Error::NotFound("indicator"))?;
    if found.source != rules::Source::Cbs {
        return Err(Error::NotFound("indicator"));
    }
    Ok(store.indicator_periods(indicator).await?)
}

/// One indicator in one year over every place of a level, across the
/// country, for landelijk (and anyone: CBS values are public).
pub async fn compare(
    store: &Store,
    indicator: &str,
    period: &str,
    level: PlaceLevel,
) -> Result<Vec<(String, String, Option<f64>)>> {
    let found = rules::find(indicator).ok_or(Error::invalid("indicator", "indicator-unknown"))?;
    if found.source != rules::Source::Cbs {
        // Values entered by hand differ per gemeente in how they were asked.
        return Err(Error::invalid("indicator", "indicator-not-comparable"));
    }
    Ok(store.indicator_values_at_level(indicator, period, level).await?)
}
