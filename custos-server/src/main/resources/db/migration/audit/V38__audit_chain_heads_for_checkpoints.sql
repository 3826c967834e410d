-- Every chain's head, across workspaces, for the job that checkpoints heads where a truncated chain shows (the key
-- store, the operator's log). A head is a count and a hash: it says nothing about what the entries hold.
CREATE FUNCTION audit_chain_heads_all() RETURNS TABLE (workspace_id uuid, seq bigint, hash text)
    LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ SELECT workspace_id, seq, hash FROM audit_chain_heads ORDER BY workspace_id $$;
REVOKE ALL ON FUNCTION audit_chain_heads_all() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_heads_all() TO ${app_role};
