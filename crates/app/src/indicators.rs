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

/// The land's code in wijkwerk; CBS writes `NL00`.
const LAND: &str = "NL";

/// One CBS table as it came: the data set (JSON or CSV) and the metadata
/// files found beside it.
pub struct CbsTable {
    /// What to call it in messages (the file name).
    pub name: String,
    pub data: CbsData,
    /// `DataProperties` (required for JSON; for CSV the header's keys serve).
    pub data_properties: Option<String>,
    /// The `WijkenEnBuurten` dimension, for the names of new places.
    pub region_names: Option<String>,
    /// `TableInfos`, for the year.
    pub table_infos: Option<String>,
    /// The year when nothing else says it (`--year`).
    pub year: Option<String>,
}

pub enum CbsData {
    Json(Box<dyn std::io::Read + Send>),
    Csv(Box<dyn std::io::BufRead + Send>),
}

/// What an import did, per table.
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub name: String,
    pub table: Option<String>,
    pub year: String,
    pub rows: usize,
    /// `(indicator, column key)` as found through the metadata.
    pub matched: Vec<(String, String)>,
    pub unmatched: Vec<String>,
    pub missing_values: usize,
    pub boundary_changes: usize,
    pub count: ImportCount,
}

/// Progress of a long import: what is happening and how far.
pub enum Progress<'a> {
    Reading { table: &'a str, rows: usize },
    Writing { table: &'a str, done: usize, total: usize },
}

/// Why an import stopped: a file that is not what CBS publishes (named, with
/// the line or column), or the database. Nothing of that table is written.
#[derive(Debug)]
pub enum ImportError {
    File { name: String, message: String },
    Failed(Error),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::File { name, message } => write!(f, "{name}: {message}"),
            ImportError::Failed(e) => e.fmt(f),
        }
    }
}

impl From<wijkwerk_store::StoreError> for ImportError {
    fn from(e: wijkwerk_store::StoreError) -> Self {
        ImportError::Failed(e.into())
    }
}

fn cbs_error(name: &str, e: CbsError) -> ImportError {
    ImportError::File { name: name.to_string(), message: e.0 }
}

/// Imports CBS Kerncijfers tables (command line: `wijkwerk cbs import`).
/// Each table is read whole and checked before anything is written; then its
/// year is written in one transaction.
pub async fn import_cbs(
    store: &Store,
    tables: Vec<CbsTable>,
    progress: &mut (dyn FnMut(Progress<'_>) + Send),
) -> std::result::Result<Vec<ImportReport>, ImportError> {
    let mut reports = Vec::new();
    for table in tables {
        let name = table.name.clone();
        let (columns, rows, found_table) =
            read_table(table.data, table.data_properties.as_deref(), &name, progress)?;
        let from_infos = match table.table_infos.as_deref() {
            Some(json) => Some(cbs::read_table_infos(json).map_err(|e| cbs_error(&name, e))?),
            None => None,
        };
        let table_id = found_table
            .or_else(|| from_infos.as_ref().map(|(id, _)| id.clone()))
            .or_else(|| cbs::table_in(&name));
        let year = table
            .year
            .clone()
            .or_else(|| from_infos.and_then(|(_, y)| y))
            .or_else(|| table_id.as_deref().and_then(cbs::year_of_table).map(String::from))
            .ok_or_else(|| {
                cbs_error(
                    &name,
                    CbsError("which year is this table? It names no known CBS table; give --year".into()),
                )
            })?;
        let names = match table.region_names.as_deref() {
            Some(json) => cbs::read_region_names(json).map_err(|e| cbs_error(&name, e))?,
            None => HashMap::new(),
        };
        let (regions, values, changes, missing) = to_rows_for_store(&columns, &rows, &names);
        let source = format!("CBS {}", table_id.as_deref().unwrap_or("Kerncijfers wijken en buurten"));
        let label = table_id.clone().unwrap_or_else(|| name.clone());
        let count = store
            .import_indicator_year(&year, &source, &regions, &values, &changes, &mut |done, total| {
                progress(Progress::Writing { table: &label, done, total })
            })
            .await?;
        let matched = columns
            .indicators
            .iter()
            .map(|w| (w.indicator.clone(), columns.read[w.column].clone()))
            .collect();
        reports.push(ImportReport {
            name,
            table: table_id,
            year,
            rows: rows.len(),
            matched,
            unmatched: columns.unmatched.clone(),
            missing_values: missing,
            boundary_changes: changes.len(),
            count,
        });
    }
    store.analyze_indicators().await?;
    Ok(reports)
}

fn read_table(
    data: CbsData,
    data_properties: Option<&str>,
    name: &str,
    progress: &mut (dyn FnMut(Progress<'_>) + Send),
) -> std::result::Result<(Columns, Vec<Row>, Option<String>), ImportError> {
    let fail = |e: CbsError| cbs_error(name, e);
    let mut rows = Vec::new();
    let mut on_row = |row: Row, rows: &mut Vec<Row>| {
        if row.level.is_some() {
            rows.push(row);
            if rows.len() % 1000 == 0 {
                progress(Progress::Reading { table: name, rows: rows.len() });
            }
        }
    };
    match data {
        CbsData::Json(reader) => {
            let json = data_properties.ok_or_else(|| {
                fail(CbsError("a TypedDataSet needs its DataProperties.json beside it".into()))
            })?;
            let properties = cbs::read_data_properties(json).map_err(fail)?;
            let columns = cbs::match_columns(&properties, catalogue()).map_err(fail)?;
            let table =
                cbs::read_typed_dataset(reader, &columns, &mut |row| on_row(row, &mut rows)).map_err(fail)?;
            Ok((columns, rows, table))
        }
        CbsData::Csv(mut reader) => {
            let mut header_line = String::new();
            reader.read_line(&mut header_line).map_err(|e| fail(CbsError(e.to_string())))?;
            let header_line = header_line.trim_start_matches('\u{feff}');
            let separator = cbs::csv_separator(header_line);
            let header: Vec<String> = cbs::split_csv_line(header_line, separator)
                .into_iter()
                .map(|h| h.trim().to_string())
                .collect();
            let mut properties = cbs::properties_from_header(&header);
            if let Some(json) = data_properties {
                // The metadata adds titles to the header's keys.
                let meta = cbs::read_data_properties(json).map_err(fail)?;
                for p in &mut properties {
                    if let Some(m) = meta.iter().find(|m| m.key == p.key) {
                        p.title = m.title.clone();
                    }
                }
            }
            let columns = cbs::match_columns(&properties, catalogue()).map_err(fail)?;
            let csv = cbs::CsvReader::new(&header, &columns, separator).map_err(fail)?;
            let mut line = String::new();
            let mut line_no = 1;
            loop {
                line.clear();
                let n = reader.read_line(&mut line).map_err(|e| fail(CbsError(e.to_string())))?;
                if n == 0 {
                    break;
                }
                line_no += 1;
                if let Some(row) = csv.row(&line, line_no, &header).map_err(fail)? {
                    on_row(row, &mut rows);
                }
            }
            Ok((columns, rows, None))
        }
    }
}

type ForStore = (Vec<Region>, Vec<ImportedValue>, Vec<(String, String)>, usize);

fn to_rows_for_store(columns: &Columns, rows: &[Row], names: &HashMap<String, String>) -> ForStore {
    let codes: HashMap<&str, &'static str> =
        catalogue().iter().map(|i| (i.code.as_str(), i.code.as_str())).collect();
    let mut regions = Vec::with_capacity(rows.len());
    let mut values = Vec::with_capacity(rows.len() * columns.indicators.len());
    let mut changes = Vec::new();
    let mut missing = 0;
    for row in rows {
        let Some(level) = row.level else { continue };
        let code = if level == PlaceLevel::Land { LAND.to_string() } else { row.code.clone() };
        let mut ancestors = vec![code.clone()];
        let mut up = cbs::parent_of(&row.code);
        while let Some(parent) = up {
            up = cbs::parent_of(&parent);
            ancestors.push(if parent.starts_with("NL") { LAND.to_string() } else { parent });
        }
        let name = names
            .get(&row.code)
            .cloned()
            .or_else(|| (level == PlaceLevel::Gemeente).then(|| row.gemeente_name.clone()).flatten())
            .or_else(|| (level == PlaceLevel::Land).then(|| "Nederland".to_string()))
            .unwrap_or_else(|| row.code.clone());
        regions.push(Region { code: code.clone(), level, name, ancestors });
        if row.boundary_changed() {
            changes.push((code.clone(), row.boundary_change.clone().unwrap_or_default()));
        }
        for (indicator, value) in row.indicator_values(columns) {
            if value.is_none() {
                missing += 1;
            }
            values.push(ImportedValue { indicator: codes[indicator], place_code: code.clone(), value });
        }
    }
    // A table of one gemeente, or without the land's row, still nests: every
    // ancestor becomes a region too (it exists already, or gets its code).
    let known: std::collections::HashSet<String> = regions.iter().map(|r| r.code.clone()).collect();
    let mut extra: BTreeMap<String, Region> = BTreeMap::new();
    for r in &regions {
        for (i, a) in r.ancestors.iter().enumerate().skip(1) {
            if !known.contains(a) && !extra.contains_key(a) {
                let level =
                    if a == LAND { PlaceLevel::Land } else { cbs::level_of(a).unwrap_or(PlaceLevel::Land) };
                let name = if a == LAND { "Nederland".to_string() } else { a.clone() };
                extra.insert(
                    a.clone(),
                    Region { code: a.clone(), level, name, ancestors: r.ancestors[i..].to_vec() },
                );
            }
        }
    }
    regions.extend(extra.into_values());
    (regions, values, changes, missing)
}

/// What a boundaries import did.
#[derive(Clone, Debug, Serialize)]
pub struct ShapesReport {
    pub features: usize,
    pub imported: usize,
    /// Features whose code names no place the platform knows: left out.
    pub unknown: usize,
}

/// Imports boundaries from a GeoJSON FeatureCollection (command line:
/// `wijkwerk geo import`). Every feature is checked first; one that is not an
/// area stops the import with its number, and nothing is written.
pub async fn import_shapes(
    store: &Store,
    name: &str,
    geojson: &str,
    source: &str,
) -> std::result::Result<ShapesReport, ImportError> {
    let fail = |message: String| ImportError::File { name: name.to_string(), message };
    let doc: serde_json::Value = serde_json::from_str(geojson).map_err(|e| fail(format!("not JSON: {e}")))?;
    let features =
        doc["features"].as_array().ok_or_else(|| fail("not a GeoJSON FeatureCollection".into()))?;
    let known: std::collections::HashSet<String> =
        store.all_places().await?.into_iter().map(|p| p.code).collect();
    let mut shapes = Vec::new();
    let mut unknown = 0;
    for (i, f) in features.iter().enumerate() {
        let Some(code) = wijkwerk_domain::geo::code_of(&f["properties"], &|c| known.contains(c)) else {
            unknown += 1;
            continue;
        };
        wijkwerk_domain::geo::polygons(&f["geometry"])
            .map_err(|e| fail(format!("feature {}: {e}", i + 1)))?;
        shapes.push((code, f["geometry"].to_string()));
    }
    store.import_shapes(&shapes, source).await?;
    Ok(ShapesReport { features: features.len(), imported: shapes.len(), unknown })
}

/// The platform's own figures as values: per wijk (`Values` hides those
/// resting on fewer people than the minimum), and for the gemeente only over
/// the wijken that are shown, so that no hidden wijk can be found by
/// subtracting the shown ones from the total.
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
    let mut stored = store.indicator_values_under(&scope, 1).await?;
    if gemeente.is_some() {
        stored.extend(platform_values(store, &scope, min_group).await?);
    }
    if place.level == PlaceLevel::Wijk || place.level == PlaceLevel::Buurt {
        // A wijk's own values are among the gemeente's already; a buurt's are not.
        // Twice the same row is harmless: `Values` keeps one per place and year.
        stored.extend(store.indicator_values_under(&place.code, 1).await?);
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
    let mut stored = store.indicator_values_under(&place.code, 1).await?;
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

/// The gemeente's effect dashboard: every wijk, every indicator, the change
/// since each wijk's 0-meting against the rest of the gemeente.
/// Asked for a wijk or buurt, it is the dashboard of the gemeente they lie in.
pub async fn dashboard(store: &Store, actor: &Actor, code: &str) -> Result<Dashboard> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    let min_group = store.min_group_size().get();
    let mut stored = store.indicator_values_under(&gemeente.code, 1).await?;
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
    let mut stored = store.indicator_values_under(&gemeente.code, 1).await?;
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

/// A survey question on the form, with the answers that can be counted.
#[derive(Clone, Debug, Serialize)]
pub struct LinkableQuestion {
    pub survey_id: String,
    pub survey_title: wijkwerk_domain::texts::Texts,
    pub survey_status: String,
    pub question: String,
    pub text: wijkwerk_domain::texts::Texts,
    /// `(code, label)`: option codes, or `1`…`5` for a scale (label = code).
    pub answers: Vec<(String, wijkwerk_domain::texts::Texts)>,
}

/// A link as shown: the stored link with the survey's and question's texts.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyLinkView {
    #[serde(flatten)]
    pub link: SurveyLink,
    pub indicator_name: wijkwerk_domain::texts::Texts,
    pub survey_title: wijkwerk_domain::texts::Texts,
    pub question_text: wijkwerk_domain::texts::Texts,
    pub answer_labels: Vec<wijkwerk_domain::texts::Texts>,
}

/// The gemeente's survey questions that measure indicators, and the
/// questions that could.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyIndicators {
    pub gemeente: Place,
    pub links: Vec<SurveyLinkView>,
    pub questions: Vec<LinkableQuestion>,
    pub may_change: bool,
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

fn linkable(survey: &wijkwerk_store::surveys::Survey) -> Vec<LinkableQuestion> {
    survey
        .def
        .questions
        .iter()
        .filter(|q| !rules::answer_codes(q).is_empty() && rules::countable(q.kind))
        .map(|q| LinkableQuestion {
            survey_id: survey.id.clone(),
            survey_title: survey.def.title.clone(),
            survey_status: survey.status.clone(),
            question: q.code.clone(),
            text: q.text.clone(),
            answers: rules::answer_codes(q)
                .into_iter()
                .map(|code| {
                    let label = q
                        .options
                        .iter()
                        .find(|o| o.code == code)
                        .map(|o| o.label.clone())
                        .unwrap_or_else(|| [("nl".to_string(), code.clone())].into_iter().collect());
                    (code, label)
                })
                .collect(),
        })
        .collect()
}

/// `/plaatsen/{code}/effecten` (the part on surveys) and
/// `GET /api/v1/places/{code}/survey-indicators`.
pub async fn survey_indicators(store: &Store, actor: &Actor, code: &str) -> Result<SurveyIndicators> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    let surveys = store.surveys_in(std::slice::from_ref(&gemeente.code)).await?;
    let questions: Vec<LinkableQuestion> = surveys.iter().flat_map(linkable).collect();
    let links = store
        .survey_links(&gemeente.code)
        .await?
        .into_iter()
        .map(|link| {
            let def: Option<wijkwerk_domain::survey::SurveyDef> = serde_json::from_str(&link.definition).ok();
            let question = def.as_ref().and_then(|d| d.questions.iter().find(|q| q.code == link.question));
            let answer_labels = link
                .answers
                .iter()
                .map(|a| {
                    question
                        .and_then(|q| q.options.iter().find(|o| &o.code == a))
                        .map(|o| o.label.clone())
                        .unwrap_or_else(|| [("nl".to_string(), a.clone())].into_iter().collect())
                })
                .collect();
            SurveyLinkView {
                indicator_name: rules::find(&link.indicator).map(|i| i.name.clone()).unwrap_or_default(),
                survey_title: def.as_ref().map(|d| d.title.clone()).unwrap_or_default(),
                question_text: question.map(|q| q.text.clone()).unwrap_or_default(),
                answer_labels,
                link,
            }
        })
        .collect();
    Ok(SurveyIndicators { may_change: may_change(actor, &path), gemeente, links, questions })
}

/// Links a question of one of the gemeente's surveys to a survey-based
/// indicator: from then on its share per wijk is that indicator's value in
/// the chosen year (linking again changes the answers or the year).
pub async fn link_survey(
    store: &Store,
    actor: &Actor,
    code: &str,
    survey_id: &str,
    input: impl FnOnce(
        &wijkwerk_domain::survey::SurveyDef,
    ) -> std::result::Result<rules::SurveyLinkInput, wijkwerk_domain::Invalid>,
) -> Result<SurveyLink> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    // Only a survey held in this gemeente: another gemeente's answers are not ours to count.
    let survey = store
        .surveys_in(std::slice::from_ref(&gemeente.code))
        .await?
        .into_iter()
        .find(|s| s.id == survey_id)
        .ok_or_else(|| Error::invalid("survey", "survey-unknown"))?;
    let link = input(&survey.def)?;
    store.link_survey(&gemeente.code, &survey.id, &link, &actor.person_id).await?;
    let detail = format!("{} {} {}: {}", survey.id, link.question, link.year, link.answers.join(","));
    audit::record(store, actor, "indicator.survey-linked", &gemeente.code, &link.indicator, &detail).await?;
    store
        .survey_links(&gemeente.code)
        .await?
        .into_iter()
        .find(|l| l.indicator == link.indicator && l.survey_id == survey.id)
        .ok_or(Error::NotFound("survey link"))
}

/// Ends a link; the indicator's values from that survey go with it.
pub async fn unlink_survey(
    store: &Store,
    actor: &Actor,
    code: &str,
    indicator: &str,
    survey_id: &str,
) -> Result<()> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !store.unlink_survey(&gemeente.code, indicator, survey_id).await? {
        return Err(Error::NotFound("survey link"));
    }
    audit::record(store, actor, "indicator.survey-unlinked", &gemeente.code, indicator, survey_id).await?;
    Ok(())
}

/// What a provincie import did.
#[derive(Clone, Debug, Serialize)]
pub struct ProvincesReport {
    pub lines: usize,
    pub imported: usize,
    /// Gemeenten the platform does not know (yet): left out.
    pub unknown: usize,
}

/// Reads CBS's list of gemeenten with their provincie (command line:
/// `wijkwerk cbs provinces FILE.csv`): all or nothing; gemeenten the platform
/// does not know are counted and left out.
pub async fn import_provinces(
    store: &Store,
    name: &str,
    text: &str,
) -> std::result::Result<ProvincesReport, ImportError> {
    let rows = cbs::read_provinces(text).map_err(|e| cbs_error(name, e))?;
    let known: std::collections::HashSet<String> = store
        .all_places()
        .await?
        .into_iter()
        .filter(|p| p.level == PlaceLevel::Gemeente)
        .map(|p| p.code)
        .collect();
    let lines = rows.len();
    let mine: Vec<cbs::GemeenteProvince> = rows.into_iter().filter(|r| known.contains(&r.gemeente)).collect();
    store.set_provinces(&mine, name).await?;
    Ok(ProvincesReport { lines, imported: mine.len(), unknown: lines - mine.len() })
}
