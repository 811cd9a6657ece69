-- Short links for survey posters (/e/K7PM4Q): a person who cannot scan the QR
-- code types six letters instead of a survey id. One link per survey and buurt.
CREATE TABLE survey_links (
    code       TEXT PRIMARY KEY,
    survey_id  TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    buurt_code TEXT NOT NULL REFERENCES places (code),
    created_at TEXT NOT NULL,
    UNIQUE (survey_id, buurt_code)
);
