-- How a meeting was, by those who were registered: a score 1–5 and a line.
-- Each evaluation is its writer's own (export, gone on erasure); the public
-- sees the count, and the average and the lines only from the minimum group up.
CREATE TABLE meeting_evaluations (
    meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    score        BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    line         TEXT NOT NULL DEFAULT '',
    evaluated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_evaluations_person ON meeting_evaluations (person_id);
