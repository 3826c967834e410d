-- A workspace frozen for a move to another region's installation starts no scheduled run: its schedules stay due
-- and run once, where the workspace arrives.
CREATE OR REPLACE FUNCTION agent_schedules_due(max_schedules integer)
    RETURNS TABLE (workspace_id uuid, schedule_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT s.workspace_id, s.schedule_id FROM agent_schedules s
    WHERE s.enabled AND s.next_run_at <= now()
      AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.workspace_id = s.workspace_id AND w.moving_to IS NOT NULL)
    ORDER BY s.next_run_at LIMIT max_schedules
$$;
