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

/// A photo or receipt of an initiative, for page and API alike: its own
/// media type with `nosniff`; an image shown in place, a PDF always saved
/// (never opened in our origin); receipts kept out of shared caches.
pub fn stored_file(meta: &wijkwerk_store::initiative_files::FileMeta, bytes: Vec<u8>) -> Response {
    use wijkwerk_domain::attachments::MediaType;
    let media = MediaType::parse(&meta.media_type).unwrap_or(MediaType::Pdf);
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.as_str()));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    let cache = if meta.kind == "photo" { "public, max-age=86400" } else { "private, no-store" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    let name = format!("{}-{}.{}", meta.kind, &meta.id[..8.min(meta.id.len())], media.extension());
    if media == MediaType::Pdf {
        attachment(&mut res, &name);
    } else if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
