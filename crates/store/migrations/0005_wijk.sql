-- De wijk: the sociale kaart (Open Referral HSDS in spirit and on the wire)
-- and the wijkplan.

CREATE TABLE sk_services (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL CHECK (kind IN ('public', 'private', 'informal')),
    status          TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
    url             TEXT,
    email           TEXT,
    phone           TEXT,
    who_to_ask      TEXT NOT NULL DEFAULT '',
    review_status   TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved')),
    reviewed_by     TEXT REFERENCES persons (id) ON DELETE SET NULL,
    confirmed_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- Name, description, organisation and who to ask, lower-cased, for search.
    search_text     TEXT NOT NULL
);
CREATE INDEX sk_services_organisation ON sk_services (organisation_id);
CREATE INDEX sk_services_name ON sk_services (name);

CREATE TABLE sk_service_domains (
    service_id TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    domain     TEXT NOT NULL,
    PRIMARY KEY (service_id, domain)
);
CREATE INDEX sk_service_domains_domain ON sk_service_domains (domain, service_id);

-- The places a service is for: a buurt, a wijk or a whole gemeente.
CREATE TABLE sk_service_areas (
    service_id TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    place_code TEXT NOT NULL REFERENCES places (code),
    PRIMARY KEY (service_id, place_code)
);
CREATE INDEX sk_service_areas_place ON sk_service_areas (place_code, service_id);

CREATE TABLE sk_locations (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    address     TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL
);
CREATE INDEX sk_locations_service ON sk_locations (service_id);

CREATE TABLE sk_schedules (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    weekdays   TEXT NOT NULL,
    opens_at   TEXT NOT NULL,
    closes_at  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sk_schedules_service ON sk_schedules (service_id);

CREATE TABLE wijkplans (
    id          TEXT PRIMARY KEY,
    place_code  TEXT NOT NULL UNIQUE REFERENCES places (code),
    ambition    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);

CREATE TABLE wijkplan_goals (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES wijkplans (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    baseline    DOUBLE PRECISION NOT NULL,
    target      DOUBLE PRECISION NOT NULL,
    target_date TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX wijkplan_goals_plan ON wijkplan_goals (plan_id);

CREATE TABLE wijkplan_contributions (
    id      TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES wijkplan_goals (id) ON DELETE CASCADE,
    who     TEXT NOT NULL CHECK (who IN ('bewoners', 'partners', 'ondernemers', 'gemeente')),
    name    TEXT NOT NULL,
    what    TEXT NOT NULL
);

CREATE TABLE wijkplan_measurements (
    id          TEXT PRIMARY KEY,
    goal_id     TEXT NOT NULL REFERENCES wijkplan_goals (id) ON DELETE CASCADE,
    measured_on TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wijkplan_measurements_goal ON wijkplan_measurements (goal_id, measured_on);
