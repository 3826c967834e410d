-- A change of a person's email waits here until the new address is confirmed by a mailed code: until then the
-- account, its sign-in and every notice keep the confirmed address. One pending change per person.
CREATE TABLE email_changes (
    person_id    uuid        PRIMARY KEY REFERENCES people ON DELETE CASCADE,
    new_email    text        NOT NULL,
    code_hash    text        NOT NULL UNIQUE,   -- SHA-256 of the mailed code
    requested_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON email_changes TO ${app_role};
