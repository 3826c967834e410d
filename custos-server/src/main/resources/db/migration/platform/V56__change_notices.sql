-- Changes every node must hear of at once (ChangeNotices): when one commits, whichever path made it (the API, an
-- erasure, a retention run, an administrator's SQL), a trigger sends 'topic:key' on channel custos_changes, and
-- each node drops what it cached under that key. PostgreSQL delivers a notification at commit, never for a
-- transaction that rolls back, and sends identical ones of a transaction once.
CREATE FUNCTION custos_notify_change() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    changed jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
    -- TG_ARGV[0] is the topic; TG_ARGV[1], if given, the column whose value is the key (else every key: '*').
    PERFORM pg_notify('custos_changes', TG_ARGV[0] || ':'
        || CASE WHEN TG_NARGS > 1 THEN COALESCE(changed ->> TG_ARGV[1], '*') ELSE '*' END);
    RETURN NULL;
END
$$;

-- Who may call at all: an API key revoked, expired or narrowed; a membership ended or its role changed; a workspace
-- deleted or made to require a second factor; a person disabled. Rare, so every node drops all it knows of access.
CREATE TRIGGER api_keys_notice AFTER UPDATE OF revoked_at, expires_at, scopes OR DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
CREATE TRIGGER memberships_notice AFTER UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
CREATE TRIGGER workspaces_notice AFTER UPDATE OF require_second_factor OR DELETE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
CREATE TRIGGER people_notice AFTER UPDATE OF disabled_at, processing_restricted_at OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION custos_notify_change('people', 'person_id');
CREATE TRIGGER totp_factors_notice AFTER UPDATE OR DELETE ON totp_factors
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
CREATE TRIGGER passkeys_notice AFTER DELETE ON passkeys
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');

-- What a workspace's calls are checked against: its model settings, allowlist and private models.
CREATE TRIGGER workspace_model_settings_notice AFTER INSERT OR UPDATE OR DELETE ON workspace_model_settings
    FOR EACH ROW EXECUTE FUNCTION custos_notify_change('rules', 'workspace_id');
CREATE TRIGGER workspace_providers_notice AFTER INSERT OR UPDATE OR DELETE ON workspace_providers
    FOR EACH ROW EXECUTE FUNCTION custos_notify_change('rules', 'workspace_id');
CREATE TRIGGER workspace_private_models_notice AFTER INSERT OR UPDATE OR DELETE ON workspace_private_models
    FOR EACH ROW EXECUTE FUNCTION custos_notify_change('rules', 'workspace_id');
