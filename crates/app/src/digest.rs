//! The marketplace's weekly e-mail ("alerts for new matching posts"): for
//! each member of a cooperative who asked for it, once per ISO week, what
//! was placed in their own buurt that week and the new posts that match
//! their own open ones. Queued and sent by `wijkwerk mail send`, written
//! from what the marketplace holds at sending time; a week with nothing new
//! sends nothing.
//!
//! Personal data: the choice (in the mail preferences) and which weeks went
//! out, in the person's export and gone with them. The digest shows only
//! posts the person could see on the marketplace themselves.

use crate::Result;
use crate::marketplace::{new_nearby, suggestions};
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::mail::{RETRY_AFTER_SECONDS, digest_week};
use wijkwerk_store::Store;
use wijkwerk_store::digests::DigestItem;
use wijkwerk_store::marketplace::MarketPost;

/// What one person's digest says.
#[derive(Clone, Debug, Default)]
pub struct Digest {
    /// Others' open posts placed in their buurt this past week.
    pub nearby: Vec<MarketPost>,
    /// Their own open posts, each with the new posts that match it.
    pub matches: Vec<(MarketPost, Vec<MarketPost>)>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.nearby.is_empty() && self.matches.is_empty()
    }
}

/// One run: this week's digests queued (once per person), then up to
/// `limit` claimed for ten minutes.
pub async fn due(store: &Store, now: Timestamp, limit: i64) -> Result<(u64, Vec<DigestItem>)> {
    let queued = store.queue_market_digests(&digest_week(now), now).await?;
    Ok((queued, store.claim_digests(now, now.plus_seconds(600), limit).await?))
}

/// What is new for the person since a week before `now`.
pub async fn content(store: &Store, item: &DigestItem, now: Timestamp) -> Result<Digest> {
    let since = now.minus_seconds(7 * 86_400).to_rfc3339();
    let mut matches = Vec::new();
    for post in store.posts_of(&item.person_id).await? {
        if post.status != "open" || post.owner_id != item.person_id {
            continue;
        }
        let new: Vec<MarketPost> = suggestions(store, &post)
            .await?
            .into_iter()
            .map(|s| s.post)
            .filter(|p| p.created_at >= since)
            .collect();
        if !new.is_empty() {
            matches.push((post, new));
        }
    }
    Ok(Digest { nearby: new_nearby(store, &item.person_id, now).await?, matches })
}

/// Sent, or nothing to tell (`empty`).
pub async fn done(store: &Store, item: &DigestItem, empty: bool, now: Timestamp) -> Result<()> {
    Ok(store.digest_done(&item.id, empty, now).await?)
}

/// A failed send is tried again by a later run, a few times.
pub async fn failed(store: &Store, item: &DigestItem, error: &str, now: Timestamp) -> Result<()> {
    Ok(store.digest_failed(&item.id, error, now.plus_seconds(RETRY_AFTER_SECONDS)).await?)
}
