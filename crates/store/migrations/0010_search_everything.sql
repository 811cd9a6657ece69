-- Every service gets the search word "~all", so the list without any filter
-- is read, in name order and counted, from one range of the word index like
-- every other search. No schema change: the words are made again from the
-- stored entries after this migration (see migrate.rs).
SELECT 1;
