//! Streaming exports of survey responses as CSV and XLSX.
//!
//! Rows come from the database one at a time and leave as soon as they are
//! written, so memory stays flat whatever the number of responses. XLSX uses
//! rust_xlsxwriter's constant-memory mode (rows go to a temporary file) and
//! the finished file is streamed from disk.

use axum::body::Bytes;
use futures_util::{Stream, StreamExt};
use std::io::Read;
use tokio::sync::mpsc;
use wijkwerk_domain::privacy::ExportClasses;
use wijkwerk_domain::survey::{QuestionKind, SurveyDef};
use wijkwerk_domain::texts::text;
use wijkwerk_store::Store;
use wijkwerk_store::surveys::ExportRow;

pub struct Exporter {
    def: SurveyDef,
    /// What a row shows of its buurt and type (see `privacy::export_classes`).
    classes: ExportClasses,
    lang: String,
}

impl Exporter {
    pub fn new(def: SurveyDef, classes: ExportClasses, lang: &str) -> Exporter {
        Exporter { def, classes, lang: lang.to_string() }
    }

    pub fn header(&self) -> Vec<String> {
        let mut h: Vec<String> =
            ["nummer", "datum", "kanaal", "buurt", "type"].iter().map(|s| s.to_string()).collect();
        h.extend(self.def.questions.iter().map(|q| text(&q.text, &self.lang).to_string()));
        h
    }

    fn label(&self, question: &str, option: &str) -> String {
        self.def
            .questions
            .iter()
            .find(|q| q.code == question)
            .and_then(|q| q.options.iter().find(|o| o.code == option))
            .map(|o| text(&o.label, &self.lang).to_string())
            .unwrap_or_else(|| option.to_string())
    }

    /// One response as cells. Where its buurt × type pair is small, the
    /// buurt or the type or both stay empty.
    pub fn row(&self, n: u64, r: &ExportRow) -> Vec<String> {
        let pair = (r.buurt.clone().unwrap_or_default(), r.respondent_type.clone().unwrap_or_default());
        // A pair not counted when the export began (an answer since) shows neither.
        let (buurt, kind) = self.classes.get(&pair).cloned().unwrap_or((None, None));
        let kind = kind.unwrap_or_default();
        let mut cells = vec![
            n.to_string(),
            r.created_at.get(..10).unwrap_or("").to_string(),
            r.channel.clone(),
            buurt.unwrap_or_default(),
            kind.clone(),
        ];
        for q in &self.def.questions {
            let mine = r.answers.iter().filter(|a| a.0 == q.code);
            let cell = match q.kind {
                QuestionKind::Text => mine.filter_map(|a| a.3.clone()).collect::<Vec<_>>().join(" "),
                QuestionKind::Scale => {
                    mine.filter_map(|a| a.2).map(|v| v.to_string()).collect::<Vec<_>>().join("")
                }
                QuestionKind::RespondentType => kind.clone(),
                QuestionKind::Ranking => {
                    let mut ranked: Vec<(i64, String)> =
                        mine.filter_map(|a| Some((a.2?, self.label(&q.code, a.1.as_deref()?)))).collect();
                    ranked.sort();
                    ranked.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join(" > ")
                }
                QuestionKind::Single | QuestionKind::Multiple => mine
                    .filter_map(|a| a.1.as_deref().map(|o| self.label(&q.code, o)))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            cells.push(cell);
        }
        cells
    }
}

/// A cell safe for a spreadsheet: no formula can be smuggled in.
/// A number ("-2.50") is left as it is: it cannot be a formula, and
/// spreadsheets must read it as a number.
fn defuse(cell: &str) -> String {
    let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
    if !number && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One CSV line, `;`-separated as Dutch spreadsheets expect.
pub fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            let c = defuse(c);
            if c.contains([';', '"', '\n', '\r', ',']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    format!("{}\r\n", quoted.join(";"))
}

type Chunk = Result<Bytes, std::io::Error>;

fn receiver_stream(rx: mpsc::Receiver<Chunk>) -> impl Stream<Item = Chunk> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) })
}

/// The CSV, produced while it is sent (a small channel gives back-pressure).
pub fn csv_stream(store: Store, survey_id: String, exporter: Exporter) -> impl Stream<Item = Chunk> {
    let (tx, rx) = mpsc::channel::<Chunk>(16);
    tokio::spawn(async move {
        // A byte-order mark, so spreadsheets read UTF-8.
        let mut buffer = String::from("\u{feff}");
        buffer.push_str(&csv_line(&exporter.header()));
        let mut rows = std::pin::pin!(store.export_responses(&survey_id));
        let mut n = 0;
        while let Some(row) = rows.next().await {
            match row {
                Ok(r) => {
                    n += 1;
                    buffer.push_str(&csv_line(&exporter.row(n, &r)));
                    if buffer.len() > 64 * 1024
                        && tx.send(Ok(Bytes::from(std::mem::take(&mut buffer)))).await.is_err()
                    {
                        return; // the client went away
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            }
        }
        let _ = tx.send(Ok(Bytes::from(buffer))).await;
    });
    receiver_stream(rx)
}

/// The XLSX: written row by row in constant-memory mode to a temporary file,
/// then streamed from disk.
pub async fn xlsx_stream(
    store: Store,
    survey_id: String,
    exporter: Exporter,
) -> Result<impl Stream<Item = Chunk>, String> {
    let path = std::env::temp_dir().join(format!("wijkwerk-export-{}.xlsx", wijkwerk_domain::new_id()));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    {
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(|e| e.to_string())?;
        sheet.set_name("Antwoorden").map_err(|e| e.to_string())?;
        for (c, h) in exporter.header().iter().enumerate() {
            sheet.write_string(0, c as u16, h).map_err(|e| e.to_string())?;
        }
        let mut rows = std::pin::pin!(store.export_responses(&survey_id));
        let mut n: u32 = 0;
        while let Some(row) = rows.next().await {
            let row = row.map_err(|e| e.to_string())?;
            n += 1;
            for (c, cell) in exporter.row(u64::from(n), &row).iter().enumerate() {
                // Numbers stay numbers for the analyst.
                match (c, cell.parse::<f64>()) {
                    (0, Ok(v)) => sheet.write_number(n, c as u16, v),
                    _ => sheet.write_string(n, c as u16, cell),
                }
                .map_err(|e| e.to_string())?;
            }
        }
    }
    let save_path = path.clone();
    tokio::task::spawn_blocking(move || workbook.save(&save_path))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel::<Chunk>(8);
    tokio::task::spawn_blocking(move || {
        let result = (|| -> std::io::Result<()> {
            let mut file = std::fs::File::open(&path)?;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                if tx.blocking_send(Ok(Bytes::copy_from_slice(&buf[..n]))).is_err() {
                    return Ok(());
                }
            }
        })();
        if let Err(e) = result {
            let _ = tx.blocking_send(Err(e));
        }
        let _ = std::fs::remove_file(&path);
    });
    Ok(receiver_stream(rx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(
            csv_line(&["a".into(), "b;c".into(), "say \"hi\"".into()]),
            "a;\"b;c\";\"say \"\"hi\"\"\"\r\n"
        );
        assert_eq!(csv_line(&["=SUM(A1)".into()]), "'=SUM(A1)\r\n");
        assert_eq!(csv_line(&["-2+3".into(), "+31 6".into()]), "'-2+3;'+31 6\r\n");
        assert_eq!(csv_line(&["-2.50".into()]), "-2.50\r\n", "a number stays a number");
    }
}

/// A small table (a programme's books) as XLSX bytes, built in memory:
/// `header`, then rows whose cells in `numeric` columns are numbers.
pub fn xlsx_table(
    sheet_name: &str,
    header: &[String],
    rows: &[Vec<String>],
    numeric: &[usize],
) -> Result<Vec<u8>, String> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(|e| e.to_string())?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if numeric.contains(&c) => sheet.write_number(r, c as u16, v),
                _ => sheet.write_string(r, c as u16, cell),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    workbook.save_to_buffer().map_err(|e| e.to_string())
}
