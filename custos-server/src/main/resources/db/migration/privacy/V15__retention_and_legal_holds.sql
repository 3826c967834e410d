-- Retention: a scheduled job deletes what the data map says has expired, workspace by workspace, in bounded
-- batches, and records every purge. Legal holds suspend deletion of exactly the data they name. Both tables
-- are the installation's (administrators'), not a workspace's: they only refer to workspaces.
CREATE TABLE retention_purges (
    purge_id     uuid        PRIMARY KEY,
    ran_at       timestamptz NOT NULL,
    table_name   text        NOT NULL,
    purged_workspace_id uuid,   -- the workspace purged, or null for installation tables
    cutoff       timestamptz NOT NULL,
    rows_deleted integer     NOT NULL,
    rows_held    integer     NOT NULL   -- expired but kept because a legal hold names them
);
CREATE INDEX retention_purges_recent ON retention_purges (ran_at DESC);

CREATE TABLE legal_holds (
    hold_id      uuid        PRIMARY KEY,
    held_workspace_id uuid,              -- the workspace it covers, or null for every workspace
    person_id    uuid,                   -- the person whose data it covers, or null for everyone's
    tables       text[]      NOT NULL,   -- what it covers, by data map table (e.g. agent_sessions, usage_records)
    reason       text        NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    released_by  uuid,
    released_at  timestamptz,
    CHECK (held_workspace_id IS NOT NULL OR person_id IS NOT NULL)
);

-- A workspace's own retention of run logs (AI-07), where its plan allows; none: the installation's default.
CREATE TABLE workspace_retention (
    workspace_id uuid        PRIMARY KEY,
    run_log_days integer     NOT NULL CHECK (run_log_days BETWEEN 1 AND 3650),
    updated_by   uuid        NOT NULL,
    updated_at   timestamptz NOT NULL
);
ALTER TABLE workspace_retention ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_retention_tenant ON workspace_retention FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_retention TO ${app_role};

-- The job visits every workspace. Only the owner role may list them all; the function returns identifiers only.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY workspaces_owner_lists ON workspaces FOR SELECT TO %I USING (true)', current_user);
END
$$;
CREATE FUNCTION retention_workspaces() RETURNS SETOF uuid LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ SELECT workspace_id FROM workspaces ORDER BY workspace_id $$;
REVOKE ALL ON FUNCTION retention_workspaces() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retention_workspaces() TO ${app_role};

GRANT SELECT, INSERT ON retention_purges TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON legal_holds TO ${app_role};
