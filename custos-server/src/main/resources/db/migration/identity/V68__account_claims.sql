-- An account that arrived with a workspace moved from another region's installation: its person, id and profile
-- came along, its password and second factors did not. The person claims it with the mailed code, choosing a
-- password; until then nobody can sign in to it. One claim per person, kept until it is used (an expired one
-- can be issued again by an administrator).
CREATE TABLE account_claims (
    person_id  uuid        PRIMARY KEY REFERENCES people ON DELETE CASCADE,
    code_hash  text        NOT NULL UNIQUE,   -- SHA-256 of the mailed code
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON account_claims TO ${app_role};

-- Such an account came with its workspace, not an invitation: invitation_id names the workspace it came with.
ALTER TABLE people DROP CONSTRAINT people_invitation_kind_check,
    ADD CONSTRAINT people_invitation_kind_check CHECK (invitation_kind IN ('installation', 'workspace', 'moved'));
