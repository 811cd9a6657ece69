//! Passwords and tokens.
//!
//! Passwords are hashed with argon2id. Session and API tokens are random
//! 256-bit values given to the client once; the database keeps only their
//! SHA-256, so a leaked database opens no sessions.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

static FAST_HASHING: AtomicBool = AtomicBool::new(false);

/// Tests only: argon2 with minimal cost, so hundreds of sign-ins stay quick.
#[doc(hidden)]
pub fn use_fast_password_hashing_for_tests() {
    FAST_HASHING.store(true, Ordering::Relaxed);
}

fn hasher() -> Argon2<'static> {
    let params = if FAST_HASHING.load(Ordering::Relaxed) {
        Params::new(256, 1, 1, None).expect("valid argon2 params")
    } else {
        // OWASP's first recommendation for argon2id: 19 MiB, 2 passes, 1 lane.
        Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params")
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> String {
    hasher()
        .hash_password(password.as_bytes())
        .expect("argon2 hashing cannot fail on valid params")
        .to_string()
}

/// Checks `password` against a stored hash. With no stored hash (unknown
/// account, or one without a password) it still spends the time of a real
/// check, so response times do not reveal which e-mail addresses exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    match stored {
        Some(hash) => hasher().verify_password(password.as_bytes(), hash).is_ok(),
        None => {
            let dummy = DUMMY.get_or_init(|| hash_password("no account has this password"));
            let _ = hasher().verify_password(password.as_bytes(), dummy.as_str());
            false
        }
    }
}

/// A fresh random token, 64 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Compares secrets in time independent of where they first differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip() {
        use_fast_password_hashing_for_tests();
        let h = hash_password("correct horse battery");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&h)));
        assert!(!verify_password("wrong horse battery", Some(&h)));
        assert!(!verify_password("correct horse battery", None));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &b));
    }
}
