//! The cooperative's marketplace on every engine: search and the matching
//! candidates, agreements, and the hours ledger: hours move only when both
//! sides confirm the same number, once however often or however fast they
//! confirm, every transfer sums to zero, the ledger is append-only, and
//! erasure keeps the books without the person.

use std::sync::Arc;
use wijkwerk_domain::cooperative::{CooperativeInput, MemberKind};
use wijkwerk_domain::marketplace::{AgreementInput, Confirmation, PostInput, PostKind, Reward, Side};
use wijkwerk_domain::person::NewAccount;
use wijkwerk_domain::{PlaceLevel, Timestamp};
use wijkwerk_store::Store;
use wijkwerk_store::marketplace::{NewAgreement, NewPost, PostFilter, account_of};
use wijkwerk_store::testing::{TestDb, fresh_stores};

const WIJK: &str = "WK960101";
const BUURT: &str = "BU96010101";
const OTHER_BUURT: &str = "BU96010102";

async fn setup(store: &Store) {
    store.add_place("NL", PlaceLevel::Land, "Nederland", None).await.unwrap();
    store.add_place("GM9601", PlaceLevel::Gemeente, "Lindenhoven", Some("NL")).await.unwrap();
    store.add_place(WIJK, PlaceLevel::Wijk, "Centrum", Some("GM9601")).await.unwrap();
    store.add_place(BUURT, PlaceLevel::Buurt, "Oude Kern", Some(WIJK)).await.unwrap();
    store.add_place(OTHER_BUURT, PlaceLevel::Buurt, "Haven", Some(WIJK)).await.unwrap();
    let input = CooperativeInput {
        name: "Wijkcoöperatie Centrum".into(),
        legal_form: "cooperatie".into(),
        terms: "Iedereen uit de wijk kan lid worden.".into(),
        mandate: "Groenonderhoud".into(),
    };
    store.register_cooperative(WIJK, &input, Timestamp::now()).await.unwrap();
}

async fn person(store: &Store, email: &str) -> String {
    let account = NewAccount {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        password: "een-goed-wachtwoord".into(),
        language: "nl".into(),
        home_place_code: None,
    };
    let id = store.create_account(account).await.unwrap().id;
    store.join_cooperative(WIJK, &id, MemberKind::Resident, Timestamp::now()).await.unwrap();
    id
}

fn input(kind: PostKind, domain: &str, buurt: &str, skills: &[&str], reward: Reward) -> PostInput {
    PostInput {
        kind,
        title: format!("{domain} in {buurt}"),
        description: "Samen de tuin doen".into(),
        domain: domain.into(),
        buurt: buurt.into(),
        when: "zaterdag".into(),
        reward,
        skills: skills.iter().map(|s| s.to_string()).collect(),
        days_open: 30,
    }
}

async fn post(store: &Store, owner: &str, input: &PostInput) -> String {
    let who = NewPost { place_code: WIJK, owner_id: owner, posted_by: None, team_id: None };
    store.create_post(&who, input, Timestamp::now()).await.unwrap()
}

async fn agreed(store: &Store, post_id: &str, helper: &str, receiver: &str, reward: Reward) -> String {
    let input =
        AgreementInput { what: "Tuin snoeien".into(), when: "zaterdag 10 uur".into(), planned_minutes: 120 };
    let new = NewAgreement {
        place_code: WIJK,
        post_id,
        helper_id: helper,
        receiver_id: receiver,
        team_id: None,
        proposed_by: Side::Helper,
        input: &input,
        reward,
    };
    let id = store.propose_agreement(&new, Timestamp::now()).await.unwrap();
    store.answer_agreement(&id, true, Timestamp::now()).await.unwrap();
    id
}

#[tokio::test]
async fn search_filters_and_candidates_come_from_the_domain_and_shared_skills() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let [greet, ria, kees] = [
            person(&store, "greet@example.nl").await,
            person(&store, "ria@example.nl").await,
            person(&store, "kees@example.nl").await,
        ];
        let garden =
            post(&store, &greet, &input(PostKind::Request, "wonen", BUURT, &["tuinieren"], Reward::Hours))
                .await;
        post(&store, &ria, &input(PostKind::Offer, "wonen", OTHER_BUURT, &[], Reward::Hours)).await;
        post(
            &store,
            &kees,
            &input(PostKind::Offer, "leren", BUURT, &["tuinieren", "bijles"], Reward::Volunteer),
        )
        .await;
        post(&store, &kees, &input(PostKind::Offer, "werk", BUURT, &["fietsen"], Reward::Paid)).await;
        // Greet's own offer never matches her request.
        post(&store, &greet, &input(PostKind::Offer, "wonen", BUURT, &["tuinieren"], Reward::Hours)).await;

        let wijken = vec![WIJK.to_string()];
        let all = store.search_posts(&wijken, &PostFilter::default(), 10).await.unwrap();
        assert_eq!(all.len(), 5);
        let offers = PostFilter { kind: "offer".into(), buurt: BUURT.into(), ..Default::default() };
        assert_eq!(store.search_posts(&wijken, &offers, 10).await.unwrap().len(), 3);
        let words = PostFilter { words: "LEREN".into(), ..Default::default() };
        assert_eq!(store.search_posts(&wijken, &words, 10).await.unwrap().len(), 1);
        // The next page starts after the last post of this one.
        let first = store.search_posts(&wijken, &PostFilter::default(), 4).await.unwrap();
        let after = PostFilter {
            before: Some((first[3].created_at.clone(), first[3].id.clone())),
            ..Default::default()
        };
        let rest = store.search_posts(&wijken, &after, 4).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert!(!first.iter().any(|p| p.id == rest[0].id));

        let request = store.market_post(&garden).await.unwrap().unwrap();
        assert_eq!(request.skills, ["tuinieren"]);
        let mut found: Vec<String> = store
            .match_candidates(&request, &wijken, 50)
            .await
            .unwrap()
            .into_iter()
            .map(|p| format!("{}:{}", p.owner_name, p.domain))
            .collect();
        found.sort();
        assert_eq!(found, ["kees:leren", "ria:wonen"], "{:?}", store.engine());

        // Closed, withdrawn and expired posts are not found.
        assert!(store.end_post(&garden, "withdrawn").await.unwrap());
        assert!(!store.end_post(&garden, "withdrawn").await.unwrap());
        let later = Timestamp::now().plus_seconds(31 * 86_400);
        let (expired, _) = store.expire_posts(later).await.unwrap();
        assert_eq!(expired, 4);
        assert!(store.search_posts(&wijken, &PostFilter::default(), 10).await.unwrap().is_empty());
        assert_eq!(store.market_counts("GM9601").await.unwrap(), vec![]);
    }
}

#[tokio::test]
async fn owners_are_warned_once_in_the_last_week() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let greet = person(&store, "greet@example.nl").await;
        let id =
            post(&store, &greet, &input(PostKind::Request, "wonen", BUURT, &[], Reward::Volunteer)).await;
        let (_, warn) = store.expire_posts(Timestamp::now().plus_seconds(20 * 86_400)).await.unwrap();
        assert!(warn.is_empty());
        let week_before = Timestamp::now().plus_seconds(24 * 86_400);
        let (_, warn) = store.expire_posts(week_before).await.unwrap();
        assert_eq!(warn.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [id.as_str()]);
        let (_, again) = store.expire_posts(week_before.plus_seconds(3600)).await.unwrap();
        assert!(again.is_empty(), "warned once");
        // Renewing starts the clock again, warning included.
        store.renew_post(&id, 30, week_before).await.unwrap();
        let (_, after) = store.expire_posts(week_before.plus_seconds(24 * 86_400)).await.unwrap();
        assert_eq!(after.len(), 1);
    }
}

#[tokio::test]
async fn hours_move_once_when_both_sides_agree_and_always_sum_to_zero() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let (greet, ria) = (person(&store, "greet@example.nl").await, person(&store, "ria@example.nl").await);
        let request =
            post(&store, &greet, &input(PostKind::Request, "wonen", BUURT, &[], Reward::Hours)).await;
        let id = agreed(&store, &request, &ria, &greet, Reward::Hours).await;
        // Accepting closed the request: it found its helper.
        assert_eq!(store.market_post(&request).await.unwrap().unwrap().status, "closed");
        assert!(matches!(
            store.answer_agreement(&id, false, Timestamp::now()).await,
            Err(wijkwerk_store::StoreError::Conflict("agreement-not-proposed"))
        ));

        let now = Timestamp::now();
        assert_eq!(
            store.confirm_hours(&id, Side::Helper, 150, "", now).await.unwrap(),
            Confirmation::Waiting
        );
        assert_eq!(
            store.confirm_hours(&id, Side::Receiver, 120, "Dank!", now).await.unwrap(),
            Confirmation::Differs
        );
        assert_eq!(store.hours_in(WIJK).await.unwrap(), (0, 0), "no hours while they differ");
        assert_eq!(
            store.confirm_hours(&id, Side::Helper, 120, "Graag gedaan", now).await.unwrap(),
            Confirmation::Agreed(120)
        );
        // A retry of the same word changes nothing; another number is refused.
        assert_eq!(
            store.confirm_hours(&id, Side::Receiver, 120, "Dank!", now).await.unwrap(),
            Confirmation::Agreed(120)
        );
        assert!(matches!(
            store.confirm_hours(&id, Side::Receiver, 60, "", now).await,
            Err(wijkwerk_store::StoreError::Conflict("agreement-done"))
        ));
        let (ria_account, greet_account) = (account_of(Some(&ria), None), account_of(Some(&greet), None));
        assert_eq!(store.hours_balance(&ria_account).await.unwrap(), 120);
        assert_eq!(store.hours_balance(&greet_account).await.unwrap(), -120);
        assert_eq!(store.hours_movements(&ria_account).await.unwrap()[0].what, "Tuin snoeien");
        let check = store.check_hours().await.unwrap();
        assert!(check.is_sound(), "{check:?}");
        assert_eq!((check.transfers, check.movements, check.total), (1, 2, 0));

        // Volunteer work is confirmed and thanked, without hours.
        let offer = post(&store, &ria, &input(PostKind::Offer, "leren", BUURT, &[], Reward::Volunteer)).await;
        let free = agreed(&store, &offer, &ria, &greet, Reward::Volunteer).await;
        store.confirm_hours(&free, Side::Helper, 60, "", now).await.unwrap();
        store.confirm_hours(&free, Side::Receiver, 60, "Fijn!", now).await.unwrap();
        assert_eq!(store.agreement(&free).await.unwrap().unwrap().status, "done");
        assert_eq!(store.check_hours().await.unwrap().transfers, 1);
    }
}

#[tokio::test]
async fn racing_confirmations_write_one_transfer() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let (greet, ria) = (person(&store, "greet@example.nl").await, person(&store, "ria@example.nl").await);
        let request =
            post(&store, &greet, &input(PostKind::Request, "wonen", BUURT, &[], Reward::Hours)).await;
        let id = agreed(&store, &request, &ria, &greet, Reward::Hours).await;
        let store = Arc::new(store);
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (store, id) = (store.clone(), id.clone());
                let side = if i % 2 == 0 { Side::Helper } else { Side::Receiver };
                tokio::spawn(async move { store.confirm_hours(&id, side, 90, "", Timestamp::now()).await })
            })
            .collect();
        for t in tasks {
            let standing = t.await.unwrap().unwrap();
            assert!(matches!(standing, Confirmation::Waiting | Confirmation::Agreed(90)), "{standing:?}");
        }
        let check = store.check_hours().await.unwrap();
        assert_eq!((check.transfers, check.total), (1, 0), "{:?}", store.engine());
        assert_eq!(store.hours_balance(&account_of(Some(&ria), None)).await.unwrap(), 90);
    }
}

#[tokio::test]
async fn the_hours_ledger_is_append_only_and_outlives_an_erasure() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let (greet, ria) = (person(&store, "greet@example.nl").await, person(&store, "ria@example.nl").await);
        let request =
            post(&store, &greet, &input(PostKind::Request, "wonen", BUURT, &[], Reward::Hours)).await;
        let id = agreed(&store, &request, &ria, &greet, Reward::Hours).await;
        store.confirm_hours(&id, Side::Helper, 60, "", Timestamp::now()).await.unwrap();
        store.confirm_hours(&id, Side::Receiver, 60, "", Timestamp::now()).await.unwrap();
        for sql in [
            "UPDATE hours_movements SET minutes = 600",
            "DELETE FROM hours_movements",
            "UPDATE hours_transfers SET minutes = 600",
            "DELETE FROM hours_transfers",
        ] {
            assert!(sqlx::query(sql).execute(store.writer()).await.is_err(), "{sql} on {:?}", store.engine());
        }
        let export = store.export_person(&greet).await.unwrap();
        assert_eq!(export.cooperative_memberships.len(), 1);
        assert_eq!(export.market_posts.len(), 1);
        assert_eq!(export.market_agreements.len(), 1);
        assert_eq!(export.hours.len(), 1);
        store.erase_person(&greet).await.unwrap();
        assert!(store.market_post(&request).await.unwrap().is_none(), "the post went with her");
        let kept = store.agreement(&id).await.unwrap().unwrap();
        assert_eq!((kept.receiver_name.as_str(), kept.helper_name.as_str()), ("", "ria"));
        assert!(store.members(WIJK).await.unwrap().iter().all(|m| m.person_id != greet));
        assert!(store.check_hours().await.unwrap().is_sound());
        assert_eq!(store.hours_balance(&account_of(Some(&ria), None)).await.unwrap(), 60);
    }
}

#[tokio::test]
async fn rare_and_common_words_find_the_same_posts_a_page_at_a_time() {
    for TestDb { store, .. } in fresh_stores().await {
        setup(&store).await;
        let greet = person(&store, "greet@example.nl").await;
        let now = Timestamp::now();
        // 320 posts say "tuinieren" (a common word, read newest first); one
        // says "zeldzaam" (a rare one, found through the word index).
        let mut posts: Vec<(NewPost<'_>, PostInput, Timestamp)> = (0..320)
            .map(|i| {
                let mut p = input(PostKind::Offer, "wonen", BUURT, &[], Reward::Hours);
                p.title = format!("Tuinieren {i}");
                let who = NewPost { place_code: WIJK, owner_id: &greet, posted_by: None, team_id: None };
                (who, p, now.minus_seconds(i * 60))
            })
            .collect();
        let mut rare = input(PostKind::Request, "leren", OTHER_BUURT, &[], Reward::Volunteer);
        rare.title = "Een zeldzaam instrument stemmen".into();
        let who = NewPost { place_code: WIJK, owner_id: &greet, posted_by: None, team_id: None };
        posts.push((who, rare, now.minus_seconds(30)));
        store.add_posts_in_bulk(&posts, &mut |_, _| {}).await.unwrap();
        let wijken = vec![WIJK.to_string()];
        let search = |words: &str| PostFilter { words: words.into(), ..Default::default() };

        let found = store.search_posts(&wijken, &search("Zeldz"), 10).await.unwrap();
        assert_eq!(
            found.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
            ["Een zeldzaam instrument stemmen"]
        );
        let kind = PostFilter { kind: "offer".into(), ..search("zeldzaam") };
        assert!(
            store.search_posts(&wijken, &kind, 10).await.unwrap().is_empty(),
            "the rest of the filter holds"
        );
        assert!(store.search_posts(&wijken, &search("zzzz"), 10).await.unwrap().is_empty());

        // The common word: newest first, and the next page carries on.
        let first = store.search_posts(&wijken, &search("tuinieren"), 10).await.unwrap();
        assert_eq!(first[0].title, "Tuinieren 0", "{:?}", store.engine());
        let last = first.last().unwrap();
        let next =
            PostFilter { before: Some((last.created_at.clone(), last.id.clone())), ..search("tuinieren") };
        let second = store.search_posts(&wijken, &next, 10).await.unwrap();
        assert_eq!(second[0].title, "Tuinieren 10");
        // Two words: the rare one leads, the other must be there too.
        let both = store.search_posts(&wijken, &search("zeldzaam stemmen"), 10).await.unwrap();
        assert_eq!(both.len(), 1);
        assert!(store.search_posts(&wijken, &search("zeldzaam tuinieren"), 10).await.unwrap().is_empty());
    }
}
