-- Referrals from the luisterloket to a partner (migration 0038): part of the
-- resident's intake data, so erased with the intake. The partner reads the
-- intake only through the resident's shares with it; the referral names
-- which shared domains it is about, and the wijkwerker's reasons.
CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    intake_id       TEXT NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    domains         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    referred_by     TEXT REFERENCES persons (id) ON DELETE SET NULL,
    referred_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined')),
    answer          TEXT NOT NULL DEFAULT '',
    answered_by     TEXT REFERENCES persons (id) ON DELETE SET NULL,
    answered_at     TEXT
);
CREATE INDEX referrals_intake ON referrals (intake_id, referred_at);
CREATE INDEX referrals_organisation ON referrals (organisation_id, status);
