-- A join code no longer admits anyone by itself: it asks, and an adult of
-- the household lets the person in (or not). Codes expire; an adult can make
-- a new one. Households from before get a code that has expired.
ALTER TABLE households ADD COLUMN join_code_expires_at TEXT NOT NULL DEFAULT '';

CREATE TABLE household_join_requests (
    household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    relation     TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_join_requests_person ON household_join_requests (person_id);
