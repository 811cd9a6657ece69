-- The audit trail: privileged actions (roles given, programmes made and
-- funded, entries approved, exports taken), for the gemeente to read.
-- Append-only (triggers per engine). The actor is a bare id, as in the
-- ledger: erasing a person leaves the trail, and the trail no name.
CREATE TABLE audit_trail (
    id         TEXT PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   TEXT,
    action     TEXT NOT NULL,
    place_code TEXT NOT NULL REFERENCES places (code),
    subject    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_trail_place ON audit_trail (place_code, at);
