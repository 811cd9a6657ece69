-- Which provincie a gemeente lies in, from CBS's list of gemeenten: the
-- overviews of the land group gemeenten by it. Provincies are not places of
-- their own: nothing is held or decided at that level on the platform.
CREATE TABLE gemeente_provinces (
    gemeente_code TEXT PRIMARY KEY REFERENCES places (code),
    province_code TEXT NOT NULL,
    province_name TEXT NOT NULL,
    source        TEXT NOT NULL,
    imported_at   TEXT NOT NULL
);
CREATE INDEX gemeente_provinces_province ON gemeente_provinces (province_code);
