-- Follow the money: budgets and spending per place, year, payer, life domain
-- and intervention. Amounts in cents. A spreadsheet's lines carry the file's
-- hash, so the same file imported again replaces itself instead of adding up.
CREATE TABLE money_flows (
    id           TEXT PRIMARY KEY,
    place_code   TEXT NOT NULL REFERENCES places (code),
    year         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('budget', 'besteed')),
    payer        TEXT NOT NULL CHECK (payer IN ('gemeente', 'corporatie', 'zorgverzekeraar', 'fonds', 'rijk', 'anders')),
    taakveld     TEXT NOT NULL DEFAULT '',
    domain       TEXT NOT NULL,
    intervention TEXT NOT NULL DEFAULT '',
    indicator    TEXT,
    cents        BIGINT NOT NULL CHECK (cents >= 0),
    note         TEXT NOT NULL DEFAULT '',
    sheet_hash   TEXT,
    recorded_by  TEXT REFERENCES persons (id) ON DELETE SET NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX money_flows_place ON money_flows (place_code, year);
CREATE INDEX money_flows_sheet ON money_flows (sheet_hash);
