-- Agents and their sessions. Content (instructions, messages, tool arguments and results) is sealed with
-- AES-256-GCM by the application; the columns beside it hold only identifiers, counts and states.
CREATE TABLE agents (
    workspace_id        uuid        NOT NULL,
    agent_id            uuid        NOT NULL,
    name                text        NOT NULL,
    instructions        bytea       NOT NULL,   -- sealed
    provider_id         uuid        NOT NULL,
    model               text        NOT NULL,
    tools               text[]      NOT NULL,
    approval_tools      text[]      NOT NULL,   -- tools whose every call waits for a person's decision
    redaction           boolean     NOT NULL,
    max_steps           integer     NOT NULL CHECK (max_steps BETWEEN 1 AND 50),
    created_by          uuid        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, agent_id)
);

CREATE TABLE agent_sessions (
    workspace_id     uuid        NOT NULL,
    session_id       uuid        NOT NULL,
    agent_id         uuid        NOT NULL,
    person_id        uuid        NOT NULL,   -- who started it
    api_key_id       uuid,                   -- the key it was started with, if any
    status           text        NOT NULL CHECK (status IN ('idle', 'running', 'awaiting_approval')),
    cancel_requested boolean     NOT NULL DEFAULT false,
    run_steps        integer     NOT NULL DEFAULT 0,   -- model calls in the current run
    last_seq         bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, session_id),
    FOREIGN KEY (workspace_id, agent_id) REFERENCES agents ON DELETE CASCADE
);
CREATE INDEX agent_sessions_recent ON agent_sessions (workspace_id, updated_at DESC);

-- Everything that happens in a session, in order: the record people review and streams replay.
CREATE TABLE session_events (
    workspace_id uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    seq          bigint      NOT NULL,
    kind         text        NOT NULL,
    content      bytea,                  -- sealed JSON, for events that carry content
    meta         jsonb       NOT NULL,   -- identifiers, counts, timings: never content
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, session_id, seq),
    FOREIGN KEY (workspace_id, session_id) REFERENCES agent_sessions ON DELETE CASCADE
);

CREATE TABLE tool_approvals (
    workspace_id uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    call_id      text        NOT NULL,
    tool         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_at timestamptz NOT NULL,
    decided_by   uuid,
    decided_at   timestamptz,
    PRIMARY KEY (workspace_id, session_id, call_id),
    FOREIGN KEY (workspace_id, session_id) REFERENCES agent_sessions ON DELETE CASCADE
);

ALTER TABLE agents         ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE agent_sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE session_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE tool_approvals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY agents_tenant ON agents FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY agent_sessions_tenant ON agent_sessions FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY session_events_tenant ON session_events FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY tool_approvals_tenant ON tool_approvals FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON agents, agent_sessions, session_events, tool_approvals TO ${app_role};

-- Runs in progress, leased by the node running them. A node that dies stops renewing; another claims the run
-- through claim_stale_runs() and resumes it from the stored events. The app role sees only its workspace's
-- leases; the claim function runs with the owner's rights, and only the owner role has a policy that shows
-- every lease, so the function (and nothing the app role runs directly) returns identifiers across workspaces.
CREATE TABLE run_leases (
    workspace_id uuid        NOT NULL,
    session_id   uuid        NOT NULL,
    lease_owner  uuid        NOT NULL,   -- the node (runner instance) holding it
    lease_until  timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, session_id),
    FOREIGN KEY (workspace_id, session_id) REFERENCES agent_sessions ON DELETE CASCADE
);
ALTER TABLE run_leases ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY run_leases_tenant ON run_leases FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
DO $$
BEGIN
    EXECUTE format('CREATE POLICY run_leases_claim ON run_leases FOR ALL TO %I USING (true) WITH CHECK (true)',
                   current_user);
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON run_leases TO ${app_role};

CREATE FUNCTION claim_stale_runs(claimant uuid, max_runs integer, lease interval)
    RETURNS TABLE (workspace_id uuid, session_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$
    UPDATE run_leases r SET lease_owner = claimant, lease_until = now() + lease
    WHERE (r.workspace_id, r.session_id) IN (
        SELECT l.workspace_id, l.session_id FROM run_leases l
        WHERE l.lease_until < now() ORDER BY l.lease_until LIMIT max_runs FOR UPDATE SKIP LOCKED)
    RETURNING r.workspace_id, r.session_id
$$;
REVOKE ALL ON FUNCTION claim_stale_runs(uuid, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_stale_runs(uuid, integer, interval) TO ${app_role};
