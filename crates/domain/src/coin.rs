//! The social coin: a local currency tied one-to-one to the euro.
//!
//! A programme is a closed circuit. The gemeente receives euros in the
//! programme's escrow bank account (a *funding*) and may then hand out exactly
//! that many coins (an *issuance*) to residents of the target group. Residents
//! pay participating local businesses, businesses give bonuses from their own
//! coins and redeem coins back to euros from the escrow.
//!
//! Bookkeeping is double entry in integer euro cents, in Beancount's sign
//! convention: a transfer of `amount` *debits* one account (`+amount`) and
//! *credits* another (`-amount`), so every transaction sums to zero. The escrow
//! is an asset (its balance is the debit sum); every other account is a
//! liability of the escrow (its balance is the credit sum: the coins it holds).
//! Hence: escrow balance = programme + holders + businesses, always.
//!
//! Only the transfers in [`TransferKind::accounts`] exist; the store refuses
//! anything else, and `wijkwerk coin check` verifies it after the fact.

use crate::Invalid;
use serde::Serialize;

/// Whose money an account holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    /// Euros in the programme's bank account (an asset).
    Escrow,
    /// Funded coins the gemeente has not handed out yet.
    Programme,
    /// A resident's coins.
    Holder,
    /// A participating business's, institution's or association's coins.
    Business,
}

impl AccountKind {
    pub const ALL: [AccountKind; 4] =
        [AccountKind::Escrow, AccountKind::Programme, AccountKind::Holder, AccountKind::Business];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Escrow => "escrow",
            AccountKind::Programme => "programme",
            AccountKind::Holder => "holder",
            AccountKind::Business => "business",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// +1 for the asset (its balance grows with debits), −1 for liabilities.
    pub fn normal_sign(self) -> i64 {
        match self {
            AccountKind::Escrow => 1,
            _ => -1,
        }
    }

    /// The balance after posting a signed entry `amount` (debit > 0).
    pub fn balance_after(self, before: i64, amount: i64) -> Option<i64> {
        before.checked_add(amount.checked_mul(self.normal_sign())?)
    }

    /// Beancount account root and our own readable component.
    pub fn beancount_prefix(self) -> &'static str {
        match self {
            AccountKind::Escrow => "Assets:Escrow",
            AccountKind::Programme => "Liabilities:Programme",
            AccountKind::Holder => "Liabilities:Holder",
            AccountKind::Business => "Liabilities:Business",
        }
    }
}

/// What a transaction is. Each kind moves money between fixed kinds of account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TransferKind {
    /// Euros received in escrow; the programme may issue that many coins.
    Funding,
    /// Coins from the programme to a resident.
    Issuance,
    /// A resident pays a business.
    Payment,
    /// A business gives a resident coins of its own (a benefit), always as
    /// part of a payment.
    Bonus,
    /// A resident pays another resident, when the programme allows it.
    Gift,
    /// A business turns coins back into euros, paid out of escrow.
    Redemption,
}

impl TransferKind {
    pub const ALL: [TransferKind; 6] = [
        TransferKind::Funding,
        TransferKind::Issuance,
        TransferKind::Payment,
        TransferKind::Bonus,
        TransferKind::Gift,
        TransferKind::Redemption,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Funding => "funding",
            TransferKind::Issuance => "issuance",
            TransferKind::Payment => "payment",
            TransferKind::Bonus => "bonus",
            TransferKind::Gift => "gift",
            TransferKind::Redemption => "redemption",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The allow-list: (debited, credited) kinds of account.
    pub fn accounts(self) -> (AccountKind, AccountKind) {
        use AccountKind::*;
        match self {
            TransferKind::Funding => (Escrow, Programme),
            TransferKind::Issuance => (Programme, Holder),
            TransferKind::Payment => (Holder, Business),
            TransferKind::Bonus => (Business, Holder),
            TransferKind::Gift => (Holder, Holder),
            TransferKind::Redemption => (Business, Escrow),
        }
    }
}

/// What a transaction as a whole is; its legs follow from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TransactionKind {
    Funding,
    Issuance,
    /// A payment, possibly with the business's bonus as a second leg.
    Payment,
    Gift,
    Redemption,
    /// Undoes an earlier transaction with the opposite entries.
    Reversal,
}

impl TransactionKind {
    pub const ALL: [TransactionKind; 6] = [
        TransactionKind::Funding,
        TransactionKind::Issuance,
        TransactionKind::Payment,
        TransactionKind::Gift,
        TransactionKind::Redemption,
        TransactionKind::Reversal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransactionKind::Funding => "funding",
            TransactionKind::Issuance => "issuance",
            TransactionKind::Payment => "payment",
            TransactionKind::Gift => "gift",
            TransactionKind::Redemption => "redemption",
            TransactionKind::Reversal => "reversal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Transfer kinds a transaction of this kind may contain, in order.
    /// A reversal contains the mirror image of its original instead.
    pub fn allowed_legs(self) -> &'static [TransferKind] {
        match self {
            TransactionKind::Funding => &[TransferKind::Funding],
            TransactionKind::Issuance => &[TransferKind::Issuance],
            TransactionKind::Payment => &[TransferKind::Payment, TransferKind::Bonus],
            TransactionKind::Gift => &[TransferKind::Gift],
            TransactionKind::Redemption => &[TransferKind::Redemption],
            TransactionKind::Reversal => &[],
        }
    }
}

/// One signed posting of a stored transaction, with its account's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub account: AccountKind,
    /// Debit > 0, credit < 0; never 0.
    pub amount: i64,
}

/// Rule 1 (double entry) and rule 8 (allow-list) for the postings of one
/// stored transaction, as `coin check` sees them. For a reversal, pass the
/// kind of the original with `mirrored` set.
pub fn postings_fit(kind: TransactionKind, postings: &[Posting], mirrored: bool) -> Result<(), &'static str> {
    if postings.len() < 2 {
        return Err("fewer than two postings");
    }
    if postings.iter().any(|p| p.amount == 0) {
        return Err("a posting of zero");
    }
    if postings.iter().try_fold(0i64, |sum, p| sum.checked_add(p.amount)) != Some(0) {
        return Err("postings do not sum to zero");
    }
    if kind == TransactionKind::Reversal {
        return Err("a reversal of a reversal");
    }
    // Postings come in pairs (debit, credit) per leg, in leg order.
    if postings.len() % 2 != 0 || postings.len() / 2 > kind.allowed_legs().len() {
        return Err("more legs than the transaction kind allows");
    }
    for (pair, leg) in postings.chunks(2).zip(kind.allowed_legs()) {
        let (debit, credit) = leg.accounts();
        let (d, c) = (pair[0], pair[1]);
        let sign = if mirrored { -1 } else { 1 };
        if d.account != debit || c.account != credit || d.amount * sign <= 0 || d.amount != -c.amount {
            return Err("a leg that is not on the allow-list");
        }
    }
    Ok(())
}

/// Limits a programme sets; `None` means no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub max_balance: Option<i64>,
    pub max_payment: Option<i64>,
    pub max_per_day: Option<i64>,
    pub holders_may_pay_each_other: bool,
}

/// A new programme as the gemeente describes it.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeInput {
    pub name: String,
    pub description: String,
    pub limits: Limits,
}

impl ProgrammeInput {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::new();
        let name = self.name.trim();
        if name.is_empty() {
            invalid.add("name", "required");
        } else if name.chars().count() > 120 {
            invalid.add("name", "too-long");
        }
        if self.description.chars().count() > 2000 {
            invalid.add("description", "too-long");
        }
        for (field, value) in [
            ("maxBalance", self.limits.max_balance),
            ("maxPayment", self.limits.max_payment),
            ("maxPerDay", self.limits.max_per_day),
        ] {
            if let Some(v) = value
                && !(1..=MAX_AMOUNT).contains(&v)
            {
                invalid.add(field, "amount-out-of-range");
            }
        }
        invalid.into_result(())
    }
}

/// The largest single amount anything may move: one million euros. Keeps
/// every sum far from overflow and catches a misplaced decimal early.
pub const MAX_AMOUNT: i64 = 100_000_000;

/// Checks an amount in cents given to the ledger.
pub fn check_amount(field: &str, amount: i64) -> Result<(), Invalid> {
    if amount <= 0 {
        Err(Invalid::single(field, "amount-not-positive"))
    } else if amount > MAX_AMOUNT {
        Err(Invalid::single(field, "amount-out-of-range"))
    } else {
        Ok(())
    }
}

/// Reads a euro amount as people type it: `12`, `12,5`, `12,50`, `€ 1.234,50`,
/// `12.50`. A single `.` or `,` followed by one or two digits is the decimal
/// mark; other `.`/`,` group thousands. Returns cents.
pub fn parse_euros(text: &str) -> Option<i64> {
    let t: String =
        text.trim().trim_start_matches('€').trim().chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.starts_with('-') {
        return None;
    }
    let (whole, fraction) = match t.rfind([',', '.']) {
        Some(i) if t.len() - i - 1 <= 2 && t.len() - i > 1 => (&t[..i], &t[i + 1..]),
        _ => (t.as_str(), ""),
    };
    // The decimal mark cannot also group thousands: "12,345,6" is a typo.
    if !fraction.is_empty() && whole.contains(t.as_bytes()[whole.len()] as char) {
        return None;
    }
    let whole_digits: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole_digits.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole_digits.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Thousands groups must be three digits each (so "1,2345" is not 12345).
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let euros: i64 = if whole_digits.is_empty() { 0 } else { whole_digits.parse().ok()? };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

/// `1234.5` euros as Dutch text: `€ 1.234,50`; English: `€1,234.50`.
pub fn format_euros(cents: i64, lang: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    let digits = euros.to_string();
    let mut grouped = String::new();
    let (group_sep, decimal, space) = if lang == "en" { (',', '.', "") } else { ('.', ',', " ") };
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(c);
    }
    format!("{sign}€{space}{grouped}{decimal}{rest:02}")
}

/// Why the ledger refuses a transfer. The code is the `error-<code>` message.
pub fn refusal(field: &str, code: &'static str) -> Invalid {
    Invalid::single(field, code)
}

/// Rule 3 and the programme limits for money leaving a holder or business:
/// what is left after `amount`, counting holds, may not go below zero.
pub fn check_spendable(balance: i64, held: i64, amount: i64) -> Result<(), Invalid> {
    if balance - held < amount { Err(refusal("amount", "insufficient-funds")) } else { Ok(()) }
}

/// Limits on a payment or gift by a holder: per payment and per day.
pub fn check_holder_spending(limits: &Limits, amount: i64, spent_today: i64) -> Result<(), Invalid> {
    if limits.max_payment.is_some_and(|max| amount > max) {
        return Err(refusal("amount", "above-max-payment"));
    }
    if limits.max_per_day.is_some_and(|max| spent_today + amount > max) {
        return Err(refusal("amount", "above-day-limit"));
    }
    Ok(())
}

/// The most a holder may hold, for coins arriving (issuance, bonus, gift).
pub fn check_holder_receiving(limits: &Limits, balance: i64, amount: i64) -> Result<(), Invalid> {
    if limits.max_balance.is_some_and(|max| balance + amount > max) {
        return Err(refusal("amount", "above-max-balance"));
    }
    Ok(())
}

/// A business's benefit: a bonus of `percent` of each payment (rounded down
/// to whole cents), paid from the business's own coins, at most `cap`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Benefit {
    pub percent: i64,
    pub cap: i64,
}

impl Benefit {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::new();
        if !(0..=50).contains(&self.percent) {
            invalid.add("percent", "percent-out-of-range");
        }
        if !(0..=MAX_AMOUNT).contains(&self.cap) {
            invalid.add("cap", "amount-out-of-range");
        }
        invalid.into_result(())
    }

    pub fn bonus_for(&self, payment: i64) -> i64 {
        if self.percent <= 0 {
            return 0;
        }
        let bonus = payment.saturating_mul(self.percent) / 100;
        if self.cap > 0 { bonus.min(self.cap) } else { bonus }
    }
}

/// Short codes people read aloud or type from a card: no 0/O, 1/I/L, 5/S.
pub const CODE_ALPHABET: &[u8] = b"2346789ABCDEFGHJKMNPQRTUVWXYZ";

/// Formats random bytes as a code with a prefix: `Z-4KQ7-M2`.
pub fn code_from_bytes(prefix: char, bytes: &[u8]) -> String {
    let chars: Vec<char> =
        bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    let mut out = String::new();
    out.push(prefix);
    for (i, c) in chars.iter().enumerate() {
        if i % 4 == 0 {
            out.push('-');
        }
        out.push(*c);
    }
    out
}

/// A code as typed (lower case, spaces, missing dashes) in its stored form.
pub fn normalise_code(text: &str) -> String {
    let compact: String =
        text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    let mut chars = compact.chars();
    let Some(prefix) = chars.next() else { return String::new() };
    let rest: Vec<char> = chars.collect();
    let mut out = String::new();
    out.push(prefix);
    for (i, c) in rest.iter().enumerate() {
        if i % 4 == 0 {
            out.push('-');
        }
        out.push(*c);
    }
    out
}

/// A PIN for a printed card: four to six digits.
pub fn check_pin(pin: &str) -> Result<(), Invalid> {
    if (4..=6).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Invalid::single("pin", "pin-format"))
    }
}

/// Failed PIN attempts after which a card stops working until the holder
/// sets a new PIN.
pub const MAX_PIN_FAILURES: i64 = 5;

/// One line of a bulk issuance file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuanceLine {
    /// Line number in the file (1 = the header).
    pub line: usize,
    /// E-mail address or person id.
    pub person: String,
    pub amount: i64,
    pub memo: String,
    /// The line as written, to recognise a retried file.
    pub raw: String,
}

/// The most lines one bulk file may hold.
pub const MAX_BULK_LINES: usize = 50_000;

/// Reads a bulk issuance file as Excel writes it in the Netherlands: a header
/// line naming the columns `persoon` (or `person`/`email`), `bedrag` (or
/// `amount`, in euros) and optionally `omschrijving` (`memo`), separated by
/// tabs (pasted from Excel), `;` or `,`. Returns the good lines and, per bad line, its number and why.
pub fn parse_issuance_csv(text: &str) -> Result<(Vec<IssuanceLine>, Vec<(usize, &'static str)>), Invalid> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Err(Invalid::single("file", "csv-empty")) };
    // Lines pasted from Excel are separated by tabs; Dutch CSV by `;`.
    let sep = [
        ('\t', header.matches('\t').count()),
        (';', header.matches(';').count()),
        (',', header.matches(',').count()),
    ]
    .into_iter()
    .max_by_key(|(_, n)| *n)
    .map(|(c, _)| c)
    .unwrap_or(';');
    let split = |l: &str| -> Vec<String> {
        l.split(sep).map(|c| c.trim().trim_matches('"').trim().to_string()).collect()
    };
    let names: Vec<String> = split(header).into_iter().map(|c| c.to_lowercase()).collect();
    let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
    let (Some(person_col), Some(amount_col)) =
        (find(&["persoon", "person", "email", "e-mail", "e-mailadres"]), find(&["bedrag", "amount"]))
    else {
        return Err(Invalid::single("file", "csv-header"));
    };
    let memo_col = find(&["omschrijving", "memo", "description"]);
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in lines {
        let number = i + 1;
        if good.len() + bad.len() >= MAX_BULK_LINES {
            return Err(Invalid::single("file", "csv-too-long"));
        }
        let cells = split(line);
        let person = cells.get(person_col).cloned().unwrap_or_default();
        let amount = cells.get(amount_col).and_then(|a| parse_euros(a));
        match (person.is_empty(), amount) {
            (true, _) => bad.push((number, "person-unknown")),
            (false, None) => bad.push((number, "amount-format")),
            (false, Some(amount)) => match check_amount("amount", amount) {
                Err(why) => bad.push((number, why.errors[0].code)),
                Ok(()) => good.push(IssuanceLine {
                    line: number,
                    person,
                    amount,
                    memo: memo_col
                        .and_then(|c| cells.get(c))
                        .cloned()
                        .unwrap_or_default()
                        .chars()
                        .take(200)
                        .collect(),
                    raw: line.to_string(),
                }),
            },
        }
    }
    Ok((good, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_as_people_type_them() {
        assert_eq!(parse_euros("12"), Some(1200));
        assert_eq!(parse_euros("12,5"), Some(1250));
        assert_eq!(parse_euros("12,50"), Some(1250));
        assert_eq!(parse_euros("12.50"), Some(1250));
        assert_eq!(parse_euros("€ 1.234,56"), Some(123_456));
        assert_eq!(parse_euros("1,234.56"), Some(123_456));
        assert_eq!(parse_euros("1.234"), Some(123_400));
        assert_eq!(parse_euros(",50"), Some(50));
        assert_eq!(parse_euros(" 7 "), Some(700));
        for bad in ["", "abc", "-5", "1,2345", "12,345,6", "€", "1.2.3", "12,5x"] {
            assert_eq!(parse_euros(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn euros_are_written_per_language() {
        assert_eq!(format_euros(123_456, "nl"), "€ 1.234,56");
        assert_eq!(format_euros(123_456, "en"), "€1,234.56");
        assert_eq!(format_euros(5, "nl"), "€ 0,05");
        assert_eq!(format_euros(-250, "nl"), "-€ 2,50");
        assert_eq!(format_euros(100_000_000, "nl"), "€ 1.000.000,00");
    }

    #[test]
    fn balances_follow_the_sign_convention() {
        // Funding: escrow debited, programme credited; both grow.
        assert_eq!(AccountKind::Escrow.balance_after(0, 500), Some(500));
        assert_eq!(AccountKind::Programme.balance_after(0, -500), Some(500));
        // Payment: holder debited (shrinks), business credited (grows).
        assert_eq!(AccountKind::Holder.balance_after(500, 200), Some(300));
        assert_eq!(AccountKind::Business.balance_after(0, -200), Some(200));
        assert_eq!(AccountKind::Holder.balance_after(i64::MAX, -1), None);
    }

    fn p(account: AccountKind, amount: i64) -> Posting {
        Posting { account, amount }
    }

    #[test]
    fn only_allow_listed_legs_fit() {
        use AccountKind::*;
        let pay = [p(Holder, 500), p(Business, -500)];
        assert_eq!(postings_fit(TransactionKind::Payment, &pay, false), Ok(()));
        let with_bonus = [p(Holder, 500), p(Business, -500), p(Business, 50), p(Holder, -50)];
        assert_eq!(postings_fit(TransactionKind::Payment, &with_bonus, false), Ok(()));
        // The reversal of a payment: business debited, holder credited.
        let mirrored = [p(Holder, -500), p(Business, 500)];
        assert_eq!(postings_fit(TransactionKind::Payment, &mirrored, true), Ok(()));
        // A holder paying the escrow, a business issuing coins, minting.
        assert!(postings_fit(TransactionKind::Payment, &[p(Holder, 5), p(Escrow, -5)], false).is_err());
        assert!(postings_fit(TransactionKind::Issuance, &[p(Business, 5), p(Holder, -5)], false).is_err());
        assert!(postings_fit(TransactionKind::Issuance, &[p(Programme, 5), p(Holder, -6)], false).is_err());
        assert!(postings_fit(TransactionKind::Funding, &[p(Escrow, 5)], false).is_err());
        assert!(postings_fit(TransactionKind::Funding, &[p(Escrow, 0), p(Programme, 0)], false).is_err());
        // Wrong direction: a programme receiving coins from a holder.
        assert!(postings_fit(TransactionKind::Issuance, &[p(Holder, 5), p(Programme, -5)], false).is_err());
        // Three legs where two are allowed.
        let three =
            [p(Holder, 5), p(Business, -5), p(Business, 1), p(Holder, -1), p(Holder, 1), p(Business, -1)];
        assert!(postings_fit(TransactionKind::Payment, &three, false).is_err());
    }

    #[test]
    fn spending_limits() {
        let limits = Limits {
            max_balance: Some(10_000),
            max_payment: Some(2_500),
            max_per_day: Some(5_000),
            ..Default::default()
        };
        assert!(check_holder_spending(&limits, 2_500, 0).is_ok());
        assert!(check_holder_spending(&limits, 2_501, 0).is_err());
        assert!(check_holder_spending(&limits, 2_000, 3_000).is_ok());
        assert!(
            check_holder_spending(&limits, 2_001, 3_000).unwrap_err().errors[0].code == "above-day-limit"
        );
        assert!(check_holder_receiving(&limits, 9_000, 1_000).is_ok());
        assert!(check_holder_receiving(&limits, 9_000, 1_001).is_err());
        assert!(check_spendable(1_000, 400, 600).is_ok());
        assert_eq!(check_spendable(1_000, 401, 600).unwrap_err().errors[0].code, "insufficient-funds");
        assert!(check_holder_spending(&Limits::default(), MAX_AMOUNT, MAX_AMOUNT).is_ok());
    }

    #[test]
    fn programme_input_lists_every_problem() {
        let input = ProgrammeInput {
            name: " ".into(),
            description: String::new(),
            limits: Limits {
                max_balance: Some(0),
                max_payment: Some(-1),
                max_per_day: Some(MAX_AMOUNT + 1),
                ..Default::default()
            },
        };
        let fields: Vec<String> = input.validate().unwrap_err().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "maxBalance", "maxPayment", "maxPerDay"]);
        assert!(check_amount("amount", 0).is_err());
        assert!(check_amount("amount", MAX_AMOUNT).is_ok());
        assert!(check_amount("amount", MAX_AMOUNT + 1).is_err());
    }

    #[test]
    fn benefits_round_down_and_respect_the_cap() {
        let b = Benefit { percent: 10, cap: 300 };
        assert_eq!(b.bonus_for(1_999), 199);
        assert_eq!(b.bonus_for(10_000), 300);
        assert_eq!(Benefit { percent: 0, cap: 0 }.bonus_for(10_000), 0);
        assert_eq!(Benefit { percent: 5, cap: 0 }.bonus_for(1_000), 50);
        assert!(Benefit { percent: 51, cap: 0 }.validate().is_err());
    }

    #[test]
    fn bulk_files_are_read_line_by_line() {
        let file = "\u{feff}Persoon;Bedrag;Omschrijving\nfatima@demo.nl;25,00;Vrijwilligerswerk\n\nkarim@demo.nl;abc;x\n;5;x\nnoah@demo.nl;0;x\nlina@demo.nl;1.250;jaar\n";
        let (good, bad) = parse_issuance_csv(file).unwrap();
        assert_eq!(good.len(), 2);
        assert_eq!((good[0].line, good[0].person.as_str(), good[0].amount), (2, "fatima@demo.nl", 2_500));
        assert_eq!(good[0].memo, "Vrijwilligerswerk");
        assert_eq!((good[1].line, good[1].amount), (7, 125_000));
        assert_eq!(bad, [(4, "amount-format"), (5, "person-unknown"), (6, "amount-not-positive")]);
        let pasted = parse_issuance_csv("persoon\tbedrag\na@b.nl\t7,5\n").unwrap().0;
        assert_eq!(pasted[0].amount, 750);
        let comma = parse_issuance_csv("email,amount\na@b.nl,12.50\n").unwrap().0;
        assert_eq!(comma[0].amount, 1_250);
        assert!(parse_issuance_csv("naam;iets\nx;y").is_err());
        assert!(parse_issuance_csv("").is_err());
    }

    #[test]
    fn codes_are_readable_and_normalised() {
        let code = code_from_bytes('Z', &[0, 1, 2, 3, 4, 5]);
        assert_eq!(code, "Z-2346-78");
        assert_eq!(normalise_code(" z 2346 78 "), code);
        assert_eq!(normalise_code("z-2346-78"), code);
        assert_eq!(normalise_code(""), "");
        assert!(check_pin("1234").is_ok() && check_pin("123456").is_ok());
        assert!(check_pin("123").is_err() && check_pin("12a4").is_err() && check_pin("1234567").is_err());
    }
}
