-- Connected systems (TN-04): an MCP server, GitHub, Slack or Notion that a workspace's agents reach. Every
-- connection has a scope, the person who made it and when; revoking keeps the row as the record of what was
-- granted (its token leaves the vault at once) until the workspace goes.
CREATE TABLE connections (
    workspace_id     uuid        NOT NULL,
    connection_id    uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('mcp', 'github', 'slack', 'notion')),
    handle           text        NOT NULL CHECK (handle ~ '^[a-z][a-z0-9_]{0,23}$'),  -- prefixes its tools' names
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    url              text        NOT NULL,     -- the MCP endpoint, or the API the connector calls
    scope            text        NOT NULL CHECK (scope IN ('read-only', 'read-write', 'integration')),
    auth             text        NOT NULL CHECK (auth IN ('none', 'bearer', 'oauth')),
    secret_id        uuid,                     -- the token in the credential vault
    secret_hint      text,
    status           text        NOT NULL CHECK (status IN ('active', 'revoked')),
    created_by       uuid,
    created_at       timestamptz NOT NULL,
    scope_changed_by uuid,
    scope_changed_at timestamptz,
    revoked_by       uuid,
    revoked_at       timestamptz,
    last_used_at     timestamptz,
    tools_listed_at  timestamptz,
    PRIMARY KEY (workspace_id, connection_id),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
    CHECK (status = 'active' OR secret_id IS NULL)
);
-- An active connection's handle names its tools, so no two active ones share it; a revoked one frees it.
CREATE UNIQUE INDEX connections_active_handle ON connections (workspace_id, handle) WHERE status = 'active';

-- What a connection offers, as the system last listed it: each tool read or write (MCP annotations decide;
-- a tool without them counts as write).
CREATE TABLE connection_tools (
    workspace_id  uuid    NOT NULL,
    connection_id uuid    NOT NULL,
    tool_name     text    NOT NULL CHECK (tool_name ~ '^[a-z][a-z0-9_]{0,23}__[A-Za-z0-9_-]{1,38}$'),
    remote_name   text    NOT NULL,
    description   text    NOT NULL,
    input_schema  jsonb   NOT NULL,
    access        text    NOT NULL CHECK (access IN ('read', 'write')),
    PRIMARY KEY (workspace_id, connection_id, remote_name),
    FOREIGN KEY (workspace_id, connection_id) REFERENCES connections ON DELETE CASCADE
);

ALTER TABLE connections ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE connection_tools ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY connections_tenant ON connections FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY connection_tools_tenant ON connection_tools FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON connections, connection_tools TO ${app_role};

-- A person's own data-subject request sees the connections they made, changed or revoked (their export).
CREATE POLICY connections_subject ON connections FOR SELECT
    USING (created_by = app_subject_id() OR scope_changed_by = app_subject_id() OR revoked_by = app_subject_id());
