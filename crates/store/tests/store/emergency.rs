//! The luisterloket's emergency budget on every engine: the four eyes hold
//! at the one place approvals pass (own request, one person twice, a replay,
//! a changed amount), racing approvals cannot spend the last euro twice,
//! a coin payout issues once however often it runs, approvals and the
//! ledger are append-only, and a request stays without its people.

use std::sync::Arc;
use wijkwerk_domain::coin::{Limits, ProgrammeInput};
use wijkwerk_domain::emergency::{Approver, Payout, Refusal, RequestInput, Standing};
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::coin::Idempotency;
use wijkwerk_store::emergency::{NewRequest, Outcome};
use wijkwerk_store::testing::{TestDb, fresh_stores};

const WIJK: &str = "WK960101";

async fn places(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place(WIJK, PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
}

async fn person(store: &Store, email: &str) -> String {
    let account = NewAccount {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: None,
    };
    store.create_account(account).await.unwrap().id
}

fn pro(id: &str, organisation: &str) -> Approver {
    Approver { person_id: id.into(), organisation: Some(organisation.into()), professional: true }
}

async fn ask(store: &Store, requester: &str, resident: &str, amount: i64, payout: Payout) -> String {
    let input = RequestInput {
        what: "Huurachterstand".into(),
        amount,
        why: "Anders volgt ontruiming; dat kost meer.".into(),
        payout,
        creditor: if payout == Payout::Creditor { "Woonstad, factuur 8812".into() } else { String::new() },
    };
    let who = NewRequest {
        place_code: WIJK,
        year: 2026,
        beneficiary_id: Some(resident),
        requester_id: requester,
        requester_organisation: Some("wijkteam"),
    };
    store.request_emergency(&who, &input, Timestamp::now()).await.unwrap()
}

async fn approve(store: &Store, id: &str, who: &Approver, amount: i64) -> Outcome {
    store.approve_emergency(id, who, amount, Timestamp::now(), None).await.unwrap()
}

async fn left(store: &Store) -> i64 {
    store.emergency_budgets(WIJK).await.unwrap()[0].totals.left
}

#[tokio::test]
async fn the_four_eyes_hold_where_every_approval_passes() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let [ahmed, petra, sanne, ellen, resident] = [
            person(&store, "ahmed@example.nl").await,
            person(&store, "petra@example.nl").await,
            person(&store, "sanne@example.nl").await,
            person(&store, "ellen@example.nl").await,
            person(&store, "fatima@example.nl").await,
        ];
        store.allocate_emergency_budget(WIJK, 2026, 100_000, 50_000, None).await.unwrap();
        let id = ask(&store, &ahmed, &resident, 31_250, Payout::Creditor).await;

        // Self-approval, then one person twice.
        assert_eq!(
            approve(&store, &id, &pro(&ahmed, "wijkteam"), 31_250).await,
            Outcome::Refused(Refusal::OwnRequest)
        );
        assert_eq!(
            approve(&store, &id, &pro(&petra, "wijkteam"), 31_250).await,
            Outcome::Counted(Standing::Waiting { more: 1 })
        );
        assert_eq!(
            approve(&store, &id, &pro(&petra, "wijkteam"), 31_250).await,
            Outcome::Refused(Refusal::ApprovedAlready),
            "{:?}",
            store.engine()
        );
        // The amount raised after Petra approved: her approval no longer counts,
        // and an approval of the old amount is refused.
        store.change_emergency_amount(&id, 34_000).await.unwrap();
        assert_eq!(
            approve(&store, &id, &pro(&sanne, "wijkteam"), 31_250).await,
            Outcome::Refused(Refusal::OtherAmount)
        );
        assert_eq!(
            approve(&store, &id, &pro(&sanne, "wijkteam"), 34_000).await,
            Outcome::Counted(Standing::Waiting { more: 1 }),
            "Petra's approval of 312,50 is void"
        );
        assert_eq!(store.emergency_request(&id).await.unwrap().unwrap().status, "open");
        assert_eq!(
            approve(&store, &id, &pro(&petra, "wijkteam"), 34_000).await,
            Outcome::Counted(Standing::Approved)
        );
        let r = store.emergency_request(&id).await.unwrap().unwrap();
        assert_eq!((r.status.as_str(), r.amount), ("paid", 34_000), "a creditor payment is recorded at once");
        // Decided: nobody else adds an approval, and the amount is fixed.
        assert_eq!(
            approve(&store, &id, &pro(&ellen, "gemeente"), 34_000).await,
            Outcome::Refused(Refusal::Decided)
        );
        assert!(store.change_emergency_amount(&id, 1_000).await.is_err());
        assert_eq!(store.emergency_approvals(&id).await.unwrap().len(), 3, "the void one is kept, visibly");
        assert_eq!(left(&store).await, 66_000);

        // Approvals and the ledger never change.
        for sql in [
            "UPDATE emergency_approvals SET amount = 1",
            "DELETE FROM emergency_approvals",
            "UPDATE emergency_postings SET amount = 1",
            "DELETE FROM emergency_movements",
        ] {
            assert!(sqlx::query(sql).execute(store.writer()).await.is_err(), "{:?}: {sql}", store.engine());
        }
        assert!(store.check_budgets().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn above_the_limit_a_third_independent_approval_is_needed() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let [ahmed, petra, sanne, karin, resident] = [
            person(&store, "ahmed@example.nl").await,
            person(&store, "petra@example.nl").await,
            person(&store, "sanne@example.nl").await,
            person(&store, "karin@example.nl").await,
            person(&store, "fatima@example.nl").await,
        ];
        store.allocate_emergency_budget(WIJK, 2026, 200_000, 50_000, None).await.unwrap();
        let id = ask(&store, &ahmed, &resident, 80_000, Payout::Creditor).await;
        approve(&store, &id, &pro(&petra, "wijkteam"), 80_000).await;
        assert_eq!(
            approve(&store, &id, &pro(&sanne, "schuldhulp"), 80_000).await,
            Outcome::Counted(Standing::Waiting { more: 1 })
        );
        assert_eq!(
            approve(&store, &id, &pro(&karin, "wijkteam"), 80_000).await,
            Outcome::Refused(Refusal::NotIndependent)
        );
        assert_eq!(
            approve(&store, &id, &pro(&karin, "gemeente"), 80_000).await,
            Outcome::Counted(Standing::Approved)
        );
    }
}

#[tokio::test]
async fn racing_approvals_cannot_spend_the_last_euro_twice() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let ahmed = person(&store, "ahmed@example.nl").await;
        let petra = person(&store, "petra@example.nl").await;
        let resident = person(&store, "fatima@example.nl").await;
        let mut approvers = Vec::new();
        for i in 0..6 {
            approvers.push(person(&store, &format!("pro{i}@example.nl")).await);
        }
        store.allocate_emergency_budget(WIJK, 2026, 100_000, 50_000, None).await.unwrap();
        let mut ids = Vec::new();
        for _ in 0..6 {
            let id = ask(&store, &ahmed, &resident, 30_000, Payout::Creditor).await;
            approve(&store, &id, &pro(&petra, "wijkteam"), 30_000).await;
            ids.push(id);
        }
        // Six deciding approvals at once, by six people: three fit.
        let store = Arc::new(store);
        let tasks: Vec<_> = ids
            .iter()
            .zip(&approvers)
            .map(|(id, who)| {
                let (store, id, who) = (store.clone(), id.clone(), pro(who, "wijkteam"));
                tokio::spawn(async move {
                    store.approve_emergency(&id, &who, 30_000, Timestamp::now(), None).await
                })
            })
            .collect();
        let mut decided = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(Outcome::Counted(Standing::Approved)) => decided += 1,
                Err(wijkwerk_store::StoreError::Invalid(i)) => {
                    assert_eq!(i.errors[0].code, "emergency-budget-too-small")
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(decided, 3, "{:?}: 3 × 300 fit in 1000", store.engine());
        assert_eq!(left(&store).await, 10_000);
        let approvals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM emergency_approvals")
            .fetch_one(store.reader())
            .await
            .unwrap();
        assert_eq!(approvals, 6 + 3, "a refused approval leaves nothing");
        assert!(store.check_budgets().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_coin_payout_issues_once_and_a_replayed_approval_is_answered_once() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let [ahmed, petra, sanne, resident] = [
            person(&store, "ahmed@example.nl").await,
            person(&store, "petra@example.nl").await,
            person(&store, "sanne@example.nl").await,
            person(&store, "fatima@example.nl").await,
        ];
        let input = ProgrammeInput {
            name: "Centrummunt".into(),
            description: String::new(),
            limits: Limits::default(),
        };
        let programme = store.create_programme("GM9601", &input).await.unwrap();
        store.fund_programme(&programme.id, 500_000, "Noodbudget", None, None).await.unwrap();
        store.allocate_emergency_budget(WIJK, 2026, 100_000, 50_000, None).await.unwrap();
        let id = ask(&store, &ahmed, &resident, 4_500, Payout::Coin).await;
        approve(&store, &id, &pro(&petra, "wijkteam"), 4_500).await;
        let key = Idempotency { actor_id: sanne.clone(), key: "k1".into(), request_hash: "h".into() };
        let sanne_pro = pro(&sanne, "wijkteam");
        let first = store.approve_emergency(&id, &sanne_pro, 4_500, Timestamp::now(), Some(&key));
        assert_eq!(first.await.unwrap(), Outcome::Counted(Standing::Approved));
        let again = store.approve_emergency(&id, &sanne_pro, 4_500, Timestamp::now(), Some(&key));
        assert_eq!(again.await.unwrap(), Outcome::Replayed);
        assert_eq!(store.emergency_request(&id).await.unwrap().unwrap().status, "approved");

        let paid = store.pay_emergency_in_coin(&id, &programme.id).await.unwrap().unwrap();
        assert!(
            store.pay_emergency_in_coin(&id, &programme.id).await.unwrap().is_none(),
            "paid: nothing more"
        );
        let holder = store.holder_account(&programme.id, &resident).await.unwrap();
        assert_eq!(holder.balance, 4_500, "{:?}: issued once", store.engine());
        let r = store.emergency_request(&id).await.unwrap().unwrap();
        assert_eq!((r.status.as_str(), r.coin_transaction_id), ("paid", Some(paid.receipt.transaction_id)));
        let t = store.emergency_budgets(WIJK).await.unwrap()[0].totals;
        assert_eq!((t.paid, t.left), (4_500, 95_500));
        assert!(store.coin_check(&mut |_| {}).await.unwrap().is_empty());

        // The resident's export shows it; after erasure the request stays, without them.
        let export = store.export_person(&resident).await.unwrap();
        assert_eq!(export.emergency_requests[0].relation, "for-me");
        assert_eq!(store.export_person(&ahmed).await.unwrap().emergency_requests[0].relation, "requested");
        store.erase_person(&resident).await.unwrap();
        store.erase_person(&petra).await.unwrap();
        let r = store.emergency_request(&id).await.unwrap().unwrap();
        assert_eq!((r.beneficiary_id, r.beneficiary_name.as_str(), r.amount), (None, "", 4_500));
        let approvals = store.emergency_approvals(&id).await.unwrap();
        assert_eq!(approvals[0].approver_name, "", "an erased approver is no longer named");

        // Seven years on, what it was for and who asked go; the amount stays in the books.
        assert_eq!(store.strip_emergency_requests_before(2026).await.unwrap(), 0, "2026 is kept");
        assert_eq!(store.strip_emergency_requests_before(2027).await.unwrap(), 1);
        let r = store.emergency_request(&id).await.unwrap().unwrap();
        assert_eq!((r.what.as_str(), r.why.as_str(), r.requester_id, r.amount), ("", "", None, 4_500));
        assert_eq!(store.strip_emergency_requests_before(2027).await.unwrap(), 0, "once");
        assert!(store.check_budgets().await.unwrap().is_empty());
    }
}
