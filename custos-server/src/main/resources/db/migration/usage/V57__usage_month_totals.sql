-- Tokens a workspace used per calendar month (UTC), kept as a counter that metering moves on in the transaction
-- that records each call: a quota is checked by reading one row rather than summing the month's usage records.
-- Counts only, of the workspace: no person is named, and expiring usage records does not lower it (the month's
-- usage happened).
CREATE TABLE usage_month_totals (
    workspace_id uuid   NOT NULL,
    month        date   NOT NULL CHECK (extract(day FROM month) = 1),
    tokens       bigint NOT NULL CHECK (tokens >= 0),
    PRIMARY KEY (workspace_id, month)
);

ALTER TABLE usage_month_totals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_month_totals_tenant ON usage_month_totals FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_month_totals TO ${app_role};

-- What was metered before the counter existed.
INSERT INTO usage_month_totals (workspace_id, month, tokens)
SELECT workspace_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, sum(input_tokens + output_tokens)
FROM usage_records GROUP BY 1, 2;
