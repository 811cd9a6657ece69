-- Between wijken and around the cooperative: alliances of cooperatives,
-- the wijkalliantie of partners, and the service desk where initiatives
-- hand their admin to the cooperative (the wijkinnovatiebedrijf).

-- An agreement between the cooperatives of two or more wijken. A wijk is
-- invited (`joined_at` empty) until its board or coördinator joins with
-- what it offers; requests are seen across the wijken that joined.
CREATE TABLE alliances (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE alliance_members (
    alliance_id TEXT NOT NULL REFERENCES alliances (id),
    place_code  TEXT NOT NULL REFERENCES cooperatives (place_code),
    offers      TEXT NOT NULL DEFAULT '',
    invited_at  TEXT NOT NULL,
    joined_at   TEXT,
    PRIMARY KEY (alliance_id, place_code)
);
CREATE INDEX alliance_members_place ON alliance_members (place_code);

-- The wijkalliantie: which partner does what in the wijk, with which
-- budget (cents a year). Public; names organisations, not people.
CREATE TABLE wijk_partners (
    id           TEXT PRIMARY KEY,
    place_code   TEXT NOT NULL REFERENCES places (code),
    year         BIGINT NOT NULL,
    partner      TEXT NOT NULL,
    role         TEXT NOT NULL,
    contribution TEXT NOT NULL DEFAULT '',
    budget       BIGINT NOT NULL DEFAULT 0 CHECK (budget >= 0),
    created_at   TEXT NOT NULL
);
CREATE INDEX wijk_partners_place ON wijk_partners (place_code, year);

-- An initiative asks the cooperative to take over admin. Read by the
-- person who asked and by the cooperative's board and coördinator.
CREATE TABLE coop_service_requests (
    id            TEXT PRIMARY KEY,
    place_code    TEXT NOT NULL REFERENCES cooperatives (place_code),
    initiative_id TEXT NOT NULL REFERENCES initiatives (id),
    asked_by      TEXT REFERENCES persons (id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('bookkeeping', 'payments', 'insurance', 'other')),
    question      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('new', 'in-progress', 'done')),
    handler_id    TEXT REFERENCES persons (id) ON DELETE SET NULL,
    answer        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX coop_service_requests_place ON coop_service_requests (place_code, status);
CREATE INDEX coop_service_requests_asked_by ON coop_service_requests (asked_by);
