//! The social coin's ledger on every engine: the eight rules, refusals that
//! leave no trace, idempotency, holds, concurrency, and random operation
//! sequences against a reference model.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use wijkwerk_domain::PlaceLevel;
use wijkwerk_domain::coin::{AccountKind, Benefit, Limits, ProgrammeInput};
use wijkwerk_store::coin::{Idempotency, Programme};
use wijkwerk_store::testing::{TestDb, fresh_stores};
use wijkwerk_store::{Store, StoreError};

async fn places(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
}

async fn programme(store: &Store, limits: Limits) -> Programme {
    store
        .create_programme(
            "GM9601",
            &ProgrammeInput { name: "Stadspas-munt".into(), description: String::new(), limits },
        )
        .await
        .unwrap()
}

/// Balance per account code of a programme.
async fn balances(store: &Store, programme_id: &str) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for kind in AccountKind::ALL {
        for a in store.coin_accounts_of_kind(programme_id, kind).await.unwrap() {
            out.insert(a.code, a.balance);
        }
    }
    out
}

async fn transaction_count(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM coin_transactions").fetch_one(store.reader()).await.unwrap()
}

async fn assert_clean(store: &Store) {
    let violations = store.coin_check(&mut |_| {}).await.unwrap();
    assert!(violations.is_empty(), "{:?}: {violations:?}", store.engine());
}

fn code(err: StoreError) -> &'static str {
    match err {
        StoreError::Invalid(i) => i.errors[0].code,
        StoreError::Conflict(what) => what,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn key(actor: &str, key: &str, body: &str) -> Idempotency {
    Idempotency { actor_id: actor.into(), key: key.into(), request_hash: body.into() }
}

#[tokio::test]
async fn money_goes_round_and_the_books_balance() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let p = programme(&store, Limits::default()).await;
        let fatima = store.add_person("Fatima", None).await.unwrap();
        let shop = store.add_organisation("Bakkerij", "business", "GM9601", "", None).await.unwrap();
        let business = store.enrol_business(&p.id, &shop.id).await.unwrap();
        store.set_benefit(&business.id, Benefit { percent: 10, cap: 100 }, "10% terug").await.unwrap();

        store.fund_programme(&p.id, 100_000, "Raadsbesluit", None, None).await.unwrap();
        let issued = store.issue_coins(&p.id, &fatima.id, 5_000, "Welkom", None, None).await.unwrap();
        assert_eq!(issued.receipt.transfers[0].amount, 5_000);
        let holder = store.holder_account(&p.id, &fatima.id).await.unwrap();
        let paid = store.pay(&holder.id, &business.code.to_lowercase(), 2_000, None, None).await.unwrap();
        // The payment and the bonus are one transaction of two legs.
        assert_eq!(paid.receipt.transfers.len(), 2);
        assert_eq!(paid.receipt.transfers[1].amount, 100, "10% of 20 euro capped at 1 euro");
        store.redeem(&business.id, 1_500, None, None).await.unwrap();

        let b = balances(&store, &p.id).await;
        let escrow = &format!("E-{}", p.code);
        let unissued = &format!("R-{}", p.code);
        assert_eq!(b[escrow], 100_000 - 1_500);
        assert_eq!(b[unissued], 95_000);
        assert_eq!(b[&holder.code], 5_000 - 2_000 + 100);
        assert_eq!(b[&business.code], 2_000 - 100 - 1_500);
        assert_eq!(b[escrow], b.iter().filter(|(c, _)| *c != escrow).map(|(_, v)| v).sum::<i64>(), "rule 2");

        // The holder's history: newest first, with before/after and the other side.
        let entries = store.coin_entries(&holder.id, 10).await.unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!((entries[0].change, entries[0].balance_after), (100, 3_100));
        assert_eq!(entries[1].change, -2_000);
        assert_eq!(entries[1].counterparty.as_deref(), Some(business.code.as_str()));
        assert_eq!(entries.iter().map(|e| e.account_version).collect::<Vec<_>>(), [3, 2, 1]);

        // A reversal restores every balance and is itself in the books.
        let before = balances(&store, &p.id).await;
        store.fund_programme(&p.id, 777, "vergissing", None, None).await.unwrap();
        let wrong = store.issue_coins(&p.id, &fatima.id, 777, "", None, None).await.unwrap();
        store.reverse(&wrong.receipt.transaction_id, "dubbel", None, None).await.unwrap();
        assert_eq!(
            code(store.reverse(&wrong.receipt.transaction_id, "", None, None).await.unwrap_err()),
            "already-reversed"
        );
        let after = balances(&store, &p.id).await;
        assert_eq!(after[&holder.code], before[&holder.code]);
        assert_eq!(after[unissued], before[unissued] + 777);

        let totals = store.programme_totals(&p.id).await.unwrap();
        assert_eq!(
            (totals.funded, totals.issued, totals.paid, totals.redeemed),
            (100_777, 5_777, 2_000, 1_500)
        );
        assert_eq!((totals.holder_count, totals.business_count), (1, 1));
        assert_clean(&store).await;

        let ledger = store.beancount().await.unwrap();
        assert!(ledger.contains(&format!("open Liabilities:Holder:{} EUR", holder.code)), "{ledger}");
        assert!(ledger.contains(&format!("balance Assets:Escrow:{escrow}  992.77 EUR")), "{ledger}");
        assert!(ledger.contains(&format!("balance Liabilities:Holder:{}  -31.00 EUR", holder.code)));
    }
}

#[tokio::test]
async fn refused_requests_leave_no_trace() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let limits = Limits {
            max_balance: Some(10_000),
            max_payment: Some(2_500),
            max_per_day: None,
            holders_may_pay_each_other: false,
        };
        let p = programme(&store, limits).await;
        let other = programme(&store, Limits::default()).await;
        let a = store.add_person("A", None).await.unwrap();
        let b = store.add_person("B", None).await.unwrap();
        let org = store.add_organisation("Kapper", "business", "GM9601", "", None).await.unwrap();
        let business = store.enrol_business(&p.id, &org.id).await.unwrap();
        let elsewhere = store.enrol_business(&other.id, &org.id).await.unwrap();
        store.fund_programme(&p.id, 20_000, "", None, None).await.unwrap();
        store.issue_coins(&p.id, &a.id, 3_000, "", None, None).await.unwrap();
        let holder = store.holder_account(&p.id, &a.id).await.unwrap();
        let b_holder = store.holder_account(&p.id, &b.id).await.unwrap();
        let snapshot = balances(&store, &p.id).await;
        let count = transaction_count(&store).await;

        let refusals = [
            (store.issue_coins(&p.id, &b.id, 20_001, "", None, None).await, "not-funded"),
            (store.issue_coins(&p.id, &a.id, 7_001, "", None, None).await, "above-max-balance"),
            (store.pay(&holder.id, &business.code, 2_501, None, None).await, "above-max-payment"),
            (store.pay(&holder.id, &elsewhere.code, 100, None, None).await, "unknown-business"),
            (store.pay(&holder.id, "Z-0000-00", 100, None, None).await, "unknown-business"),
            (store.pay(&holder.id, &business.code, 0, None, None).await, "amount-not-positive"),
            (store.pay(&holder.id, &business.code, -5, None, None).await, "amount-not-positive"),
            (store.redeem(&business.id, 1, None, None).await, "insufficient-funds"),
            (store.gift(&holder.id, &b_holder.code, 100, None, None).await, "gifts-not-allowed"),
            (store.fund_programme(&p.id, 100_000_001, "", None, None).await, "amount-out-of-range"),
        ];
        for (result, expected) in refusals {
            assert_eq!(code(result.unwrap_err()), expected, "{:?}", store.engine());
        }
        store.pay(&holder.id, &business.code, 2_500, None, None).await.unwrap();
        assert_eq!(
            code(store.pay(&holder.id, &business.code, 501, None, None).await.unwrap_err()),
            "insufficient-funds"
        );
        store.set_coin_account_active(&business.id, false).await.unwrap();
        assert_eq!(
            code(store.pay(&holder.id, &business.code, 100, None, None).await.unwrap_err()),
            "business-not-active"
        );
        // A reversal that would take coins the business no longer has is refused too.
        store.set_coin_account_active(&business.id, true).await.unwrap();
        let paid = store.pay(&holder.id, &business.code, 400, None, None).await.unwrap();
        store.redeem(&business.id, 2_900, None, None).await.unwrap();
        assert_eq!(
            code(store.reverse(&paid.receipt.transaction_id, "", None, None).await.unwrap_err()),
            "insufficient-funds"
        );

        assert_eq!(
            transaction_count(&store).await,
            count + 3,
            "only the three accepted requests are in the books"
        );
        let now = balances(&store, &p.id).await;
        assert_eq!(now[&holder.code], snapshot[&holder.code] - 2_900);
        assert_eq!(now[&b_holder.code], 0);
        assert_clean(&store).await;

        // Gifts between holders when the programme allows them.
        store
            .set_programme_limits(&p.id, &Limits { holders_may_pay_each_other: true, ..limits })
            .await
            .unwrap();
        store.gift(&holder.id, &b_holder.code, 100, None, None).await.unwrap();
        assert_eq!(store.coin_account(&b_holder.id).await.unwrap().unwrap().balance, 100);
        assert_clean(&store).await;
    }
}

#[tokio::test]
async fn posted_entries_cannot_be_changed_or_deleted() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let p = programme(&store, Limits::default()).await;
        store.fund_programme(&p.id, 1_000, "", None, None).await.unwrap();
        for sql in [
            "UPDATE coin_entries SET amount = amount * 2",
            "DELETE FROM coin_entries",
            "UPDATE coin_transactions SET memo = 'x'",
            "DELETE FROM coin_transactions",
        ] {
            assert!(sqlx::query(sql).execute(store.reader()).await.is_err(), "{:?}: {sql}", store.engine());
        }
        // A balance changed behind the ledger's back is found by the check.
        sqlx::query(
            "UPDATE coin_accounts SET balance = balance + 1 WHERE kind = 'holder' OR kind = 'escrow'",
        )
        .execute(store.reader())
        .await
        .unwrap();
        let violations = store.coin_check(&mut |_| {}).await.unwrap();
        let rules: Vec<u8> = violations.iter().map(|v| v.rule).collect();
        assert!(rules.contains(&6) && rules.contains(&2), "{violations:?}");
    }
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let p = programme(&store, Limits::default()).await;
        store.fund_programme(&p.id, 100_000, "", None, None).await.unwrap();
        let person = store.add_person("C", None).await.unwrap();
        let first = store
            .issue_coins(&p.id, &person.id, 500, "", None, Some(&key("gemeente", "k1", "h500")))
            .await
            .unwrap();
        let again = store
            .issue_coins(&p.id, &person.id, 500, "", None, Some(&key("gemeente", "k1", "h500")))
            .await
            .unwrap();
        assert!(!first.replayed && again.replayed);
        assert_eq!(first.receipt, again.receipt);
        let other =
            store.issue_coins(&p.id, &person.id, 600, "", None, Some(&key("gemeente", "k1", "h600"))).await;
        assert_eq!(code(other.unwrap_err()), "idempotency-key-reused");
        // Another actor may use the same key for its own request.
        store
            .issue_coins(&p.id, &person.id, 100, "", None, Some(&key("someone", "k1", "h100")))
            .await
            .unwrap();
        let holder = store.holder_account(&p.id, &person.id).await.unwrap();
        assert_eq!(holder.balance, 600);

        // Concurrent duplicates: one transaction, every caller the same answer.
        let store = Arc::new(store);
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (store, p, person) = (store.clone(), p.id.clone(), person.id.clone());
            tasks.push(tokio::spawn(async move {
                store
                    .issue_coins(&p, &person, 250, "", None, Some(&key("gemeente", "k2", "h250")))
                    .await
                    .unwrap()
            }));
        }
        let mut ids = std::collections::BTreeSet::new();
        let mut fresh = 0;
        for t in tasks {
            let posted = t.await.unwrap();
            ids.insert(posted.receipt.transaction_id);
            fresh += usize::from(!posted.replayed);
        }
        assert_eq!((ids.len(), fresh), (1, 1), "{:?}", store.engine());
        assert_eq!(store.holder_account(&p.id, &person.id).await.unwrap().balance, 850);

        // Payments are written in batches: duplicates inside one batch, and a
        // key reused with another amount at the same moment.
        let org = store.add_organisation("Winkel", "business", "GM9601", "", None).await.unwrap();
        let shop = store.enrol_business(&p.id, &org.id).await.unwrap();
        let holder = store.holder_account(&p.id, &person.id).await.unwrap();
        let mut tasks = Vec::new();
        for n in 0..24 {
            let (store, h, code) = (store.clone(), holder.id.clone(), shop.code.clone());
            let (amount, hash) = if n % 3 == 2 { (11, "other") } else { (10, "same") };
            tasks.push(tokio::spawn(async move {
                store.pay(&h, &code, amount, None, Some(&key("fatima", "pay-1", hash))).await
            }));
        }
        let (mut ids, mut fresh, mut refused) = (std::collections::BTreeSet::new(), 0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(posted) => {
                    ids.insert(posted.receipt.transaction_id);
                    fresh += usize::from(!posted.replayed);
                }
                Err(e) => {
                    assert_eq!(code(e), "idempotency-key-reused");
                    refused += 1;
                }
            }
        }
        assert_eq!((ids.len(), fresh), (1, 1), "{:?}: one payment", store.engine());
        assert!(refused == 8 || refused == 16, "{:?}: the other body is refused ({refused})", store.engine());
        let paid = store.coin_account(&shop.id).await.unwrap().unwrap().balance;
        assert!(paid == 10 || paid == 11, "{:?}: paid once ({paid})", store.engine());
        assert_clean(&store).await;
    }
}

#[tokio::test]
async fn card_payments_hold_then_settle() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let p = programme(&store, Limits::default()).await;
        store.fund_programme(&p.id, 10_000, "", None, None).await.unwrap();
        let person = store.add_person("D", None).await.unwrap();
        store.issue_coins(&p.id, &person.id, 1_000, "", None, None).await.unwrap();
        let holder = store.holder_account(&p.id, &person.id).await.unwrap();
        let org = store.add_organisation("Fietsenmaker", "business", "GM9601", "", None).await.unwrap();
        let business = store.enrol_business(&p.id, &org.id).await.unwrap();

        assert_eq!(
            code(store.place_hold(&business.id, &holder.code, 100).await.unwrap_err()),
            "card-blocked",
            "no PIN yet"
        );
        store.set_card_pin(&holder.id, "4821").await.unwrap();
        let hold = store.place_hold(&business.id, &holder.code, 700).await.unwrap();
        // Rule 3 counts the hold: 300 left to spend, not 1000.
        assert_eq!(
            code(store.pay(&holder.id, &business.code, 301, None, None).await.unwrap_err()),
            "insufficient-funds"
        );
        assert_eq!(code(store.capture_hold(&hold.id, "0000", None, None).await.unwrap_err()), "pin-wrong");
        assert_clean(&store).await;
        store.capture_hold(&hold.id, "4821", None, None).await.unwrap();
        assert_eq!(
            code(store.capture_hold(&hold.id, "4821", None, None).await.unwrap_err()),
            "hold-expired",
            "settled once"
        );
        let after = store.coin_account(&holder.id).await.unwrap().unwrap();
        assert_eq!((after.balance, after.held), (300, 0));

        // Cancelled before the PIN: nothing moves.
        let hold = store.place_hold(&business.id, &holder.code, 200).await.unwrap();
        store.release_hold(&hold.id).await.unwrap();
        assert_eq!(store.coin_account(&holder.id).await.unwrap().unwrap().available(), 300);
        // Five wrong PINs block the card; a new PIN unblocks it.
        let hold = store.place_hold(&business.id, &holder.code, 100).await.unwrap();
        for _ in 0..5 {
            store.capture_hold(&hold.id, "1111", None, None).await.unwrap_err();
        }
        assert_eq!(code(store.capture_hold(&hold.id, "4821", None, None).await.unwrap_err()), "card-blocked");
        store.release_hold(&hold.id).await.unwrap();
        store.set_card_pin(&holder.id, "9876").await.unwrap();
        let hold = store.place_hold(&business.id, &holder.code, 100).await.unwrap();
        // Forty guesses sent at once: each try is counted before it is
        // checked, so at most five are checked and the card blocks.
        let guesses: Vec<_> = (0..40)
            .map(|i| {
                let (store, hold) = (store.clone(), hold.id.clone());
                tokio::spawn(async move {
                    code(store.capture_hold(&hold, &format!("{:04}", i), None, None).await.unwrap_err())
                })
            })
            .collect();
        let mut checked = 0;
        for g in guesses {
            match g.await.unwrap() {
                "pin-wrong" => checked += 1,
                "card-blocked" => {}
                other => panic!("{other}"),
            }
        }
        assert_eq!(checked, 5, "{:?}: PINs checked in a burst", store.engine());
        assert_eq!(code(store.capture_hold(&hold.id, "9876", None, None).await.unwrap_err()), "card-blocked");
        assert_clean(&store).await;
    }
}

#[tokio::test]
async fn concurrent_payments_lose_nothing() {
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let p = programme(&store, Limits::default()).await;
        store.fund_programme(&p.id, 1_000_000, "", None, None).await.unwrap();
        let org = store.add_organisation("Supermarkt", "business", "GM9601", "", None).await.unwrap();
        let hot = store.enrol_business(&p.id, &org.id).await.unwrap();
        let org2 = store.add_organisation("Markt", "business", "GM9601", "", None).await.unwrap();
        let second = store.enrol_business(&p.id, &org2.id).await.unwrap();
        store.set_benefit(&hot.id, Benefit { percent: 5, cap: 0 }, "").await.unwrap();
        let mut holders = Vec::new();
        for i in 0..21 {
            let person = store.add_person(&format!("H{i}"), None).await.unwrap();
            store.issue_coins(&p.id, &person.id, 1_000, "", None, None).await.unwrap();
            holders.push(store.holder_account(&p.id, &person.id).await.unwrap());
        }
        // The spender is not among the twenty: its spending must not starve them.
        let spender = holders.pop().expect("twenty-one holders").id;
        let store = Arc::new(store);
        // Many holders pay one hot business; one holder pays two businesses at
        // once for more than it has: exactly the affordable ones succeed.
        let mut tasks = Vec::new();
        for (i, h) in holders.iter().enumerate() {
            for _ in 0..3 {
                let (store, h, code) = (store.clone(), h.id.clone(), hot.code.clone());
                tasks.push(tokio::spawn(async move {
                    store.pay(&h, &code, 100 + i as i64, None, None).await.map(|_| ())
                }));
            }
        }
        let mut spends = Vec::new();
        for n in 0..24 {
            let to_hot = n % 2 == 0;
            let code = if to_hot { hot.code.clone() } else { second.code.clone() };
            let (store, h) = (store.clone(), spender.clone());
            spends.push(tokio::spawn(async move { (to_hot, store.pay(&h, &code, 90, None, None).await) }));
        }
        for t in tasks {
            let result = t.await.unwrap();
            assert!(
                result.is_ok(),
                "{:?}: every affordable payment to the hot business succeeds: {result:?}",
                store.engine()
            );
        }
        let (mut ok, mut spender_to_hot) = (0, 0);
        for t in spends {
            match t.await.unwrap() {
                (to_hot, Ok(_)) => {
                    ok += 1;
                    spender_to_hot += i64::from(to_hot);
                }
                (_, Err(e)) => assert_eq!(code(e), "insufficient-funds"),
            }
        }
        let spender_now = store.coin_account(&spender).await.unwrap().unwrap();
        assert!(spender_now.balance >= 0 && spender_now.balance < 90 + 10, "{spender_now:?}");
        assert!(ok >= 5, "{ok} payments of the one holder went through");
        let paid_hot: i64 = (0..20).map(|i| 3 * (100 + i)).sum();
        let hot_now = store.coin_account(&hot.id).await.unwrap().unwrap();
        let bonus_out: i64 = (0..20).map(|i| 3 * ((100 + i) * 5 / 100)).sum();
        let spender_bonus = spender_to_hot * (90 * 5 / 100);
        assert_eq!(
            hot_now.balance,
            paid_hot - bonus_out + spender_to_hot * 90 - spender_bonus,
            "no lost update"
        );
        assert_eq!(
            hot_now.version,
            2 * (60 + spender_to_hot),
            "one version per entry (payment and bonus), no gaps"
        );
        assert_clean(&store).await;
    }
}

// ----- random operation sequences against a reference model ------------------------

#[derive(Clone, Debug)]
enum Op {
    Fund(i64),
    Issue(usize, i64),
    Pay(usize, usize, i64),
    Gift(usize, usize, i64),
    Redeem(usize, i64),
    /// Reverses the n-th accepted transaction (modulo their number).
    Reverse(usize),
    /// Reverses the transaction just accepted, if any.
    ReverseLast,
}

fn op() -> impl Strategy<Value = Op> {
    let amount = prop_oneof![1i64..=2_000, Just(0i64), Just(-10i64), 2_000i64..=20_000];
    prop_oneof![
        amount.clone().prop_map(Op::Fund),
        (0..3usize, amount.clone()).prop_map(|(h, a)| Op::Issue(h, a)),
        (0..3usize, 0..2usize, amount.clone()).prop_map(|(h, b, a)| Op::Pay(h, b, a)),
        (0..3usize, 0..3usize, amount.clone()).prop_map(|(h, t, a)| Op::Gift(h, t, a)),
        (0..2usize, amount).prop_map(|(b, a)| Op::Redeem(b, a)),
        (0..40usize).prop_map(Op::Reverse),
        Just(Op::ReverseLast),
    ]
}

/// The reference model: plain balances and the rules in their simplest form.
#[derive(Clone, Debug, Default)]
struct Model {
    /// escrow, programme, holders 0..3, businesses 0..2
    escrow: i64,
    programme: i64,
    holders: [i64; 3],
    businesses: [i64; 2],
    /// Accepted transactions: postings as (slot, signed change of balance), and whether reversed.
    log: Vec<(Vec<(usize, i64)>, bool, bool)>,
}

const MAX_BALANCE: i64 = 15_000;
const MAX_PAYMENT: i64 = 5_000;
const BONUS_PERCENT: i64 = 10;

impl Model {
    fn slots(&self) -> [i64; 7] {
        [
            self.escrow,
            self.programme,
            self.holders[0],
            self.holders[1],
            self.holders[2],
            self.businesses[0],
            self.businesses[1],
        ]
    }

    fn set(&mut self, slot: usize, v: i64) {
        match slot {
            0 => self.escrow = v,
            1 => self.programme = v,
            2..=4 => self.holders[slot - 2] = v,
            _ => self.businesses[slot - 5] = v,
        }
    }

    /// Applies balance changes in order if every balance stays at or above
    /// zero after each of them.
    fn apply(&mut self, changes: Vec<(usize, i64)>, reversal: bool) -> bool {
        let mut next = self.slots();
        for (slot, delta) in &changes {
            next[*slot] += delta;
            if next[*slot] < 0 {
                return false;
            }
        }
        for (i, v) in next.iter().enumerate() {
            self.set(i, *v);
        }
        self.log.push((changes, false, reversal));
        true
    }

    fn step(&mut self, op: &Op) -> bool {
        let positive = |a: i64| a > 0 && a <= 100_000_000;
        match *op {
            Op::Fund(a) => positive(a) && self.apply(vec![(0, a), (1, a)], false),
            Op::Issue(h, a) => {
                positive(a)
                    && self.holders[h] + a <= MAX_BALANCE
                    && self.apply(vec![(1, -a), (2 + h, a)], false)
            }
            Op::Pay(h, b, a) => {
                let bonus = if b == 0 { a * BONUS_PERCENT / 100 } else { 0 };
                let mut changes = vec![(2 + h, -a), (5 + b, a)];
                if bonus > 0 {
                    changes.extend([(5 + b, -bonus), (2 + h, bonus)]);
                }
                // The holder's balance goes down overall, so no maximum applies.
                positive(a) && a <= MAX_PAYMENT && self.apply(changes, false)
            }
            Op::Gift(h, t, a) => {
                positive(a)
                    && h != t
                    && a <= MAX_PAYMENT
                    && self.holders[t] + a <= MAX_BALANCE
                    && self.apply(vec![(2 + h, -a), (2 + t, a)], false)
            }
            Op::Redeem(b, a) => positive(a) && self.apply(vec![(5 + b, -a), (0, -a)], false),
            Op::Reverse(n) => {
                let originals: Vec<usize> = (0..self.log.len()).filter(|i| !self.log[*i].2).collect();
                if originals.is_empty() {
                    return false;
                }
                self.reverse(originals[n % originals.len()])
            }
            Op::ReverseLast => match self.log.len() {
                0 => false,
                n => !self.log[n - 1].2 && self.reverse(n - 1),
            },
        }
    }

    fn reverse(&mut self, i: usize) -> bool {
        if self.log[i].1 {
            return false;
        }
        let changes: Vec<(usize, i64)> = self.log[i].0.iter().map(|(s, d)| (*s, -d)).collect();
        if self.apply(changes, true) {
            self.log[i].1 = true;
            true
        } else {
            false
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_operations_match_the_reference_model() {
    let cases = std::env::var("WIJKWERK_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    for TestDb { store, .. } in fresh_stores().await {
        places(&store).await;
        let org_a = store.add_organisation("A", "business", "GM9601", "", None).await.unwrap();
        let org_b = store.add_organisation("B", "business", "GM9601", "", None).await.unwrap();
        let people = [
            store.add_person("P0", None).await.unwrap().id,
            store.add_person("P1", None).await.unwrap().id,
            store.add_person("P2", None).await.unwrap().id,
        ];
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases,
            failure_persistence: None,
            ..Default::default()
        });
        let handle = tokio::runtime::Handle::current();
        let store_ref = &store;
        // The runner is synchronous; each case runs its operations on a fresh
        // programme (programmes are closed circuits) in this runtime.
        let result = tokio::task::block_in_place(|| {
            runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
                handle.block_on(run_case(store_ref, &org_a.id, &org_b.id, &people, &ops));
                Ok(())
            })
        });
        result.unwrap();
        assert_clean(&store).await;
    }
}

async fn run_case(store: &Store, org_a: &str, org_b: &str, people: &[String; 3], ops: &[Op]) {
    let limits = Limits {
        max_balance: Some(MAX_BALANCE),
        max_payment: Some(MAX_PAYMENT),
        max_per_day: None,
        holders_may_pay_each_other: true,
    };
    let p = programme(store, limits).await;
    let businesses = [
        store.enrol_business(&p.id, org_a).await.unwrap(),
        store.enrol_business(&p.id, org_b).await.unwrap(),
    ];
    store.set_benefit(&businesses[0].id, Benefit { percent: BONUS_PERCENT, cap: 0 }, "").await.unwrap();
    let mut holders = Vec::new();
    for person in people {
        holders.push(store.holder_account(&p.id, person).await.unwrap());
    }
    let escrow = store.coin_accounts_of_kind(&p.id, AccountKind::Escrow).await.unwrap().remove(0);
    let unissued = store.coin_accounts_of_kind(&p.id, AccountKind::Programme).await.unwrap().remove(0);
    let mut model = Model::default();
    let mut accepted: Vec<String> = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let before_model = model.clone();
        let count_before = transaction_count(store).await;
        let expected = model.step(op);
        let result = match *op {
            Op::Fund(a) => store.fund_programme(&p.id, a, "", None, None).await,
            Op::Issue(h, a) => store.issue_coins(&p.id, &people[h], a, "", None, None).await,
            Op::Pay(h, b, a) => store.pay(&holders[h].id, &businesses[b].code, a, None, None).await,
            Op::Gift(h, t, a) => store.gift(&holders[h].id, &holders[t].code, a, None, None).await,
            Op::Redeem(b, a) => store.redeem(&businesses[b].id, a, None, None).await,
            Op::Reverse(n) => {
                let originals: Vec<&String> = accepted
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !before_model.log[*i].2)
                    .map(|(_, id)| id)
                    .collect();
                if originals.is_empty() {
                    Err(StoreError::NotFound)
                } else {
                    store.reverse(originals[n % originals.len()], "", None, None).await
                }
            }
            Op::ReverseLast => match accepted.last() {
                Some(id) if !before_model.log.last().is_some_and(|l| l.2) => {
                    store.reverse(id, "", None, None).await
                }
                _ => Err(StoreError::NotFound),
            },
        };
        assert_eq!(result.is_ok(), expected, "step {step} {op:?}: store said {result:?}, model {expected}");
        if let Ok(posted) = result {
            accepted.push(posted.receipt.transaction_id);
            // A transfer plus its reversal restores every balance.
            if matches!(op, Op::ReverseLast) {
                let undone = &before_model.log[before_model.log.len() - 1].0;
                let mut restored = before_model.clone();
                for (slot, delta) in undone {
                    let v = restored.slots()[*slot] - delta;
                    restored.set(*slot, v);
                }
                assert_eq!(model.slots(), restored.slots());
            }
        } else {
            assert_eq!(transaction_count(store).await, count_before, "a refused request leaves no trace");
        }
        let stored = [
            store.coin_account(&escrow.id).await.unwrap().unwrap().balance,
            store.coin_account(&unissued.id).await.unwrap().unwrap().balance,
            store.coin_account(&holders[0].id).await.unwrap().unwrap().balance,
            store.coin_account(&holders[1].id).await.unwrap().unwrap().balance,
            store.coin_account(&holders[2].id).await.unwrap().unwrap().balance,
            store.coin_account(&businesses[0].id).await.unwrap().unwrap().balance,
            store.coin_account(&businesses[1].id).await.unwrap().unwrap().balance,
        ];
        assert_eq!(stored, model.slots(), "step {step} {op:?}");
        assert_eq!(stored[0], stored[1..].iter().sum::<i64>(), "conservation");
    }
}
