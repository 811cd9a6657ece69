//! Response headers, CSRF and request limits.

use crate::context::Ctx;
use crate::problem::PageError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wijkwerk_store::secrets::constant_time_eq;

/// Forms and JSON bodies are small; anything bigger is refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A form with a photo or a receipt: the file (see
/// `wijkwerk_domain::attachments::MAX_BYTES`) and a few fields.
pub const MAX_UPLOAD_BYTES: usize = wijkwerk_domain::attachments::MAX_BYTES + 64 * 1024;

/// The policy allows no inline script or style at all: every page works from
/// `/static/` files, so injected markup cannot run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

pub const API_VERSION: &str = "1.0.0";

pub async fn headers(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let https = req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"));
    if is_api {
        h.insert("api-version", HeaderValue::from_static(API_VERSION));
    }
    if https {
        // Served over HTTPS (behind the proxy that ends TLS): browsers keep to it.
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages can hold personal data: never keep them in shared caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Percent-encodes a value for a query string.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to return to after a form, never another site.
pub fn safe_return_path(candidate: Option<&str>) -> String {
    match candidate {
        Some(p) if is_own_path(p) => p.to_string(),
        _ => "/".to_string(),
    }
}

/// A path on this site that means exactly what it shows: it starts with one
/// `/`, and holds only the printable ASCII a URL may carry (so no tab, newline
/// or other control character a browser would drop, turning `/\t/evil.example`
/// into `//evil.example`; no backslash, which browsers read as `/`; no space).
fn is_own_path(p: &str) -> bool {
    let bytes = p.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\')
}

fn refuse(message: &'static str) -> Response {
    PageError { status: StatusCode::FORBIDDEN, message }.into_response()
}

/// For a form post from a page: refuses cross-site requests, then checks
/// that the form's `csrf` field matches the session's token (or, before
/// sign-in, the CSRF cookie). Returns the request with its body restored.
pub async fn check_form_origin_and_csrf(ctx: &Ctx, req: Request) -> Result<Request, Response> {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(refuse("error-page-csrf"));
    }
    // The whole origin, scheme included: a page served over http must not
    // post to the https site (a network attacker can write the http one).
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && origin != crate::context::site_of(headers)
    {
        return Err(refuse("error-page-csrf"));
    }
    // A form with a file comes as multipart, and only to a `…/bestanden`
    // route may it be large; every other form stays small.
    let boundary =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(crate::multipart::boundary);
    let upload = boundary.is_some() && req.uri().path().ends_with("/bestanden");
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, if upload { MAX_UPLOAD_BYTES } else { MAX_BODY_BYTES }).await {
        Ok(b) => b,
        Err(_) => {
            return Err(PageError { status: StatusCode::PAYLOAD_TOO_LARGE, message: "error-page-too-large" }
                .into_response());
        }
    };
    let expected = [ctx.session_csrf.as_deref(), ctx.cookie_csrf.as_deref()];
    let matches =
        |sent: &str| !sent.is_empty() && expected.iter().flatten().any(|t| constant_time_eq(t, sent));
    if let Some(boundary) = boundary {
        let Some(fields) = crate::multipart::parse(&bytes, &boundary) else {
            return Err(PageError { status: StatusCode::BAD_REQUEST, message: "error-page-bad-characters" }
                .into_response());
        };
        let form = crate::multipart::Form(std::sync::Arc::new(fields));
        if !matches(&form.text("csrf")) {
            return Err(refuse("error-page-csrf"));
        }
        let typed = form.0.iter().filter(|p| p.filename.is_none()).map(|p| p.text());
        if typed.into_iter().any(|v| wijkwerk_domain::texts::forbidden_char(&v).is_some()) {
            return Err(PageError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: "error-page-bad-characters",
            }
            .into_response());
        }
        // The handler takes the parsed parts; the body is not read twice.
        let mut req = Request::from_parts(parts, Body::empty());
        req.extensions_mut().insert(form);
        return Ok(req);
    }
    let sent = form_urlencoded_value(&bytes, "csrf").unwrap_or_default();
    if !matches(&sent) {
        return Err(refuse("error-page-csrf"));
    }
    // A byte-order mark that a spreadsheet put before pasted text is dropped,
    // not refused: people cannot see it and could not remove it.
    let bytes = without_leading_boms(bytes);
    // Every field of every form, in one place: no hidden or control characters.
    let text = String::from_utf8_lossy(&bytes);
    let fields = text.split('&').filter_map(|pair| pair.split_once('=')).map(|(_, v)| url_decode(v));
    if fields.into_iter().any(|v| wijkwerk_domain::texts::forbidden_char(&v).is_some()) {
        return Err(PageError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "error-page-bad-characters",
        }
        .into_response());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The form body with a byte-order mark (`%EF%BB%BF`) taken off the start of
/// every value that begins with one.
fn without_leading_boms(bytes: axum::body::Bytes) -> axum::body::Bytes {
    const BOM: &str = "%EF%BB%BF";
    let Ok(text) = std::str::from_utf8(&bytes) else { return bytes };
    let has_bom = |v: &str| v.get(..BOM.len()).is_some_and(|p| p.eq_ignore_ascii_case(BOM));
    if !text.split('&').any(|pair| pair.split_once('=').is_some_and(|(_, v)| has_bom(v))) {
        return bytes;
    }
    let pairs: Vec<String> = text
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if has_bom(v) => format!("{k}={}", &v[BOM.len()..]),
            _ => pair.to_string(),
        })
        .collect();
    axum::body::Bytes::from(pairs.join("&"))
}

/// Reads one field of an `application/x-www-form-urlencoded` body.
fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| url_decode(v))
}

fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) if hex.bytes().all(|h| h.is_ascii_hexdigit()) => {
                        out.push(b);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_local() {
        assert_eq!(safe_return_path(Some("/plaatsen/WK960102")), "/plaatsen/WK960102");
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(None), "/");
        // Browsers drop tabs and newlines from a Location: `/\t/evil.example`
        // would become `//evil.example`, another site.
        for sneaky in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/x",
            "/ /evil",
            "/\u{7f}/evil",
            "/\u{2028}x",
            "/a\\b",
            "",
        ] {
            assert_eq!(safe_return_path(Some(sneaky)), "/", "{sneaky:?}");
        }
        assert_eq!(safe_return_path(Some("/munt?regeling=1&x=%2F")), "/munt?regeling=1&x=%2F");
    }

    #[test]
    fn form_fields_decode() {
        assert_eq!(form_urlencoded_value(b"a=1&csrf=ab%2Fc+d", "csrf").as_deref(), Some("ab/c d"));
        assert_eq!(form_urlencoded_value(b"a=1", "csrf"), None);
        assert_eq!(url_decode("%zz%4"), "%zz%4");
        assert_eq!(url_encode("/a b?c=d"), "/a%20b%3Fc%3Dd");
    }
}
