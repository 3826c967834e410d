-- Models that belong to one workspace (AI-04): a fine-tuned model made from its content, or a private deployment on
-- a registered provider. Listed and callable in that workspace only. A provider's model id is private to one
-- workspace at most: the unique index holds across workspaces, whatever a workspace's policies let it see.
CREATE TABLE workspace_private_models (
    workspace_id uuid        NOT NULL,
    provider_id  uuid        NOT NULL REFERENCES model_providers ON DELETE CASCADE,
    model        text        NOT NULL CHECK (model ~ '^[A-Za-z0-9._:/-]{1,200}$'),
    label        text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    origin       text        NOT NULL CHECK (origin IN ('registered', 'fine-tuned')),
    created_by   uuid,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, provider_id, model)
);
CREATE UNIQUE INDEX workspace_private_models_one_owner ON workspace_private_models (provider_id, model);

-- Fine-tuning jobs started through Custos: the training file is made from what the request brings into this
-- workspace, uploaded to the provider for the job, and deleted there once the job is over; the model that results
-- becomes one of the workspace's private models.
CREATE TABLE fine_tuning_jobs (
    workspace_id     uuid        NOT NULL,
    job_id           uuid        NOT NULL,
    provider_id      uuid        NOT NULL REFERENCES model_providers ON DELETE CASCADE,
    base_model       text        NOT NULL,
    suffix           text        CHECK (suffix ~ '^[a-z0-9-]{1,40}$'),
    examples         integer     NOT NULL CHECK (examples > 0),
    provider_job_id  text        NOT NULL,
    provider_file_id text,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    fine_tuned_model text,
    created_by       uuid,
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    PRIMARY KEY (workspace_id, job_id)
);

ALTER TABLE workspace_private_models ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE fine_tuning_jobs         ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_private_models_tenant ON workspace_private_models FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY fine_tuning_jobs_tenant ON fine_tuning_jobs FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY workspace_private_models_subject ON workspace_private_models FOR SELECT
    USING (created_by = app_subject_id());
CREATE POLICY fine_tuning_jobs_subject ON fine_tuning_jobs FOR SELECT USING (created_by = app_subject_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_private_models, fine_tuning_jobs TO ${app_role};

-- The jobs still open, in any workspace: ids only, for the node that follows them to open in each workspace.
CREATE FUNCTION fine_tuning_jobs_open(max_jobs integer)
    RETURNS TABLE (workspace_id uuid, job_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT j.workspace_id, j.job_id FROM fine_tuning_jobs j
    WHERE j.status IN ('queued', 'running') ORDER BY j.created_at LIMIT max_jobs
$$;
REVOKE ALL ON FUNCTION fine_tuning_jobs_open(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fine_tuning_jobs_open(integer) TO ${app_role};
