-- The social coin: programmes, accounts, an append-only ledger, holds and
-- idempotency keys. Amounts are integer euro cents. Balances are kept on the
-- account (for locking and fast reads) and in every entry (before and after),
-- so `wijkwerk coin check` can prove one from the other.

CREATE TABLE coin_programmes (
    id                         TEXT PRIMARY KEY,
    code                       TEXT NOT NULL UNIQUE,
    place_code                 TEXT NOT NULL REFERENCES places (code),
    name                       TEXT NOT NULL,
    description                TEXT NOT NULL DEFAULT '',
    max_balance                BIGINT,
    max_payment                BIGINT,
    max_per_day                BIGINT,
    holders_may_pay_each_other BIGINT NOT NULL DEFAULT 0,
    created_at                 TEXT NOT NULL
);

-- owner_id: the programme's id (escrow, programme), a person's id (holder)
-- or an organisation's id (business). No foreign key on purpose: erasing a
-- person must not erase the books; the ledger itself holds no names.
CREATE TABLE coin_accounts (
    id              TEXT PRIMARY KEY,
    programme_id    TEXT NOT NULL REFERENCES coin_programmes (id),
    kind            TEXT NOT NULL CHECK (kind IN ('escrow', 'programme', 'holder', 'business')),
    owner_id        TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    balance         BIGINT NOT NULL DEFAULT 0,
    held            BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 0,
    active          BIGINT NOT NULL DEFAULT 1,
    spent_day       TEXT NOT NULL DEFAULT '',
    spent_today     BIGINT NOT NULL DEFAULT 0,
    bonus_percent   BIGINT NOT NULL DEFAULT 0,
    bonus_cap       BIGINT NOT NULL DEFAULT 0,
    benefit_text    TEXT NOT NULL DEFAULT '',
    pin_hash        TEXT,
    pin_failures    BIGINT NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    UNIQUE (programme_id, kind, owner_id),
    -- The last line of defence for rule 3; the ledger checks first.
    CHECK (balance >= 0 AND held >= 0 AND held <= balance)
);
CREATE INDEX coin_accounts_owner ON coin_accounts (owner_id, kind);

CREATE TABLE coin_transactions (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES coin_programmes (id),
    kind         TEXT NOT NULL CHECK (kind IN ('funding', 'issuance', 'payment', 'gift', 'redemption', 'reversal')),
    memo         TEXT NOT NULL DEFAULT '',
    actor_id     TEXT,
    reverses_id  TEXT UNIQUE REFERENCES coin_transactions (id),
    posted_at    TEXT NOT NULL
);
CREATE INDEX coin_transactions_programme ON coin_transactions (programme_id, posted_at);

CREATE TABLE coin_entries (
    account_id      TEXT NOT NULL REFERENCES coin_accounts (id),
    account_version BIGINT NOT NULL,
    transaction_id  TEXT NOT NULL REFERENCES coin_transactions (id),
    leg             BIGINT NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount <> 0),
    balance_before  BIGINT NOT NULL,
    balance_after   BIGINT NOT NULL,
    posted_at       TEXT NOT NULL,
    PRIMARY KEY (account_id, account_version)
);
CREATE INDEX coin_entries_transaction ON coin_entries (transaction_id, leg);
-- Rule 4's append-only triggers are written per engine: sqlite/, postgres/.
