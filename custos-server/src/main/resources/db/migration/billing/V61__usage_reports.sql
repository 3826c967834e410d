-- What of a workspace's monthly usage has been reported to the payment processor's usage-based billing, per meter.
-- A report is written here as pending (its identifier and the total it brings the meter to) before it is sent, and
-- marked sent after: a report lost in a crash or an outage is sent again with the same identifier, which the
-- processor counts once, so a retry never bills twice (BL-02).
CREATE TABLE usage_reports (
    workspace_id       uuid        NOT NULL,
    meter              text        NOT NULL CHECK (meter IN ('tokens', 'tool_calls', 'runs')),
    month              date        NOT NULL CHECK (extract(day FROM month) = 1),
    reported_total     bigint      NOT NULL DEFAULT 0 CHECK (reported_total >= 0),
    pending_identifier text        CHECK (length(pending_identifier) BETWEEN 1 AND 100),
    pending_total      bigint      CHECK (pending_total >= 0),
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, meter, month),
    CHECK ((pending_identifier IS NULL) = (pending_total IS NULL))
);

ALTER TABLE usage_reports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_reports_tenant ON usage_reports FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_reports TO ${app_role};

-- The workspaces that have a processor customer, in any workspace: ids only, for the reporting job.
CREATE FUNCTION billing_customers(max_rows integer) RETURNS TABLE (workspace_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT a.workspace_id FROM billing_accounts a ORDER BY a.workspace_id LIMIT max_rows
$$;
REVOKE ALL ON FUNCTION billing_customers(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_customers(integer) TO ${app_role};
