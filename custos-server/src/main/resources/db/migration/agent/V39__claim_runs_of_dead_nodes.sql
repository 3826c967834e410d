-- A node holds an advisory lock named after its id for as long as it runs (NodeLiveness); PostgreSQL releases it
-- when the node's connection ends, however the node died. A run whose lease belongs to a node without that lock,
-- and which that node has not renewed for two seconds, is taken over then, not only when the lease lapses: after
-- a crash, runs resume within seconds. (The two quiet seconds keep a node whose lock connection merely blipped
-- while it streams from losing its runs; it takes its lock again at its next look for abandoned runs.)
CREATE FUNCTION node_is_alive(node uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('custos-node:' || node::text, 0))
$$;
REVOKE ALL ON FUNCTION node_is_alive(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION node_is_alive(uuid) TO ${app_role};

CREATE OR REPLACE FUNCTION claim_stale_runs(claimant uuid, max_runs integer, lease interval)
    RETURNS TABLE (workspace_id uuid, session_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$
    UPDATE run_leases r SET lease_owner = claimant, lease_until = now() + lease
    WHERE (r.workspace_id, r.session_id) IN (
        SELECT l.workspace_id, l.session_id FROM run_leases l
        WHERE l.lease_until < now()
           OR (l.lease_owner <> claimant AND l.lease_until < now() + lease - interval '2 seconds'
               AND NOT node_is_alive(l.lease_owner))
        ORDER BY l.lease_until LIMIT max_runs FOR UPDATE SKIP LOCKED)
    RETURNING r.workspace_id, r.session_id
$$;
