-- Roles given by e-mail address to someone who has no account yet: applied
-- when an account with that address is made, so that giving a role does not
-- tell whether an address has an account. Only a hash of the address is kept;
-- an invitation lapses after 30 days.
CREATE TABLE role_invitations (
    email_hash  TEXT NOT NULL,
    role        TEXT NOT NULL,
    place_code  TEXT NOT NULL REFERENCES places (code),
    invited_by  TEXT REFERENCES persons (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (email_hash, role, place_code)
);
