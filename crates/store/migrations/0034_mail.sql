-- E-mail: what each person wants to receive, and the outbox that
-- `wijkwerk mail send` empties into an SMTP relay. Both are the person's
-- data: in their export, gone with them when they are erased. The outbox
-- holds no text: the message is written in the person's language when it is
-- sent, so that nothing said about them waits in a second copy.

-- Invitations are opt-in (nobody gets unasked mail about their wijk);
-- reminders for a meeting one registered for are on until turned off.
CREATE TABLE mail_preferences (
    person_id   TEXT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    invitations BIGINT NOT NULL DEFAULT 0 CHECK (invitations IN (0, 1)),
    reminders   BIGINT NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1)),
    updated_at  TEXT NOT NULL
);

-- One row per message, unique per person, kind and meeting: queueing twice
-- (two organisers, two cron runs, two app servers) sends once. A sender
-- claims a row until `claimed_until`, so two senders never send it twice.
CREATE TABLE mail_outbox (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    meeting_id    TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    queued_at     TEXT NOT NULL,
    claimed_until TEXT,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    sent_at       TEXT,
    UNIQUE (person_id, kind, meeting_id)
);
CREATE INDEX mail_outbox_waiting ON mail_outbox (sent_at, queued_at);
CREATE INDEX mail_outbox_meeting ON mail_outbox (meeting_id, kind);
