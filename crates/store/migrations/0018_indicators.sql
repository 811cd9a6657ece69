-- Indicators per place and year (CBS Kerncijfers, values the gemeente enters),
-- the 0-meting per wijk and the targets. Values are about places, never about
-- a person; who entered or fixed something is kept for the audit trail.

CREATE TABLE indicator_values (
    indicator_code TEXT NOT NULL,
    place_code     TEXT NOT NULL REFERENCES places (code),
    period         TEXT NOT NULL,
    -- NULL where the source marks the value missing or secret: never zero.
    value          DOUBLE PRECISION,
    -- For a share of people asked: how many answered.
    respondents    BIGINT,
    source         TEXT NOT NULL,
    recorded_by    TEXT REFERENCES persons (id) ON DELETE SET NULL,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (indicator_code, place_code, period)
);
CREATE INDEX indicator_values_place ON indicator_values (place_code, indicator_code, period);

-- Regions whose code or area CBS changed in a year (IndelingswijzigingWijkenEnBuurten
-- other than 1): their values before and after describe different areas.
CREATE TABLE region_changes (
    place_code  TEXT NOT NULL REFERENCES places (code),
    period      TEXT NOT NULL,
    change_code TEXT NOT NULL,
    PRIMARY KEY (place_code, period)
);

-- The 0-meting of a wijk: the year of the data it rests on, and the values then
-- (of the wijk, of the rest of the gemeente and of the whole gemeente), kept as
-- they were so that later corrections by the source do not move the baseline.
CREATE TABLE baselines (
    place_code TEXT PRIMARY KEY REFERENCES places (code),
    period     TEXT NOT NULL,
    fixed_by   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    fixed_at   TEXT NOT NULL
);

CREATE TABLE baseline_values (
    place_code       TEXT NOT NULL REFERENCES baselines (place_code) ON DELETE CASCADE,
    indicator_code   TEXT NOT NULL,
    value            DOUBLE PRECISION,
    respondents      BIGINT,
    rest_value       DOUBLE PRECISION,
    rest_respondents BIGINT,
    gemeente_value   DOUBLE PRECISION,
    PRIMARY KEY (place_code, indicator_code)
);

CREATE TABLE indicator_targets (
    place_code     TEXT NOT NULL REFERENCES places (code),
    indicator_code TEXT NOT NULL,
    target         DOUBLE PRECISION NOT NULL,
    target_year    TEXT NOT NULL,
    set_by         TEXT REFERENCES persons (id) ON DELETE SET NULL,
    set_at         TEXT NOT NULL,
    PRIMARY KEY (place_code, indicator_code)
);
