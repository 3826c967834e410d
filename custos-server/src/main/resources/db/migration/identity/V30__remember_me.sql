-- "Remember me" (ID-07): a token apart from the session, in its own cookie, for 30 days. Each use replaces it
-- (rotation); a stolen copy shows up as a series presented with an old token, and then every token of that
-- person is revoked. Only hashes are kept. The person lists and revokes them; a new password revokes them all.
CREATE TABLE remember_me_tokens (
    series_hash  text        PRIMARY KEY,   -- SHA-256 of the series, the cookie's stable half
    person_id    uuid        NOT NULL REFERENCES people ON DELETE CASCADE,
    token_hash   text        NOT NULL,      -- SHA-256 of the current token, the half that rotates
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX remember_me_tokens_person ON remember_me_tokens (person_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON remember_me_tokens TO ${app_role};
