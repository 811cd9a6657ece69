-- The search index gets words that hold a life domain and a place together
-- ("~d:werk~u:WK960102"). No schema change: the words are made again from the
-- stored entries after this migration (see migrate.rs).
SELECT 1;
