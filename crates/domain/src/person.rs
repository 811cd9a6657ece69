//! People and their accounts.

use crate::validation::Invalid;
use serde::Serialize;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// argon2 takes any length, but hashing megabytes per login attempt is a cheap DoS.
pub const MAX_PASSWORD_BYTES: usize = 256;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMAIL_BYTES: usize = 254;

/// Languages the interface speaks. More can be added as translation files.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: String,
    /// `None` once erased, or for people without an account (demo residents
    /// registered by a wijkwerker, say).
    pub email: Option<String>,
    pub display_name: String,
    pub language: String,
    /// The buurt (or other place) where the person lives, if known.
    pub home_place_code: Option<String>,
    pub created_at: String,
    pub erased_at: Option<String>,
}

/// Lower-cases and trims, so `Fatima@Example.nl ` and `fatima@example.nl` are one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately loose check: one `@`, something on both sides, a dot in the
/// domain, no spaces. Deliverability is proven by use, not by regex.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= MAX_EMAIL_BYTES
        && !email.chars().any(char::is_whitespace)
}

/// What is needed to create an account.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub language: String,
    pub home_place_code: Option<String>,
}

impl NewAccount {
    /// Normalises and checks every field, reporting all problems together.
    pub fn validate(mut self) -> Result<NewAccount, Invalid> {
        let mut invalid = Invalid::new();
        self.email = normalize_email(&self.email);
        if !is_plausible_email(&self.email) {
            invalid.add("email", "email-invalid");
        }
        self.display_name = self.display_name.trim().to_string();
        let name_chars = self.display_name.chars().count();
        if name_chars == 0 {
            invalid.add("displayName", "required");
        } else if name_chars > MAX_NAME_CHARS {
            invalid.add("displayName", "too-long");
        }
        check_password(&self.password, &mut invalid);
        if !LANGUAGES.contains(&self.language.as_str()) {
            invalid.add("language", "language-unknown");
        }
        invalid.into_result(self)
    }
}

pub fn check_password(password: &str, invalid: &mut Invalid) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        invalid.add("password", "password-too-short");
    } else if password.len() > MAX_PASSWORD_BYTES {
        invalid.add("password", "too-long");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(email: &str, name: &str, pw: &str, lang: &str) -> NewAccount {
        NewAccount {
            email: email.into(),
            display_name: name.into(),
            password: pw.into(),
            language: lang.into(),
            home_place_code: None,
        }
    }

    #[test]
    fn valid_account_is_normalised() {
        let a = account(" Fatima@Example.NL ", " Fatima ", "lang-genoeg-1", "nl").validate().unwrap();
        assert_eq!(a.email, "fatima@example.nl");
        assert_eq!(a.display_name, "Fatima");
    }

    #[test]
    fn every_problem_is_reported() {
        let err = account("geen-mail", "", "kort", "fr").validate().unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "displayName", "password", "language"]);
    }

    #[test]
    fn email_plausibility() {
        assert!(is_plausible_email("a@b.nl"));
        assert!(!is_plausible_email("a@b"));
        assert!(!is_plausible_email("a b@c.nl"));
        assert!(!is_plausible_email("@c.nl"));
        assert!(!is_plausible_email("a@.nl"));
        assert!(!is_plausible_email("a@b@c.nl"));
    }

    #[test]
    fn overlong_password_is_refused() {
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        let err = account("a@b.nl", "A", &long, "nl").validate().unwrap_err();
        assert_eq!(err.errors[0].code, "too-long");
    }
}
