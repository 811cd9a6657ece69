-- The luisterloket's intake: the resident's own (migration 0037). One per
-- person; erased with them (it is the resident's own account of their life,
-- not a legal case file: a Wmo or Jeugdwet file lives with the gemeente or
-- the partner that opens it, under that law's retention).
CREATE TABLE intakes (
    id                 TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL UNIQUE REFERENCES persons (id) ON DELETE CASCADE,
    place_code         TEXT REFERENCES places (code),
    -- 'self' when the resident started at home; otherwise 'conversation'.
    started            TEXT NOT NULL CHECK (started IN ('self', 'conversation')),
    happy              TEXT NOT NULL DEFAULT '',
    needs              TEXT NOT NULL DEFAULT '',
    second_person      TEXT NOT NULL DEFAULT '',
    second_contributes TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE intake_domains (
    intake_id  TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    domain     TEXT NOT NULL,
    rating     BIGINT CHECK (rating BETWEEN 1 AND 5),
    strengths  TEXT NOT NULL DEFAULT '',
    worries    TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (intake_id, domain)
);

-- The resident's consent: this organisation may see this domain (or the
-- own words, 'own-words') until `valid_until`. Revoking keeps the row, so
-- the resident sees what they shared and when it ended.
CREATE TABLE intake_shares (
    id              TEXT PRIMARY KEY,
    intake_id       TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    domain          TEXT NOT NULL,
    granted_at      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    revoked_at      TEXT
);
CREATE INDEX intake_shares_intake ON intake_shares (intake_id, organisation_id);
CREATE INDEX intake_shares_organisation ON intake_shares (organisation_id, valid_until);
