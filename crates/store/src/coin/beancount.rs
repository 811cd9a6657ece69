//! The ledger as a Beancount file.

use crate::{Result, Store, StoreError, int, text};
use sqlx::Row;
use wijkwerk_domain::Timestamp;
use wijkwerk_domain::coin::AccountKind;

fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

fn quoted(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    format!("\"{}\"", clean.replace('\\', "\\\\").replace('"', "\\\""))
}

fn beancount_account(kind: AccountKind, code: &str) -> String {
    format!("{}:{code}", kind.beancount_prefix())
}

fn next_day(date: &str) -> String {
    Timestamp::parse(&format!("{date}T00:00:00Z"))
        .map(|t| t.plus_seconds(86_400).date_iso())
        .unwrap_or_default()
}

/// Chunks of about this many bytes leave the Beancount writer at a time.
const CHUNK: usize = 64 * 1024;

impl Store {
    /// The whole ledger as a Beancount file, sent in chunks (memory stays flat):
    /// one account per escrow, programme, holder and business, every
    /// transaction, and per account per day with entries a balance assertion
    /// of the day's closing balance, dated the next day (Beancount checks an
    /// assertion before that day's transactions).
    ///
    /// `programmes` limits the books to those programmes' accounts and
    /// transactions (a transaction never crosses programmes); `None` is all.
    pub async fn write_beancount(
        &self,
        out: tokio::sync::mpsc::Sender<String>,
        programmes: Option<&[String]>,
    ) -> Result<()> {
        use futures_util::TryStreamExt;
        // "AND a.programme_id IN (…)", or nothing, with its values to bind.
        let only = match programmes {
            Some([]) => " AND 1 = 0".to_string(),
            Some(ids) => format!(
                " AND a.programme_id IN ({})",
                crate::rows::value_rows(1, ids.len(), 0).trim_matches(['(', ')'])
            ),
            None => String::new(),
        };
        let scoped = |sql: String| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in programmes.unwrap_or_default() {
                q = q.bind(id.clone());
            }
            q
        };
        let mut buf = String::with_capacity(CHUNK * 2);
        let send = |buf: &mut String| {
            let chunk = std::mem::take(buf);
            let out = out.clone();
            async move { out.send(chunk).await.map_err(|_| StoreError::Conflict("reader went away")) }
        };
        buf.push_str(&format!(
            "; The social coin ledger of wijkwerk, exported {}.\n; Amounts in euros; 1 coin = 1 euro.\n\
             option \"title\" \"wijkwerk social coin\"\noption \"operating_currency\" \"EUR\"\n\n",
            Timestamp::now().to_rfc3339()
        ));
        let mut rows = scoped(format!(
            "SELECT a.kind, a.code, a.created_at FROM coin_accounts a WHERE 1 = 1{only} ORDER BY a.created_at, a.code"
        ))
        .fetch(&self.read);
        while let Some(r) = rows.try_next().await? {
            let kind = AccountKind::parse(&text(&r, "kind")?).ok_or(StoreError::NotFound)?;
            let opened = text(&r, "created_at")?;
            buf.push_str(&format!(
                "{} open {} EUR\n",
                &opened[..10],
                beancount_account(kind, &text(&r, "code")?)
            ));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        drop(rows);
        buf.push('\n');
        let mut rows = scoped(format!(
            "SELECT t.id, t.kind, t.memo, t.posted_at, t.reverses_id, e.amount, a.kind AS account_kind, a.code
             FROM coin_transactions t
             JOIN coin_entries e ON e.transaction_id = t.id
             JOIN coin_accounts a ON a.id = e.account_id
             WHERE 1 = 1{only}
             ORDER BY t.posted_at, t.id, e.leg"
        ))
        .fetch(&self.read);
        let mut current = String::new();
        while let Some(r) = rows.try_next().await? {
            let id = text(&r, "id")?;
            if id != current {
                let posted_at = text(&r, "posted_at")?;
                buf.push_str(&format!(
                    "\n{} * {} {}\n  id: {}\n",
                    &posted_at[..10],
                    quoted(&text(&r, "kind")?),
                    quoted(&text(&r, "memo")?),
                    quoted(&id)
                ));
                if let Some(original) = r.try_get::<Option<String>, _>("reverses_id")? {
                    buf.push_str(&format!("  reverses: {}\n", quoted(&original)));
                }
                current = id;
            }
            let kind = AccountKind::parse(&text(&r, "account_kind")?).ok_or(StoreError::NotFound)?;
            buf.push_str(&format!(
                "  {}  {} EUR\n",
                beancount_account(kind, &text(&r, "code")?),
                decimal(int(&r, "amount")?)
            ));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        drop(rows);
        buf.push('\n');
        // Closing balance per account per day: the last entry of each day.
        let mut rows = scoped(format!(
            "SELECT a.kind, a.code, e.posted_at, e.balance_after
             FROM coin_entries e JOIN coin_accounts a ON a.id = e.account_id
             WHERE 1 = 1{only}
             ORDER BY e.account_id, e.account_version"
        ))
        .fetch(&self.read);
        let mut last: Option<(String, String, i64)> = None; // (account, day, raw balance)
        let flush = |last: &Option<(String, String, i64)>, buf: &mut String| {
            if let Some((account, day, raw)) = last {
                buf.push_str(&format!("{} balance {account}  {} EUR\n", next_day(day), decimal(*raw)));
            }
        };
        while let Some(r) = rows.try_next().await? {
            let kind = AccountKind::parse(&text(&r, "kind")?).ok_or(StoreError::NotFound)?;
            let account = beancount_account(kind, &text(&r, "code")?);
            let day = text(&r, "posted_at")?[..10].to_string();
            let raw = int(&r, "balance_after")? * kind.normal_sign();
            if last.as_ref().is_some_and(|(a, d, _)| *a != account || *d != day) {
                flush(&last, &mut buf);
            }
            last = Some((account, day, raw));
            if buf.len() > CHUNK {
                send(&mut buf).await?;
            }
        }
        flush(&last, &mut buf);
        send(&mut buf).await?;
        Ok(())
    }

    /// The whole Beancount file as one string (tests, the CLI).
    pub async fn beancount(&self) -> Result<String> {
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let store = self.clone();
        let writer = tokio::spawn(async move { store.write_beancount(tx, None).await });
        let mut out = String::new();
        while let Some(chunk) = rx.recv().await {
            out.push_str(&chunk);
        }
        writer.await.map_err(|_| StoreError::Conflict("beancount writer failed"))??;
        Ok(out)
    }
}
