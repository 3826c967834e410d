-- The plan each workspace is on, when the installation bills (custos.billing.processor). No row: the default plan.
-- The plans themselves are the operator's configuration; this names one of them by id. Set from what the payment
-- processor reports (a subscription bought, renewed, failed or ended), never by the workspace itself.
CREATE TABLE workspace_plans (
    workspace_id  uuid        PRIMARY KEY,
    plan_id       text        NOT NULL CHECK (plan_id ~ '^[a-z0-9-]{1,40}$'),
    standing      text        NOT NULL CHECK (standing IN ('trialing', 'active', 'past_due')),
    trial_ends_at timestamptz,
    grace_ends_at timestamptz CHECK (grace_ends_at IS NULL OR standing = 'past_due'),
    changed_at    timestamptz NOT NULL
);

ALTER TABLE workspace_plans ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_plans_tenant ON workspace_plans FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_plans TO ${app_role};

-- Entitlements are checked on every call from memory; every node drops a workspace's plan when it changes.
CREATE TRIGGER workspace_plans_notice AFTER INSERT OR UPDATE OR DELETE ON workspace_plans
    FOR EACH ROW EXECUTE FUNCTION custos_notify_change('plans', 'workspace_id');

-- Workspaces whose grace after a failed payment is over, in any workspace: ids only, for the job that moves each to
-- the default plan inside that workspace.
CREATE FUNCTION workspace_plans_past_grace(at timestamptz, max_rows integer)
    RETURNS TABLE (workspace_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT p.workspace_id FROM workspace_plans p
    WHERE p.standing = 'past_due' AND p.grace_ends_at <= at ORDER BY p.grace_ends_at LIMIT max_rows
$$;
REVOKE ALL ON FUNCTION workspace_plans_past_grace(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workspace_plans_past_grace(timestamptz, integer) TO ${app_role};

-- Agent runs a workspace began per month, counted as they begin, so that a plan's run limit is one row's read.
ALTER TABLE usage_month_totals ADD COLUMN runs bigint NOT NULL DEFAULT 0 CHECK (runs >= 0);
