-- Cell keys for small-group protection (the cell key method): every response
-- gets a random record key in [0, 2^32), and every count keeps the sum of the
-- keys of the responses in it (mod 2^32). A published count carries a small
-- perturbation fixed by that sum: the same cell always shows the same value,
-- and adding or removing responses changes it unpredictably, so shown minus
-- added is not the true count. Responses from before have key 0.
ALTER TABLE survey_responses ADD COLUMN record_key BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_counts ADD COLUMN key_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_group_totals ADD COLUMN key_sum BIGINT NOT NULL DEFAULT 0;
