//! Invalid input, reported field by field.
//!
//! Validation never stops at the first problem: a person filling in a form,
//! and a developer calling the API, should see everything that is wrong at once.

use serde::Serialize;

/// One problem with one input field. `code` is stable and machine readable;
/// the web layer turns it into a translated sentence (`error-<code>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

/// A non-empty list of field errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.errors.push(FieldError { field: field.into(), code });
    }

    pub fn single(field: impl Into<String>, code: &'static str) -> Self {
        let mut me = Self::new();
        me.add(field, code);
        me
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// A text field as typed, trimmed: `required` when it must be there,
    /// `too-long` past `max` characters, `text-invalid` with a hidden or
    /// control character in it.
    pub fn text(&mut self, field: &str, value: &str, max: usize, required: bool) -> String {
        let v = value.trim();
        if required && v.is_empty() {
            self.add(field, "required");
        } else if v.chars().count() > max {
            self.add(field, "too-long");
        } else if crate::texts::forbidden_char(v).is_some() {
            self.add(field, "text-invalid");
        }
        v.to_string()
    }

    /// `Ok(value)` when nothing was added, otherwise the collected errors.
    pub fn into_result<T>(self, value: T) -> Result<T, Invalid> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.errors.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
        write!(f, "invalid input ({})", parts.join(", "))
    }
}

impl std::error::Error for Invalid {}
