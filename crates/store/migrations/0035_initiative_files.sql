-- Photos and receipts with an initiative's account. The file is kept in the
-- database (app servers keep nothing of their own), after its metadata
-- (EXIF with GPS, PNG text) was taken out. BYTEA is PostgreSQL's bytes and,
-- to SQLite, a column that keeps a BLOB as it is.
-- Personal data: who uploaded it. Photos are public with the account and
-- go when their uploader is erased; receipts are seen by the group and
-- those who check the account, and stay as the record of public money.
CREATE TABLE initiative_files (
    id            TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('photo', 'receipt')),
    media_type    TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    description   TEXT NOT NULL DEFAULT '',
    size          BIGINT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_by   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX initiative_files_initiative ON initiative_files (initiative_id, uploaded_at);
CREATE INDEX initiative_files_uploader ON initiative_files (uploaded_by);
