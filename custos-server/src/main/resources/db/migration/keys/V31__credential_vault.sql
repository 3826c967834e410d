-- The credential vault (SC-03): secrets of connected tools, model providers and single sign-on, sealed under the
-- vault keyset (kept in the key store) and never returned by any API. The installation's own secrets belong to
-- the nil workspace, like the installation's audit chain. key_id names the keyset version that sealed a row, so
-- rotation finds what is left to re-seal without opening anything.
CREATE TABLE vault_secrets (
    workspace_id uuid        NOT NULL,
    secret_id    uuid        NOT NULL,
    purpose      text        NOT NULL CHECK (purpose ~ '^[a-z][a-z_.]{0,59}$'),
    ciphertext   bytea       NOT NULL,   -- AES-256-GCM, bound to workspace, id and purpose
    key_id       bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    sealed_at    timestamptz NOT NULL,   -- when this ciphertext was made: the secret's replacement or re-sealing
    PRIMARY KEY (workspace_id, secret_id)
);
CREATE INDEX vault_secrets_key ON vault_secrets (key_id);

ALTER TABLE vault_secrets ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY vault_secrets_tenant ON vault_secrets FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON vault_secrets TO ${app_role};

-- Rotation visits the workspaces that still hold secrets under an older version. Only the owner role may see
-- them all; the functions return identifiers and counts, never a ciphertext.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY vault_secrets_owner_reads ON vault_secrets FOR SELECT TO %I USING (true)',
                   current_user);
END
$$;
CREATE FUNCTION vault_workspaces_behind(current_key bigint) RETURNS SETOF uuid LANGUAGE sql SECURITY DEFINER
    SET search_path = public AS
$$ SELECT DISTINCT workspace_id FROM vault_secrets WHERE key_id <> current_key ORDER BY workspace_id $$;
CREATE FUNCTION vault_secrets_by_key() RETURNS TABLE (key_id bigint, secrets bigint) LANGUAGE sql SECURITY DEFINER
    SET search_path = public AS
$$ SELECT key_id, count(*) FROM vault_secrets GROUP BY key_id ORDER BY key_id $$;
REVOKE ALL ON FUNCTION vault_workspaces_behind(bigint), vault_secrets_by_key() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vault_workspaces_behind(bigint), vault_secrets_by_key() TO ${app_role};
