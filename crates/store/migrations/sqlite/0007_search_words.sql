-- Sociale kaart search by word prefix through an index, instead of scanning
-- every entry's text; and an index that serves both the count of approved
-- entries and their order by name.

CREATE TABLE sk_service_words (
    word       TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    PRIMARY KEY (word, service_id)
);
CREATE INDEX sk_service_words_service ON sk_service_words (service_id);
CREATE INDEX sk_services_review_name ON sk_services (review_status, name, id, status);
