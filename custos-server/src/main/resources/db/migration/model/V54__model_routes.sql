-- A workspace's model routes: a name its clients call as a model (no slash, so it never collides with
-- provider/model) that spreads calls over several of the models it allows, by weight, the others standing by as
-- fallbacks. Targets are [{"provider": uuid, "model": text, "weight": 1..100}], checked against the workspace's
-- allowlist on every call as well as when written.
CREATE TABLE workspace_model_routes (
    workspace_id uuid        NOT NULL,
    name         text        NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    targets      jsonb       NOT NULL CHECK (jsonb_typeof(targets) = 'array'
                                             AND jsonb_array_length(targets) BETWEEN 1 AND 8),
    updated_by   uuid,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

ALTER TABLE workspace_model_routes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_model_routes_tenant ON workspace_model_routes FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY workspace_model_routes_subject ON workspace_model_routes FOR SELECT
    USING (updated_by = app_subject_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_model_routes TO ${app_role};
