-- Workspace data: workspace_id leads every primary key (distributable by it) and row-level security is forced.
CREATE TABLE workspaces (
    workspace_id uuid        PRIMARY KEY,
    name         text        NOT NULL,
    region       text        NOT NULL CHECK (region IN ('EU', 'US')),
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE memberships (
    workspace_id uuid        NOT NULL REFERENCES workspaces ON DELETE CASCADE,
    person_id    uuid        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    joined_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, person_id)
);
CREATE INDEX memberships_person ON memberships (person_id);
-- Exactly one owner per workspace; transfer swaps it inside one transaction.
CREATE UNIQUE INDEX memberships_one_owner ON memberships (workspace_id) WHERE role = 'owner';

CREATE TABLE workspace_invites (
    workspace_id uuid        NOT NULL REFERENCES workspaces ON DELETE CASCADE,
    invite_id    uuid        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    code_hash    text        NOT NULL UNIQUE,
    invited_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_by  uuid,
    accepted_at  timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (workspace_id, invite_id)
);

CREATE TABLE api_keys (
    workspace_id uuid        NOT NULL REFERENCES workspaces ON DELETE CASCADE,
    key_id       uuid        NOT NULL,
    person_id    uuid        NOT NULL,
    name         text        NOT NULL,
    prefix       text        NOT NULL UNIQUE,
    secret_hash  text        NOT NULL UNIQUE,
    scopes       text[]      NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (workspace_id, key_id)
);

ALTER TABLE workspaces        ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE memberships       ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE workspace_invites ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys          ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- A person sees their own memberships in every workspace (to list and switch workspaces), and nothing else
-- outside the workspace in context.
CREATE POLICY memberships_read ON memberships FOR SELECT
    USING (workspace_id = app_workspace_id() OR person_id = app_person_id());
CREATE POLICY memberships_write ON memberships FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

CREATE POLICY workspaces_read ON workspaces FOR SELECT
    USING (workspace_id = app_workspace_id()
           OR EXISTS (SELECT 1 FROM memberships m
                      WHERE m.workspace_id = workspaces.workspace_id AND m.person_id = app_person_id()));
CREATE POLICY workspaces_write ON workspaces FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

CREATE POLICY workspace_invites_by_code ON workspace_invites FOR SELECT
    USING (code_hash = app_credential_hash());
CREATE POLICY workspace_invites_tenant ON workspace_invites FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

CREATE POLICY api_keys_by_secret ON api_keys FOR SELECT
    USING (secret_hash = app_credential_hash());
CREATE POLICY api_keys_tenant ON api_keys FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON workspaces, memberships, workspace_invites, api_keys TO ${app_role};
