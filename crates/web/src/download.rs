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

/// The coin's books as Beancount, for the gemeente's accountants (page and API alike).
pub fn beancount(rx: tokio::sync::mpsc::Receiver<String>) -> Response {
    text_stream(rx, "text/plain; charset=utf-8", "wijkwerk-munt.beancount")
}
