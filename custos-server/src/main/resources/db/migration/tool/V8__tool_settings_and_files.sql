-- A workspace's tool rules: the hosts http_get may reach (none until an admin lists some).
CREATE TABLE tool_settings (
    workspace_id       uuid        PRIMARY KEY,
    http_allowed_hosts text[]      NOT NULL DEFAULT '{}',
    updated_by         uuid,
    updated_at         timestamptz NOT NULL
);

-- Files an agent reads and writes during a session (workspace_files tool); content sealed like messages.
CREATE TABLE session_files (
    workspace_id uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    path         text        NOT NULL,
    content      bytea       NOT NULL,   -- AES-256-GCM ciphertext
    size_bytes   integer     NOT NULL CHECK (size_bytes >= 0),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, session_id, path)
);

ALTER TABLE tool_settings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE session_files ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tool_settings_tenant ON tool_settings FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY session_files_tenant ON session_files FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON tool_settings, session_files TO ${app_role};
