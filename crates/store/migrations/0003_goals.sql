-- "Weektest op maat": goals, hours logged per week, and attainment ratings
-- (Goal Attainment Scaling, −2…+2). Hours are whole half-hours.

CREATE TABLE goals (
    id                  TEXT PRIMARY KEY,
    person_id           TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    weektest_id         TEXT REFERENCES weektests (id) ON DELETE SET NULL,
    domain              TEXT NOT NULL,
    title               TEXT NOT NULL,
    expected            TEXT NOT NULL DEFAULT '',
    half_hours_per_week BIGINT NOT NULL CHECK (half_hours_per_week BETWEEN 1 AND 336),
    weeks               BIGINT NOT NULL CHECK (weeks BETWEEN 1 AND 52),
    start_monday        TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
CREATE INDEX goals_person ON goals (person_id);

CREATE TABLE goal_logs (
    goal_id    TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    week       TEXT NOT NULL,
    half_hours BIGINT NOT NULL CHECK (half_hours BETWEEN 0 AND 336),
    note       TEXT NOT NULL DEFAULT '',
    logged_at  TEXT NOT NULL,
    PRIMARY KEY (goal_id, week)
);

CREATE TABLE goal_ratings (
    id       TEXT PRIMARY KEY,
    goal_id  TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    score    BIGINT NOT NULL CHECK (score BETWEEN -2 AND 2),
    note     TEXT NOT NULL DEFAULT '',
    rated_at TEXT NOT NULL
);
CREATE INDEX goal_ratings_goal ON goal_ratings (goal_id, rated_at);
