-- People who keep an organisation's sociale kaart entries without a role:
-- residents whose own initiative (a sewing club, a walking group) they put
-- on the map themselves. Erased with the person; the initiative stays.
CREATE TABLE organisation_keepers (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    person_id       TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    added_at        TEXT NOT NULL,
    PRIMARY KEY (organisation_id, person_id)
);
CREATE INDEX organisation_keepers_person ON organisation_keepers (person_id);
