//! Photos and receipts with an initiative's account: what kind of file it
//! is (read from its first bytes, never from its name or the browser's
//! word), how big it may be, and the metadata taken out before it is kept.
//!
//! A phone photo carries where and when it was taken (EXIF, with GPS) and
//! often the phone's owner; a public register must not. JPEG loses its APP1
//! (EXIF, XMP), APP13 (IPTC) and comment segments; PNG its text, time and
//! EXIF chunks. The picture itself is untouched.

use crate::Invalid;

/// Largest file kept (a phone photo fits; a scan of a receipt too).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Files per initiative, photos and receipts together.
pub const MAX_PER_INITIATIVE: i64 = 10;
pub const MAX_DESCRIPTION: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Public with the account, described for those who cannot see it.
    Photo,
    /// For the group and those who check the account only.
    Receipt,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "photo" => Some(Kind::Photo),
            "receipt" => Some(Kind::Receipt),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Photo => "photo",
            Kind::Receipt => "receipt",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
    Pdf,
}

impl MediaType {
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Pdf => "application/pdf",
        }
    }

    pub fn parse(text: &str) -> Option<MediaType> {
        [MediaType::Jpeg, MediaType::Png, MediaType::Pdf].into_iter().find(|m| m.as_str() == text)
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Pdf => "pdf",
        }
    }
}

/// A file ready to keep.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    pub kind: Kind,
    pub media_type: MediaType,
    pub description: String,
    pub bytes: Vec<u8>,
}

/// Checks an upload and takes its metadata out; every problem is listed.
/// Photos are JPEG or PNG and need a description (it is their alt text);
/// receipts may also be PDF.
pub fn check_upload(kind: &str, description: &str, bytes: &[u8]) -> Result<Upload, Invalid> {
    let mut invalid = Invalid::new();
    let kind = Kind::parse(kind);
    if kind.is_none() {
        invalid.add("kind", "attachment-kind");
    }
    let description = description.trim();
    if kind == Some(Kind::Photo) && description.is_empty() {
        invalid.add("description", "required");
    } else if description.chars().count() > MAX_DESCRIPTION {
        invalid.add("description", "too-long");
    } else if crate::texts::forbidden_char(description).is_some() {
        invalid.add("description", "character-forbidden");
    }
    let media_type = MediaType::sniff(bytes);
    if bytes.is_empty() {
        invalid.add("file", "required");
    } else if bytes.len() > MAX_BYTES {
        invalid.add("file", "attachment-too-big");
    } else if media_type.is_none() || (kind == Some(Kind::Photo) && media_type == Some(MediaType::Pdf)) {
        invalid.add("file", "attachment-type");
    }
    if !invalid.is_empty() {
        return Err(invalid);
    }
    let (kind, media_type) = (kind.expect("checked"), media_type.expect("checked"));
    let bytes = match media_type {
        MediaType::Jpeg => jpeg_without_metadata(bytes),
        MediaType::Png => png_without_metadata(bytes),
        MediaType::Pdf => Some(bytes.to_vec()),
    };
    let Some(bytes) = bytes else {
        return Err(Invalid::single("file", "attachment-broken"));
    };
    Ok(Upload { kind, media_type, description: description.to_string(), bytes })
}

/// The JPEG without APP1, APP13 and COM segments; `None` when its segment
/// structure is broken (then it is refused rather than kept as it is).
pub fn jpeg_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if at + 4 > bytes.len() || bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        // Standalone markers and padding carry no length.
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if length < 2 || at + 2 + length > bytes.len() {
            return None;
        }
        let end = at + 2 + length;
        if marker == 0xDA {
            // Start of scan: the picture data to the end, as it is.
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let metadata = matches!(marker, 0xE1 | 0xED | 0xFE);
        if !metadata {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

/// The PNG without tEXt, zTXt, iTXt, tIME and eXIf chunks; `None` when its
/// chunk structure is broken.
pub fn png_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..8]);
    let mut at = 8;
    while at < bytes.len() {
        if at + 12 > bytes.len() {
            return None;
        }
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        let kind = &bytes[at + 4..at + 8];
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"tIME" | b"eXIf") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny JPEG-shaped file: SOI, APP0, APP1 (EXIF with "GPS"), COM, DQT, SOS + data, EOI.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let segment = |b: &mut Vec<u8>, marker: u8, body: &[u8]| {
            b.extend_from_slice(&[0xFF, marker]);
            b.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            b.extend_from_slice(body);
        };
        segment(&mut b, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        segment(&mut b, 0xE1, b"Exif\0\0GPS 52.37N 4.89E");
        segment(&mut b, 0xFE, b"Fatima's phone");
        segment(&mut b, 0xDB, &[0; 65]);
        segment(&mut b, 0xDA, &[1, 1, 0, 0, 63, 0]);
        b.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        b
    }

    fn png_with_text() -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunk = |b: &mut Vec<u8>, kind: &[u8], body: &[u8]| {
            b.extend_from_slice(&(body.len() as u32).to_be_bytes());
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b.extend_from_slice(&[0, 0, 0, 0]);
        };
        chunk(&mut b, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        chunk(&mut b, b"tEXt", b"Author\0Fatima");
        chunk(&mut b, b"IDAT", &[1, 2, 3]);
        chunk(&mut b, b"IEND", &[]);
        b
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_photo_loses_where_it_was_taken_and_keeps_its_picture() {
        let up = check_upload("photo", "De nieuwe bankjes", &jpeg_with_exif()).unwrap();
        assert_eq!(up.media_type, MediaType::Jpeg);
        assert!(!contains(&up.bytes, b"GPS") && !contains(&up.bytes, b"Fatima"));
        assert!(contains(&up.bytes, b"JFIF"));
        assert!(up.bytes.ends_with(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]), "the scan data is whole");
        let png = check_upload("photo", "Buurtfeest", &png_with_text()).unwrap();
        assert!(
            !contains(&png.bytes, b"Author")
                && contains(&png.bytes, b"IDAT")
                && png.bytes.ends_with(b"IEND\0\0\0\0")
        );
    }

    #[test]
    fn every_problem_is_named_and_broken_files_are_refused() {
        let names =
            |e: Invalid| e.errors.into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect::<Vec<_>>();
        assert_eq!(
            names(check_upload("video", "", b"").unwrap_err()),
            ["kind:attachment-kind", "file:required"]
        );
        assert_eq!(
            names(check_upload("photo", "", b"%PDF-1.7").unwrap_err()),
            ["description:required", "file:attachment-type"]
        );
        assert_eq!(names(check_upload("receipt", "", b"<html>").unwrap_err()), ["file:attachment-type"]);
        assert!(
            check_upload("receipt", "", b"%PDF-1.7 ...").is_ok(),
            "a receipt may be a PDF, without description"
        );
        let mut cut = jpeg_with_exif();
        cut.truncate(30);
        assert_eq!(names(check_upload("photo", "x", &cut).unwrap_err()), ["file:attachment-broken"]);
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(names(check_upload("receipt", "", &big).unwrap_err()), ["file:attachment-too-big"]);
    }
}
