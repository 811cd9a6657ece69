-- Right to challenge: a gemeente's rules (its participatieverordening as
-- data), the interventions it announces in a wijk, and the challenges with
-- the gemeente's answer. All of it is public; the challenger's person id is
-- kept only to show them their own challenge and is never shown.
CREATE TABLE challenge_rules (
    place_code  TEXT PRIMARY KEY REFERENCES places (code),
    answer_days BIGINT NOT NULL CHECK (answer_days > 0),
    regulation  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);

CREATE TABLE interventions (
    id           TEXT PRIMARY KEY,
    place_code   TEXT NOT NULL REFERENCES places (code),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    budget       BIGINT NOT NULL CHECK (budget > 0),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    taakveld     TEXT NOT NULL DEFAULT '',
    domain       TEXT NOT NULL DEFAULT '',
    announced_at TEXT NOT NULL,
    announced_by TEXT REFERENCES persons (id) ON DELETE SET NULL
);
CREATE INDEX interventions_place ON interventions (place_code, announced_at);

CREATE TABLE challenges (
    id              TEXT PRIMARY KEY,
    intervention_id TEXT NOT NULL REFERENCES interventions (id),
    kind            TEXT NOT NULL CHECK (kind IN ('bewoners', 'cooperatie', 'wijkinnovatiebedrijf')),
    name            TEXT NOT NULL,
    plan            TEXT NOT NULL,
    bid             BIGINT NOT NULL CHECK (bid > 0),
    why_better      TEXT NOT NULL,
    submitted_by    TEXT REFERENCES persons (id) ON DELETE SET NULL,
    submitted_at    TEXT NOT NULL,
    answer_due      TEXT NOT NULL,
    outcome         TEXT CHECK (outcome IN ('accepted', 'rejected')),
    reason          TEXT NOT NULL DEFAULT '',
    answered_at     TEXT
);
CREATE INDEX challenges_intervention ON challenges (intervention_id, submitted_at);
CREATE INDEX challenges_submitter ON challenges (submitted_by);
