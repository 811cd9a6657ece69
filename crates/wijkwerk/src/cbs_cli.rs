//! `wijkwerk cbs import`: the CBS Kerncijfers wijken en buurten, as CBS
//! publishes them, into the indicators; `wijkwerk geo import`: the
//! boundaries for the maps.

use clap::{Arg, ArgMatches, Command};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use wijkwerk_app::indicators::{CbsData, CbsTable, Progress, import_cbs};
use wijkwerk_store::Store;

pub fn command(db_arg: fn() -> Arg) -> Command {
    Command::new("cbs").about("CBS Kerncijfers wijken en buurten").subcommand_required(true).subcommand(
        Command::new("import")
            .about(
                "Import tables: a folder or TypedDataSet.json with DataProperties.json (and WijkenEnBuurten.json, \
                 TableInfos.json) beside it, or the CSV download. Columns are found through the metadata; \
                 missing values stay missing",
            )
            .arg(Arg::new("path").required(true).num_args(1..).value_name("FILE|FOLDER"))
            .arg(
                Arg::new("year")
                    .long("year")
                    .value_name("YYYY")
                    .help("The year, when neither the file nor its TableInfos names a known table"),
            )
            .arg(db_arg()),
    )
    .subcommand(
        Command::new("provinces")
            .about(
                "Import which provincie each gemeente lies in, from CBS's list of gemeenten saved as CSV \
                 (columns GemeentecodeGM, ProvinciecodePV and Provincienaam, or the bare numbers)",
            )
            .arg(Arg::new("file").required(true).value_name("FILE.csv"))
            .arg(db_arg()),
    )
}

pub async fn run_provinces(m: &ArgMatches, store: Store) -> Result<(), String> {
    let file = m.get_one::<String>("file").expect("required");
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let r = wijkwerk_app::indicators::import_provinces(&store, file, &text)
        .await
        .map_err(|e| format!("nothing imported: {e}"))?;
    println!(
        "{file}: {} gemeenten, {} given their provincie, {} this platform does not know",
        r.lines, r.imported, r.unknown
    );
    Ok(())
}

pub fn geo_command(db_arg: fn() -> Arg) -> Command {
    Command::new("geo").about("Boundaries of places for the maps").subcommand_required(true).subcommand(
        Command::new("import")
            .about("Import boundaries from GeoJSON (the CBS wijk- en buurtkaart, e.g. from PDOK); features of unknown places are left out")
            .arg(Arg::new("file").required(true).value_name("FILE.geojson"))
            .arg(Arg::new("source").long("source").value_name("TEXT").help("Where the boundaries come from"))
            .arg(db_arg()),
    )
}

pub async fn run_geo(m: &ArgMatches, store: Store) -> Result<(), String> {
    let file = m.get_one::<String>("file").expect("required");
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let source = m.get_one::<String>("source").cloned().unwrap_or_else(|| file.clone());
    let r = wijkwerk_app::indicators::import_shapes(&store, file, &text, &source)
        .await
        .map_err(|e| format!("nothing imported: {e}"))?;
    println!(
        "{file}: {} features, {} boundaries imported, {} of places this platform does not know",
        r.features, r.imported, r.unknown
    );
    Ok(())
}

fn sibling(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(&path).map(Some).map_err(|e| format!("{}: {e}", path.display()))
}

/// A folder, a TypedDataSet JSON file or a CSV file, with what lies beside it.
fn table_at(path: &Path, year: Option<&String>) -> Result<CbsTable, String> {
    let (dir, data_file) = if path.is_dir() {
        let json = path.join("TypedDataSet.json");
        let file = if json.exists() {
            json
        } else {
            std::fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
                .ok_or_else(|| {
                    format!("{}: no TypedDataSet.json or CSV file in this folder", path.display())
                })?
        };
        (path.to_path_buf(), file)
    } else {
        (path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")), path.to_path_buf())
    };
    let file = std::fs::File::open(&data_file).map_err(|e| format!("{}: {e}", data_file.display()))?;
    let is_csv = data_file.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    Ok(CbsTable {
        name: data_file.display().to_string(),
        data: if is_csv {
            CbsData::Csv(Box::new(std::io::BufReader::new(file)))
        } else {
            CbsData::Json(Box::new(file))
        },
        data_properties: sibling(&dir, "DataProperties.json")?,
        region_names: sibling(&dir, "WijkenEnBuurten.json")?,
        table_infos: sibling(&dir, "TableInfos.json")?,
        year: year.cloned(),
    })
}

pub async fn run(m: &ArgMatches, store: Store) -> Result<(), String> {
    let year = m.get_one::<String>("year");
    let tables = m
        .get_many::<String>("path")
        .into_iter()
        .flatten()
        .map(|p| table_at(Path::new(p), year))
        .collect::<Result<Vec<_>, _>>()?;
    let tty = std::io::stderr().is_terminal();
    let mut last_tenth = usize::MAX;
    let mut report = |p: Progress<'_>| match p {
        // On a terminal one line that counts up; in a log every tenth.
        Progress::Reading { table, rows } => {
            if tty {
                eprint!("\rreading {table}: {rows} rows");
            } else if rows % 5000 == 0 {
                eprintln!("reading {table}: {rows} rows");
            }
        }
        Progress::Writing { table, done, total } => {
            let tenth = done * 10 / total.max(1);
            if tty {
                eprint!("\rwriting {table}: {done}/{total} values   ");
            } else if tenth != last_tenth {
                last_tenth = tenth;
                eprintln!("writing {table}: {done}/{total} values");
            }
        }
    };
    let started = std::time::Instant::now();
    let reports = import_cbs(&store, tables, &mut report)
        .await
        .map_err(|e| format!("nothing imported from that table: {e}"))?;
    if tty {
        eprintln!();
    }
    for r in &reports {
        println!(
            "{} ({}, {}): {} regions, {} new places, {} values ({} missing, kept missing), {} boundary changes",
            r.name,
            r.table.as_deref().unwrap_or("table?"),
            r.year,
            r.rows,
            r.count.places_created,
            r.count.values,
            r.missing_values,
            r.boundary_changes
        );
        let matched: Vec<String> = r.matched.iter().map(|(i, k)| format!("{i}={k}")).collect();
        println!("  columns: {}", matched.join(", "));
        if !r.unmatched.is_empty() {
            println!("  not in this table: {}", r.unmatched.join(", "));
        }
    }
    eprintln!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
