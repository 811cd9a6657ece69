//! Follow the money: budgets and spending per wijk, year, life domain, who
//! pays and intervention, entered by hand or from a spreadsheet (CSV, or
//! lines pasted from Excel). Amounts are integer cents.

use crate::validation::Invalid;
use serde::Serialize;

/// Who pays: the gemeente (per Iv3 taakveld), the housing association, the
/// health insurer, funds, the state, others. The social coin is not entered:
/// it comes from its own ledger.
pub const PAYERS: [&str; 6] = ["gemeente", "corporatie", "zorgverzekeraar", "fonds", "rijk", "anders"];

/// A budget (what was set aside) or spending (what went out).
pub const KINDS: [&str; 2] = ["budget", "besteed"];

/// A file may hold this many lines at most.
pub const MAX_LINES: usize = 5_000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flow {
    pub place: String,
    pub year: String,
    pub kind: String,
    pub payer: String,
    /// Iv3 taakveld for the gemeente's money (`6.1`), else empty.
    pub taakveld: String,
    pub domain: String,
    pub intervention: String,
    /// The indicator the intervention means to move, for euros per point.
    pub indicator: Option<String>,
    pub cents: i64,
    pub note: String,
}

/// A flow as typed, every field still text.
#[derive(Clone, Debug, Default)]
pub struct RawFlow<'a> {
    pub place: &'a str,
    pub year: &'a str,
    pub kind: &'a str,
    pub payer: &'a str,
    pub taakveld: &'a str,
    pub domain: &'a str,
    pub intervention: &'a str,
    pub indicator: &'a str,
    pub amount: &'a str,
    pub note: &'a str,
}

fn short(invalid: &mut Invalid, field: &str, text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() > max {
        invalid.add(field, "too-long");
    } else if crate::texts::forbidden_char(t).is_some() {
        invalid.add(field, "text-invalid");
    }
    t.to_string()
}

/// Checks one flow; `places` are the places it may be for (the gemeente and
/// its wijken), `domains` the life domains.
pub fn check_flow(raw: &RawFlow, places: &[&str], domains: &[&str]) -> Result<Flow, Invalid> {
    let mut invalid = Invalid::new();
    let place = raw.place.trim().to_string();
    if place.is_empty() {
        invalid.add("place", "required");
    } else if !places.contains(&place.as_str()) {
        invalid.add("place", "place-unknown");
    }
    let year = raw.year.trim().to_string();
    if !matches!(year.parse::<u16>(), Ok(1990..=2100)) {
        invalid.add("year", if year.is_empty() { "required" } else { "year-invalid" });
    }
    let kind = raw.kind.trim().to_lowercase();
    let kind = match kind.as_str() {
        "budget" | "begroot" | "begroting" => "budget".to_string(),
        "besteed" | "uitgegeven" | "spent" | "realisatie" => "besteed".to_string(),
        _ => {
            invalid.add("kind", if kind.is_empty() { "required" } else { "money-kind-unknown" });
            kind
        }
    };
    let payer = raw.payer.trim().to_lowercase();
    if !PAYERS.contains(&payer.as_str()) {
        invalid.add("payer", if payer.is_empty() { "required" } else { "money-payer-unknown" });
    }
    let taakveld = raw.taakveld.trim().to_string();
    let iv3 =
        taakveld.split('.').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
    if !taakveld.is_empty() && !iv3 {
        invalid.add("taakveld", "taakveld-invalid");
    }
    let domain = raw.domain.trim().to_lowercase();
    if !domains.contains(&domain.as_str()) {
        invalid.add("domain", if domain.is_empty() { "required" } else { "domain-unknown" });
    }
    let intervention = short(&mut invalid, "intervention", raw.intervention, 200);
    let indicator = raw.indicator.trim();
    let indicator = if indicator.is_empty() {
        None
    } else if crate::indicators::find(indicator).is_none() {
        invalid.add("indicator", "indicator-unknown");
        None
    } else {
        Some(indicator.to_string())
    };
    let cents = match crate::coin::parse_euros(raw.amount) {
        Some(c) => c,
        None if raw.amount.trim().starts_with('-') => {
            invalid.add("amount", "number-out-of-range");
            0
        }
        None => {
            invalid.add("amount", if raw.amount.trim().is_empty() { "required" } else { "amount-invalid" });
            0
        }
    };
    let note = short(&mut invalid, "note", raw.note, 500);
    invalid.into_result(Flow {
        place,
        year,
        kind,
        payer,
        taakveld,
        domain,
        intervention,
        indicator,
        cents,
        note,
    })
}

/// Reads a spreadsheet of flows: a header naming the columns (Dutch or
/// English), then a flow per line, separated by `;`, `,` or tabs (lines
/// pasted from Excel). Every line is checked; the answer is every flow, or
/// every problem with its line number.
pub fn parse_sheet(
    text: &str,
    places: &[&str],
    domains: &[&str],
) -> Result<Vec<Flow>, Vec<(usize, Invalid)>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(vec![(1, Invalid::single("file", "sheet-empty"))]);
    };
    let sep = [
        ('\t', header.matches('\t').count()),
        (';', header.matches(';').count()),
        (',', header.matches(',').count()),
    ]
    .into_iter()
    .max_by_key(|(_, n)| *n)
    .map(|(c, _)| c)
    .unwrap_or(';');
    let names: Vec<String> =
        crate::cbs::split_csv_line(header, sep).into_iter().map(|c| c.trim().to_lowercase()).collect();
    let col = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
    let cols = [
        col(&["wijk", "plaats", "place", "code"]),
        col(&["jaar", "year"]),
        col(&["soort", "kind"]),
        col(&["betaler", "bron", "payer", "source"]),
        col(&["taakveld"]),
        col(&["domein", "leefgebied", "domain"]),
        col(&["interventie", "project", "intervention"]),
        col(&["indicator", "cijfer"]),
        col(&["bedrag", "amount", "euro"]),
        col(&["toelichting", "note"]),
    ];
    let required = [0, 1, 2, 3, 5, 8];
    if required.iter().any(|&i| cols[i].is_none()) {
        return Err(vec![(1, Invalid::single("file", "sheet-header"))]);
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in lines {
        if good.len() + bad.len() >= MAX_LINES {
            return Err(vec![(i + 1, Invalid::single("file", "sheet-too-long"))]);
        }
        let cells = crate::cbs::split_csv_line(line, sep);
        let cell = |c: usize| cols[c].and_then(|i| cells.get(i)).map(String::as_str).unwrap_or("");
        let raw = RawFlow {
            place: cell(0),
            year: cell(1),
            kind: cell(2),
            payer: cell(3),
            taakveld: cell(4),
            domain: cell(5),
            intervention: cell(6),
            indicator: cell(7),
            amount: cell(8),
            note: cell(9),
        };
        match check_flow(&raw, places, domains) {
            Ok(flow) => good.push(flow),
            Err(e) => bad.push((i + 1, e)),
        }
    }
    if bad.is_empty() { Ok(good) } else { Err(bad) }
}

/// Euros per point of change in an indicator: what was spent against the
/// difference the wijk made against the rest of the gemeente. `None` when
/// there is no clear difference to divide by.
pub fn euros_per_point(cents: i64, difference: Option<f64>) -> Option<f64> {
    let d = difference?.abs();
    (d >= 0.05 && cents > 0).then(|| cents as f64 / 100.0 / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: [&str; 2] = ["GM9601", "WK960102"];
    const DOMAINS: [&str; 3] = ["werk", "huishouden-en-zorg", "leren"];

    #[test]
    fn a_sheet_reads_with_dutch_headers_amounts_as_typed_and_quotes() {
        let sheet = "wijk;jaar;soort;betaler;taakveld;domein;interventie;indicator;bedrag;toelichting\n\
                     WK960102;2024;besteed;gemeente;6.1;werk;Werkcoaches;arbeidsparticipatie;€ 120.000,00;\"Twee coaches; fulltime\"\n\
                     WK960102;2024;budget;corporatie;;huishouden-en-zorg;Schuldhulp aan huis;laag-inkomen;45000;\n";
        let flows = parse_sheet(sheet, &PLACES, &DOMAINS).unwrap();
        assert_eq!(flows.len(), 2);
        assert_eq!(flows[0].cents, 12_000_000);
        assert_eq!(flows[0].note, "Twee coaches; fulltime");
        assert_eq!(flows[1].kind, "budget");
        assert_eq!(flows[1].indicator.as_deref(), Some("laag-inkomen"));
        // Pasted from Excel: tabs, English headers.
        let pasted = "place\tyear\tkind\tpayer\tdomain\tamount\nGM9601\t2023\tspent\tfonds\tleren\t10\n";
        assert_eq!(parse_sheet(pasted, &PLACES, &DOMAINS).unwrap()[0].kind, "besteed");
    }

    #[test]
    fn every_wrong_line_is_reported_with_its_number_and_fields() {
        let sheet = "wijk;jaar;soort;betaler;domein;bedrag\n\
                     WK960102;2024;besteed;gemeente;werk;100\n\
                     WK000000;twee;geschonken;bank;hobby;veel\n\
                     WK960102;2024;besteed;gemeente;werk;-5\n";
        let errors = parse_sheet(sheet, &PLACES, &DOMAINS).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, 3);
        let fields: Vec<&str> = errors[0].1.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["place", "year", "kind", "payer", "domain", "amount"]);
        assert_eq!(errors[1].0, 4);
        assert_eq!(errors[1].1.errors[0].code, "number-out-of-range");
        assert!(parse_sheet("naam;iets\nx;y\n", &PLACES, &DOMAINS).is_err());
    }

    #[test]
    fn euros_per_point_needs_a_difference() {
        assert_eq!(euros_per_point(12_000_000, Some(-3.0)), Some(40_000.0));
        assert_eq!(euros_per_point(12_000_000, Some(0.0)), None);
        assert_eq!(euros_per_point(12_000_000, None), None);
    }
}
