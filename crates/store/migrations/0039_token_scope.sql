-- What a bearer token may be used for (migration 0039): 'all' (what its
-- person may do), or 'referrals' for a partner organisation's connection,
-- which may only read and answer the referrals to that organisation and
-- what residents share with it.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';
