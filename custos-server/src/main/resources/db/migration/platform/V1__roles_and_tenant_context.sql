-- The application role: logs in, owns nothing, cannot bypass row-level security.
-- On an external server an administrator may create it beforehand (with a password); it is created here if missing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', '${app_role}');
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO ${app_role};

-- The tenant context, set per transaction by Tenancy (set_config(..., true)). An unset or reset setting reads as
-- NULL, and NULL matches no row, so a query outside a context sees nothing.
CREATE FUNCTION app_workspace_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.workspace_id', true), '')::uuid $$;

CREATE FUNCTION app_person_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.person_id', true), '')::uuid $$;

-- The hash of a secret (invitation code, API key) the caller presents: holding the secret is the capability to
-- see the one row it names, before any workspace is known.
CREATE FUNCTION app_credential_hash() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.credential_hash', true), '') $$;
