//! The social coin: the gemeente runs programmes (funds them, issues coins,
//! lets businesses take part, sets limits); residents pay; businesses take
//! card payments, give a benefit and redeem coins for euros.
//!
//! The ownership rule lives here once: a programme is run by whoever holds
//! the gemeente role at its place or anywhere above it ([`runs_programme_at`]).
//! Everyone else is told the programme does not exist.

use crate::{Error, Result};
use wijkwerk_domain::coin::{
    AccountKind, Benefit, IssuanceLine, Limits, ProgrammeInput, check_amount, check_pin,
};
use wijkwerk_domain::ids::is_id;
use wijkwerk_domain::role::{Actor, Role};
use wijkwerk_domain::{Invalid, Place};
use wijkwerk_store::Store;
use wijkwerk_store::coin::BookEntry;
use wijkwerk_store::coin::{Account, Entry, Hold, Idempotency, Posted, Programme, ProgrammeTotals};
use wijkwerk_store::places::Organisation;

/// Kinds of organisation that may take part in a programme as a business.
pub const TAKING_PART: [&str; 3] = ["business", "initiative", "partner"];

/// The one ownership rule: the gemeente role at the place or above it.
pub async fn runs_programme_at(store: &Store, actor: &Actor, place_code: &str) -> Result<bool> {
    crate::places::holds_role_over(store, actor, Role::Gemeente, place_code).await
}

/// Programmes the actor runs.
pub async fn programmes_run_by(store: &Store, actor: &Actor) -> Result<Vec<Programme>> {
    let mut out = Vec::new();
    for p in store.programmes().await? {
        if runs_programme_at(store, actor, &p.place_code).await? {
            out.push(p);
        }
    }
    Ok(out)
}

/// A programme the actor runs; to anyone else it does not exist.
pub async fn own_programme(store: &Store, actor: &Actor, id: &str) -> Result<Programme> {
    let missing = Error::NotFound("coin programme");
    let p = if is_id(id) { store.programme(id).await? } else { None };
    let Some(p) = p else { return Err(missing) };
    if runs_programme_at(store, actor, &p.place_code).await? { Ok(p) } else { Err(missing) }
}

/// Places where the actor may start a programme: those they hold the gemeente role at.
pub fn programme_places(actor: &Actor) -> Vec<String> {
    actor.places_with(Role::Gemeente).map(String::from).collect()
}

/// Starts a programme at a place the actor runs. `invalid` carries the
/// adapter's own parse problems, so every problem is reported at once.
pub async fn create_programme(
    store: &Store,
    actor: &Actor,
    place_code: &str,
    input: &ProgrammeInput,
    mut invalid: Invalid,
) -> Result<Programme> {
    if place_code.is_empty() {
        invalid.add("placeCode", "required");
    } else if !runs_programme_at(store, actor, place_code).await? {
        invalid.add("placeCode", "place-not-yours");
    }
    if let Err(i) = input.validate() {
        invalid.errors.extend(i.errors);
    }
    invalid.into_result(())?;
    let programme = store.create_programme(place_code, input).await?;
    crate::audit::record(store, actor, "programme-created", place_code, &programme.name, "").await?;
    Ok(programme)
}

/// A programme with its totals.
pub async fn programme_with_totals(
    store: &Store,
    actor: &Actor,
    id: &str,
) -> Result<(Programme, ProgrammeTotals)> {
    let p = own_programme(store, actor, id).await?;
    let t = store.programme_totals(&p.id).await?;
    Ok((p, t))
}

/// Organisations of the programme's place that could take part and do not yet.
pub async fn candidates(store: &Store, p: &Programme) -> Result<Vec<Organisation>> {
    let enrolled: Vec<String> =
        store.programme_businesses(&p.id).await?.into_iter().map(|(a, _)| a.owner_id).collect();
    Ok(store
        .organisations_in(&p.place_code)
        .await?
        .into_iter()
        .filter(|o| TAKING_PART.contains(&o.kind.as_str()) && !enrolled.contains(&o.id))
        .collect())
}

/// Euros received in the programme's escrow.
pub async fn fund(
    store: &Store,
    actor: &Actor,
    programme_id: &str,
    amount: i64,
    memo: &str,
    idem: Option<&Idempotency>,
) -> Result<Posted> {
    let p = own_programme(store, actor, programme_id).await?;
    check_amount("amount", amount)?;
    let posted = store.fund_programme(&p.id, amount, memo, Some(&actor.person_id), idem).await?;
    if !posted.replayed {
        crate::audit::record(store, actor, "programme-funded", &p.place_code, &p.name, &amount.to_string())
            .await?;
    }
    Ok(posted)
}

/// Who receives coins: by id (API) or e-mail address (the page).
pub enum Recipient<'a> {
    Id(&'a str),
    Email(&'a str),
}

/// Coins for one person. Every problem is reported at once.
pub async fn issue(
    store: &Store,
    actor: &Actor,
    programme_id: &str,
    to: Recipient<'_>,
    amount: i64,
    memo: &str,
    idem: Option<&Idempotency>,
    mut invalid: Invalid,
) -> Result<Posted> {
    let programme = match own_programme(store, actor, programme_id).await {
        Ok(p) => Some(p),
        Err(Error::NotFound(_)) => {
            invalid.add("programmeId", "programme-unknown");
            None
        }
        Err(e) => return Err(e),
    };
    let person = match to {
        Recipient::Id(id) if is_id(id) => store.person(id).await?,
        Recipient::Id(_) => None,
        Recipient::Email(email) => store.person_by_email(email.trim()).await?,
    };
    let person = person.filter(|p| p.erased_at.is_none());
    if person.is_none() {
        invalid.add("personId", "person-unknown");
    }
    if let Err(i) = check_amount("amount", amount) {
        invalid.errors.extend(i.errors);
    }
    invalid.into_result(())?;
    let (p, person) = (programme.expect("checked"), person.expect("checked"));
    Ok(store.issue_coins(&p.id, &person.id, amount, memo, Some(&actor.person_id), idem).await?)
}

/// Coins for many people at once; each line's key is the file's hash and its
/// number, so the same file sent twice issues once. Per line: issued now
/// (`Ok(true)`), issued before (`Ok(false)`), or refused with a code.
pub async fn issue_in_bulk(
    store: &Store,
    actor: &Actor,
    programme_id: &str,
    file_hash: &str,
    lines: &[IssuanceLine],
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Vec<(usize, std::result::Result<bool, String>)>> {
    let p = own_programme(store, actor, programme_id).await?;
    Ok(store.issue_in_bulk(&p.id, file_hash, lines, &actor.person_id, progress).await?)
}

/// Lets an organisation of the place take part from now on.
pub async fn enrol(
    store: &Store,
    actor: &Actor,
    programme_id: &str,
    organisation_id: &str,
) -> Result<(Account, Organisation)> {
    let p = own_programme(store, actor, programme_id).await?;
    let org = if is_id(organisation_id) { store.organisation(organisation_id).await? } else { None };
    let Some(org) = org.filter(|o| TAKING_PART.contains(&o.kind.as_str())) else {
        return Err(Error::invalid("organisationId", "organisation-unknown"));
    };
    let account = store.enrol_business(&p.id, &org.id).await?;
    Ok((account, org))
}

/// Pauses or resumes a business of the programme.
pub async fn set_business_active(
    store: &Store,
    actor: &Actor,
    programme_id: &str,
    account_id: &str,
    active: bool,
) -> Result<()> {
    let p = own_programme(store, actor, programme_id).await?;
    let account = if is_id(account_id) { store.coin_account(account_id).await? } else { None };
    let account = account
        .filter(|a| a.programme_id == p.id && a.kind == AccountKind::Business)
        .ok_or(Error::NotFound("coin account"))?;
    Ok(store.set_coin_account_active(&account.id, active).await?)
}

pub async fn set_limits(store: &Store, actor: &Actor, programme_id: &str, limits: &Limits) -> Result<()> {
    let p = own_programme(store, actor, programme_id).await?;
    Ok(store.set_programme_limits(&p.id, limits).await?)
}

/// Undoes a transaction of a programme the actor runs, with a reason.
pub async fn reverse(
    store: &Store,
    actor: &Actor,
    transaction_id: &str,
    memo: &str,
    idem: Option<&Idempotency>,
    mut invalid: Invalid,
) -> Result<Posted> {
    let programme =
        if is_id(transaction_id) { store.coin_transaction_programme(transaction_id).await? } else { None };
    let allowed = match &programme {
        Some(p) => own_programme(store, actor, p).await.is_ok(),
        None => false,
    };
    if !allowed {
        invalid.add("transactionId", "transaction-unknown");
    }
    if memo.trim().is_empty() {
        invalid.add("memo", "required");
    }
    invalid.into_result(())?;
    Ok(store.reverse(transaction_id, memo, Some(&actor.person_id), idem).await?)
}

/// Who may read the whole books: the gemeente.
pub fn may_read_books(actor: &Actor) -> Result<()> {
    if actor.has_role(Role::Gemeente) { Ok(()) } else { Err(Error::Forbidden("error-page-forbidden")) }
}

/// The books of the programmes the actor runs (at its places and below them),
/// as Beancount, streamed in chunks as they are read. A gemeente role at one
/// wijk sees that wijk's programmes, not the whole city's.
pub async fn books(store: &Store, actor: &Actor) -> Result<tokio::sync::mpsc::Receiver<String>> {
    may_read_books(actor)?;
    let programmes: Vec<String> = programmes_run_by(store, actor).await?.into_iter().map(|p| p.id).collect();
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(4);
    let store = store.clone();
    tokio::spawn(async move {
        if let Err(e) = store.write_beancount(tx, Some(&programmes)).await {
            tracing::error!(error = %e, "beancount export failed");
        }
    });
    Ok(rx)
}

/// The programme's books as entries, for its gemeente's spreadsheet.
pub async fn book(store: &Store, actor: &Actor, programme_id: &str) -> Result<(Programme, Vec<BookEntry>)> {
    let p = own_programme(store, actor, programme_id).await?;
    let entries = store.programme_book(&p.id).await?;
    Ok((p, entries))
}

/// Coins spent per month and per wijk of the business; `None` where hidden.
pub struct SpendingOverview {
    pub per_month: Vec<(String, Option<i64>)>,
    pub per_wijk: Vec<(String, Option<i64>)>,
}

/// Coins spent, per month and per wijk of the business, each only where at
/// least the minimum of holders paid, so no small group's spending shows.
/// Both tables add up to the same total, so the hidden cells of one are what
/// the total minus its shown cells gives: more cells are hidden until the
/// holders behind the hidden ones together reach the minimum too
/// (complementary suppression).
pub async fn spending(store: &Store, actor: &Actor, programme_id: &str) -> Result<SpendingOverview> {
    let p = own_programme(store, actor, programme_id).await?;
    let min = store.min_group_size().get() as i64;
    let mut tables = Vec::new();
    for by_wijk in [false, true] {
        let rows = if by_wijk {
            store.spending_per_wijk(&p.id).await?
        } else {
            store.spending_per_month(&p.id).await?
        };
        let mut hidden: Vec<bool> = rows.iter().map(|r| r.payers < min).collect();
        loop {
            let keys: Vec<String> =
                rows.iter().zip(&hidden).filter(|(_, h)| **h).map(|(r, _)| r.key.clone()).collect();
            if keys.is_empty() || store.spending_payers_in(&p.id, by_wijk, &keys).await? >= min {
                break;
            }
            // Take the smallest shown cell along; when none is left, all is hidden.
            let Some(next) = (0..rows.len()).filter(|&i| !hidden[i]).min_by_key(|&i| rows[i].cents) else {
                break;
            };
            hidden[next] = true;
        }
        tables.push(rows.into_iter().zip(hidden).map(|(r, h)| (r.key, (!h).then_some(r.cents))).collect());
    }
    let per_wijk = tables.pop().expect("two tables");
    let per_month = tables.pop().expect("two tables");
    Ok(SpendingOverview { per_month, per_wijk })
}

// ----- the resident ---------------------------------------------------------------

/// The actor's holder accounts.
pub async fn wallets(store: &Store, actor: &Actor) -> Result<Vec<Account>> {
    Ok(store
        .coin_accounts_of_owner(&actor.person_id)
        .await?
        .into_iter()
        .filter(|a| a.kind == AccountKind::Holder)
        .collect())
}

/// A wallet as its holder sees it: the latest entries, and the businesses
/// where its coins can be spent now.
pub struct Wallet {
    pub account: Account,
    pub programme: Programme,
    pub entries: Vec<Entry>,
    /// Every business of the programme by code (for naming entries), with
    /// whether it takes coins now.
    pub businesses: Vec<(Account, String)>,
}

pub async fn wallet_overview(store: &Store, actor: &Actor, entries: i64) -> Result<Vec<Wallet>> {
    let mut out = Vec::new();
    for account in wallets(store, actor).await? {
        let Some(programme) = store.programme(&account.programme_id).await? else { continue };
        out.push(Wallet {
            entries: store.coin_entries(&account.id, entries).await?,
            businesses: store.programme_businesses(&programme.id).await?,
            account,
            programme,
        });
    }
    Ok(out)
}

/// The actor's wallets with their programme's name (for the printed card).
pub async fn cards(store: &Store, actor: &Actor) -> Result<Vec<(Account, String)>> {
    let mut out = Vec::new();
    for a in wallets(store, actor).await? {
        if let Some(p) = store.programme(&a.programme_id).await? {
            out.push((a, p.name));
        }
    }
    Ok(out)
}

/// What the pay form starts from: the wallet to pay from and the business
/// by the code typed, if it is a business of one of the actor's programmes
/// (the wallet is then that programme's), else the programme asked for or
/// the first wallet.
pub struct PayForm {
    pub wallets: Vec<Account>,
    pub from: Option<Account>,
    pub shop: Option<(Account, String)>,
}

pub async fn pay_form(
    store: &Store,
    actor: &Actor,
    business: &str,
    programme: Option<&str>,
) -> Result<PayForm> {
    let holders = wallets(store, actor).await?;
    let code = wijkwerk_domain::coin::normalise_code(business);
    let shop = if code.is_empty() { None } else { store.coin_account_by_code(&code).await? };
    let shop = shop.filter(|a| {
        a.kind == AccountKind::Business && holders.iter().any(|h| h.programme_id == a.programme_id)
    });
    let from = match &shop {
        Some(s) => holders.iter().find(|h| h.programme_id == s.programme_id),
        None => holders.iter().find(|h| Some(h.programme_id.as_str()) == programme).or(holders.first()),
    }
    .cloned();
    let shop = match shop {
        Some(s) => {
            let name = store.organisation(&s.owner_id).await?.map(|o| o.name).unwrap_or_default();
            Some((s, name))
        }
        None => None,
    };
    Ok(PayForm { wallets: holders, from, shop })
}

/// Which wallet a payment comes from.
pub enum PayFrom<'a> {
    /// This holder account (the page's form names it).
    Account(&'a str),
    /// The wallet in this programme, or the only one (the API).
    Programme(Option<&'a str>),
}

/// Pays a business (by the code on its till or poster) from the actor's wallet.
/// Every problem is reported at once; the payment happens at most once per key.
pub async fn pay(
    store: &Store,
    actor: &Actor,
    from: PayFrom<'_>,
    business_code: &str,
    amount: i64,
    idem: Option<&Idempotency>,
    mut invalid: Invalid,
) -> Result<Posted> {
    let mut holders = wallets(store, actor).await?.into_iter();
    let (holder, field) = match from {
        PayFrom::Account(id) => (holders.find(|a| a.id == id), "amount"),
        PayFrom::Programme(Some(p)) => (holders.find(|a| a.programme_id == p), "programmeId"),
        PayFrom::Programme(None) => {
            let first = holders.next();
            (if holders.next().is_some() { None } else { first }, "programmeId")
        }
    };
    if holder.is_none() {
        invalid.add(field, "no-coin-account");
    }
    if business_code.trim().is_empty() {
        invalid.add("business", "required");
    }
    if let Err(i) = check_amount("amount", amount) {
        invalid.errors.extend(i.errors);
    }
    invalid.into_result(())?;
    let holder = holder.expect("checked");
    Ok(store.pay(&holder.id, business_code, amount, Some(&actor.person_id), idem).await?)
}

/// Sets the PIN of the actor's card (a holder account).
pub async fn set_pin(store: &Store, actor: &Actor, account_id: &str, pin: &str, again: &str) -> Result<()> {
    let account = wallets(store, actor).await?.into_iter().find(|a| a.id == account_id);
    let account = account.ok_or(Error::NotFound("coin account"))?;
    check_pin(pin)?;
    if pin != again {
        return Err(Error::invalid("pin_again", "pin-mismatch"));
    }
    Ok(store.set_card_pin(&account.id, pin).await?)
}

/// A business's public face: its account, name and programme.
pub async fn shop(store: &Store, code: &str) -> Result<(Account, String, Programme)> {
    let code = wijkwerk_domain::coin::normalise_code(code);
    let account = store.coin_account_by_code(&code).await?.filter(|a| a.kind == AccountKind::Business);
    let account = account.ok_or(Error::NotFound("shop"))?;
    let name = store.organisation(&account.owner_id).await?.map(|o| o.name).unwrap_or_default();
    let programme = store.programme(&account.programme_id).await?.ok_or(Error::NotFound("coin programme"))?;
    Ok((account, name, programme))
}

/// Where and when a shop is open, from its organisation's public sociale
/// kaart entries (the first approved one with an address).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ShopInfo {
    pub description: String,
    pub locations: Vec<wijkwerk_store::socialmap::Location>,
    pub schedules: Vec<wijkwerk_store::socialmap::Schedule>,
    pub phone: Option<String>,
}

pub async fn shop_info(store: &Store, account: &Account) -> Result<ShopInfo> {
    let description = store.organisation(&account.owner_id).await?.map(|o| o.description).unwrap_or_default();
    let q = wijkwerk_store::socialmap::ServiceQuery {
        organisation: Some(account.owner_id.clone()),
        approved_only: true,
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    for s in store.search_services(&q).await?.0 {
        if let Some(d) = store.service(&s.id).await?
            && !d.locations.is_empty()
        {
            return Ok(ShopInfo {
                description,
                locations: d.locations,
                schedules: d.schedules,
                phone: d.summary.phone.clone(),
            });
        }
    }
    Ok(ShopInfo { description, ..Default::default() })
}

// ----- the business ---------------------------------------------------------------

/// A till as the business sees it: its latest entries.
pub struct Till {
    pub account: Account,
    /// The business's name.
    pub name: String,
    pub programme: Programme,
    pub entries: Vec<Entry>,
}

/// Every till of the businesses the actor works for.
pub async fn tills(store: &Store, actor: &Actor, entries: i64) -> Result<Vec<Till>> {
    let mut out = Vec::new();
    for (account, name) in store.business_accounts_of_person(&actor.person_id).await? {
        let Some(programme) = store.programme(&account.programme_id).await? else { continue };
        let entries = store.coin_entries(&account.id, entries).await?;
        out.push(Till { account, name, programme, entries });
    }
    Ok(out)
}

/// The name of the business a till belongs to.
pub async fn business_name(store: &Store, till: &Account) -> Result<String> {
    Ok(store.organisation(&till.owner_id).await?.map(|o| o.name).unwrap_or_default())
}

/// The programme's businesses by code, with their names.
pub async fn business_names(
    store: &Store,
    programme_id: &str,
) -> Result<std::collections::BTreeMap<String, String>> {
    Ok(store.programme_businesses(programme_id).await?.into_iter().map(|(a, n)| (a.code, n)).collect())
}

/// The programmes the actor runs, each with its totals.
pub async fn programmes_with_totals(
    store: &Store,
    actor: &Actor,
) -> Result<Vec<(Programme, ProgrammeTotals)>> {
    let mut out = Vec::new();
    for p in programmes_run_by(store, actor).await? {
        let t = store.programme_totals(&p.id).await?;
        out.push((p, t));
    }
    Ok(out)
}

/// A business account the actor works for; to others it does not exist.
pub async fn own_till(store: &Store, actor: &Actor, account_id: &str) -> Result<Account> {
    store
        .business_accounts_of_person(&actor.person_id)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .find(|a| a.id == account_id)
        .ok_or(Error::NotFound("coin account"))
}

/// Step 1 of a card payment: reserves the amount on the card until its PIN is typed.
pub async fn start_card_payment(
    store: &Store,
    actor: &Actor,
    till: &str,
    card: &str,
    amount: Option<i64>,
    mut invalid: Invalid,
) -> Result<Hold> {
    let till = own_till(store, actor, till).await?;
    if card.trim().is_empty() {
        invalid.add("card", "required");
    }
    invalid.into_result(())?;
    Ok(store.place_hold(&till.id, card, amount.expect("checked by the caller")).await?)
}

/// A reservation at one of the actor's tills, with that till.
pub async fn open_hold(store: &Store, actor: &Actor, hold_id: &str) -> Result<(Hold, Account)> {
    let hold = if is_id(hold_id) { store.hold(hold_id).await? } else { None };
    let hold = hold.ok_or(Error::NotFound("card payment"))?;
    let till = own_till(store, actor, &hold.business_account_id).await?;
    Ok((hold, till))
}

/// Step 2: the holder's PIN turns the reservation into a payment.
pub async fn confirm_card_payment(
    store: &Store,
    actor: &Actor,
    hold_id: &str,
    pin: &str,
    idem: Option<&Idempotency>,
) -> Result<Posted> {
    let (hold, _) = open_hold(store, actor, hold_id).await?;
    Ok(store.capture_hold(&hold.id, pin.trim(), Some(&actor.person_id), idem).await?)
}

/// The business cancels a card payment before the PIN.
pub async fn cancel_card_payment(store: &Store, actor: &Actor, hold_id: &str) -> Result<()> {
    let (hold, _) = open_hold(store, actor, hold_id).await?;
    Ok(store.release_hold(&hold.id).await?)
}

pub async fn set_benefit(
    store: &Store,
    actor: &Actor,
    till: &str,
    benefit: Benefit,
    description: &str,
) -> Result<()> {
    let till = own_till(store, actor, till).await?;
    Ok(store.set_benefit(&till.id, benefit, description).await?)
}

/// Coins back to euros for one of the actor's businesses.
pub async fn redeem(
    store: &Store,
    actor: &Actor,
    till: &str,
    amount: i64,
    idem: Option<&Idempotency>,
    mut invalid: Invalid,
) -> Result<Posted> {
    let mine = store.business_accounts_of_person(&actor.person_id).await?;
    if !mine.iter().any(|(a, _)| a.id == till) {
        invalid.add("account", "not-your-business");
    }
    if let Err(i) = check_amount("amount", amount) {
        invalid.errors.extend(i.errors);
    }
    invalid.into_result(())?;
    Ok(store.redeem(till, amount, Some(&actor.person_id), idem).await?)
}

// ----- reading an account -----------------------------------------------------------

/// An account as someone allowed may read it.
pub struct AccountView {
    pub account: Account,
    /// The business's or programme's name; empty for a holder.
    pub name: String,
    pub entries: Vec<Entry>,
}

/// An account with its newest entries, for the holder, the business's people,
/// and the programme's gemeente. When the gemeente reads a holder's account,
/// the holder sees it in their access log.
pub async fn account(store: &Store, actor: &Actor, id: &str) -> Result<AccountView> {
    let missing = Error::NotFound("coin account");
    let account = if is_id(id) { store.coin_account(id).await? } else { None };
    let Some(account) = account else { return Err(missing) };
    let Some(programme) = store.programme(&account.programme_id).await? else { return Err(missing) };
    let gemeente = runs_programme_at(store, actor, &programme.place_code).await?;
    let (allowed, name) = match account.kind {
        AccountKind::Holder => (account.owner_id == actor.person_id || gemeente, String::new()),
        AccountKind::Business => {
            let mine = store.business_accounts_of_person(&actor.person_id).await?;
            let name = store.organisation(&account.owner_id).await?.map(|o| o.name).unwrap_or_default();
            (gemeente || mine.iter().any(|(a, _)| a.id == account.id), name)
        }
        AccountKind::Escrow | AccountKind::Programme => (gemeente, programme.name.clone()),
    };
    if !allowed {
        return Err(missing);
    }
    if account.kind == AccountKind::Holder && account.owner_id != actor.person_id {
        store
            .log_access(&actor.person_id, &account.owner_id, "coin-account", "gemeente-programme", None)
            .await?;
    }
    let entries = store.coin_entries(&account.id, 100).await?;
    Ok(AccountView { account, name, entries })
}

/// The programme's place, for pages that name it.
pub async fn place_of(store: &Store, p: &Programme) -> Result<Option<Place>> {
    Ok(store.place(&p.place_code).await?)
}
