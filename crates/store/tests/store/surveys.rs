//! Survey responses: a batch counts the same as one by one.

use super::*;

#[tokio::test]
async fn bulk_responses_count_the_same_as_one_by_one() {
    use wijkwerk_domain::survey::{RawAnswers, SurveyDef, check_response};
    for TestDb { store, .. } in fresh_stores().await {
        with_places(&store).await;
        let def: SurveyDef = serde_json::from_value(serde_json::json!({
            "title": { "nl": "T" }, "places": ["WK960101"],
            "questions": [
                { "code": "wie", "kind": "respondent-type", "text": { "nl": "Wie?" } },
                { "code": "c", "kind": "scale", "text": { "nl": "Cijfer" } },
                { "code": "r", "kind": "ranking", "text": { "nl": "Top" }, "top": 2,
                  "options": [{ "code": "a", "label": { "nl": "A" } }, { "code": "b", "label": { "nl": "B" } }, { "code": "x", "label": { "nl": "X" } }] },
            ],
        }))
        .unwrap();
        let buurten = ["BU96010101", "BU96010102"];
        let responses: Vec<_> = (0..2500)
            .map(|i| {
                let mut raw = RawAnswers::new();
                raw.insert("wie".into(), vec![["resident", "business"][i % 2].into()]);
                raw.insert("c".into(), vec![(1 + i % 5).to_string()]);
                raw.insert(
                    "r".into(),
                    if i % 3 == 0 { vec!["a".into(), "b".into()] } else { vec!["x".into()] },
                );
                check_response(&def, &buurten, (i % 7 != 0).then_some(buurten[i % 2]), &raw).unwrap()
            })
            .collect();
        let one = store.create_survey(&def, None).await.unwrap();
        let bulk = store.create_survey(&def, None).await.unwrap();
        for r in &responses[..300] {
            store.submit_response(&one, r, "online", None, None).await.unwrap();
        }
        let mut seen = 0;
        store.add_responses_in_bulk(&bulk, &responses[..300], "online", &mut |d, _| seen = d).await.unwrap();
        assert_eq!(seen, 300);
        for by in [None, Some("buurt"), Some("type")] {
            let (mut a, ta) = store.survey_counts(&one, by).await.unwrap();
            let (mut b, tb) = store.survey_counts(&bulk, by).await.unwrap();
            let key = |c: &wijkwerk_store::surveys::CountRow| {
                (
                    c.question.clone(),
                    c.option.clone(),
                    c.value,
                    c.group_kind.clone(),
                    c.group_key.clone(),
                    c.n,
                )
            };
            a.sort_by_key(key);
            b.sort_by_key(key);
            assert_eq!(
                a.iter().map(key).collect::<Vec<_>>(),
                b.iter().map(key).collect::<Vec<_>>(),
                "{by:?}"
            );
            let plain = |t: Vec<wijkwerk_store::surveys::GroupTotal>| {
                let mut t: Vec<_> = t.into_iter().map(|t| (t.kind, t.key, t.n)).collect();
                t.sort();
                t
            };
            assert_eq!(plain(ta), plain(tb));
        }
        // Each count keeps the sum of its responses' record keys (mod 2^32),
        // one by one and in bulk alike: the cell key of the cell key method.
        for survey in [&one, &bulk] {
            let (_, totals) = store.survey_counts(survey, Some("buurt")).await.unwrap();
            let sums = sqlx::query(
                "SELECT COALESCE(buurt_code, '') AS b, CAST(SUM(record_key) AS BIGINT) AS s, COUNT(*) AS n
                 FROM survey_responses WHERE survey_id = $1 GROUP BY COALESCE(buurt_code, '')",
            )
            .bind(survey)
            .fetch_all(store.reader())
            .await
            .unwrap();
            use sqlx::Row;
            for r in &sums {
                let (b, sum): (String, i64) = (r.get("b"), r.get("s"));
                let t = totals.iter().find(|t| t.kind == "buurt" && t.key == b).unwrap();
                assert_eq!(t.key_sum, sum.rem_euclid(1 << 32), "{:?}: buurt {b:?}", store.engine());
                assert!(sum > 0, "record keys are random, not zero");
            }
        }
        // Batches add up across transactions.
        store.add_responses_in_bulk(&bulk, &responses[300..], "paper", &mut |_, _| {}).await.unwrap();
        let (_, totals) = store.survey_counts(&bulk, None).await.unwrap();
        assert_eq!(totals.iter().find(|t| t.kind == "all").unwrap().n, 2500);
        let rows = store.export_responses(&bulk);
        use futures_util::StreamExt;
        assert_eq!(rows.count().await, 2500, "every response exports");
    }
}
