-- End users' requests get what every other request has (DR-08): the law they are made under, a deadline of at most
-- 30 days from receipt, one extension with a reason the requester reads, a reminder to whoever answers, and a
-- record of when the requester was told the outcome.
ALTER TABLE end_user_requests ADD COLUMN jurisdiction text NOT NULL DEFAULT 'GDPR'
    CHECK (jurisdiction IN ('GDPR', 'CCPA', 'KVKK'));
ALTER TABLE end_user_requests ADD COLUMN due_at timestamptz;
ALTER TABLE end_user_requests ADD COLUMN extended_at timestamptz;
ALTER TABLE end_user_requests ADD COLUMN extension_reason text;
ALTER TABLE end_user_requests ADD COLUMN reminder_sent_at timestamptz;
ALTER TABLE end_user_requests ADD COLUMN requester_told_at timestamptz;
UPDATE end_user_requests SET due_at = received_at + interval '30 days' WHERE status <> 'unverified';
ALTER TABLE end_user_requests ADD CONSTRAINT end_user_requests_due_once_confirmed
    CHECK (status = 'unverified' OR due_at IS NOT NULL);

-- A workspace's public request form, at /requests/{code}: a short code the owner publishes to the workspace's end
-- users instead of the workspace's id, and replaces when it is abused. Looking a form up by its code is the
-- capability to find which workspace it belongs to, nothing more (the policy below, like an invitation's).
CREATE TABLE request_forms (
    workspace_id uuid        PRIMARY KEY REFERENCES workspaces ON DELETE CASCADE,
    code         text        NOT NULL UNIQUE,
    code_hash    text        NOT NULL UNIQUE,   -- SHA-256 of the code, which the public lookup presents
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL
);
ALTER TABLE request_forms ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY request_forms_tenant ON request_forms FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY request_forms_by_code ON request_forms FOR SELECT USING (code_hash = app_credential_hash());
CREATE POLICY request_forms_subject ON request_forms FOR SELECT USING (created_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON request_forms TO ${app_role};

-- Misuse signals for the public form (SC-07): who submitted (a pseudonym of the address) and to whom the
-- confirmation went (a pseudonym of the email), kept one day, so the form cannot flood a mailbox or the owners.
CREATE TABLE public_request_attempts (
    attempted_at   timestamptz NOT NULL,
    address_hash   text        NOT NULL,
    recipient_hash text        NOT NULL
);
CREATE INDEX public_request_attempts_by_address ON public_request_attempts (address_hash, attempted_at);
CREATE INDEX public_request_attempts_by_recipient ON public_request_attempts (recipient_hash, attempted_at);
GRANT SELECT, INSERT, DELETE ON public_request_attempts TO ${app_role};

-- The workspaces holding end-user requests the installation's administrators answer (workspaces not in processor
-- mode), and those with requests close to their deadline, whoever answers: ids only, for jobs and the
-- administrators' page, which then read each workspace's requests in its own context.
CREATE FUNCTION end_user_request_workspaces_for_installation() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT DISTINCT workspace_id FROM end_user_requests WHERE routed_to = 'installation' AND status <> 'unverified' $$;
REVOKE ALL ON FUNCTION end_user_request_workspaces_for_installation() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION end_user_request_workspaces_for_installation() TO ${app_role};

CREATE FUNCTION end_user_request_workspaces_due(soon timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT DISTINCT workspace_id FROM end_user_requests
   WHERE status = 'awaiting_instruction' AND reminder_sent_at IS NULL AND due_at < soon $$;
REVOKE ALL ON FUNCTION end_user_request_workspaces_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION end_user_request_workspaces_due(timestamptz) TO ${app_role};
