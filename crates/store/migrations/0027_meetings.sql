-- The open podium: a wijk's meetings with their agenda, and who registered.
-- `registered` counts the places taken, so that taking the last one is one
-- conditional UPDATE that two people cannot both win.
CREATE TABLE meetings (
    id            TEXT PRIMARY KEY,
    place_code    TEXT NOT NULL REFERENCES places (code),
    title         TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    form          TEXT NOT NULL,
    venue         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    online_url    TEXT NOT NULL DEFAULT '',
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    capacity      BIGINT,
    registered    BIGINT NOT NULL DEFAULT 0,
    organisers    TEXT NOT NULL,
    created_by    TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (capacity IS NULL OR registered <= capacity)
);
CREATE INDEX meetings_place ON meetings (place_code, starts_at);

CREATE TABLE meeting_agenda_items (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    title      TEXT NOT NULL,
    minutes    BIGINT NOT NULL,
    brings     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, position)
);

-- A person's registration is theirs: in their export, gone when they are erased.
CREATE TABLE meeting_registrations (
    meeting_id    TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id     TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('registered', 'waiting')),
    registered_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_registrations_person ON meeting_registrations (person_id);
CREATE INDEX meeting_registrations_waiting ON meeting_registrations (meeting_id, status, registered_at);
