-- Data keys: one Tink keyset per (workspace, subject), stored encrypted under the master key (which lives
-- outside the database). Today every subject of a workspace shares the workspace key (subject = nil UUID);
-- per-person keys and crypto-shredding add rows per person. Destroying a row makes its ciphertexts unreadable.
CREATE TABLE data_keys (
    workspace_id uuid        NOT NULL,
    subject_id   uuid        NOT NULL,
    keyset       text        NOT NULL,   -- Tink JSON keyset, encrypted by the master key
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, subject_id)
);

ALTER TABLE data_keys ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY data_keys_tenant ON data_keys FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, DELETE ON data_keys TO ${app_role};
