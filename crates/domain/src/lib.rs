//! The rules of wijkwerk, free of I/O.
//!
//! Nothing in this crate knows about HTTP, HTML, SQL or the clock of the
//! machine it runs on (callers pass `now`). Everything here can be tested
//! with plain unit tests, and the store and web crates build on it.

pub mod access;
pub mod attachments;
pub mod cbs;
pub mod challenges;
pub mod clock;
pub mod coin;
pub mod cooperative;
pub mod emergency;
pub mod family;
pub mod geo;
pub mod goals;
pub mod housing;
pub mod hsds_import;
pub mod ids;
pub mod indicators;
pub mod initiatives;
pub mod intake;
pub mod mail;
pub mod marketplace;
pub mod meetings;
pub mod money;
pub mod newspaper;
pub mod person;
pub mod place;
pub mod privacy;
pub mod role;
pub mod socialmap;
pub mod survey;
pub mod texts;
pub mod validation;
pub mod weektest;
pub mod wijkplan;
pub mod wijkscan;

pub use clock::Timestamp;
pub use ids::new_id;
pub use place::{Place, PlaceLevel};
pub use role::{Role, RoleAssignment};
pub use validation::{FieldError, Invalid};
