//! Week test templates and their variants are data.

use super::*;

#[tokio::test]
async fn week_test_variants_are_data() {
    use wijkwerk_domain::weektest::{self, RawAnswer, Template};
    for TestDb { store, .. } in fresh_stores().await {
        let codes: Vec<String> = store.templates().await.unwrap().into_iter().map(|t| t.code).collect();
        assert_eq!(codes, ["basis", "jongere", "mantelzorger", "ondernemer", "ouder", "werkzoekende"]);

        // A new variant, imported as a file's text: no code involved.
        let mut t: Template = store.template("basis", None).await.unwrap().unwrap();
        t.code = "student".into();
        t.version = 1;
        t.name.insert("nl".into(), "Ik ben… student".into());
        store.import_template(&t).await.unwrap();
        store.import_template(&t).await.unwrap(); // the same again is fine
        assert!(store.template("student", None).await.unwrap().is_some());
        // Changing a stored version is refused; a new version is fine.
        let mut changed = t.clone();
        changed.name.insert("nl".into(), "Anders".into());
        assert!(matches!(store.import_template(&changed).await, Err(StoreError::Conflict(_))));
        changed.version = 2;
        store.import_template(&changed).await.unwrap();
        assert_eq!(store.template("student", None).await.unwrap().unwrap().version, 2);
        assert_eq!(store.template("student", Some(1)).await.unwrap().unwrap().name["nl"], "Ik ben… student");

        // A test taken with version 1 keeps its template.
        let p = store.add_person("Student", None).await.unwrap();
        let raw: Vec<RawAnswer> = t
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| RawAnswer {
                domain: d.code.clone(),
                hours: Some(if i == 0 { 104.0 } else { 8.0 }),
                wished_hours: Some(if i == 0 { 104.0 } else { 8.0 }),
                satisfaction: Some(3.0),
            })
            .collect();
        let answers = weektest::validate(&t, &raw).unwrap();
        let outcome = weektest::prioritise(&t, &answers);
        let saved =
            store.save_weektest(&p.id, &t, &answers, &Default::default(), &outcome, None).await.unwrap();
        let loaded = store.weektest(&saved.id).await.unwrap().unwrap();
        assert_eq!((loaded.template_code.as_str(), loaded.template_version), ("student", 1));
        assert_eq!(loaded.answers, answers);
        assert_eq!(loaded.priority, None);
    }
}
