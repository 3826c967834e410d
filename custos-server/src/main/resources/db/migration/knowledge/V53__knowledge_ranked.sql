-- The ranking of a knowledge search, in the caller's workspace only. Under row-level security PostgreSQL may not
-- use the terms' index for "terms @@ query": the operator is not leakproof, so it is checked only after the
-- policy, on every passage of the workspace (200 ms at 100,000 passages). This function runs as the tables' owner
-- and applies the same boundary itself — the workspace of the caller's context, never one it names — so the index
-- serves the query. The statement is built for the call (base or not, bounded or not) so that it is planned for
-- these words.
CREATE FUNCTION knowledge_ranked(query tsquery, base uuid, bounded integer, wanted integer)
    RETURNS TABLE (document_id uuid, seq integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS
$$
BEGIN
    IF app_workspace_id() IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT m.document_id, m.seq FROM (
             SELECT c.document_id, c.seq, c.terms FROM knowledge_chunks c
             WHERE c.workspace_id = app_workspace_id() AND c.terms @@ $1 %s %s) m
         ORDER BY ts_rank(m.terms, $1) DESC, m.document_id, m.seq LIMIT $3',
        CASE WHEN base IS NULL THEN '' ELSE 'AND c.base_id = $2' END,
        CASE WHEN bounded IS NULL THEN '' ELSE 'LIMIT ' || bounded::integer END)
    USING query, base, wanted;
END
$$;
REVOKE ALL ON FUNCTION knowledge_ranked(tsquery, uuid, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION knowledge_ranked(tsquery, uuid, integer, integer) TO ${app_role};
