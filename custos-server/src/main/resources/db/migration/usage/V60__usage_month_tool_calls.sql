-- Tool calls per month beside tokens and runs: the three counts a billing period is shown and billed by (BL-02).
ALTER TABLE usage_month_totals ADD COLUMN tool_calls bigint NOT NULL DEFAULT 0 CHECK (tool_calls >= 0);

UPDATE usage_month_totals t SET tool_calls = s.tool_calls
FROM (SELECT workspace_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month,
             sum(tool_calls) AS tool_calls
      FROM usage_records GROUP BY 1, 2) s
WHERE s.workspace_id = t.workspace_id AND s.month = t.month;
