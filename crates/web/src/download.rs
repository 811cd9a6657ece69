//! Files people download, streamed while they are made.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// Chunks of text from a channel as a download named `filename`.
pub fn text_stream(
    rx: tokio::sync::mpsc::Receiver<String>,
    content_type: &'static str,
    filename: &str,
) -> Response {
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(chunk)), rx))
    });
    let mut res = Response::new(Body::from_stream(stream));
    *res.status_mut() = StatusCode::OK;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    attachment(&mut res, filename);
    res
}

/// Marks a response as a file to save, with its name.
pub fn attachment(res: &mut Response, filename: &str) {
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
}

/// A table as a spreadsheet file: CSV (`;`, with a BOM so Excel reads UTF-8)
/// or XLSX, the columns in `numeric` as numbers.
pub fn table(
    filename: &str,
    sheet: &str,
    header: &[String],
    rows: &[Vec<String>],
    numeric: &[usize],
    xlsx: bool,
) -> Result<Response, crate::problem::PageError> {
    let (content_type, body) = if xlsx {
        let bytes = crate::export::xlsx_table(sheet, header, rows, numeric).map_err(|e| {
            tracing::error!(error = %e, "xlsx failed");
            crate::problem::PageError::internal()
        })?;
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes)
    } else {
        let mut text = String::from("\u{feff}");
        text.push_str(&crate::export::csv_line(header));
        for r in rows {
            text.push_str(&crate::export::csv_line(r));
        }
        ("text/csv; charset=utf-8", text.into_bytes())
    };
    let mut res = Response::new(Body::from(body));
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    attachment(&mut res, filename);
    Ok(res)
}

/// The coin's books as Beancount, for the gemeente's accountants (page and API alike).
pub fn beancount(rx: tokio::sync::mpsc::Receiver<String>) -> Response {
    text_stream(rx, "text/plain; charset=utf-8", "wijkwerk-munt.beancount")
}
