-- The wijkkrant: editions per wijk and month, made by an editorial group of
-- residents, with items (their own stories or taken from the platform) and
-- the slips neighbours hand in on paper, typed in by a wijkwerker.
CREATE TABLE newspaper_editors (
    place_code TEXT NOT NULL REFERENCES places (code),
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (place_code, person_id)
);
CREATE INDEX newspaper_editors_person ON newspaper_editors (person_id);

CREATE TABLE newspaper_editions (
    id           TEXT PRIMARY KEY,
    place_code   TEXT NOT NULL REFERENCES places (code),
    period       TEXT NOT NULL,
    title        TEXT NOT NULL,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (place_code, period)
);

-- Items are public text once published; who wrote one is kept only to let
-- them find it (and set to nothing when they are erased).
CREATE TABLE newspaper_items (
    id         TEXT PRIMARY KEY,
    edition_id TEXT NOT NULL REFERENCES newspaper_editions (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('story', 'meeting', 'initiative', 'decision')),
    ref_id     TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    written_by TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX newspaper_items_edition ON newspaper_items (edition_id, position);

-- What came back on the slips: the text only, never who wrote it.
CREATE TABLE newspaper_responses (
    id         TEXT PRIMARY KEY,
    edition_id TEXT NOT NULL REFERENCES newspaper_editions (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    entered_by TEXT REFERENCES persons (id) ON DELETE SET NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX newspaper_responses_edition ON newspaper_responses (edition_id);
