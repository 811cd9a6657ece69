-- The marketplace's weekly e-mail: what is new near the person and what
-- matches their own posts. Opt-in, like invitations. One row per person and
-- ISO week, so queueing twice (two cron runs, two servers) sends once; the
-- text is written when it is sent, from what the marketplace holds then.
ALTER TABLE mail_preferences ADD COLUMN market_digest BIGINT NOT NULL DEFAULT 0 CHECK (market_digest IN (0, 1));

CREATE TABLE market_digests (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    week          TEXT NOT NULL,
    queued_at     TEXT NOT NULL,
    claimed_until TEXT,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    sent_at       TEXT,
    -- Nothing new that week: marked done without a message.
    empty         BIGINT NOT NULL DEFAULT 0,
    UNIQUE (person_id, week)
);
CREATE INDEX market_digests_waiting ON market_digests (sent_at, queued_at);
