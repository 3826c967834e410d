-- Credentials for connected tools (SC-03): what http_get sends to one host, kept in the credential vault (the row
-- names its secret there) and never returned; people see a name, the host and a hint. One credential per host,
-- so which one is sent is never a guess.
CREATE TABLE tool_credentials (
    workspace_id  uuid        NOT NULL,
    credential_id uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    host          text        NOT NULL,
    header_name   text        NOT NULL CHECK (header_name ~ '^[A-Za-z0-9-]{1,64}$'),
    scheme        text        CHECK (scheme ~ '^[A-Za-z0-9-]{1,20}$'),   -- e.g. Bearer: sent as "Bearer <secret>"
    secret_id     uuid        NOT NULL,
    secret_hint   text        NOT NULL,
    created_by    uuid,
    created_at    timestamptz NOT NULL,
    updated_by    uuid,
    updated_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    PRIMARY KEY (workspace_id, credential_id),
    UNIQUE (workspace_id, host)
);

ALTER TABLE tool_credentials ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tool_credentials_tenant ON tool_credentials FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tool_credentials TO ${app_role};
