-- Agents that run on a schedule: a cron expression in a time zone, the message each run starts with (sealed under
-- the workspace's key), on behalf of the member who made the schedule. A sweep on one node at a time starts the
-- runs that are due; each is an ordinary session, reviewed like any other.
CREATE TABLE agent_schedules (
    workspace_id     uuid        NOT NULL,
    schedule_id      uuid        NOT NULL,
    agent_id         uuid        NOT NULL,
    cron             text        NOT NULL CHECK (length(cron) BETWEEN 1 AND 100),
    time_zone        text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    message          bytea       NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    created_by       uuid,                     -- null once that member is erased: the schedule then stops
    created_at       timestamptz NOT NULL,
    next_run_at      timestamptz NOT NULL,
    last_run_at      timestamptz,
    last_session_id  uuid,
    last_error       text,
    PRIMARY KEY (workspace_id, schedule_id),
    FOREIGN KEY (workspace_id, agent_id) REFERENCES agents ON DELETE CASCADE
);
CREATE INDEX agent_schedules_due ON agent_schedules (next_run_at) WHERE enabled;

ALTER TABLE agent_schedules ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY agent_schedules_tenant ON agent_schedules FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY agent_schedules_subject ON agent_schedules FOR SELECT USING (created_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_schedules TO ${app_role};

-- The schedules due now, in any workspace: ids only, for the node that runs them to open in each workspace.
CREATE FUNCTION agent_schedules_due(max_schedules integer)
    RETURNS TABLE (workspace_id uuid, schedule_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT s.workspace_id, s.schedule_id FROM agent_schedules s
    WHERE s.enabled AND s.next_run_at <= now() ORDER BY s.next_run_at LIMIT max_schedules
$$;
REVOKE ALL ON FUNCTION agent_schedules_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION agent_schedules_due(integer) TO ${app_role};
