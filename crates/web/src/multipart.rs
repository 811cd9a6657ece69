//! `multipart/form-data` (RFC 7578), the one way a page without script
//! sends a file. Parsed here in full from a body already read within its
//! size limit: the parts' names, file names and types, and their bytes.
//! The security layer reads the form's `csrf` part from it as it reads a
//! URL-encoded form's.

use memchr::memmem;

/// Forms with files have a handful of fields; more is not a person's form.
const MAX_PARTS: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub name: String,
    /// Set for a file field (possibly empty when no file was chosen).
    pub filename: Option<String>,
    pub bytes: Vec<u8>,
}

impl Part {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A parsed form, as the security layer hands it on (in the request's
/// extensions) after checking it, so the body is read and parsed once.
#[derive(Clone, Debug, Default)]
pub struct Form(pub std::sync::Arc<Vec<Part>>);

impl Form {
    /// A typed field (not a file) by name; empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.0.iter().find(|p| p.name == name && p.filename.is_none()).map(Part::text).unwrap_or_default()
    }

    /// The bytes of a file field by name; empty when no file was chosen.
    pub fn file(&self, name: &str) -> &[u8] {
        self.0
            .iter()
            .find(|p| p.name == name && p.filename.is_some())
            .map(|p| p.bytes.as_slice())
            .unwrap_or_default()
    }
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        let v = v.trim().trim_matches('"');
        (k.eq_ignore_ascii_case("boundary") && !v.is_empty() && v.len() <= 70).then(|| v.to_string())
    })
}

/// Every part of the body, or `None` when it is not well formed.
pub fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}");
    let next = format!("\r\n--{boundary}");
    let finder = memmem::Finder::new(next.as_bytes());
    let start = memmem::find(body, delimiter.as_bytes())?;
    let mut at = start + delimiter.len();
    let mut parts = Vec::new();
    loop {
        match body.get(at..at + 2)? {
            b"--" => return Some(parts),
            b"\r\n" => at += 2,
            _ => return None,
        }
        if parts.len() == MAX_PARTS {
            return None;
        }
        let end = at + finder.find(&body[at..])?;
        let part = &body[at..end];
        let split = memmem::find(part, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&part[..split]).ok()?;
        let (name, filename) = disposition(headers)?;
        parts.push(Part { name, filename, bytes: part[split + 4..].to_vec() });
        at = end + next.len();
    }
}

/// `name` and `filename` of a part's Content-Disposition.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find(|l| {
        l.split_once(':').is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let (_, value) = line.split_once(':')?;
    let mut name = None;
    let mut filename = None;
    for param in value.split(';').skip(1) {
        let Some((k, v)) = param.trim().split_once('=') else { continue };
        let v = v.trim().trim_matches('"').to_string();
        match k.trim() {
            "name" => name = Some(v),
            "filename" => filename = Some(v),
            _ => {}
        }
    }
    Some((name?, filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_a_browser_sends() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n--X\xff\r\n\
--XyZ--\r\n";
        let parts = parse(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].text().as_str()), ("csrf", "abc"));
        assert_eq!(parts[1].filename.as_deref(), Some("bank.jpg"));
        assert_eq!(parts[1].bytes, b"\xff\xd8\r\n--X\xff", "a near-boundary inside the file stays");
        assert_eq!(boundary("multipart/form-data; boundary=\"XyZ\""), Some("XyZ".into()));
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        assert_eq!(parse(b"--XyZ\r\nno headers end", "XyZ"), None);
        assert_eq!(parse(b"nothing", "XyZ"), None);
        let many =
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n".repeat(MAX_PARTS + 1) + "--B--";
        assert_eq!(parse(many.as_bytes(), "B"), None);
    }
}
