-- Sign-in attempts counted before the password is checked, one row per key
-- (hashed): a per-key counter that an upsert raises atomically, so parallel
-- attempts each take their own number, on every app server alike.
-- Replaces login_failures, which was read before the check and written after.
DROP TABLE login_failures;

CREATE TABLE sign_in_attempts (
    key_hash     TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts     BIGINT NOT NULL
);

-- Browsers that signed in to an account before (a random token in a cookie,
-- stored hashed): their attempts are counted apart from everyone else's, so
-- strangers guessing the password cannot lock the owner out.
CREATE TABLE known_devices (
    token_hash   TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
CREATE INDEX known_devices_person ON known_devices (person_id);
