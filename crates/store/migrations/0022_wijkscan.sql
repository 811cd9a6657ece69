-- The wijkscan: rounds of the gemeente's self-assessment, and per person in a
-- round their group and the points (1…97) they see present, as "1,8,26". An
-- answer is the person's view of how the gemeente works; erasing the person
-- removes it.
CREATE TABLE wijkscan_rounds (
    id         TEXT PRIMARY KEY,
    place_code TEXT NOT NULL REFERENCES places (code),
    name       TEXT NOT NULL,
    opened_at  TEXT NOT NULL,
    opened_by  TEXT REFERENCES persons (id) ON DELETE SET NULL
);
CREATE INDEX wijkscan_rounds_place ON wijkscan_rounds (place_code, opened_at);

CREATE TABLE wijkscan_answers (
    round_id    TEXT NOT NULL REFERENCES wijkscan_rounds (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    grp         TEXT NOT NULL,
    items       TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (round_id, person_id)
);
