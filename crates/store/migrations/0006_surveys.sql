-- Bevraging: surveys, their single-use codes, anonymous responses, and the
-- counts that results are read from (kept up to date with every response, so
-- results do not scan the responses).

CREATE TABLE surveys (
    id         TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_by TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE survey_places (
    survey_id  TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    place_code TEXT NOT NULL REFERENCES places (code),
    PRIMARY KEY (survey_id, place_code)
);
CREATE INDEX survey_places_place ON survey_places (place_code);

CREATE TABLE survey_tokens (
    token_hash TEXT PRIMARY KEY,
    survey_id  TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    buurt_code TEXT,
    used_at    TEXT
);

CREATE TABLE survey_responses (
    id              TEXT PRIMARY KEY,
    survey_id       TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    buurt_code      TEXT,
    respondent_type TEXT,
    channel         TEXT NOT NULL CHECK (channel IN ('online', 'paper')),
    entered_by      TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id, id);

CREATE TABLE survey_answers (
    response_id TEXT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question    TEXT NOT NULL,
    option_code TEXT,
    value       BIGINT,
    text_value  TEXT
);
CREATE INDEX survey_answers_response ON survey_answers (response_id);

-- Counts per cell and group: group_kind 'all' (group_key ''), 'buurt' or
-- 'type' (group_key '' when not given).
CREATE TABLE survey_counts (
    survey_id   TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    question    TEXT NOT NULL,
    option_code TEXT NOT NULL,
    value       BIGINT NOT NULL,
    group_kind  TEXT NOT NULL,
    group_key   TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (survey_id, question, option_code, value, group_kind, group_key)
);

CREATE TABLE survey_group_totals (
    survey_id  TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    group_kind TEXT NOT NULL,
    group_key  TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (survey_id, group_kind, group_key)
);
