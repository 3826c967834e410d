-- The end of a customer's contract (RT-07): its owner says whether the workspace's data is returned (exported,
-- then deleted after a download window) or deleted, and Custos does so within 60 days. The row stays after the
-- workspace is gone, as the record that it was done.
CREATE TABLE workspace_closures (
    workspace_id  uuid        PRIMARY KEY,   -- no foreign key: the record outlives the workspace
    instruction   text        NOT NULL CHECK (instruction IN ('return', 'delete')),
    requested_by  uuid        NOT NULL,
    requested_at  timestamptz NOT NULL,
    delete_after  timestamptz NOT NULL CHECK (delete_after <= requested_at + interval '60 days'),
    exported_at   timestamptz,               -- when the owner last downloaded the workspace's data
    deleted_at    timestamptz
);
ALTER TABLE workspace_closures ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_closures_tenant ON workspace_closures FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY workspace_closures_subject ON workspace_closures FOR SELECT
    USING (requested_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_closures TO ${app_role};

-- The closing job finds what is due across workspaces; only the owner role may look, and only ids come back.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY workspace_closures_owner_lists ON workspace_closures FOR SELECT TO %I '
                   'USING (true)', current_user);
END
$$;
CREATE FUNCTION due_workspace_closures(at timestamptz) RETURNS SETOF uuid LANGUAGE sql SECURITY DEFINER
    SET search_path = public AS
$$ SELECT workspace_id FROM workspace_closures WHERE deleted_at IS NULL AND delete_after <= at ORDER BY delete_after $$;
REVOKE ALL ON FUNCTION due_workspace_closures(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_workspace_closures(timestamptz) TO ${app_role};
