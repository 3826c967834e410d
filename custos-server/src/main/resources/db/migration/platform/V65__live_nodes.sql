-- How many Custos nodes share this database now: each holds a two-key advisory lock in its own lock space
-- (NodeLiveness, 201682949 = 0x0C057005) for as long as it runs, and the database lets go of it when the node dies.
-- Per-node limits divide by this, so that the nodes together allow what one would (ClusterSize).
CREATE FUNCTION live_nodes() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT count(*)::integer FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = 201682949
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
$$;
REVOKE ALL ON FUNCTION live_nodes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION live_nodes() TO ${app_role};
