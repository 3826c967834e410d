-- Signing a terminal in from the browser (the OAuth 2.0 device authorization grant's shape, RFC 8628): the
-- terminal asks for a pair of codes, the person enters the short one in a signed-in browser and chooses a workspace
-- and scopes, and the terminal, polling with the long one, receives an API key once. Only hashes of both codes are
-- kept; the key itself is made at delivery, so no secret waits in the database. Not a workspace's data until
-- approved, hence approved_workspace_id rather than a tenant column; rows go a day after they expire.
CREATE TABLE device_logins (
    login_id              uuid        PRIMARY KEY,
    device_code_hash      text        NOT NULL UNIQUE,
    user_code_hash        text        NOT NULL UNIQUE,
    client_name           text        NOT NULL CHECK (length(client_name) BETWEEN 1 AND 60),
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    last_polled_at        timestamptz,
    decided_by            uuid,
    decided_at            timestamptz,
    approved              boolean,
    approved_workspace_id uuid,
    approved_scopes       text[],
    delivered_at          timestamptz,
    delivered_key_id      uuid
);
GRANT SELECT, INSERT, UPDATE, DELETE ON device_logins TO ${app_role};
