//! The sociale kaart's search against a model: every combination of words,
//! life domain and place, every page, with and without a count limit, gives
//! what a plain filter-and-sort over the entries gives.

use super::*;
use std::collections::BTreeSet;
use wijkwerk_domain::socialmap::{ServiceInput, check_service, fold_word, search_text, search_words};
use wijkwerk_store::socialmap::ServiceQuery;

/// One entry as the model sees it.
struct Entry {
    id: String,
    name: String,
    words: Vec<String>,
    domains: Vec<&'static str>,
    areas: Vec<&'static str>,
    visible: bool,
}

const DOMAINS: [&str; 3] = ["werk", "leren", "sociaal-leven"];
const AREAS: [&str; 5] = ["BU96010101", "BU96010102", "BU96010201", "WK960101", "GM9601"];
const WORDS: [&str; 8] =
    ["Taalcafé", "taalles", "Budgetcafé", "repaircafe", "samen", "leren", "sport", "spreekuur"];

/// The place and every place it lies in.
fn path(place: &str) -> Vec<&'static str> {
    match place {
        "BU96010101" | "BU96010102" => {
            vec!["NL", "GM9601", "WK960101", if place.ends_with('1') { "BU96010101" } else { "BU96010102" }]
        }
        "BU96010201" => vec!["NL", "GM9601", "WK960102", "BU96010201"],
        "WK960101" => vec!["NL", "GM9601", "WK960101"],
        "WK960102" => vec!["NL", "GM9601", "WK960102"],
        "GM9601" => vec!["NL", "GM9601"],
        _ => vec!["NL"],
    }
}

fn model(entries: &[Entry], text: &str, domain: Option<&str>, place: Option<&str>) -> Vec<usize> {
    let typed: Vec<String> =
        text.split_whitespace().map(fold_word).filter(|w| !w.is_empty()).take(5).collect();
    let filter = |e: &Entry, matches: &dyn Fn(&str, &str) -> bool| {
        e.visible
            && typed.iter().all(|t| e.words.iter().any(|w| matches(w, t)))
            && domain.is_none_or(|d| e.domains.contains(&d))
            && place.is_none_or(|p| e.areas.iter().any(|a| path(p).contains(a) || path(a).contains(&p)))
    };
    let mut found: Vec<usize> =
        (0..entries.len()).filter(|&i| filter(&entries[i], &|w: &str, t: &str| w.starts_with(t))).collect();
    if found.is_empty() && typed.len() == 1 && typed[0].chars().count() >= 4 {
        found =
            (0..entries.len()).filter(|&i| filter(&entries[i], &|w: &str, t: &str| w.contains(t))).collect();
    }
    found.sort_by(|&a, &b| (&entries[a].name, &entries[a].id).cmp(&(&entries[b].name, &entries[b].id)));
    found
}

#[tokio::test]
async fn search_pages_and_counts_agree_with_a_plain_filter() {
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        store.add_place("WK960102", PlaceLevel::Wijk, "Noord", Some("GM9601")).await.unwrap();
        store.add_place("BU96010201", PlaceLevel::Buurt, "Noordkant", Some("WK960102")).await.unwrap();
        let org = store.add_organisation("Proef", "partner", "GM9601", "", None).await.unwrap();
        let reviewer = store.create_account(account("r@example.nl", "Rita")).await.unwrap();
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let mut entries = Vec::new();
        for i in 0..150 {
            // Names repeat (ties go by id) and "dienst…" starts more words
            // than a search lists one by one.
            let name = format!("dienst{:03}", i % 100);
            let description: Vec<&str> = (0..1 + next(3)).map(|_| WORDS[next(WORDS.len())]).collect();
            let description = description.join(" ");
            let mut domains: Vec<&'static str> = (0..1 + next(2)).map(|_| DOMAINS[next(3)]).collect();
            domains.sort();
            domains.dedup();
            let mut areas: Vec<&'static str> = (0..1 + next(2)).map(|_| AREAS[next(5)]).collect();
            areas.sort();
            areas.dedup();
            let status = if next(10) == 0 { "defunct" } else { "active" };
            let approved = next(8) != 0;
            let input = ServiceInput {
                name: name.clone(),
                description: description.clone(),
                kind: "informal".into(),
                status: status.into(),
                domains: domains.iter().map(|d| d.to_string()).collect(),
                areas: areas.iter().map(|a| a.to_string()).collect(),
                ..Default::default()
            };
            let checked = check_service(&input, &DOMAINS, &AREAS).unwrap();
            let id = store
                .save_service(None, &org.id, &checked, approved.then_some(reviewer.id.as_str()))
                .await
                .unwrap();
            let words = search_words(&search_text(&[&name, &description, "Proef", ""]));
            entries.push(Entry { id, name, words, domains, areas, visible: approved && status != "defunct" });
        }
        let texts = [
            "",
            "taal",
            "cafe",
            "etcaf",
            "samen leren",
            "dienst",
            "dienst05",
            "dienst05 taal",
            "sport dien",
            "zzzz",
            "proef",
        ];
        let mut checked_queries = 0;
        for text in texts {
            for domain in [None, Some("werk")] {
                for place in [None, Some("GM9601"), Some("WK960101"), Some("BU96010101"), Some("BU96010201")]
                {
                    let expected = model(&entries, text, domain, place);
                    for count_up_to in [None, Some(5)] {
                        let per_page = 7;
                        for page in 1..=(expected.len() as u32).div_ceil(per_page) + 1 {
                            let q = ServiceQuery {
                                text: text.into(),
                                domain: domain.map(String::from),
                                place: place.map(String::from),
                                approved_only: true,
                                page,
                                per_page,
                                count_up_to,
                                ..Default::default()
                            };
                            let (list, total) = store.search_services(&q).await.unwrap();
                            let want: Vec<&str> = expected
                                .iter()
                                .skip(((page - 1) * per_page) as usize)
                                .take(per_page as usize)
                                .map(|&i| entries[i].id.as_str())
                                .collect();
                            let got: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
                            let context = format!(
                                "{:?} {text:?} {domain:?} {place:?} {count_up_to:?} page {page}",
                                store.engine()
                            );
                            assert_eq!(got, want, "{context}");
                            let all = expected.len() as i64;
                            let want_total = count_up_to.map_or(all, |n| all.min(i64::from(n) + 1));
                            assert_eq!(total, want_total, "{context}");
                            checked_queries += 1;
                        }
                    }
                }
            }
        }
        assert!(checked_queries > 400, "{checked_queries} queries checked");
        // Not every query is empty: the model is not trivially satisfied.
        let sizes: BTreeSet<usize> = texts.iter().map(|t| model(&entries, t, None, None).len()).collect();
        assert!(sizes.len() > 4 && sizes.contains(&0), "{sizes:?}");
    }
}

#[tokio::test]
async fn search_finds_word_starts_without_accents_and_inside_words_as_a_fallback() {
    use wijkwerk_domain::socialmap::{ServiceInput, check_service};
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let org =
            store.add_organisation("Buurthuis De Linde", "partner", "WK960101", "", None).await.unwrap();
        let reviewer = store.create_account(account("r@example.nl", "Rita")).await.unwrap();
        for (name, description) in
            [("Budgetcafé", "Hulp bij geldzaken"), ("Taalles", "Nederlands leren"), ("Café 100%", "Koffie")]
        {
            let input = ServiceInput {
                name: name.into(),
                description: description.into(),
                kind: "informal".into(),
                domains: vec!["werk".into()],
                areas: vec!["WK960101".into()],
                ..Default::default()
            };
            let checked = check_service(&input, &["werk"], &["WK960101"]).unwrap();
            store.save_service(None, &org.id, &checked, Some(&reviewer.id)).await.unwrap();
        }
        let names = |text: &str| {
            let store = store.clone();
            let q = wijkwerk_store::socialmap::ServiceQuery {
                text: text.into(),
                page: 1,
                per_page: 10,
                ..Default::default()
            };
            async move {
                store.search_services(&q).await.unwrap().0.into_iter().map(|s| s.name).collect::<Vec<_>>()
            }
        };
        assert_eq!(names("budgetcafe").await, ["Budgetcafé"], "accents do not matter");
        assert_eq!(names("GELD").await, ["Budgetcafé"], "word starts, any case");
        assert_eq!(names("taal nederl").await, ["Taalles"], "every word must match");
        assert_eq!(names("cafe").await, ["Café 100%"], "a word start wins over inside words");
        assert_eq!(names("etcaf").await, ["Budgetcafé"], "inside words when no word starts so");
        assert_eq!(names("100%").await, ["Café 100%"], "percent signs are text, not wildcards");
        assert!(names("fiets").await.is_empty());
        // Place and domain through the same index: areas it lies in, and inside it.
        let filtered = |place: &str, domain: &str| {
            let store = store.clone();
            let q = wijkwerk_store::socialmap::ServiceQuery {
                place: Some(place.into()),
                domain: Some(domain.into()),
                approved_only: true,
                page: 1,
                per_page: 10,
                ..Default::default()
            };
            async move { store.search_services(&q).await.unwrap().1 }
        };
        assert_eq!(filtered("BU96010101", "werk").await, 3, "a buurt of the wijk the entries serve");
        assert_eq!(filtered("GM9601", "werk").await, 3, "the gemeente the wijk lies in");
        assert_eq!(filtered("GM9601", "leren").await, 0);
        assert_eq!(filtered("BU99999999", "werk").await, 0);
        // The word index can be made again from the stored texts.
        store.rebuild_search_words().await.unwrap();
        assert_eq!(names("linde").await.len(), 3, "the organisation's name counts too");
    }
}
