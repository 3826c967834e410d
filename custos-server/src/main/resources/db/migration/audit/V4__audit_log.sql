-- Append-only, hash-chained audit log: one chain per workspace, plus the installation's own chain under the
-- nil UUID (sign-ins, sign-ups). Entries name people by their opaque id only; no personal value is stored.
CREATE TABLE audit_log (
    workspace_id uuid        NOT NULL,
    seq          bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor_kind   text        NOT NULL CHECK (actor_kind IN ('person', 'api_key', 'system', 'anonymous')),
    actor_id     uuid,
    action       text        NOT NULL,
    target       text,
    outcome      text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    details      text        NOT NULL,  -- JSON exactly as hashed
    prev_hash    text        NOT NULL,
    hash         text        NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);

CREATE TABLE audit_chain_heads (
    workspace_id uuid   PRIMARY KEY,
    seq          bigint NOT NULL,
    hash         text   NOT NULL
);

-- The database itself refuses to change history, whoever asks (short of a superuser disabling the trigger,
-- which verification then catches).
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP; END $$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

ALTER TABLE audit_log         ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant ON audit_log FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY audit_chain_heads_tenant ON audit_chain_heads FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

GRANT SELECT, INSERT ON audit_log TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON audit_chain_heads TO ${app_role};
