-- The wijk cooperative (level 3): its members, the marketplace of requests
-- and offers, the agreements that come of them, the hours ledger, and the
-- teams of job seekers with their coach.

-- One cooperative (or vereniging) per wijk, with the tasks the gemeente
-- gave it to coordinate.
CREATE TABLE cooperatives (
    place_code    TEXT PRIMARY KEY REFERENCES places (code),
    name          TEXT NOT NULL,
    legal_form    TEXT NOT NULL CHECK (legal_form IN ('cooperatie', 'vereniging')),
    terms         TEXT NOT NULL,
    mandate       TEXT NOT NULL DEFAULT '',
    registered_at TEXT NOT NULL
);

-- The member register: the cooperative's own personal data. Read by the
-- member and by the board (each read in the member's access log); gone on
-- erasure or when the member leaves.
CREATE TABLE coop_members (
    place_code TEXT NOT NULL REFERENCES cooperatives (place_code),
    person_id  TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('resident', 'business', 'partner')),
    board_role TEXT NOT NULL DEFAULT '',
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (place_code, person_id)
);
CREATE INDEX coop_members_person ON coop_members (person_id);

-- A team of job seekers with its coach. Membership, hours and the shared
-- week-test priority are the member's personal data.
CREATE TABLE coop_teams (
    id         TEXT PRIMARY KEY,
    place_code TEXT NOT NULL REFERENCES cooperatives (place_code),
    name       TEXT NOT NULL,
    coach_id   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX coop_teams_place ON coop_teams (place_code);

-- `shares_priority`: the member lets the coach and team see the development
-- priority of their latest week test; off until they say so.
-- `buurtbaan`: the paid wijk job the member grew into, when they did.
CREATE TABLE coop_team_members (
    team_id         TEXT NOT NULL REFERENCES coop_teams (id),
    person_id       TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    joined_at       TEXT NOT NULL,
    shares_priority BIGINT NOT NULL DEFAULT 0,
    buurtbaan       TEXT NOT NULL DEFAULT '',
    buurtbaan_at    TEXT,
    PRIMARY KEY (team_id, person_id)
);
CREATE INDEX coop_team_members_person ON coop_team_members (person_id);

-- A request or offer. `owner_id` is whose it is (a team's offers are the
-- coach's, with `team_id`); `posted_by` the professional who posted it on
-- the owner's behalf, with their consent (the owner sees and can withdraw
-- it). Skills are repeated in market_post_skills for matching.
CREATE TABLE market_posts (
    id          TEXT PRIMARY KEY,
    place_code  TEXT NOT NULL REFERENCES cooperatives (place_code),
    buurt_code  TEXT NOT NULL REFERENCES places (code),
    owner_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    posted_by   TEXT REFERENCES persons (id) ON DELETE SET NULL,
    team_id     TEXT REFERENCES coop_teams (id),
    kind        TEXT NOT NULL CHECK (kind IN ('request', 'offer')),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    domain      TEXT NOT NULL,
    when_text   TEXT NOT NULL DEFAULT '',
    reward      TEXT NOT NULL CHECK (reward IN ('paid', 'volunteer', 'hours', 'coin')),
    skills      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed', 'withdrawn', 'expired')),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    warn_from   TEXT NOT NULL,
    warned_at   TEXT
);
-- Newest first within one wijk: the marketplace reads each wijk (its own
-- and its allies) along these and merges them.
CREATE INDEX market_posts_open ON market_posts (place_code, status, created_at, id);
CREATE INDEX market_posts_domain ON market_posts (place_code, kind, domain, status, created_at, id);
CREATE INDEX market_posts_owner ON market_posts (owner_id);
CREATE INDEX market_posts_expiry ON market_posts (status, warn_from);

-- Skills with a copy of the post's kind, wijk and time, so that "the newest
-- offers in this wijk with this skill" is one walk down an index. A post
-- that is no longer open keeps its rows; matching reads the post after.
CREATE TABLE market_post_skills (
    post_id    TEXT NOT NULL REFERENCES market_posts (id) ON DELETE CASCADE,
    skill      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    place_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, skill)
);
CREATE INDEX market_post_skills_newest ON market_post_skills (skill, kind, place_code, created_at, post_id);

-- The words of each post's title and description, folded (lower case, no
-- accents), with the post's wijk and time: a search for a rare word walks
-- this index instead of reading every post (a common word reads the newest
-- posts and stops early).
CREATE TABLE market_post_words (
    post_id    TEXT NOT NULL REFERENCES market_posts (id) ON DELETE CASCADE,
    word       TEXT NOT NULL,
    place_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (post_id, word)
);
CREATE INDEX market_post_words_search ON market_post_words (place_code, word, created_at, post_id);

-- What a match became: who helps whom with what, when, for how long; then
-- each side confirms the hours it saw, and a word of thanks (never a public
-- score). Stays as a record when a person is erased, without them.
CREATE TABLE market_agreements (
    id               TEXT PRIMARY KEY,
    place_code       TEXT NOT NULL REFERENCES cooperatives (place_code),
    post_id          TEXT REFERENCES market_posts (id) ON DELETE SET NULL,
    helper_id        TEXT REFERENCES persons (id) ON DELETE SET NULL,
    receiver_id      TEXT REFERENCES persons (id) ON DELETE SET NULL,
    team_id          TEXT REFERENCES coop_teams (id),
    proposed_by      TEXT NOT NULL CHECK (proposed_by IN ('helper', 'receiver')),
    what             TEXT NOT NULL,
    when_text        TEXT NOT NULL DEFAULT '',
    planned_minutes  BIGINT NOT NULL CHECK (planned_minutes > 0),
    reward           TEXT NOT NULL CHECK (reward IN ('paid', 'volunteer', 'hours', 'coin')),
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'agreed', 'declined', 'done')),
    created_at       TEXT NOT NULL,
    agreed_at        TEXT,
    helper_minutes   BIGINT,
    receiver_minutes BIGINT,
    helper_thanks    TEXT NOT NULL DEFAULT '',
    receiver_thanks  TEXT NOT NULL DEFAULT '',
    done_at          TEXT
);
CREATE INDEX market_agreements_helper ON market_agreements (helper_id);
CREATE INDEX market_agreements_receiver ON market_agreements (receiver_id);
CREATE INDEX market_agreements_post ON market_agreements (post_id);
CREATE INDEX market_agreements_team ON market_agreements (team_id);

-- The hours each team member put into a team's task: their development
-- hours, confirmed by the coach.
CREATE TABLE coop_task_hours (
    agreement_id TEXT NOT NULL REFERENCES market_agreements (id),
    person_id    TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    minutes      BIGINT NOT NULL CHECK (minutes > 0),
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (agreement_id, person_id)
);
CREATE INDEX coop_task_hours_person ON coop_task_hours (person_id);

-- The hours ledger, as in timebanks: one transfer per agreement that was
-- done (the unique key makes a retried confirmation write nothing twice),
-- two movements summing to zero. Accounts are `person:<id>` or
-- `team:<id>`, bare like the coin ledger's, so the books outlive an
-- erasure. Append-only on both engines.
CREATE TABLE hours_transfers (
    id           TEXT PRIMARY KEY,
    place_code   TEXT NOT NULL REFERENCES cooperatives (place_code),
    agreement_id TEXT NOT NULL UNIQUE REFERENCES market_agreements (id),
    minutes      BIGINT NOT NULL CHECK (minutes > 0),
    created_at   TEXT NOT NULL
);
CREATE INDEX hours_transfers_place ON hours_transfers (place_code, created_at);

CREATE TABLE hours_movements (
    transfer_id TEXT NOT NULL REFERENCES hours_transfers (id),
    account     TEXT NOT NULL,
    minutes     BIGINT NOT NULL CHECK (minutes <> 0),
    PRIMARY KEY (transfer_id, account)
);
CREATE INDEX hours_movements_account ON hours_movements (account);
