-- The luisterloket's emergency budget for first needs: requests, their
-- approvals (four eyes) and a ledger per wijk and year of the same shape as
-- the wijkbudget's (two postings per movement summing to zero, append-only).

-- One row per wijk and year: the lock every movement and every decision on
-- that budget takes first. `third_above`: above this amount (cents) a
-- request needs a third, independent approval; the gemeente sets it.
CREATE TABLE emergency_budgets (
    place_code  TEXT NOT NULL REFERENCES places (code),
    year        BIGINT NOT NULL,
    third_above BIGINT NOT NULL CHECK (third_above > 0),
    movements   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (place_code, year)
);

-- Personal data: the resident it is for (a first need says much about
-- someone) and the professional who asked. Read by the resident and by the
-- professionals of the luisterloket; every professional's read is in the
-- resident's access log. A request is a record of public money: on erasure
-- it stays, without the person.
CREATE TABLE emergency_requests (
    id             TEXT PRIMARY KEY,
    place_code     TEXT NOT NULL,
    year           BIGINT NOT NULL,
    beneficiary_id TEXT REFERENCES persons (id) ON DELETE SET NULL,
    requester_id   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    requester_organisation TEXT,
    what           TEXT NOT NULL,
    amount         BIGINT NOT NULL CHECK (amount > 0),
    why            TEXT NOT NULL,
    payout         TEXT NOT NULL CHECK (payout IN ('coin', 'creditor')),
    creditor       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('open', 'approved', 'refused', 'paid')),
    requested_at   TEXT NOT NULL,
    decided_at     TEXT,
    refused_by     TEXT REFERENCES persons (id) ON DELETE SET NULL,
    refusal_reason TEXT NOT NULL DEFAULT '',
    coin_transaction_id TEXT,
    paid_at        TEXT,
    FOREIGN KEY (place_code, year) REFERENCES emergency_budgets (place_code, year)
);
CREATE INDEX emergency_requests_place ON emergency_requests (place_code, requested_at);
CREATE INDEX emergency_requests_beneficiary ON emergency_requests (beneficiary_id);
CREATE INDEX emergency_requests_requester ON emergency_requests (requester_id);

-- Each approval names its request and the amount it approves, once per
-- approver. Append-only: an approval is never changed or taken back. The
-- approver is a bare id (no foreign key), as in the coin ledger, so erasing
-- a person keeps the record; their name then no longer shows.
CREATE TABLE emergency_approvals (
    request_id   TEXT NOT NULL REFERENCES emergency_requests (id),
    approver_id  TEXT NOT NULL,
    organisation TEXT,
    amount       BIGINT NOT NULL CHECK (amount > 0),
    approved_at  TEXT NOT NULL,
    PRIMARY KEY (request_id, approver_id, amount)
);

CREATE TABLE emergency_movements (
    id         TEXT PRIMARY KEY,
    place_code TEXT NOT NULL,
    year       BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('allocate', 'grant', 'pay', 'return')),
    request_id TEXT REFERENCES emergency_requests (id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    memo       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    FOREIGN KEY (place_code, year) REFERENCES emergency_budgets (place_code, year)
);
CREATE INDEX emergency_movements_budget ON emergency_movements (place_code, year);
CREATE INDEX emergency_movements_request ON emergency_movements (request_id);

CREATE TABLE emergency_postings (
    movement_id TEXT NOT NULL REFERENCES emergency_movements (id),
    account     TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (movement_id, account)
);
