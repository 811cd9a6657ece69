-- "Mens, wat woon je": housing projects per wijk and their scores on broad
-- prosperity (JSON: criterion → 0, 1 or 2; NULL until scored).
CREATE TABLE housing_projects (
    id         TEXT PRIMARY KEY,
    place_code TEXT NOT NULL REFERENCES places (code),
    name       TEXT NOT NULL,
    homes      BIGINT NOT NULL CHECK (homes > 0),
    status     TEXT NOT NULL CHECK (status IN ('plan', 'bouw', 'opgeleverd')),
    scores     TEXT,
    scored_at  TEXT,
    created_by TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX housing_projects_place ON housing_projects (place_code);
