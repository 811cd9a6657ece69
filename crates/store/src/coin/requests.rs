//! Every money-moving request, checked for what only it knows and turned
//! into a plan that [`Store::post`] or the payment queue writes.

use super::postings::{Plan, PlannedPosting, legs};
use super::*;
use crate::secrets::verify_password;
use crate::{Result, Store, StoreError, int, text};
use wijkwerk_domain::coin::{
    AccountKind, MAX_PIN_FAILURES, TransactionKind, check_amount, check_holder_spending, normalise_code,
};
use wijkwerk_domain::{Timestamp, new_id};

impl Store {
    /// Euros received in the programme's escrow bank account.
    pub async fn fund_programme(
        &self,
        programme_id: &str,
        amount: i64,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let escrow = self.single_account(programme_id, AccountKind::Escrow).await?;
        let programme = self.single_account(programme_id, AccountKind::Programme).await?;
        self.post(
            Plan::new(
                programme_id,
                TransactionKind::Funding,
                legs(&[(&escrow.id, &programme.id, amount)]),
                memo,
                actor_id,
            ),
            idem,
        )
        .await
    }

    /// Coins from the programme to a person (made a holder when needed).
    pub async fn issue_coins(
        &self,
        programme_id: &str,
        person_id: &str,
        amount: i64,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let programme = self.single_account(programme_id, AccountKind::Programme).await?;
        let holder = self.holder_account(programme_id, person_id).await?;
        self.post(
            Plan::new(
                programme_id,
                TransactionKind::Issuance,
                legs(&[(&programme.id, &holder.id, amount)]),
                memo,
                actor_id,
            ),
            idem,
        )
        .await
    }

    /// A holder pays a business (by its code), with the business's bonus as a
    /// second leg when it offers one: both or neither.
    pub async fn pay(
        &self,
        holder_account_id: &str,
        business_code: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        // Payer and payee in one read: this is the hot path.
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM coin_accounts WHERE id = $1 OR code = $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(holder_account_id)
            .bind(normalise_code(business_code))
            .fetch_all(&self.read)
            .await?;
        let accounts: Vec<Account> = rows.iter().map(account_from).collect::<Result<_>>()?;
        let holder = accounts.iter().find(|a| a.id == holder_account_id).ok_or(StoreError::NotFound)?;
        let business = accounts
            .iter()
            .find(|a| a.code == normalise_code(business_code))
            .filter(|a| a.kind == AccountKind::Business && a.programme_id == holder.programme_id)
            .ok_or_else(|| invalid("business", "unknown-business"))?;
        if !business.active {
            return Err(invalid("business", "business-not-active"));
        }
        self.post_batched(self.payment_plan(holder, business, amount, actor_id, None), idem).await
    }

    /// A holder gives coins to another holder, when the programme allows it.
    pub async fn gift(
        &self,
        holder_account_id: &str,
        to_code: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let holder = self.coin_account(holder_account_id).await?.ok_or(StoreError::NotFound)?;
        let programme = self.programme(&holder.programme_id).await?.ok_or(StoreError::NotFound)?;
        if !programme.limits.holders_may_pay_each_other {
            return Err(invalid("to", "gifts-not-allowed"));
        }
        let to = self
            .coin_account_by_code(to_code)
            .await?
            .filter(|a| {
                a.kind == AccountKind::Holder && a.programme_id == holder.programme_id && a.id != holder.id
            })
            .ok_or_else(|| invalid("to", "unknown-holder"))?;
        self.post(
            Plan {
                spender: Some((holder.id.clone(), amount)),
                ..Plan::new(
                    &holder.programme_id,
                    TransactionKind::Gift,
                    legs(&[(&holder.id, &to.id, amount)]),
                    "",
                    actor_id,
                )
            },
            idem,
        )
        .await
    }

    /// A business turns coins back into euros from the escrow.
    pub async fn redeem(
        &self,
        business_account_id: &str,
        amount: i64,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        check_amount("amount", amount)?;
        let business = self
            .coin_account(business_account_id)
            .await?
            .filter(|a| a.kind == AccountKind::Business)
            .ok_or(StoreError::NotFound)?;
        let escrow = self.single_account(&business.programme_id, AccountKind::Escrow).await?;
        self.post(
            Plan::new(
                &business.programme_id,
                TransactionKind::Redemption,
                legs(&[(&business.id, &escrow.id, amount)]),
                "",
                actor_id,
            ),
            idem,
        )
        .await
    }

    /// Undoes a transaction with the opposite entries (rule 4: nothing is
    /// changed or deleted). Refused when the money is no longer there.
    pub async fn reverse(
        &self,
        transaction_id: &str,
        memo: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        let plan = self.reversal_plan(transaction_id, memo, actor_id).await?;
        self.post(plan, idem).await
    }

    /// The opposite entries of a transaction, leg for leg.
    pub(super) async fn reversal_plan(
        &self,
        transaction_id: &str,
        memo: &str,
        actor_id: Option<&str>,
    ) -> Result<Plan> {
        let row = sqlx::query("SELECT programme_id, kind FROM coin_transactions WHERE id = $1")
            .bind(transaction_id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        if text(&row, "kind")? == TransactionKind::Reversal.as_str() {
            return Err(invalid("transactionId", "reversal-of-reversal"));
        }
        let postings =
            sqlx::query("SELECT account_id, amount FROM coin_entries WHERE transaction_id = $1 ORDER BY leg")
                .bind(transaction_id)
                .fetch_all(&self.read)
                .await?
                .iter()
                .map(|r| {
                    Ok(PlannedPosting { account_id: text(r, "account_id")?, amount: -int(r, "amount")? })
                })
                .collect::<Result<Vec<_>>>()?;
        Ok(Plan {
            reverses: Some(transaction_id.into()),
            ..Plan::new(&text(&row, "programme_id")?, TransactionKind::Reversal, postings, memo, actor_id)
        })
    }

    /// A business starts a card payment: the amount is reserved on the card's
    /// account until the holder types the PIN (or the hold expires).
    pub async fn place_hold(&self, business_account_id: &str, card_code: &str, amount: i64) -> Result<Hold> {
        check_amount("amount", amount)?;
        let business = self
            .coin_account(business_account_id)
            .await?
            .filter(|a| a.kind == AccountKind::Business)
            .ok_or(StoreError::NotFound)?;
        let holder = self
            .coin_account_by_code(card_code)
            .await?
            .filter(|a| a.kind == AccountKind::Holder && a.programme_id == business.programme_id)
            .ok_or_else(|| invalid("card", "unknown-card"))?;
        if !holder.has_pin || holder.card_blocked {
            return Err(invalid("card", "card-blocked"));
        }
        let programme = self.programme(&holder.programme_id).await?.ok_or(StoreError::NotFound)?;
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let (locked, _) = self.lock_accounts(&mut tx, &[holder.id.clone()], now).await?;
        let h = &locked[&holder.id];
        let spent = if h.spent_day == limit_day(now) { h.spent_today } else { 0 };
        check_holder_spending(&programme.limits, amount, spent)?;
        wijkwerk_domain::coin::check_spendable(h.balance, h.held, amount)?;
        let id = new_id();
        let expires_at = now.plus_seconds(HOLD_SECONDS).to_rfc3339();
        sqlx::query(
            "INSERT INTO coin_holds (id, account_id, business_account_id, amount, status, created_at, expires_at)
             VALUES ($1, $2, $3, $4, 'open', $5, $6)",
        )
        .bind(&id)
        .bind(&holder.id)
        .bind(&business.id)
        .bind(amount)
        .bind(now.to_rfc3339())
        .bind(&expires_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE coin_accounts SET held = held + $2 WHERE id = $1")
            .bind(&holder.id)
            .bind(amount)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Hold {
            id,
            holder_account_id: holder.id,
            holder_code: holder.code,
            business_account_id: business.id,
            amount,
            status: "open".into(),
            expires_at,
        })
    }

    pub async fn hold(&self, id: &str) -> Result<Option<Hold>> {
        let row = sqlx::query(
            "SELECT h.id, h.account_id, a.code, h.business_account_id, h.amount, h.status, h.expires_at
             FROM coin_holds h JOIN coin_accounts a ON a.id = h.account_id WHERE h.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(Hold {
                id: text(&r, "id")?,
                holder_account_id: text(&r, "account_id")?,
                holder_code: text(&r, "code")?,
                business_account_id: text(&r, "business_account_id")?,
                amount: int(&r, "amount")?,
                status: text(&r, "status")?,
                expires_at: text(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// The holder typed the PIN: the hold becomes a payment (with the bonus).
    /// Five wrong PINs block the card until the holder sets a new one.
    pub async fn capture_hold(
        &self,
        hold_id: &str,
        pin: &str,
        actor_id: Option<&str>,
        idem: Option<&Idempotency>,
    ) -> Result<Posted> {
        let hold = self.hold(hold_id).await?.ok_or(StoreError::NotFound)?;
        if hold.status != "open" || hold.expires_at < Timestamp::now().to_rfc3339() {
            return Err(invalid("hold", "hold-expired"));
        }
        let holder = self.coin_account(&hold.holder_account_id).await?.ok_or(StoreError::NotFound)?;
        // The try is counted before the PIN is checked, in one statement:
        // parallel tries each take one of the few a card has, so a 4-digit
        // PIN gets MAX_PIN_FAILURES guesses in all, however they are sent.
        let counted: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE coin_accounts SET pin_failures = pin_failures + 1
             WHERE id = $1 AND pin_failures < $2 RETURNING pin_hash",
        )
        .bind(&holder.id)
        .bind(MAX_PIN_FAILURES)
        .fetch_optional(&self.write)
        .await?;
        let Some(pin_hash) = counted else { return Err(invalid("pin", "card-blocked")) };
        if !verify_password(pin, pin_hash.as_deref()) {
            return Err(invalid("pin", "pin-wrong"));
        }
        sqlx::query("UPDATE coin_accounts SET pin_failures = 0 WHERE id = $1")
            .bind(&holder.id)
            .execute(&self.write)
            .await?;
        let business = self.coin_account(&hold.business_account_id).await?.ok_or(StoreError::NotFound)?;
        let plan = self.payment_plan(&holder, &business, hold.amount, actor_id, Some(hold.id.clone()));
        self.post(plan, idem).await
    }

    /// Cancels a card payment before the PIN: the reserved amount is free again.
    pub async fn release_hold(&self, hold_id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT account_id, amount FROM coin_holds WHERE id = $1 AND status = 'open'")
            .bind(hold_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(()) };
        let account_id = text(&row, "account_id")?;
        self.lock_accounts(&mut tx, std::slice::from_ref(&account_id), Timestamp::now()).await?;
        let released =
            sqlx::query("UPDATE coin_holds SET status = 'released' WHERE id = $1 AND status = 'open'")
                .bind(hold_id)
                .execute(&mut *tx)
                .await?;
        if released.rows_affected() == 1 {
            sqlx::query("UPDATE coin_accounts SET held = held - $2 WHERE id = $1")
                .bind(&account_id)
                .bind(int(&row, "amount")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Issues coins line by line from a bulk file. Each line carries an
    /// idempotency key made of the file's hash and the line number, so
    /// running the same file again issues nothing twice. Returns, per line,
    /// `Ok(new)` or the reason it was refused.
    pub async fn issue_in_bulk(
        &self,
        programme_id: &str,
        file_hash: &str,
        lines: &[wijkwerk_domain::coin::IssuanceLine],
        actor_id: &str,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<(usize, std::result::Result<bool, String>)>> {
        let mut report = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let person = if wijkwerk_domain::ids::is_id(&line.person) {
                self.person(&line.person).await?
            } else {
                self.person_by_email(&line.person).await?
            };
            let outcome = match person.filter(|p| p.erased_at.is_none()) {
                None => Err("person-unknown".to_string()),
                Some(person) => {
                    let idem = Idempotency {
                        actor_id: format!("bulk:{programme_id}"),
                        key: format!("{file_hash}:{}", line.line),
                        request_hash: line.raw.clone(),
                    };
                    match self
                        .issue_coins(
                            programme_id,
                            &person.id,
                            line.amount,
                            &line.memo,
                            Some(actor_id),
                            Some(&idem),
                        )
                        .await
                    {
                        Ok(posted) => Ok(!posted.replayed),
                        Err(StoreError::Invalid(i)) => Err(i.errors[0].code.to_string()),
                        Err(StoreError::Conflict(what)) => Err(what.to_string()),
                        Err(other) => return Err(other),
                    }
                }
            };
            report.push((line.line, outcome));
            progress(i + 1, lines.len());
        }
        Ok(report)
    }

    // ----- the ledger core ---------------------------------------------------------

    async fn single_account(&self, programme_id: &str, kind: AccountKind) -> Result<Account> {
        self.coin_accounts_of_kind(programme_id, kind).await?.into_iter().next().ok_or(StoreError::NotFound)
    }

    pub(super) fn payment_plan(
        &self,
        holder: &Account,
        business: &Account,
        amount: i64,
        actor_id: Option<&str>,
        capture_hold: Option<String>,
    ) -> Plan {
        let bonus = business.benefit.bonus_for(amount);
        let mut postings = legs(&[(&holder.id, &business.id, amount)]);
        if bonus > 0 {
            postings.extend(legs(&[(&business.id, &holder.id, bonus)]));
        }
        Plan {
            spender: Some((holder.id.clone(), amount)),
            capture_hold,
            ..Plan::new(&holder.programme_id, TransactionKind::Payment, postings, "", actor_id)
        }
    }
}
