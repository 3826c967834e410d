-- Erasure: in a person's data-subject scope, the rows that are theirs may be deleted. (Columns that name them
-- in rows that stay are set null or anonymized in each workspace's own context: an updated row must remain
-- visible to the policy it is updated under, and the subject policies would no longer see it.)
CREATE POLICY memberships_subject_erase ON memberships FOR DELETE USING (person_id = app_subject_id());
CREATE POLICY api_keys_subject_erase ON api_keys FOR DELETE USING (person_id = app_subject_id());
CREATE POLICY agent_sessions_subject_erase ON agent_sessions FOR DELETE USING (person_id = app_subject_id());
CREATE POLICY session_events_subject_erase ON session_events FOR DELETE
    USING (EXISTS (SELECT 1 FROM agent_sessions s WHERE s.workspace_id = session_events.workspace_id
                   AND s.session_id = session_events.session_id AND s.person_id = app_subject_id()));
CREATE POLICY session_files_subject_erase ON session_files FOR DELETE
    USING (EXISTS (SELECT 1 FROM agent_sessions s WHERE s.workspace_id = session_files.workspace_id
                   AND s.session_id = session_files.session_id AND s.person_id = app_subject_id()));
CREATE POLICY tool_approvals_subject_erase ON tool_approvals FOR DELETE USING (decided_by = app_subject_id());

-- Deleting a workspace (its sole owner erased) removes its usage rows too.
GRANT UPDATE, DELETE ON usage_records TO ${app_role};
GRANT DELETE ON people, person_notices, data_exports TO ${app_role};

-- Erasures in progress: the account is disabled and its keys destroyed at once; the rest is purged by a job
-- that resumes where it stopped after a crash.
CREATE TABLE erasure_jobs (
    request_id   uuid        PRIMARY KEY REFERENCES privacy_requests,
    person_id    uuid        NOT NULL,
    purge_after  timestamptz NOT NULL,
    step         text        NOT NULL CHECK (step IN ('shred', 'workspaces', 'rows', 'done')),
    attempts     integer     NOT NULL DEFAULT 0,
    last_failure text,
    finished_at  timestamptz
);
GRANT SELECT, INSERT, UPDATE ON erasure_jobs TO ${app_role};
