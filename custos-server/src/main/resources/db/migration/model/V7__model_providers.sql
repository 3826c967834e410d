-- The installation's model providers: the only places content may be sent to (each one a sub-processor, except
-- the in-process offline model). Installation-wide, so not a workspace table; installation admins manage it.
CREATE TABLE model_providers (
    provider_id    uuid        PRIMARY KEY,
    name           text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    label          text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('openai', 'openrouter', 'openai-compatible', 'anthropic',
                                                        'scripted')),
    base_url       text,
    api_key_sealed bytea,                  -- sealed under the master key, never returned
    api_key_hint   text,                   -- the last four characters, to recognise it
    region         text        NOT NULL,   -- where the provider processes content (EU, US, local...)
    zero_retention boolean     NOT NULL,   -- its terms keep no prompts or answers
    may_train      boolean     NOT NULL,   -- its terms allow training on what it is sent
    models         text[]      NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

INSERT INTO model_providers (provider_id, name, label, kind, base_url, region, zero_retention, may_train, models,
                             created_at, updated_at)
VALUES ('00000000-0000-4000-8000-00000000005c', 'offline', 'Offline demo model', 'scripted', NULL, 'local', true,
        false, ARRAY['scripted-demo'], now(), now());

-- Which providers a workspace allows: nothing leaves for a provider that is not listed here.
CREATE TABLE workspace_providers (
    workspace_id uuid        NOT NULL,
    provider_id  uuid        NOT NULL REFERENCES model_providers ON DELETE CASCADE,
    allowed_by   uuid,
    allowed_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, provider_id)
);

-- A workspace's rules for model calls.
CREATE TABLE workspace_model_settings (
    workspace_id           uuid        PRIMARY KEY,
    require_zero_retention boolean     NOT NULL DEFAULT false,
    redaction              boolean     NOT NULL DEFAULT false,
    phone_region           text        NOT NULL DEFAULT 'US' CHECK (phone_region ~ '^[A-Z]{2}$'),
    monthly_token_limit    bigint      CHECK (monthly_token_limit > 0),
    updated_by             uuid,
    updated_at             timestamptz NOT NULL
);

ALTER TABLE workspace_providers      ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE workspace_model_settings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_providers_tenant ON workspace_providers FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY workspace_model_settings_tenant ON workspace_model_settings FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON model_providers, workspace_providers, workspace_model_settings TO ${app_role};
