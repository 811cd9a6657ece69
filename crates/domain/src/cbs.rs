//! Reading the CBS "Kerncijfers wijken en buurten" as CBS publishes them: the
//! OData v3 `TypedDataSet` JSON with its `DataProperties` (and the
//! `WijkenEnBuurten` dimension for the names, `TableInfos` for the year), and
//! the CSV download.
//!
//! Column keys carry a numeric suffix that shifts from year to year
//! (`AantalInwoners_5`, `GemiddeldeWOZWaardeVanWoningen_35` one year and `_39`
//! the next), so columns are found through the metadata: by the key without
//! its suffix, else by the title. Missing and secret values (`null` in JSON,
//! `.` or `x` in CSV) stay missing; they never become zero.
//!
//! The caller opens the files; these functions read from what it hands over,
//! row by row, so a national table (17,000 rows × 100+ columns) is never held
//! whole in memory.

use crate::indicators::{Indicator, Source};
use crate::place::PlaceLevel;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::fmt;

/// The Kerncijfers tables by year.
pub const TABLES: [(&str, &str); 7] = [
    ("84583NED", "2019"),
    ("84799NED", "2020"),
    ("85039NED", "2021"),
    ("85318NED", "2022"),
    ("85618NED", "2023"),
    ("85984NED", "2024"),
    ("86165NED", "2025"),
];

pub fn year_of_table(table: &str) -> Option<&'static str> {
    TABLES.iter().find(|(t, _)| t.eq_ignore_ascii_case(table)).map(|(_, y)| *y)
}

/// A table identifier (`85318NED`) inside a text such as an OData address or
/// a file name.
pub fn table_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let w = &b[i..i + 8];
        let ok = w[..5].iter().all(u8::is_ascii_digit)
            && w[5..].eq_ignore_ascii_case(b"NED")
            && (i == 0 || !b[i - 1].is_ascii_digit());
        ok.then(|| String::from_utf8_lossy(w).to_ascii_uppercase())
    })
}

#[derive(Debug, PartialEq)]
pub struct CbsError(pub String);

impl fmt::Display for CbsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One column as `DataProperties` describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Property {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Title", default)]
    pub title: String,
    #[serde(rename = "Type", default)]
    pub kind: String,
    #[serde(rename = "Unit", default)]
    pub unit: Option<String>,
}

#[derive(Deserialize)]
struct ODataList<T> {
    value: Vec<T>,
}

pub fn read_data_properties(json: &str) -> Result<Vec<Property>, CbsError> {
    let list: ODataList<Property> = serde_json::from_str(json)
        .map_err(|e| CbsError(format!("DataProperties is not CBS's OData JSON: {e}")))?;
    Ok(list.value.into_iter().filter(|p| !p.key.is_empty()).collect())
}

/// Names of the regions from the `WijkenEnBuurten` dimension.
pub fn read_region_names(json: &str) -> Result<HashMap<String, String>, CbsError> {
    #[derive(Deserialize)]
    struct Region {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Title")]
        title: String,
    }
    let list: ODataList<Region> = serde_json::from_str(json)
        .map_err(|e| CbsError(format!("WijkenEnBuurten is not CBS's OData JSON: {e}")))?;
    Ok(list.value.into_iter().map(|r| (r.key.trim().to_string(), r.title.trim().to_string())).collect())
}

/// The year of a table from `TableInfos` (`Period`), else from its identifier.
pub fn read_table_infos(json: &str) -> Result<(String, Option<String>), CbsError> {
    #[derive(Deserialize)]
    struct Info {
        #[serde(rename = "Identifier")]
        identifier: String,
        #[serde(rename = "Period", default)]
        period: Option<String>,
    }
    let list: ODataList<Info> = serde_json::from_str(json)
        .map_err(|e| CbsError(format!("TableInfos is not CBS's OData JSON: {e}")))?;
    let info = list.value.into_iter().next().ok_or_else(|| CbsError("TableInfos is empty".into()))?;
    let year = info
        .period
        .map(|p| p.trim().to_string())
        .filter(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()));
    Ok((info.identifier, year))
}

/// A column key without CBS's numeric suffix: `AantalInwoners_5` →
/// `AantalInwoners`. Keys such as `k_65JaarOfOuder_12` keep their prefix.
pub fn key_base(key: &str) -> &str {
    match key.rsplit_once('_') {
        Some((base, digits)) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => key,
    }
}

fn same_title(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    fold(a) == fold(b)
}

/// Which columns an import reads, found through the metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    pub region: String,
    pub boundary: Option<String>,
    pub gemeente_name: Option<String>,
    /// Every value column read, in the order `Row::values` holds them.
    pub read: Vec<String>,
    /// Per indicator: its column's and its divisor's place in `read`.
    pub indicators: Vec<Wanted>,
    /// Catalogue indicators this table has no column for.
    pub unmatched: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Wanted {
    pub indicator: String,
    pub column: usize,
    pub per: Option<(usize, f64)>,
}

/// Finds every CBS indicator of the catalogue among `properties` (key and
/// title of each column): by key without suffix, else by title.
pub fn match_columns(properties: &[Property], catalogue: &[Indicator]) -> Result<Columns, CbsError> {
    let find = |key: &str, title: &str| -> Option<String> {
        properties
            .iter()
            .find(|p| key_base(&p.key) == key)
            .or_else(|| properties.iter().find(|p| !title.is_empty() && same_title(&p.title, title)))
            .map(|p| p.key.clone())
    };
    let region = find("WijkenEnBuurten", "Wijken en buurten").ok_or_else(|| {
        CbsError("no WijkenEnBuurten column: this is not a Kerncijfers wijken en buurten table".into())
    })?;
    let mut read: Vec<String> = Vec::new();
    let mut place_of = |key: String| match read.iter().position(|k| *k == key) {
        Some(i) => i,
        None => {
            read.push(key);
            read.len() - 1
        }
    };
    let mut indicators = Vec::new();
    let mut unmatched = Vec::new();
    for indicator in catalogue.iter().filter(|i| i.source == Source::Cbs) {
        let Some(cbs) = &indicator.cbs else { continue };
        let column = find(&cbs.key, &cbs.title);
        let per = cbs.per.as_ref().map(|p| (find(&p.key, &p.title), p.times));
        match (column, per) {
            (Some(c), None) => {
                indicators.push(Wanted { indicator: indicator.code.clone(), column: place_of(c), per: None })
            }
            (Some(c), Some((Some(d), times))) => {
                let column = place_of(c);
                indicators.push(Wanted {
                    indicator: indicator.code.clone(),
                    column,
                    per: Some((place_of(d), times)),
                })
            }
            _ => unmatched.push(indicator.code.clone()),
        }
    }
    Ok(Columns {
        region,
        boundary: find("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten"),
        gemeente_name: find("Gemeentenaam", "Gemeentenaam"),
        read,
        indicators,
        unmatched,
    })
}

/// For a CSV without `DataProperties`: its header is the list of keys.
pub fn properties_from_header(keys: &[String]) -> Vec<Property> {
    keys.iter()
        .map(|k| Property { key: k.clone(), title: String::new(), kind: String::new(), unit: None })
        .collect()
}

/// One region of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub code: String,
    pub level: Option<PlaceLevel>,
    pub gemeente_name: Option<String>,
    /// CBS's `IndelingswijzigingWijkenEnBuurten`: `1` is unchanged since the
    /// year before; anything else means the region's code or area changed.
    pub boundary_change: Option<String>,
    pub values: Vec<Option<f64>>,
}

impl Row {
    /// The indicators' values, a share computed where the catalogue asks.
    pub fn indicator_values<'c>(
        &'c self,
        columns: &'c Columns,
    ) -> impl Iterator<Item = (&'c str, Option<f64>)> + 'c {
        columns.indicators.iter().map(move |w| {
            let raw = self.values[w.column];
            let value = match w.per {
                None => raw,
                Some((d, times)) => match (raw, self.values[d]) {
                    (Some(v), Some(of)) if of > 0.0 => Some(v / of * times),
                    _ => None,
                },
            };
            (w.indicator.as_str(), value)
        })
    }

    pub fn boundary_changed(&self) -> bool {
        self.boundary_change.as_deref().is_some_and(|c| !c.is_empty() && c != "1" && c != ".")
    }
}

/// The level of a region from its code (`NL00`, `GM0363`, `WK036300`,
/// `BU03630000`).
pub fn level_of(code: &str) -> Option<PlaceLevel> {
    match code.get(..2)? {
        "NL" => Some(PlaceLevel::Land),
        "GM" => Some(PlaceLevel::Gemeente),
        "WK" => Some(PlaceLevel::Wijk),
        "BU" => Some(PlaceLevel::Buurt),
        _ => None,
    }
}

/// The code of the region a region lies in, from the digits CBS nests.
pub fn parent_of(code: &str) -> Option<String> {
    match level_of(code)? {
        PlaceLevel::Land => None,
        PlaceLevel::Gemeente => Some("NL".to_string()),
        PlaceLevel::Wijk => Some(format!("GM{}", code.get(2..6)?)),
        PlaceLevel::Buurt => Some(format!("WK{}", code.get(2..8)?)),
    }
}

/// A value as CBS writes it in CSV: `.` missing, `x` secret, `?` unreliable,
/// blank not possible; `-` is CBS's "nihil", which is zero. Decimal comma or
/// point.
pub fn parse_csv_value(text: &str) -> Result<Option<f64>, ()> {
    let t = text.trim();
    match t {
        "" | "." | "x" | "X" | "?" => Ok(None),
        "-" => Ok(Some(0.0)),
        _ => {
            let t = if t.contains(',') && !t.contains('.') { t.replace(',', ".") } else { t.to_string() };
            t.parse::<f64>().map(Some).map_err(|_| ())
        }
    }
}

/// Splits one CSV line (CBS uses `;` with every field quoted; `,` is read
/// too). Quotes inside a field are doubled.
pub fn split_csv_line(line: &str, separator: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches(['\r', '\n']).chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The separator of a CBS CSV from its header line.
pub fn csv_separator(header: &str) -> char {
    if header.matches(';').count() >= header.matches(',').count() { ';' } else { ',' }
}

/// One gemeente in its provincie, from CBS's regional classification.
#[derive(Clone, Debug, PartialEq)]
pub struct GemeenteProvince {
    pub gemeente: String,
    pub province_code: String,
    pub province_name: String,
}

/// Reads CBS's list of gemeenten with their provincie ("Gemeenten
/// alfabetisch", saved as CSV): the columns `GemeentecodeGM` (or the bare
/// number `Gemeentecode`), `ProvinciecodePV` (or `Provinciecode`) and
/// `Provincienaam`, found by their header, separated by `;`, `,` or tabs.
/// A line that is not right stops the whole file, naming the line.
pub fn read_provinces(text: &str) -> Result<Vec<GemeenteProvince>, CbsError> {
    let mut lines =
        text.trim_start_matches('\u{feff}').lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or_else(|| CbsError("the file is empty".into()))?;
    let separator = if header.contains('\t') { '\t' } else { csv_separator(header) };
    let names: Vec<String> =
        split_csv_line(header, separator).iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |wanted: &[&str]| wanted.iter().find_map(|w| names.iter().position(|n| n == w));
    let gemeente = column(&["gemeentecodegm", "gemeentecode"])
        .ok_or_else(|| CbsError("no column GemeentecodeGM or Gemeentecode in the header".into()))?;
    let code = column(&["provinciecodepv", "provinciecode"])
        .ok_or_else(|| CbsError("no column ProvinciecodePV or Provinciecode in the header".into()))?;
    let name =
        column(&["provincienaam"]).ok_or_else(|| CbsError("no column Provincienaam in the header".into()))?;
    // A bare number gets its prefix and zeros, as CBS writes it in the GM/PV columns.
    let coded = |value: &str, prefix: &str, digits: usize| -> Option<String> {
        let v = value.trim();
        let number = v.strip_prefix(prefix).unwrap_or(v);
        (!number.is_empty() && number.len() <= digits && number.chars().all(|c| c.is_ascii_digit()))
            .then(|| format!("{prefix}{number:0>digits$}"))
    };
    let mut out = Vec::new();
    for (i, line) in lines {
        let fields = split_csv_line(line, separator);
        let field = |at: usize| fields.get(at).map(String::as_str).unwrap_or("");
        let wrong = |what: &str| CbsError(format!("line {}: {what}", i + 1));
        let gemeente = coded(field(gemeente), "GM", 4).ok_or_else(|| wrong("no gemeente code"))?;
        let province_code = coded(field(code), "PV", 2).ok_or_else(|| wrong("no provincie code"))?;
        let province_name = field(name).trim().to_string();
        if province_name.is_empty() || province_name.chars().count() > 100 {
            return Err(wrong("no provincie name"));
        }
        out.push(GemeenteProvince { gemeente, province_code, province_name });
    }
    Ok(out)
}

/// Reads the CSV's rows after its header, one at a time. `header` are the
/// header's fields; each later line goes to `on_row`.
pub struct CsvReader {
    separator: char,
    region: usize,
    boundary: Option<usize>,
    gemeente_name: Option<usize>,
    read: Vec<usize>,
}

impl CsvReader {
    pub fn new(header: &[String], columns: &Columns, separator: char) -> Result<Self, CbsError> {
        let at = |key: &str| header.iter().position(|h| h.trim() == key);
        Ok(CsvReader {
            separator,
            region: at(&columns.region).ok_or_else(|| CbsError(format!("no {} column", columns.region)))?,
            boundary: columns.boundary.as_deref().and_then(at),
            gemeente_name: columns.gemeente_name.as_deref().and_then(at),
            read: columns
                .read
                .iter()
                .map(|k| at(k).ok_or_else(|| CbsError(format!("no {k} column"))))
                .collect::<Result<_, _>>()?,
        })
    }

    /// One data line as a row; `line_no` for the message when a value is
    /// not a number.
    pub fn row(&self, line: &str, line_no: usize, header: &[String]) -> Result<Option<Row>, CbsError> {
        if line.trim().is_empty() {
            return Ok(None);
        }
        let fields = split_csv_line(line, self.separator);
        let get = |i: usize| fields.get(i).map(|f| f.trim().to_string());
        let code = get(self.region).unwrap_or_default();
        let values = self
            .read
            .iter()
            .map(|&i| {
                parse_csv_value(fields.get(i).map(String::as_str).unwrap_or("")).map_err(|()| {
                    CbsError(format!("line {line_no}, column {}: {:?} is not a number", header[i], fields[i]))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Row {
            level: level_of(&code),
            code,
            gemeente_name: self.gemeente_name.and_then(get),
            boundary_change: self.boundary.and_then(get),
            values,
        }))
    }
}

/// Reads a `TypedDataSet` JSON document row by row. Returns the table
/// identifier named in `odata.metadata`, when there is one.
pub fn read_typed_dataset<R: std::io::Read>(
    reader: R,
    columns: &Columns,
    on_row: &mut dyn FnMut(Row),
) -> Result<Option<String>, CbsError> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let table = Document { columns, on_row }
        .deserialize(&mut de)
        .map_err(|e| CbsError(format!("TypedDataSet is not CBS's OData JSON: {e}")))?;
    de.end().map_err(|e| CbsError(format!("TypedDataSet has more after its end: {e}")))?;
    Ok(table)
}

struct Document<'a> {
    columns: &'a Columns,
    on_row: &'a mut dyn FnMut(Row),
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OData document with a \"value\" list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut table = None;
        let mut seen_rows = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => {
                    map.next_value_seed(Rows { columns: self.columns, on_row: &mut *self.on_row })?;
                    seen_rows = true;
                }
                "odata.metadata" => table = table_in(&map.next_value::<String>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !seen_rows {
            return Err(serde::de::Error::missing_field("value"));
        }
        Ok(table)
    }
}

struct Rows<'a> {
    columns: &'a Columns,
    on_row: &'a mut dyn FnMut(Row),
}

impl<'de> DeserializeSeed<'de> for Rows<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(row) = seq.next_element_seed(RowSeed { columns: self.columns })? {
            (self.on_row)(row);
        }
        Ok(())
    }
}

struct RowSeed<'a> {
    columns: &'a Columns,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Row;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Row, D::Error> {
        d.deserialize_map(self)
    }
}

/// A cell that is a number, a number as text, or null.
#[derive(Deserialize)]
#[serde(untagged)]
enum Cell {
    Number(f64),
    Text(String),
    Null,
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Row;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let c = self.columns;
        let mut row = Row {
            code: String::new(),
            level: None,
            gemeente_name: None,
            boundary_change: None,
            values: vec![None; c.read.len()],
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.as_ref();
            if key == c.region {
                row.code = map.next_value::<String>()?.trim().to_string();
            } else if c.boundary.as_deref() == Some(key) {
                row.boundary_change = map.next_value::<Option<String>>()?.map(|s| s.trim().to_string());
            } else if c.gemeente_name.as_deref() == Some(key) {
                row.gemeente_name = map.next_value::<Option<String>>()?.map(|s| s.trim().to_string());
            } else if let Some(i) = c.read.iter().position(|k| k == key) {
                row.values[i] = match map.next_value::<Cell>()? {
                    Cell::Number(n) => Some(n),
                    Cell::Null => None,
                    Cell::Text(t) => parse_csv_value(&t)
                        .map_err(|()| serde::de::Error::custom(format!("{key}: {t:?} is not a number")))?,
                };
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        row.level = level_of(&row.code);
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_read_from_cbs_lists_in_either_code_form() {
        let cbs = "\u{feff}Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam\r\n\
                   \"1680\";\"GM1680\";\"Aa en Hunze\";\"22\";\"PV22\";\"Drenthe\"\r\n\
                   \"363\";\"GM0363\";\"Amsterdam\";\"27\";\"PV27\";\"Noord-Holland\"\r\n";
        let read = read_provinces(cbs).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(
            read[1],
            GemeenteProvince {
                gemeente: "GM0363".into(),
                province_code: "PV27".into(),
                province_name: "Noord-Holland".into()
            }
        );
        // Only the bare numbers, with commas: the prefixes and zeros are added.
        let bare =
            read_provinces("Gemeentecode,Provinciecode,Provincienaam\n363,27,Noord-Holland\n").unwrap();
        assert_eq!(bare[0].gemeente, "GM0363");
        assert_eq!(bare[0].province_code, "PV27");
        let bad = read_provinces("Gemeentecode;Provinciecode;Provincienaam\n363;27;Noord-Holland\nx;27;Y\n");
        assert_eq!(bad.unwrap_err().0, "line 3: no gemeente code");
        assert!(read_provinces("Gemeente;Provincie\n").unwrap_err().0.contains("GemeentecodeGM"));
    }
    use crate::indicators::catalogue;

    fn props(keys: &[(&str, &str)]) -> Vec<Property> {
        keys.iter()
            .map(|(k, t)| Property {
                key: k.to_string(),
                title: t.to_string(),
                kind: "Topic".into(),
                unit: None,
            })
            .collect()
    }

    #[test]
    fn keys_lose_only_a_numeric_suffix() {
        assert_eq!(key_base("AantalInwoners_5"), "AantalInwoners");
        assert_eq!(key_base("k_65JaarOfOuder_12"), "k_65JaarOfOuder");
        assert_eq!(key_base("WijkenEnBuurten"), "WijkenEnBuurten");
        assert_eq!(key_base("Codering_3"), "Codering");
    }

    #[test]
    fn columns_are_found_by_key_whatever_the_suffix_else_by_title() {
        let one_year = props(&[
            ("WijkenEnBuurten", "Wijken en buurten"),
            ("AantalInwoners_5", "Aantal inwoners"),
            ("GemiddeldeWOZWaardeVanWoningen_35", "Gemiddelde WOZ-waarde van woningen"),
        ]);
        let next_year = props(&[
            ("WijkenEnBuurten", "Wijken en buurten"),
            ("AantalInwoners_6", "Aantal inwoners"),
            ("GemWOZWaarde_39", "Gemiddelde  WOZ-waarde van woningen"),
        ]);
        for (properties, woz) in
            [(one_year, "GemiddeldeWOZWaardeVanWoningen_35"), (next_year, "GemWOZWaarde_39")]
        {
            let c = match_columns(&properties, catalogue()).unwrap();
            let col = |code: &str| {
                let w = c.indicators.iter().find(|w| w.indicator == code).unwrap();
                c.read[w.column].clone()
            };
            assert_eq!(col("woz"), woz);
            assert!(col("inwoners").starts_with("AantalInwoners_"));
            assert!(c.unmatched.contains(&"inkomen".to_string()));
        }
        let err = match_columns(&props(&[("RegioS", "Regio's")]), catalogue()).unwrap_err();
        assert!(err.0.contains("WijkenEnBuurten"));
    }

    #[test]
    fn json_rows_stream_with_missing_kept_missing_and_shares_computed() {
        let properties = props(&[
            ("WijkenEnBuurten", ""),
            ("SoortRegio_2", "Soort regio"),
            ("IndelingswijzigingWijkenEnBuurten_4", ""),
            ("AantalInwoners_5", ""),
            ("k_65JaarOfOuder_12", ""),
            ("HuishoudensMetEenLaagInkomen_71", ""),
        ]);
        let c = match_columns(&properties, catalogue()).unwrap();
        let json = r#"{"odata.metadata":"https://opendata.cbs.nl/ODataApi/OData/85318NED/$metadata#Cbs.OData.WebAPI.TypedDataSet",
          "value":[
            {"ID":0,"WijkenEnBuurten":"GM9601    ","SoortRegio_2":"Gemeente  ","IndelingswijzigingWijkenEnBuurten_4":null,
             "AantalInwoners_5":40000,"k_65JaarOfOuder_12":8000,"HuishoudensMetEenLaagInkomen_71":8.5,"Extra_99":"x"},
            {"ID":1,"WijkenEnBuurten":"WK960102  ","SoortRegio_2":"Wijk      ","IndelingswijzigingWijkenEnBuurten_4":"2",
             "AantalInwoners_5":9000,"k_65JaarOfOuder_12":null,"HuishoudensMetEenLaagInkomen_71":null}
          ]}"#;
        let mut rows = Vec::new();
        let table = read_typed_dataset(json.as_bytes(), &c, &mut |r| rows.push(r)).unwrap();
        assert_eq!(table.as_deref(), Some("85318NED"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].code, "GM9601");
        assert_eq!(rows[0].level, Some(PlaceLevel::Gemeente));
        let values: HashMap<&str, Option<f64>> = rows[0].indicator_values(&c).collect();
        assert_eq!(values["inwoners"], Some(40000.0));
        assert_eq!(values["ouderen"], Some(20.0));
        assert_eq!(values["laag-inkomen"], Some(8.5));
        let wijk: HashMap<&str, Option<f64>> = rows[1].indicator_values(&c).collect();
        assert_eq!(wijk["laag-inkomen"], None, "null stays missing");
        assert_eq!(wijk["ouderen"], None);
        assert!(rows[1].boundary_changed());
        assert!(!rows[0].boundary_changed());
    }

    #[test]
    fn csv_lines_read_as_cbs_writes_them() {
        assert_eq!(split_csv_line(r#""a";"b ""c""";"";1.5"#, ';'), ["a", "b \"c\"", "", "1.5"]);
        assert_eq!(parse_csv_value("       ."), Ok(None));
        assert_eq!(parse_csv_value("x"), Ok(None));
        assert_eq!(parse_csv_value("-"), Ok(Some(0.0)));
        assert_eq!(parse_csv_value("12,5"), Ok(Some(12.5)));
        assert_eq!(parse_csv_value("veel"), Err(()));
        let header: Vec<String> = ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "AantalInwoners_5"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = match_columns(&properties_from_header(&header), catalogue()).unwrap();
        let reader = CsvReader::new(&header, &c, ';').unwrap();
        let row = reader.row(
            r#""3";"BU96010204";"Lindenhoven                             ";"       .""#,
            4,
            &header,
        );
        let row = row.unwrap().unwrap();
        assert_eq!(row.code, "BU96010204");
        assert_eq!(row.gemeente_name.as_deref(), Some("Lindenhoven"));
        assert_eq!(row.values, [None]);
        let bad = reader.row(r#""4";"BU96010204";"L";"veel""#, 5, &header).unwrap_err();
        assert!(bad.0.contains("line 5"), "{}", bad.0);
    }

    #[test]
    fn codes_nest_and_tables_name_their_year() {
        assert_eq!(parent_of("BU96010204").as_deref(), Some("WK960102"));
        assert_eq!(parent_of("WK960102").as_deref(), Some("GM9601"));
        assert_eq!(parent_of("GM9601").as_deref(), Some("NL"));
        assert_eq!(year_of_table("85618ned"), Some("2023"));
        assert_eq!(table_in("cbs/85318NED_TypedDataSet.csv").as_deref(), Some("85318NED"));
        assert_eq!(table_in("nothing here"), None);
    }
}
