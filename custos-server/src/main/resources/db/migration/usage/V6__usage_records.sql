-- One row per metered model call: who, through what, and how many tokens and tool calls. No content.
CREATE TABLE usage_records (
    workspace_id  uuid        NOT NULL,
    call_id       uuid        NOT NULL,   -- the model call metered; a retry of the same call is not metered again
    occurred_at   timestamptz NOT NULL,
    person_id     uuid        NOT NULL,
    agent_id      uuid,
    api_key_id    uuid,
    session_id    uuid,
    provider_id   uuid        NOT NULL,
    model         text        NOT NULL,
    input_tokens  bigint      NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint      NOT NULL CHECK (output_tokens >= 0),
    tool_calls    integer     NOT NULL CHECK (tool_calls >= 0),
    PRIMARY KEY (workspace_id, call_id)
);
CREATE INDEX usage_records_by_time ON usage_records (workspace_id, occurred_at);

ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_records_tenant ON usage_records FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT ON usage_records TO ${app_role};
