-- Households, sharing side by side, and the gezinsplan (one family, one plan).
-- Hours are whole half-hours.

CREATE TABLE households (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    -- An adult with an account joins by typing this code: nobody is added
    -- to a household without doing so themselves.
    join_code  TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE household_members (
    household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    relation     TEXT NOT NULL CHECK (relation IN ('ouder', 'partner', 'kind', 'anders')),
    adult        BIGINT NOT NULL CHECK (adult IN (0, 1)),
    joined_at    TEXT NOT NULL,
    PRIMARY KEY (household_id, person_id)
);
CREATE INDEX household_members_person ON household_members (person_id);

CREATE TABLE family_plans (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL UNIQUE REFERENCES households (id) ON DELETE CASCADE,
    regisseur_id TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE plan_goals (
    id         TEXT PRIMARY KEY,
    plan_id    TEXT NOT NULL REFERENCES family_plans (id) ON DELETE CASCADE,
    parent_id  TEXT REFERENCES plan_goals (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    domain     TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_goals_plan ON plan_goals (plan_id);

CREATE TABLE plan_goal_members (
    goal_id   TEXT NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (goal_id, person_id)
);

CREATE TABLE plan_actions (
    id                 TEXT PRIMARY KEY,
    goal_id            TEXT NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
    who                TEXT NOT NULL,
    what               TEXT NOT NULL,
    planned_half_hours BIGINT NOT NULL CHECK (planned_half_hours >= 0),
    spent_half_hours   BIGINT NOT NULL DEFAULT 0 CHECK (spent_half_hours >= 0),
    due                TEXT,
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'bezig', 'klaar', 'gestopt')),
    created_at         TEXT NOT NULL
);
CREATE INDEX plan_actions_goal ON plan_actions (goal_id);

CREATE TABLE plan_evaluations (
    id         TEXT PRIMARY KEY,
    plan_id    TEXT NOT NULL REFERENCES family_plans (id) ON DELETE CASCADE,
    held_on    TEXT NOT NULL,
    summary    TEXT NOT NULL,
    author_id  TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE plan_network (
    id       TEXT PRIMARY KEY,
    plan_id  TEXT NOT NULL REFERENCES family_plans (id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    relation TEXT NOT NULL,
    contact  TEXT NOT NULL DEFAULT ''
);

-- Professionals invited to the plan. They see it only while every adult
-- member's consent (scope family-plan) holds; that is checked on every read.
CREATE TABLE plan_professionals (
    plan_id    TEXT NOT NULL REFERENCES family_plans (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    invited_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, person_id)
);
