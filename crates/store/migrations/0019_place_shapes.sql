-- Boundaries of places, as the gemeente imported them (GeoJSON geometry, in the
-- Dutch grid or in longitude and latitude), for the maps of the figures pages.
CREATE TABLE place_shapes (
    place_code  TEXT PRIMARY KEY REFERENCES places (code),
    geometry    TEXT NOT NULL,
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
