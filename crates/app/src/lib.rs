//! The use cases of wijkwerk: one function per thing a person does with the
//! platform (`pay`, `submit_response`, `create_programme`, …).
//!
//! Each takes the store, the person acting ([`Actor`], or none for a visitor)
//! and input that is already parsed, and answers with a domain result or one
//! [`Error`]. Every rule about *who may do what* (ownership, consent, limits,
//! visibility) is decided here, once: the HTML pages, the JSON API and the
//! command line are adapters that parse, call one of these and render the
//! answer. This crate knows no HTTP, HTML or JSON wire shapes.
//!
//! [`Actor`]: wijkwerk_domain::role::Actor

pub mod alliances;
pub mod audit;
pub mod auth;
pub mod challenges;
pub mod coin;
pub mod cooperative;
pub mod demo;
pub mod digest;
pub mod emergency;
mod error;
pub mod family;
pub mod goals;
pub mod home;
pub mod housing;
pub mod indicators;
pub mod initiative_files;
pub mod initiatives;
pub mod intake;
pub mod mail;
pub mod marketplace;
pub mod meetings;
pub mod money;
pub mod newspaper;
pub mod places;
pub mod privacy;
pub mod socialmap;
pub mod surveys;
pub mod weektests;
pub mod wijkplan;
pub mod wijkscan;

pub use error::{Error, Result};
