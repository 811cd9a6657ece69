-- A question of a platform survey that measures an indicator in a gemeente:
-- the answers that count (codes, comma-separated, sorted) and the year the
-- survey stands for. The value per wijk is worked out from the answers when
-- it is read, so a late paper response counts without anything to redo.
CREATE TABLE indicator_surveys (
    indicator     TEXT NOT NULL,
    gemeente_code TEXT NOT NULL REFERENCES places (code),
    survey_id     TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    question      TEXT NOT NULL,
    answers       TEXT NOT NULL,
    period        TEXT NOT NULL,
    linked_by     TEXT REFERENCES persons (id) ON DELETE SET NULL,
    linked_at     TEXT NOT NULL,
    PRIMARY KEY (gemeente_code, indicator, survey_id)
);
CREATE INDEX indicator_surveys_survey ON indicator_surveys (survey_id);
