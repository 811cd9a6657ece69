//! Initiatives and the wijkbudget's ledger on every engine: a grant never
//! spends more than the budget holds (also when deciders race), one decision
//! per initiative, retries by key replay, the ledger is append-only and adds
//! up, and a person's support leaves with them while the public record stays.

use std::sync::Arc;
use wijkwerk_domain::initiatives::{
    AccountInput, BudgetTotals, DecisionInput, InitiativeInput, OnTimeout, Route, Verdict, decision_due,
};
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Timestamp};
use wijkwerk_store::coin::Idempotency;
use wijkwerk_store::testing::{TestDb, fresh_stores};
use wijkwerk_store::{Store, StoreError};

async fn places(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place("WK960101", PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
}

async fn person(store: &Store, email: &str) -> String {
    let account = NewAccount {
        email: email.into(),
        display_name: "Iemand".into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: None,
    };
    store.create_account(account).await.unwrap().id
}

async fn submit(store: &Store, by: &str, amount: i64) -> String {
    let now = Timestamp::now();
    let input = InitiativeInput {
        title: "Bankje bij de speeltuin".into(),
        description: "Een bank zodat ouders kunnen zitten.".into(),
        needs: vec!["geld".into()],
        amount,
        group_name: "Buren van het plein".into(),
        needs_note: String::new(),
    };
    let due = decision_due(now, 3);
    store.submit_initiative("WK960101", &input, by, now, Route::Small, due, OnTimeout::Approve).await.unwrap()
}

fn approve(amount: i64) -> DecisionInput {
    DecisionInput { verdict: Verdict::Approve, amount, reason: "Past in de regels".into() }
}

fn code(err: StoreError) -> &'static str {
    match err {
        StoreError::Invalid(i) => i.errors[0].code,
        StoreError::Conflict(what) => what,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn totals(store: &Store) -> BudgetTotals {
    store.budget_totals("WK960101").await.unwrap().first().map(|t| t.1).unwrap_or_default()
}

#[tokio::test]
async fn grants_stay_within_the_budget_and_the_ledger_adds_up() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let anna = person(&store, "anna@example.nl").await;
        let now = Timestamp::now();
        let first = submit(&store, &anna, 40_000).await;
        // No budget for the year yet: nothing changes, the initiative stays open.
        let refused =
            store.decide_initiative(&first, &approve(40_000), None, 2026, now, None).await.unwrap_err();
        assert_eq!(code(refused), "budget-none");
        assert_eq!(store.initiative(&first).await.unwrap().unwrap().status, "submitted");

        store.allocate_budget("WK960101", 2026, 50_000, "Wijkbudget 2026", None).await.unwrap();
        store.decide_initiative(&first, &approve(40_000), None, 2026, now, None).await.unwrap();
        let twice =
            store.decide_initiative(&first, &approve(40_000), None, 2026, now, None).await.unwrap_err();
        assert_eq!(code(twice), "initiative-decided", "{:?}", store.engine());

        let second = submit(&store, &anna, 20_000).await;
        let over =
            store.decide_initiative(&second, &approve(20_000), None, 2026, now, None).await.unwrap_err();
        assert_eq!(code(over), "budget-too-small");
        assert_eq!(
            store.initiative(&second).await.unwrap().unwrap().status,
            "submitted",
            "refusal changes nothing"
        );

        store.pay_initiative(&first, now, None).await.unwrap();
        assert_eq!(
            code(store.pay_initiative(&first, now, None).await.unwrap_err()),
            "initiative-not-payable"
        );
        let account = AccountInput { report: "De bank staat er.".into(), spent: 32_500, keep: false };
        store.account_initiative(&first, &account, now, None).await.unwrap();
        let t = totals(&store).await;
        assert_eq!(
            t,
            BudgetTotals { allocated: 50_000, granted: 0, paid: 32_500, returned: 7_500, left: 17_500 }
        );
        assert!(t.adds_up());
        // What came back can be granted again.
        store.decide_initiative(&second, &approve(17_500), None, 2026, now, None).await.unwrap();
        assert_eq!(totals(&store).await.left, 0);
        assert!(store.check_budgets().await.unwrap().is_empty());
        assert_eq!(store.budget_movements("WK960101").await.unwrap().len(), 5);

        for sql in ["UPDATE budget_postings SET amount = 1", "DELETE FROM budget_movements"] {
            assert!(sqlx::query(sql).execute(store.writer()).await.is_err(), "{:?}: {sql}", store.engine());
        }
    }
}

#[tokio::test]
async fn racing_deciders_cannot_spend_the_last_euro_twice() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let anna = person(&store, "anna@example.nl").await;
        store.allocate_budget("WK960101", 2026, 100_000, "", None).await.unwrap();
        let mut ids = Vec::new();
        for _ in 0..8 {
            ids.push(submit(&store, &anna, 30_000).await);
        }
        let store = Arc::new(store);
        let tasks: Vec<_> = ids
            .iter()
            .map(|id| {
                let (store, id) = (store.clone(), id.clone());
                tokio::spawn(async move {
                    store.decide_initiative(&id, &approve(30_000), None, 2026, Timestamp::now(), None).await
                })
            })
            .collect();
        let mut granted = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => granted += 1,
                Err(e) => assert_eq!(code(e), "budget-too-small"),
            }
        }
        assert_eq!(granted, 3, "{:?}: 3 × 300 fit in 1000", store.engine());
        let t = totals(&store).await;
        assert_eq!((t.granted, t.left), (90_000, 10_000));
        assert!(store.check_budgets().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_retried_request_is_answered_once_and_a_reused_key_refused() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let key = |hash: &str| Idempotency {
            actor_id: "gemeente".into(),
            key: "k1".into(),
            request_hash: hash.into(),
        };
        assert!(!store.allocate_budget("WK960101", 2026, 10_000, "", Some(&key("a"))).await.unwrap());
        assert!(
            store.allocate_budget("WK960101", 2026, 10_000, "", Some(&key("a"))).await.unwrap(),
            "replayed"
        );
        assert_eq!(totals(&store).await.allocated, 10_000, "{:?}: counted once", store.engine());
        let reused = store.allocate_budget("WK960101", 2026, 99_000, "", Some(&key("b"))).await.unwrap_err();
        assert_eq!(code(reused), "idempotency-key-reused");
    }
}

#[tokio::test]
async fn support_leaves_with_the_person_and_the_record_stays() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let anna = person(&store, "anna@example.nl").await;
        let bram = person(&store, "bram@example.nl").await;
        let id = submit(&store, &anna, 0).await;
        store.set_support(&id, &bram, true).await.unwrap();
        store.set_support(&id, &bram, true).await.unwrap();
        store.add_paper_support(&id, 12).await.unwrap();
        let i = store.initiative(&id).await.unwrap().unwrap();
        assert_eq!((i.supporters, i.paper_support), (1, 12));
        assert_eq!(store.initiatives_of(&bram).await.unwrap()[0].relation, "supported");
        assert_eq!(store.export_person(&anna).await.unwrap().initiatives[0].relation, "submitted");
        store.erase_person(&bram).await.unwrap();
        store.erase_person(&anna).await.unwrap();
        let i = store.initiative(&id).await.unwrap().unwrap();
        assert_eq!((i.supporters, i.submitted_by), (0, None), "{:?}", store.engine());
        assert_eq!(i.title, "Bankje bij de speeltuin");
    }
}
