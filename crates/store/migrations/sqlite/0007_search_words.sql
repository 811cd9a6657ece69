-- The sociale kaart's search index: one narrow row per word of an entry,
-- with what listing needs (name, and whether the public may see it), so a
-- search reads only this table's index. Words are the entry's text, folded
-- (lower case, no accents), plus '~d:<domain>', '~a:<area>' and
-- '~u:<place>' for every place the entry's areas lie in.

CREATE TABLE sk_service_words (
    word       TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES sk_services (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    visible    BIGINT NOT NULL,
    PRIMARY KEY (word, service_id)
);
CREATE INDEX sk_service_words_search ON sk_service_words (word, visible, name, service_id);
CREATE INDEX sk_service_words_service ON sk_service_words (service_id, word);
CREATE INDEX sk_services_review_name ON sk_services (review_status, name, id, status);

-- Every folded word once: a search inside words ("cafe" in "budgetcafe")
-- scans this short list, not every entry.
CREATE TABLE sk_search_vocabulary (
    word TEXT PRIMARY KEY
);
