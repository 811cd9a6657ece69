//! The store's behaviour, run on every available engine (SQLite always,
//! PostgreSQL when `WIJKWERK_TEST_POSTGRES_URL` is set).

#[path = "store/coin.rs"]
mod coin;
#[path = "store/demo.rs"]
mod demo;
#[path = "store/emergency.rs"]
mod emergency;
#[path = "store/family.rs"]
mod family;
#[path = "store/initiatives.rs"]
mod initiatives;
#[path = "store/intakes.rs"]
mod intakes;
#[path = "store/marketplace.rs"]
mod marketplace;
#[path = "store/people.rs"]
mod people;
#[path = "store/places.rs"]
mod places;
#[path = "store/privacy.rs"]
mod privacy;
#[path = "store/schema.rs"]
mod schema;
#[path = "store/search.rs"]
mod search;
#[path = "store/socialmap.rs"]
mod socialmap;
#[path = "store/surveys.rs"]
mod surveys;
#[path = "store/weektests.rs"]
mod weektests;

use std::collections::BTreeMap;
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Role};
use wijkwerk_store::testing::{TestDb, fresh_postgres, fresh_sqlite, fresh_stores};
use wijkwerk_store::{Engine, MIGRATIONS, Store, StoreError, StoreOptions};

fn account(email: &str, name: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        display_name: name.into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: None,
    }
}

async fn with_places(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place("WK960101", PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
    store.add_place("BU96010101", PlaceLevel::Buurt, "Binnenstad", Some("WK960101")).await.unwrap();
    store.add_place("BU96010102", PlaceLevel::Buurt, "Stationsbuurt", Some("WK960101")).await.unwrap();
}

fn fields(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(i) => i.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}
