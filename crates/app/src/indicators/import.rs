//! Reading what others publish into the indicators: CBS Kerncijfers tables
//! (`wijkwerk cbs import`), boundaries as GeoJSON (`wijkwerk geo import`) and
//! CBS's list of gemeenten with their provincie (`wijkwerk cbs provinces`).
//! Each file is read and checked whole before anything is written.

use super::*;

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
