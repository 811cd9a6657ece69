-- What professionals write in a resident's intake (migration 0040): a note
-- on a domain shared with their organisation. The resident sees every note
-- and can answer it with their own view; a note goes with the intake.
CREATE TABLE intake_notes (
    id              TEXT PRIMARY KEY,
    intake_id       TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    domain          TEXT NOT NULL,
    author_id       TEXT REFERENCES persons (id) ON DELETE SET NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    text            TEXT NOT NULL,
    written_at      TEXT NOT NULL,
    reply           TEXT NOT NULL DEFAULT '',
    replied_at      TEXT
);
CREATE INDEX intake_notes_intake ON intake_notes (intake_id, written_at);
