//! The cooperative's marketplace: posts (requests and offers) with their
//! skills, search, the candidates matching reads, agreements, and the hours
//! ledger (rules in `wijkwerk_domain::marketplace`, use cases in
//! `wijkwerk_app::marketplace`).
//!
//! Every confirmation of hours passes [`Store::confirm_hours`]: under the
//! agreement's lock it writes the side's number, asks the rule whether both
//! agree, and then closes the agreement and writes its one transfer (two
//! movements summing to zero) in the same transaction. The transfer's
//! unique agreement id makes a retried or racing confirmation write nothing
//! twice.

use crate::cooperative::{name, opt_int};
use crate::rows::from_row;
use crate::{AnyRow, Result, Store, StoreError, int, opt_text, text};
use serde::Serialize;
use wijkwerk_domain::marketplace::{
    self as rules, Confirmation, PostInput, PostKind, Reward, Side, WARN_DAYS,
};
use wijkwerk_domain::{Invalid, Timestamp, new_id};

fn skills(row: &AnyRow, col: &str) -> Result<Vec<String>> {
    Ok(text(row, col)?.split(',').filter(|s| !s.is_empty()).map(String::from).collect())
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketPost {
    pub id: String,
    pub place_code: String,
    pub buurt_code: String,
    pub buurt_name: String,
    #[serde(skip)]
    pub owner_id: String,
    pub owner_name: String,
    #[serde(skip)]
    pub posted_by: Option<String>,
    /// The professional who posted it on the owner's behalf; empty otherwise.
    pub posted_by_name: String,
    pub team_id: Option<String>,
    pub team_name: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub domain: String,
    pub when_text: String,
    pub reward: String,
    pub skills: Vec<String>,
    /// `open`, `closed`, `withdrawn` or `expired`.
    pub status: String,
    pub created_at: String,
    pub expires_at: String,
    pub warn_from: String,
}
from_row! { MarketPost {
    id: text, place_code: text, buurt_code: text, buurt_name: text, owner_id: text, owner_name: name,
    posted_by: opt_text, posted_by_name: name, team_id: opt_text, team_name: name, kind: text, title: text,
    description: text, domain: text, when_text: text, reward: text, skills: skills, status: text,
    created_at: text, expires_at: text, warn_from: text,
} }

impl MarketPost {
    /// The post as matching reads it; `wijk` is its cooperative's wijk.
    pub fn for_matching(&self) -> rules::Post {
        rules::Post {
            id: self.id.clone(),
            owner_id: self.owner_id.clone(),
            kind: PostKind::parse(&self.kind).unwrap_or(PostKind::Request),
            domain: self.domain.clone(),
            buurt: self.buurt_code.clone(),
            wijk: self.place_code.clone(),
            skills: self.skills.clone(),
        }
    }
}

const POST: &str = "SELECT m.id, m.place_code, m.buurt_code, b.name AS buurt_name, m.owner_id,
    o.display_name AS owner_name, m.posted_by, pb.display_name AS posted_by_name, m.team_id, t.name AS team_name,
    m.kind, m.title, m.description, m.domain, m.when_text, m.reward, m.skills, m.status, m.created_at,
    m.expires_at, m.warn_from
    FROM market_posts m JOIN places b ON b.code = m.buurt_code JOIN persons o ON o.id = m.owner_id
    LEFT JOIN persons pb ON pb.id = m.posted_by LEFT JOIN coop_teams t ON t.id = m.team_id";

/// What to look for on the marketplace; empty fields mean any.
#[derive(Clone, Debug, Default)]
pub struct PostFilter {
    pub kind: String,
    pub domain: String,
    pub buurt: String,
    /// Words in the title or description.
    pub words: String,
    /// Only posts older than this one `(created_at, id)`: the next page.
    pub before: Option<(String, String)>,
}

/// A word typed that fewer posts than this in one wijk contain is searched
/// through the word index; a commoner one by reading the newest posts,
/// which soon finds enough.
const RARE_WORD: i64 = 300;

/// Who a new post is of.
pub struct NewPost<'a> {
    pub place_code: &'a str,
    pub owner_id: &'a str,
    pub posted_by: Option<&'a str>,
    pub team_id: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    pub id: String,
    pub place_code: String,
    pub post_id: Option<String>,
    pub post_title: String,
    #[serde(skip)]
    pub helper_id: Option<String>,
    pub helper_name: String,
    #[serde(skip)]
    pub receiver_id: Option<String>,
    pub receiver_name: String,
    pub team_id: Option<String>,
    pub team_name: String,
    pub proposed_by: String,
    pub what: String,
    pub when_text: String,
    pub planned_minutes: i64,
    pub reward: String,
    /// `proposed`, `agreed`, `declined` or `done`.
    pub status: String,
    pub created_at: String,
    pub agreed_at: Option<String>,
    pub helper_minutes: Option<i64>,
    pub receiver_minutes: Option<i64>,
    pub helper_thanks: String,
    pub receiver_thanks: String,
    pub done_at: Option<String>,
}
from_row! { Agreement {
    id: text, place_code: text, post_id: opt_text, post_title: name, helper_id: opt_text, helper_name: name,
    receiver_id: opt_text, receiver_name: name, team_id: opt_text, team_name: name, proposed_by: text, what: text,
    when_text: text, planned_minutes: int, reward: text, status: text, created_at: text, agreed_at: opt_text,
    helper_minutes: opt_int, receiver_minutes: opt_int, helper_thanks: text, receiver_thanks: text,
    done_at: opt_text,
} }

const AGREEMENT: &str = "SELECT a.id, a.place_code, a.post_id, m.title AS post_title, a.helper_id,
    h.display_name AS helper_name, a.receiver_id, r.display_name AS receiver_name, a.team_id, t.name AS team_name,
    a.proposed_by, a.what, a.when_text, a.planned_minutes, a.reward, a.status, a.created_at, a.agreed_at,
    a.helper_minutes, a.receiver_minutes, a.helper_thanks, a.receiver_thanks, a.done_at
    FROM market_agreements a LEFT JOIN market_posts m ON m.id = a.post_id
    LEFT JOIN persons h ON h.id = a.helper_id LEFT JOIN persons r ON r.id = a.receiver_id
    LEFT JOIN coop_teams t ON t.id = a.team_id";

/// A new agreement as proposed on a post.
pub struct NewAgreement<'a> {
    pub place_code: &'a str,
    pub post_id: &'a str,
    pub helper_id: &'a str,
    pub receiver_id: &'a str,
    pub team_id: Option<&'a str>,
    pub proposed_by: Side,
    pub input: &'a rules::AgreementInput,
    pub reward: Reward,
}

/// One movement on an hours account, for its owner.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursMovement {
    pub transfer_id: String,
    pub agreement_id: String,
    pub what: String,
    /// Positive: hours received for helping; negative: hours given for help.
    pub minutes: i64,
    pub at: String,
}
from_row! { HoursMovement { transfer_id: text, agreement_id: text, what: name, minutes: int, at: text } }

/// The hours ledger's own check, like `coin check`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursCheck {
    pub transfers: i64,
    pub movements: i64,
    /// Transfers whose movements do not sum to zero or to their minutes.
    pub broken: Vec<String>,
    /// Agreements done with hours that have no transfer.
    pub missing: Vec<String>,
    /// The sum of all movements: zero in a sound ledger.
    pub total: i64,
}

impl HoursCheck {
    pub fn is_sound(&self) -> bool {
        self.broken.is_empty() && self.missing.is_empty() && self.total == 0
    }
}

/// An hours account's name in the ledger.
pub fn account_of(person_id: Option<&str>, team_id: Option<&str>) -> String {
    match team_id {
        Some(team) => format!("team:{team}"),
        None => format!("person:{}", person_id.unwrap_or("erased")),
    }
}

impl Store {
    /// Writes a post with its skills.
    pub async fn create_post(&self, who: &NewPost<'_>, input: &PostInput, now: Timestamp) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let id = write_post(&mut tx, who, input, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Many posts at once, a thousand to a transaction (the benchmark's
    /// national-scale marketplace): `(who, what, when)`.
    pub async fn add_posts_in_bulk(
        &self,
        posts: &[(NewPost<'_>, PostInput, Timestamp)],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        let mut done = 0;
        for chunk in posts.chunks(1000) {
            let mut tx = self.begin_write().await?;
            for (who, input, at) in chunk {
                write_post(&mut tx, who, input, *at).await?;
            }
            tx.commit().await?;
            done += chunk.len();
            progress(done, posts.len());
        }
        Ok(())
    }

    pub async fn market_post(&self, id: &str) -> Result<Option<MarketPost>> {
        self.one_where(format!("{POST} WHERE m.id = $1"), id).await
    }

    /// Open posts in the given wijken matching the filter, newest first, at
    /// most `limit` (older than `filter.before` for the next page). Each
    /// wijk is read newest first along its index, as far as the page needs,
    /// and the lists are merged: one sort of a few rows instead of one over
    /// every post of the alliance.
    pub async fn search_posts(
        &self,
        wijken: &[String],
        filter: &PostFilter,
        limit: i64,
    ) -> Result<Vec<MarketPost>> {
        let words: Vec<String> = filter
            .words
            .split_whitespace()
            .take(5)
            .map(|w| w.to_lowercase().replace(['%', '_'], ""))
            .collect();
        // The longest folded word typed is the likeliest to be rare.
        let rarest = filter
            .words
            .split_whitespace()
            .flat_map(wijkwerk_domain::socialmap::search_words)
            .max_by_key(|w| w.chars().count());
        let mut found = Vec::new();
        for wijk in wijken {
            if let Some(word) = &rarest
                && let Some(ids) = self.rare_word_posts(wijk, word, filter).await?
            {
                let posts = self.posts_by_id(&ids).await?;
                found.extend(posts.into_iter().filter(|p| fits(p, filter, &words)));
                continue;
            }
            let mut sql = format!("{POST} WHERE m.place_code = $1 AND m.status = 'open'");
            let mut binds: Vec<String> = vec![wijk.clone()];
            for (column, value) in
                [("m.kind", &filter.kind), ("m.domain", &filter.domain), ("m.buurt_code", &filter.buurt)]
            {
                if !value.is_empty() {
                    binds.push(value.clone());
                    sql.push_str(&format!(" AND {column} = ${}", binds.len()));
                }
            }
            for word in &words {
                binds.push(format!("%{word}%"));
                let n = binds.len();
                sql.push_str(&format!(" AND (LOWER(m.title) LIKE ${n} OR LOWER(m.description) LIKE ${n})"));
            }
            if let Some((at, id)) = &filter.before {
                binds.push(at.clone());
                binds.push(id.clone());
                let (a, i) = (binds.len() - 1, binds.len());
                sql.push_str(&format!(" AND (m.created_at < ${a} OR (m.created_at = ${a} AND m.id < ${i}))"));
            }
            sql.push_str(&format!(" ORDER BY m.created_at DESC, m.id DESC LIMIT {limit}"));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for b in binds {
                q = q.bind(b);
            }
            found.extend(self.read_all::<MarketPost>(q).await?);
        }
        Ok(newest_first(found, limit))
    }

    /// The posts of a wijk with a word starting with `word`, when there are
    /// fewer than [`RARE_WORD`] (older than the page's start); `None` when
    /// the word is common.
    async fn rare_word_posts(
        &self,
        wijk: &str,
        word: &str,
        filter: &PostFilter,
    ) -> Result<Option<Vec<String>>> {
        let before = filter.before.as_ref().map(|b| b.0.clone()).unwrap_or_else(|| "~".into());
        let ids: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT post_id FROM market_post_words
             WHERE place_code = $1 AND word >= $2 AND word < $3 AND created_at <= $4 LIMIT {}",
            RARE_WORD + 1
        )))
        .bind(wijk)
        .bind(word)
        .bind(wijkwerk_domain::socialmap::prefix_end(word))
        .bind(before)
        .fetch_all(&self.read)
        .await?;
        Ok((ids.len() as i64 <= RARE_WORD).then_some(ids))
    }

    /// Posts by id, a hundred at a time, by key alone (a condition on the
    /// status would tempt SQLite's planner to walk every open post).
    async fn posts_by_id(&self, ids: &[String]) -> Result<Vec<MarketPost>> {
        let mut posts = Vec::new();
        for chunk in ids.chunks(100) {
            let sql = format!("{POST} WHERE m.id IN ({})", placeholders(chunk.len(), 0));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id);
            }
            posts.extend(self.read_all::<MarketPost>(q).await?);
        }
        Ok(posts)
    }

    /// The open posts of the other kind that could match `post` in the
    /// given wijken: per wijk the newest in its domain, and the newest
    /// sharing one of its first three skills, about `per_way` of each over
    /// all the wijken together.
    /// Matching scores them.
    pub async fn match_candidates(
        &self,
        post: &MarketPost,
        wijken: &[String],
        per_way: i64,
    ) -> Result<Vec<MarketPost>> {
        let other = if post.kind == "request" { "offer" } else { "request" };
        // The newest `per_way` over the alliance, shared out over its wijken.
        let per_way = (per_way / wijken.len().max(1) as i64).max(20);
        let mut found: Vec<MarketPost> = Vec::new();
        let mut skilled: Vec<String> = Vec::new();
        for wijk in wijken {
            let by_domain = format!(
                "{POST} WHERE m.place_code = $1 AND m.kind = $2 AND m.domain = $3 AND m.status = 'open'
                 AND m.owner_id <> $4 ORDER BY m.created_at DESC, m.id DESC LIMIT {per_way}"
            );
            let q = sqlx::query(sqlx::AssertSqlSafe(by_domain))
                .bind(wijk)
                .bind(other)
                .bind(&post.domain)
                .bind(&post.owner_id);
            found.extend(self.read_all::<MarketPost>(q).await?);
            for skill in post.skills.iter().take(3) {
                let ids: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT post_id FROM market_post_skills WHERE skill = $1 AND kind = $2 AND place_code = $3
                     ORDER BY created_at DESC, post_id DESC LIMIT {}",
                    per_way / 4
                )))
                .bind(skill)
                .bind(other)
                .bind(wijk)
                .fetch_all(&self.read)
                .await?;
                skilled.extend(ids);
            }
        }
        skilled.sort();
        skilled.dedup();
        let posts = self.posts_by_id(&skilled).await?;
        found.extend(
            posts
                .into_iter()
                .filter(|p| p.status == "open" && p.domain != post.domain && p.owner_id != post.owner_id),
        );
        Ok(found)
    }

    /// The person's own posts, and those posted on their behalf; newest first.
    pub async fn posts_of(&self, person_id: &str) -> Result<Vec<MarketPost>> {
        self.all_where(
            format!("{POST} WHERE m.owner_id = $1 OR m.posted_by = $1 ORDER BY m.created_at DESC, m.id"),
            person_id,
        )
        .await
    }

    /// Withdraws or closes an open post; false when it was not open.
    pub async fn end_post(&self, id: &str, status: &str) -> Result<bool> {
        let changed = sqlx::query("UPDATE market_posts SET status = $1 WHERE id = $2 AND status = 'open'")
            .bind(status)
            .bind(id)
            .execute(&self.write)
            .await?
            .rows_affected();
        Ok(changed == 1)
    }

    /// Keeps a post up for `days` more from now (also an expired one).
    pub async fn renew_post(&self, id: &str, days: i64, now: Timestamp) -> Result<()> {
        let expires = now.plus_seconds(days * 86_400);
        sqlx::query(
            "UPDATE market_posts SET status = 'open', expires_at = $1, warn_from = $2, warned_at = NULL
             WHERE id = $3 AND status IN ('open', 'expired')",
        )
        .bind(expires.to_rfc3339())
        .bind(expires.minus_seconds(WARN_DAYS * 86_400).to_rfc3339())
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The nightly round: open posts past their end become expired; those in
    /// their last week are marked warned and returned, once, so their owners
    /// can be told. Returns (expired, to warn).
    pub async fn expire_posts(&self, now: Timestamp) -> Result<(u64, Vec<MarketPost>)> {
        let now_text = now.to_rfc3339();
        let expired = sqlx::query(
            "UPDATE market_posts SET status = 'expired' WHERE status = 'open' AND expires_at <= $1",
        )
        .bind(&now_text)
        .execute(&self.write)
        .await?
        .rows_affected();
        let to_warn: Vec<MarketPost> = self
            .read_all(
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{POST} WHERE m.status = 'open' AND m.warn_from <= $1 AND m.warned_at IS NULL ORDER BY m.id"
                )))
                .bind(&now_text),
            )
            .await?;
        for p in &to_warn {
            sqlx::query("UPDATE market_posts SET warned_at = $1 WHERE id = $2")
                .bind(&now_text)
                .bind(&p.id)
                .execute(&self.write)
                .await?;
        }
        Ok((expired, to_warn))
    }

    /// Open requests and offers per life domain in the wijk (or under a place).
    pub async fn market_counts(&self, ancestor: &str) -> Result<Vec<(String, i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT m.domain, SUM(CASE WHEN m.kind = 'request' THEN 1 ELSE 0 END),
             SUM(CASE WHEN m.kind = 'offer' THEN 1 ELSE 0 END)
             FROM market_posts m JOIN place_tree t ON t.descendant = m.place_code
             WHERE t.ancestor = $1 AND m.status = 'open' GROUP BY m.domain ORDER BY m.domain",
        )
        .bind(ancestor)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn propose_agreement(&self, new: &NewAgreement<'_>, now: Timestamp) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO market_agreements (id, place_code, post_id, helper_id, receiver_id, team_id, proposed_by,
             what, when_text, planned_minutes, reward, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'proposed', $12)",
        )
        .bind(&id)
        .bind(new.place_code)
        .bind(new.post_id)
        .bind(new.helper_id)
        .bind(new.receiver_id)
        .bind(new.team_id)
        .bind(new.proposed_by.as_str())
        .bind(&new.input.what)
        .bind(&new.input.when)
        .bind(new.input.planned_minutes)
        .bind(reward_str(new.reward))
        .bind(now.to_rfc3339())
        .execute(&self.write)
        .await?;
        Ok(id)
    }

    pub async fn agreement(&self, id: &str) -> Result<Option<Agreement>> {
        self.one_where(format!("{AGREEMENT} WHERE a.id = $1"), id).await
    }

    /// Agreements the person is a side of, or coaches through a team; newest first.
    pub async fn agreements_of(&self, person_id: &str) -> Result<Vec<Agreement>> {
        self.all_where(
            format!(
                "{AGREEMENT} WHERE a.helper_id = $1 OR a.receiver_id = $1 ORDER BY a.created_at DESC, a.id"
            ),
            person_id,
        )
        .await
    }

    pub async fn agreements_on(&self, post_id: &str) -> Result<Vec<Agreement>> {
        self.all_where(format!("{AGREEMENT} WHERE a.post_id = $1 ORDER BY a.created_at, a.id"), post_id).await
    }

    /// A team's tasks, newest first.
    pub async fn team_tasks(&self, team_id: &str) -> Result<Vec<Agreement>> {
        self.all_where(format!("{AGREEMENT} WHERE a.team_id = $1 ORDER BY a.created_at DESC, a.id"), team_id)
            .await
    }

    /// The other side accepts or declines a proposal. When an agreement on a
    /// request is accepted, the request is closed: it found its helper.
    pub async fn answer_agreement(&self, id: &str, accept: bool, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE market_agreements SET status = $1, agreed_at = $2 WHERE id = $3 AND status = 'proposed'",
        )
        .bind(if accept { "agreed" } else { "declined" })
        .bind(accept.then(|| now.to_rfc3339()))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("agreement-not-proposed"));
        }
        if accept {
            sqlx::query(
                "UPDATE market_posts SET status = 'closed' WHERE status = 'open' AND kind = 'request'
                 AND id = (SELECT post_id FROM market_agreements WHERE id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The one place hours are confirmed (see the module's text). Returns
    /// where the confirmation stands after this side's word.
    pub async fn confirm_hours(
        &self,
        id: &str,
        side: Side,
        minutes: i64,
        thanks: &str,
        now: Timestamp,
    ) -> Result<Confirmation> {
        let mut tx = self.begin_write().await?;
        let locked = sqlx::query("UPDATE market_agreements SET id = id WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if locked == 0 {
            return Err(StoreError::NotFound);
        }
        let row = sqlx::query(
            "SELECT place_code, status, reward, helper_id, receiver_id, team_id, helper_minutes, receiver_minutes
             FROM market_agreements WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let status = text(&row, "status")?;
        let (mut helper, mut receiver) =
            (opt_int(&row, "helper_minutes")?, opt_int(&row, "receiver_minutes")?);
        if status == "done" {
            // A retry after the agreement closed: the same number changes nothing.
            let same = if side == Side::Helper { helper } else { receiver } == Some(minutes);
            return if same {
                Ok(rules::confirmation(helper, receiver))
            } else {
                Err(StoreError::Conflict("agreement-done"))
            };
        }
        if status != "agreed" {
            return Err(StoreError::Conflict("agreement-not-agreed"));
        }
        let column = match side {
            Side::Helper => {
                helper = Some(minutes);
                "helper"
            }
            Side::Receiver => {
                receiver = Some(minutes);
                "receiver"
            }
        };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE market_agreements SET {column}_minutes = $1, {column}_thanks = $2 WHERE id = $3"
        )))
        .bind(minutes)
        .bind(thanks)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let standing = rules::confirmation(helper, receiver);
        if let Confirmation::Agreed(agreed) = standing {
            sqlx::query("UPDATE market_agreements SET status = 'done', done_at = $1 WHERE id = $2")
                .bind(now.to_rfc3339())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if text(&row, "reward")? == "hours" {
                let team = opt_text(&row, "team_id")?;
                let from = account_of(opt_text(&row, "receiver_id")?.as_deref(), None);
                let to = account_of(opt_text(&row, "helper_id")?.as_deref(), team.as_deref());
                let movements = rules::transfer(&from, &to, agreed)
                    .map_err(|_| StoreError::Invalid(Invalid::single("hours", "hours-invalid")))?;
                let transfer = new_id();
                sqlx::query(
                    "INSERT INTO hours_transfers (id, place_code, agreement_id, minutes, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&transfer)
                .bind(text(&row, "place_code")?)
                .bind(id)
                .bind(agreed)
                .bind(now.to_rfc3339())
                .execute(&mut *tx)
                .await?;
                for (account, minutes) in movements {
                    sqlx::query(
                        "INSERT INTO hours_movements (transfer_id, account, minutes) VALUES ($1, $2, $3)",
                    )
                    .bind(&transfer)
                    .bind(account)
                    .bind(minutes)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(standing)
    }

    /// An hours account's balance in minutes.
    pub async fn hours_balance(&self, account: &str) -> Result<i64> {
        let sum: Option<i64> =
            sqlx::query_scalar("SELECT CAST(SUM(minutes) AS BIGINT) FROM hours_movements WHERE account = $1")
                .bind(account)
                .fetch_one(&self.read)
                .await?;
        Ok(sum.unwrap_or(0))
    }

    /// An hours account's movements, newest first.
    pub async fn hours_movements(&self, account: &str) -> Result<Vec<HoursMovement>> {
        self.read_all(
            sqlx::query(
                "SELECT v.transfer_id, t.agreement_id, a.what, v.minutes, t.created_at AS at
                 FROM hours_movements v JOIN hours_transfers t ON t.id = v.transfer_id
                 LEFT JOIN market_agreements a ON a.id = t.agreement_id
                 WHERE v.account = $1 ORDER BY t.created_at DESC, t.id",
            )
            .bind(account),
        )
        .await
    }

    /// Hours exchanged in a wijk: (transfers, minutes).
    pub async fn hours_in(&self, place_code: &str) -> Result<(i64, i64)> {
        let (n, sum): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), CAST(SUM(minutes) AS BIGINT) FROM hours_transfers WHERE place_code = $1",
        )
        .bind(place_code)
        .fetch_one(&self.read)
        .await?;
        Ok((n, sum.unwrap_or(0)))
    }

    /// Checks the whole hours ledger: every transfer two movements that sum
    /// to zero and carry its minutes, every agreement done for hours with its
    /// transfer, and all movements together zero.
    pub async fn check_hours(&self) -> Result<HoursCheck> {
        let transfers: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM hours_transfers").fetch_one(&self.read).await?;
        let movements: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM hours_movements").fetch_one(&self.read).await?;
        let total: Option<i64> =
            sqlx::query_scalar("SELECT CAST(SUM(minutes) AS BIGINT) FROM hours_movements")
                .fetch_one(&self.read)
                .await?;
        let broken: Vec<String> = sqlx::query_scalar(
            "SELECT t.id FROM hours_transfers t LEFT JOIN hours_movements v ON v.transfer_id = t.id
             GROUP BY t.id, t.minutes
             HAVING COUNT(v.account) <> 2 OR COALESCE(SUM(v.minutes), 1) <> 0
                 OR COALESCE(MAX(v.minutes), 0) <> t.minutes
             ORDER BY t.id",
        )
        .fetch_all(&self.read)
        .await?;
        let missing: Vec<String> = sqlx::query_scalar(
            "SELECT a.id FROM market_agreements a LEFT JOIN hours_transfers t ON t.agreement_id = a.id
             WHERE a.status = 'done' AND a.reward = 'hours' AND t.id IS NULL ORDER BY a.id",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(HoursCheck { transfers, movements, broken, missing, total: total.unwrap_or(0) })
    }
}

/// Writes one post and its skills inside `tx`.
async fn write_post(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    who: &NewPost<'_>,
    input: &PostInput,
    now: Timestamp,
) -> Result<String> {
    let id = new_id();
    let expires = now.plus_seconds(input.days_open * 86_400);
    let warn_from = expires.minus_seconds(WARN_DAYS * 86_400);
    sqlx::query(
        "INSERT INTO market_posts (id, place_code, buurt_code, owner_id, posted_by, team_id, kind, title,
             description, domain, when_text, reward, skills, status, created_at, expires_at, warn_from)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', $14, $15, $16)",
    )
    .bind(&id)
    .bind(who.place_code)
    .bind(&input.buurt)
    .bind(who.owner_id)
    .bind(who.posted_by)
    .bind(who.team_id)
    .bind(kind_str(input.kind))
    .bind(&input.title)
    .bind(&input.description)
    .bind(&input.domain)
    .bind(&input.when)
    .bind(reward_str(input.reward))
    .bind(input.skills.join(","))
    .bind(now.to_rfc3339())
    .bind(expires.to_rfc3339())
    .bind(warn_from.to_rfc3339())
    .execute(&mut **tx)
    .await?;
    let mut seen = std::collections::BTreeSet::new();
    for skill in input.skills.iter().filter(|s| seen.insert(s.as_str())) {
        sqlx::query(
            "INSERT INTO market_post_skills (post_id, skill, kind, place_code, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(skill)
        .bind(kind_str(input.kind))
        .bind(who.place_code)
        .bind(now.to_rfc3339())
        .execute(&mut **tx)
        .await?;
    }
    let text = format!("{} {}", input.title, input.description);
    for word in wijkwerk_domain::socialmap::search_words(&text) {
        sqlx::query(
            "INSERT INTO market_post_words (post_id, word, place_code, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(word)
        .bind(who.place_code)
        .bind(now.to_rfc3339())
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// Lists read newest first per wijk, merged: the first `limit`.
fn newest_first(mut posts: Vec<MarketPost>, limit: i64) -> Vec<MarketPost> {
    posts.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    posts.truncate(limit as usize);
    posts
}

/// Whether a post read through the word index meets the whole filter, as
/// the query would have decided: open, kind, domain, buurt, every word in
/// the title or description, and before the page's start.
fn fits(p: &MarketPost, f: &PostFilter, words: &[String]) -> bool {
    let text = format!("{}\n{}", p.title.to_lowercase(), p.description.to_lowercase());
    p.status == "open"
        && (f.kind.is_empty() || p.kind == f.kind)
        && (f.domain.is_empty() || p.domain == f.domain)
        && (f.buurt.is_empty() || p.buurt_code == f.buurt)
        && words.iter().all(|w| text.contains(w.as_str()))
        && f.before.as_ref().is_none_or(|(at, id)| (&p.created_at, &p.id) < (at, id))
}

fn placeholders(n: usize, after: usize) -> String {
    (1..=n).map(|i| format!("${}", after + i)).collect::<Vec<_>>().join(", ")
}

pub fn kind_str(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Request => "request",
        PostKind::Offer => "offer",
    }
}

pub fn reward_str(reward: Reward) -> &'static str {
    match reward {
        Reward::Paid => "paid",
        Reward::Volunteer => "volunteer",
        Reward::Hours => "hours",
        Reward::Coin => "coin",
    }
}
