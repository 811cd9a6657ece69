-- Foundation: places, people, roles, sessions, consent and the access log.
-- Times are RFC 3339 UTC text with milliseconds (see wijkwerk_domain::clock).

CREATE TABLE places (
    code        TEXT PRIMARY KEY,
    level       TEXT NOT NULL CHECK (level IN ('land', 'gemeente', 'wijk', 'buurt')),
    name        TEXT NOT NULL,
    parent_code TEXT REFERENCES places (code),
    created_at  TEXT NOT NULL
);
CREATE INDEX places_parent ON places (parent_code);

-- Every (ancestor, descendant) pair, the place itself included at depth 0, so
-- paths and sums over a subtree are plain joins instead of recursive queries.
CREATE TABLE place_tree (
    ancestor   TEXT NOT NULL REFERENCES places (code),
    descendant TEXT NOT NULL REFERENCES places (code),
    depth      BIGINT NOT NULL,
    PRIMARY KEY (ancestor, descendant)
);
CREATE INDEX place_tree_descendant ON place_tree (descendant, depth);

CREATE TABLE persons (
    id              TEXT PRIMARY KEY,
    email           TEXT UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT,
    language        TEXT NOT NULL DEFAULT 'nl',
    home_place_code TEXT REFERENCES places (code),
    created_at      TEXT NOT NULL
);
CREATE INDEX persons_home ON persons (home_place_code);

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('partner', 'business', 'initiative', 'gemeente', 'federation')),
    place_code  TEXT NOT NULL REFERENCES places (code),
    description TEXT NOT NULL DEFAULT '',
    website     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX organisations_place ON organisations (place_code);

CREATE TABLE role_assignments (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('bewoner', 'coach', 'wijkwerker', 'coordinator', 'partner', 'ondernemer', 'gemeente', 'landelijk')),
    place_code      TEXT NOT NULL REFERENCES places (code),
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (person_id, role, place_code)
);
CREATE INDEX role_assignments_place ON role_assignments (place_code, role);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

-- Failed sign-ins per hashed key (e-mail or client address), for rate limiting
-- that holds across app servers.
CREATE TABLE login_failures (
    key_hash TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, at);

CREATE TABLE consents (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    grantee_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    valid_until TEXT,
    revoked_at  TEXT
);
CREATE INDEX consents_subject ON consents (subject_id);
CREATE INDEX consents_grantee ON consents (grantee_id);

-- Every read of a person's data by someone else. The actor may be erased
-- later; the person keeps the record that a read happened.
CREATE TABLE access_log (
    id         TEXT PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    subject_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    what       TEXT NOT NULL,
    why        TEXT NOT NULL,
    consent_id TEXT REFERENCES consents (id) ON DELETE SET NULL
);
CREATE INDEX access_log_subject ON access_log (subject_id, at);
CREATE INDEX access_log_actor ON access_log (actor_id);

-- Proof that an erasure was done, without any data of the erased person.
CREATE TABLE erasures (
    id           TEXT PRIMARY KEY,
    completed_at TEXT NOT NULL
);
