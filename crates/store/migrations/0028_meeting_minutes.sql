-- What came of a meeting: minutes per agenda item, how many came (a count,
-- never names), and decisions, each with an owner, a due date and a status,
-- shown until done ("u vroeg, wij deden").
ALTER TABLE meeting_agenda_items ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN attended BIGINT;

CREATE TABLE meeting_decisions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_on    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id);

-- A short code for the printed invitation ("ga naar …/b/K7MX2Q").
ALTER TABLE meetings ADD COLUMN short_code TEXT;
CREATE UNIQUE INDEX meetings_short_code ON meetings (short_code);
