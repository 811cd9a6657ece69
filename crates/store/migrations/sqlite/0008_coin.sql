-- Rule 4: posted entries and transactions never change and are never deleted.
CREATE TRIGGER coin_entries_append_only_update BEFORE UPDATE ON coin_entries
BEGIN SELECT RAISE(ABORT, 'coin entries are append-only'); END;
CREATE TRIGGER coin_entries_append_only_delete BEFORE DELETE ON coin_entries
BEGIN SELECT RAISE(ABORT, 'coin entries are append-only'); END;
CREATE TRIGGER coin_transactions_append_only_update BEFORE UPDATE ON coin_transactions
BEGIN SELECT RAISE(ABORT, 'coin transactions are append-only'); END;
CREATE TRIGGER coin_transactions_append_only_delete BEFORE DELETE ON coin_transactions
BEGIN SELECT RAISE(ABORT, 'coin transactions are append-only'); END;

-- A card payment waiting for the holder's PIN reserves the amount.
CREATE TABLE coin_holds (
    id                  TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES coin_accounts (id),
    business_account_id TEXT NOT NULL REFERENCES coin_accounts (id),
    amount              BIGINT NOT NULL CHECK (amount > 0),
    status              TEXT NOT NULL CHECK (status IN ('open', 'captured', 'released')),
    transaction_id      TEXT REFERENCES coin_transactions (id),
    created_at          TEXT NOT NULL,
    expires_at          TEXT NOT NULL
);
CREATE INDEX coin_holds_account ON coin_holds (account_id, status);

-- Rule 5: the first result of a money-moving request, replayed for retries.
CREATE TABLE coin_idempotency (
    actor_id       TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    transaction_id TEXT NOT NULL REFERENCES coin_transactions (id),
    response       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (actor_id, key)
);
