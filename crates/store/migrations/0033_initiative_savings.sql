-- What a group keeps of its grant for next year, where the wijk's rules let
-- groups save (it stays paid out, in the group's hands, instead of returning).
ALTER TABLE initiatives ADD COLUMN kept BIGINT NOT NULL DEFAULT 0;
