-- The week test: templates (the "ik ben…" series, as JSON definitions) and
-- the tests people take. Hours are whole half-hours (36.5 h = 73).

CREATE TABLE weektest_templates (
    code       TEXT NOT NULL,
    version    BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE weektests (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    template_code    TEXT NOT NULL,
    template_version BIGINT NOT NULL,
    taken_at         TEXT NOT NULL,
    priority_domain  TEXT,
    priority_reason  TEXT,
    FOREIGN KEY (template_code, template_version) REFERENCES weektest_templates (code, version)
);
CREATE INDEX weektests_person ON weektests (person_id, taken_at);

CREATE TABLE weektest_answers (
    weektest_id       TEXT NOT NULL REFERENCES weektests (id) ON DELETE CASCADE,
    position          BIGINT NOT NULL,
    domain            TEXT NOT NULL,
    half_hours        BIGINT NOT NULL CHECK (half_hours BETWEEN 0 AND 336),
    wished_half_hours BIGINT NOT NULL CHECK (wished_half_hours BETWEEN 0 AND 336),
    satisfaction      BIGINT NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    PRIMARY KEY (weektest_id, domain)
);

CREATE TABLE weektest_extra_answers (
    weektest_id TEXT NOT NULL REFERENCES weektests (id) ON DELETE CASCADE,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    PRIMARY KEY (weektest_id, question)
);
