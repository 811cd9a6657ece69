//! `wijkwerk bench-data --market-posts N`: Proefstad's five wijken each get
//! a cooperative, all five in one alliance (so every marketplace sees every
//! post: the worst case for search and suggestions), 2,000 members and N
//! open requests and offers over the 50 buurten. Deterministic, so runs
//! compare. The benchmark reads the marketplace of the first wijk.

use crate::bench_data::Progress;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::cooperative::{AllianceInput, CooperativeInput, MemberKind};
use wijkwerk_domain::marketplace::{PostInput, PostKind, Reward};
use wijkwerk_store::Store;
use wijkwerk_store::demo::Seeded as Rng;
use wijkwerk_store::marketplace::NewPost;

const DOMAINS: [&str; 9] = [
    "werk",
    "leren",
    "huishouden-en-zorg",
    "sociaal-leven",
    "sport-en-bewegen",
    "vrijwilligerswerk-en-wijk",
    "hobbys-en-media",
    "slaap-en-verzorging",
    "reizen-en-overig",
];
const WHAT: [&str; 12] = [
    "Hulp in de tuin",
    "Bijles rekenen",
    "Boodschappen doen",
    "Fiets repareren",
    "Samen wandelen",
    "Klussen in huis",
    "Taalmaatje",
    "Oppas na school",
    "Computerhulp",
    "Koken voor buren",
    "Vervoer naar het ziekenhuis",
    "Formulieren invullen",
];
const SKILLS: [&str; 20] = [
    "tuinieren",
    "rekenen",
    "koken",
    "fietsen",
    "wandelen",
    "klussen",
    "taal",
    "oppassen",
    "computer",
    "rijden",
    "schilderen",
    "naaien",
    "muziek",
    "sport",
    "schrijven",
    "administratie",
    "sjouwen",
    "schoonmaken",
    "tolken",
    "fotografie",
];

/// Fills the marketplace; returns one request's id (with suggestions).
pub async fn generate(store: &Store, posts: usize) -> Result<String, String> {
    let err = |e: wijkwerk_store::StoreError| e.to_string();
    let now = Timestamp::now();
    let wijken: Vec<String> = (1..=5).map(|w| format!("WK9699{w:02}")).collect();
    for w in &wijken {
        let input = CooperativeInput {
            name: format!("Coöperatie {w}"),
            legal_form: "cooperatie".into(),
            terms: "Voor de benchmark.".into(),
            mandate: String::new(),
        };
        store.register_cooperative(w, &input, now).await.map_err(err)?;
    }
    let alliance = AllianceInput {
        name: "Proefstad samen".into(),
        purpose: "Alle wijken zien elkaars vragen.".into(),
        offers: "Alles".into(),
        invited: wijken[1..].to_vec(),
    };
    let id = store.create_alliance(&wijken[0], &alliance, now).await.map_err(err)?;
    for w in &wijken[1..] {
        store.join_alliance(&id, w, "Alles", now).await.map_err(err)?;
    }
    let mut rng = Rng(1515);
    let mut members = Vec::new();
    for i in 0..2_000 {
        let w = &wijken[i % 5];
        let buurt = format!("BU{}{:02}", &w[2..], i % 10 + 1);
        let p = store.add_person(&format!("Lid {}", i + 1), Some(&buurt)).await.map_err(err)?;
        store.join_cooperative(w, &p.id, MemberKind::Resident, now).await.map_err(err)?;
        members.push((p.id, w.clone(), buurt));
    }
    let mut rows = Vec::with_capacity(posts);
    for i in 0..posts {
        let (owner, wijk, buurt) = &members[rng.below(2_000) as usize];
        let what = WHAT[rng.below(12) as usize];
        let kind = if rng.below(2) == 0 { PostKind::Request } else { PostKind::Offer };
        let skills = (0..1 + rng.below(3)).map(|_| SKILLS[rng.below(20) as usize].to_string()).collect();
        let input = PostInput {
            kind,
            title: format!("{what} {}", i + 1),
            description: format!("{what} in {buurt}. Reageer gerust."),
            domain: DOMAINS[rng.below(9) as usize].into(),
            buurt: buurt.clone(),
            when: "in overleg".into(),
            reward: [Reward::Volunteer, Reward::Hours, Reward::Coin, Reward::Paid][rng.below(4) as usize],
            skills,
            days_open: 90,
        };
        // Spread over the last 80 days, so "newest first" has work to do.
        let at = now.minus_seconds(rng.below(80 * 86_400) as i64);
        rows.push((owner.as_str(), wijk.as_str(), input, at));
    }
    let bulk: Vec<(NewPost<'_>, PostInput, Timestamp)> = rows
        .into_iter()
        .map(|(owner, wijk, input, at)| {
            (NewPost { place_code: wijk, owner_id: owner, posted_by: None, team_id: None }, input, at)
        })
        .collect();
    let mut progress = Progress::new("market posts");
    store.add_posts_in_bulk(&bulk, &mut |d, t| progress.show(d, t)).await.map_err(err)?;
    let wijk = &wijken[0];
    let first = store
        .search_posts(
            &[wijk.clone()],
            &wijkwerk_store::marketplace::PostFilter { kind: "request".into(), ..Default::default() },
            1,
        )
        .await
        .map_err(err)?;
    first.first().map(|p| p.id.clone()).ok_or_else(|| "no request was made".to_string())
}
