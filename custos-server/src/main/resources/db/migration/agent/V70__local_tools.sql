-- A terminal client may offer tools it runs itself, in the folder where the person typed custos run (reading and
-- writing files, running commands): which it offers is kept with the session, and a run that calls one waits for
-- that client (awaiting_client) until it answers, or until it has waited too long and the run ends.
ALTER TABLE agent_sessions DROP CONSTRAINT agent_sessions_status_check,
    ADD CONSTRAINT agent_sessions_status_check
        CHECK (status IN ('idle', 'running', 'awaiting_approval', 'awaiting_client')),
    ADD COLUMN local_tools text[] NOT NULL DEFAULT '{}',
    ADD COLUMN client_waiting_since timestamptz;
CREATE INDEX agent_sessions_waiting_for_a_client ON agent_sessions (client_waiting_since)
    WHERE status = 'awaiting_client';

-- The runs whose client has been silent since before the given time, in any workspace: ids only, for the node
-- that ends them to open in each workspace.
CREATE FUNCTION sessions_waiting_for_a_client(waiting_since timestamptz)
    RETURNS TABLE (workspace_id uuid, session_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT s.workspace_id, s.session_id FROM agent_sessions s
    WHERE s.status = 'awaiting_client' AND s.client_waiting_since < waiting_since
    ORDER BY s.client_waiting_since LIMIT 100
$$;
REVOKE ALL ON FUNCTION sessions_waiting_for_a_client(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sessions_waiting_for_a_client(timestamptz) TO ${app_role};
