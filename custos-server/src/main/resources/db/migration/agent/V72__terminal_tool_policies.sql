-- What a workspace lets terminal clients offer its agents from a person's machine: everything (all), reading only
-- (read: list, read and search files), or nothing (none). No row: all, each use still asked in the terminal.
CREATE TABLE terminal_tool_policies (
    workspace_id uuid        PRIMARY KEY,
    allowed      text        NOT NULL CHECK (allowed IN ('all', 'read', 'none')),
    updated_by   uuid,
    updated_at   timestamptz NOT NULL
);
ALTER TABLE terminal_tool_policies ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY terminal_tool_policies_tenant ON terminal_tool_policies FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
-- A person's export and erasure reach the rows naming who last changed the policy.
CREATE POLICY terminal_tool_policies_subject ON terminal_tool_policies FOR SELECT
    USING (updated_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON terminal_tool_policies TO ${app_role};
