-- Initiatives of residents, decided on a visible clock, and the wijkbudget
-- that pays for them as a double-entry ledger per wijk and year.

-- A wijk's rules, shown before anyone writes a line; a wijk without a row
-- has the standard rules.
CREATE TABLE initiative_rules (
    place_code      TEXT PRIMARY KEY REFERENCES places (code),
    small_limit     BIGINT NOT NULL CHECK (small_limit > 0),
    small_days      BIGINT NOT NULL CHECK (small_days > 0),
    large_days      BIGINT NOT NULL CHECK (large_days >= small_days),
    on_timeout      TEXT NOT NULL CHECK (on_timeout IN ('approve', 'escalate')),
    eligible        TEXT NOT NULL DEFAULT '',
    accounting      TEXT NOT NULL DEFAULT '',
    groups_may_save BIGINT NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);

-- An initiative is a public record of public money: when its submitter is
-- erased it stays, without them. Route, due time and what happens on
-- timeout are fixed when it comes in, so later rule changes do not move it.
CREATE TABLE initiatives (
    id            TEXT PRIMARY KEY,
    place_code    TEXT NOT NULL REFERENCES places (code),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    needs         TEXT NOT NULL,
    needs_note    TEXT NOT NULL DEFAULT '',
    amount        BIGINT NOT NULL CHECK (amount >= 0),
    group_name    TEXT NOT NULL DEFAULT '',
    submitted_by  TEXT REFERENCES persons (id) ON DELETE SET NULL,
    submitted_at  TEXT NOT NULL,
    route         TEXT NOT NULL CHECK (route IN ('small', 'large')),
    due_at        TEXT NOT NULL,
    on_timeout    TEXT NOT NULL CHECK (on_timeout IN ('approve', 'escalate')),
    status        TEXT NOT NULL CHECK (status IN ('submitted', 'escalated', 'approved', 'rejected', 'paid', 'accounted')),
    escalated_at  TEXT,
    decided_at    TEXT,
    decided_by    TEXT REFERENCES persons (id) ON DELETE SET NULL,
    by_default    BIGINT NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL DEFAULT '',
    granted       BIGINT NOT NULL DEFAULT 0 CHECK (granted >= 0 AND granted <= amount),
    budget_year   BIGINT,
    paid_at       TEXT,
    report        TEXT NOT NULL DEFAULT '',
    spent         BIGINT,
    accounted_at  TEXT,
    paper_support BIGINT NOT NULL DEFAULT 0 CHECK (paper_support >= 0)
);
CREATE INDEX initiatives_place ON initiatives (place_code, submitted_at);
CREATE INDEX initiatives_clock ON initiatives (status, due_at);
CREATE INDEX initiatives_submitter ON initiatives (submitted_by);

-- Support of neighbours who signed in: theirs (export, gone on erasure).
CREATE TABLE initiative_supporters (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    person_id     TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    supported_at  TEXT NOT NULL,
    PRIMARY KEY (initiative_id, person_id)
);
CREATE INDEX initiative_supporters_person ON initiative_supporters (person_id);

-- One row per wijk and year with a budget: the lock every movement of that
-- budget takes first, so two grants cannot both spend the last euro.
CREATE TABLE wijkbudgets (
    place_code TEXT NOT NULL REFERENCES places (code),
    year       BIGINT NOT NULL,
    movements  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (place_code, year)
);

-- The ledger: append-only (triggers per engine), two postings per movement
-- that sum to zero. No person ids here (they could not be erased from an
-- append-only table); who did what is in the audit trail.
CREATE TABLE budget_movements (
    id            TEXT PRIMARY KEY,
    place_code    TEXT NOT NULL,
    year          BIGINT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('allocate', 'grant', 'pay', 'return')),
    initiative_id TEXT REFERENCES initiatives (id),
    amount        BIGINT NOT NULL CHECK (amount > 0),
    memo          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    FOREIGN KEY (place_code, year) REFERENCES wijkbudgets (place_code, year)
);
CREATE INDEX budget_movements_budget ON budget_movements (place_code, year);
CREATE INDEX budget_movements_initiative ON budget_movements (initiative_id);

CREATE TABLE budget_postings (
    movement_id TEXT NOT NULL REFERENCES budget_movements (id),
    account     TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (movement_id, account)
);

-- The first result of a money-moving request, for retries with the same key.
CREATE TABLE budget_idempotency (
    actor_id     TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (actor_id, key)
);
