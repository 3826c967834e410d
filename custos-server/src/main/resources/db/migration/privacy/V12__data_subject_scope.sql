-- Data-subject scope: to export (or erase) what Custos holds about one person, a transaction names that person
-- in app.subject_id and may then read the rows that are theirs, in every workspace, and nothing else. Set only
-- by the privacy module, for a request whose requester was verified.
CREATE FUNCTION app_subject_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.subject_id', true), '')::uuid $$;

CREATE POLICY memberships_subject ON memberships FOR SELECT USING (person_id = app_subject_id());
CREATE POLICY workspaces_subject ON workspaces FOR SELECT USING (created_by = app_subject_id());
CREATE POLICY api_keys_subject ON api_keys FOR SELECT USING (person_id = app_subject_id());
CREATE POLICY workspace_invites_subject ON workspace_invites FOR SELECT
    USING (accepted_by = app_subject_id() OR invited_by = app_subject_id());
CREATE POLICY audit_log_subject ON audit_log FOR SELECT USING (actor_id = app_subject_id());
CREATE POLICY usage_records_subject ON usage_records FOR SELECT USING (person_id = app_subject_id());
CREATE POLICY agent_sessions_subject ON agent_sessions FOR SELECT USING (person_id = app_subject_id());
CREATE POLICY session_events_subject ON session_events FOR SELECT
    USING (EXISTS (SELECT 1 FROM agent_sessions s WHERE s.workspace_id = session_events.workspace_id
                   AND s.session_id = session_events.session_id AND s.person_id = app_subject_id()));
CREATE POLICY session_files_subject ON session_files FOR SELECT
    USING (EXISTS (SELECT 1 FROM agent_sessions s WHERE s.workspace_id = session_files.workspace_id
                   AND s.session_id = session_files.session_id AND s.person_id = app_subject_id()));
CREATE POLICY tool_approvals_subject ON tool_approvals FOR SELECT USING (decided_by = app_subject_id());
CREATE POLICY agents_subject ON agents FOR SELECT USING (created_by = app_subject_id());
CREATE POLICY workspace_providers_subject ON workspace_providers FOR SELECT USING (allowed_by = app_subject_id());
CREATE POLICY workspace_model_settings_subject ON workspace_model_settings FOR SELECT
    USING (updated_by = app_subject_id());
CREATE POLICY tool_settings_subject ON tool_settings FOR SELECT USING (updated_by = app_subject_id());

-- Exports: a download link per export, single-use and short-lived; the file itself is never stored.
CREATE TABLE data_exports (
    export_id  uuid        PRIMARY KEY,
    person_id  uuid        NOT NULL,
    token_hash text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
GRANT SELECT, INSERT, UPDATE ON data_exports TO ${app_role};
