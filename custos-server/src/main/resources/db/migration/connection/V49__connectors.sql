-- The built-in connectors (GitHub, Slack, Notion): the OAuth app an installation administrator registers for each,
-- the sign-ins under way, what an OAuth connection keeps (a refresh token, its account), and Slack mentions.

-- One OAuth app per connector for the whole installation; its secrets live in the credential vault.
CREATE TABLE connector_apps (
    kind                text        PRIMARY KEY CHECK (kind IN ('github', 'slack', 'notion')),
    client_id           text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
    client_secret_id    uuid        NOT NULL,
    client_secret_hint  text        NOT NULL,
    signing_secret_id   uuid,                   -- Slack's, to verify the events it sends
    signing_secret_hint text,
    authorize_url       text        NOT NULL,
    token_url           text        NOT NULL,
    api_url             text        NOT NULL,
    created_by          uuid,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON connector_apps TO ${app_role};

-- A connection being made: the person was sent to the service to allow it. The state travels in the URL (only its
-- hash is kept); the PKCE verifier is sealed in the vault. Used once, within ten minutes, by the person who began.
CREATE TABLE connection_authorizations (
    workspace_id       uuid        NOT NULL,
    state_hash         bytea       NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('github', 'slack', 'notion')),
    name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    handle             text        NOT NULL CHECK (handle ~ '^[a-z][a-z0-9_]{0,23}$'),
    scope              text        NOT NULL CHECK (scope IN ('read-only', 'read-write', 'integration')),
    agent_id           uuid,
    verifier_secret_id uuid        NOT NULL,
    started_by         uuid        NOT NULL,
    started_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, state_hash)
);
ALTER TABLE connection_authorizations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY connection_authorizations_tenant ON connection_authorizations FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY connection_authorizations_subject ON connection_authorizations FOR SELECT
    USING (started_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON connection_authorizations TO ${app_role};

-- An OAuth connection's refresh token (vault), when its access token expires, the account it acts as in the
-- service, and for Slack integrations the agent that answers mentions.
ALTER TABLE connections
    ADD COLUMN refresh_secret_id uuid,
    ADD COLUMN token_expires_at  timestamptz,
    ADD COLUMN account           text,
    ADD COLUMN account_id        text,
    ADD COLUMN agent_id          uuid,
    ADD CHECK (status = 'active' OR refresh_secret_id IS NULL);
-- A Slack workspace's mentions go to one Custos workspace: at most one active Slack integration per team.
CREATE UNIQUE INDEX connections_one_slack_integration ON connections (account_id)
    WHERE kind = 'slack' AND scope = 'integration' AND status = 'active';

-- Slack mentions received: each runs the connection's agent once (Slack retries deliveries), and its answer is
-- posted in the thread when the run ends.
CREATE TABLE connection_mentions (
    workspace_id  uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    event_id      text        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 100),
    channel       text        NOT NULL,
    thread_ts     text        NOT NULL,
    session_id    uuid,
    received_at   timestamptz NOT NULL,
    answered_at   timestamptz,
    outcome       text,
    PRIMARY KEY (workspace_id, connection_id, event_id),
    FOREIGN KEY (workspace_id, connection_id) REFERENCES connections ON DELETE CASCADE
);
ALTER TABLE connection_mentions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY connection_mentions_tenant ON connection_mentions FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON connection_mentions TO ${app_role};

-- The Slack integration a team's events belong to, in whichever workspace: ids only.
CREATE FUNCTION slack_integration_for_team(team text)
    RETURNS TABLE (workspace_id uuid, connection_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT c.workspace_id, c.connection_id FROM connections c
    WHERE c.kind = 'slack' AND c.scope = 'integration' AND c.status = 'active' AND c.account_id = team
$$;
REVOKE ALL ON FUNCTION slack_integration_for_team(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION slack_integration_for_team(text) TO ${app_role};

-- Mentions whose run has started and whose answer is not posted yet, in any workspace: ids only.
CREATE FUNCTION connection_mentions_to_answer(max_mentions integer)
    RETURNS TABLE (workspace_id uuid, connection_id uuid, event_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT m.workspace_id, m.connection_id, m.event_id FROM connection_mentions m
    WHERE m.answered_at IS NULL ORDER BY m.received_at LIMIT max_mentions
$$;
REVOKE ALL ON FUNCTION connection_mentions_to_answer(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION connection_mentions_to_answer(integer) TO ${app_role};
