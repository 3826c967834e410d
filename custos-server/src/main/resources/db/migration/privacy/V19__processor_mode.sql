-- Data processing agreements and processor mode (GV-04, DR-12). A workspace's owner accepts the DPA on record
-- and says whose end-user data the workspace holds: in processor mode the organisation controls that data and
-- Custos acts as its processor, so requests from its end users go to its owners, and Custos acts only on their
-- instruction.
CREATE TABLE workspace_data_agreements (
    workspace_id   uuid        PRIMARY KEY,
    processor_mode boolean     NOT NULL,
    dpa_version    text        NOT NULL,
    accepted_by    uuid        NOT NULL,
    accepted_at    timestamptz NOT NULL
);

-- Requests from people who are not Custos account holders, about data a workspace holds.
CREATE TABLE end_user_requests (
    workspace_id   uuid        NOT NULL,
    request_id     uuid        NOT NULL,
    kind           text        NOT NULL,
    requester      bytea       NOT NULL,   -- sealed: the requester's contact and what they asked
    received_at    timestamptz NOT NULL,
    routed_to      text        NOT NULL CHECK (routed_to IN ('workspace', 'installation')),
    status         text        NOT NULL CHECK (status IN ('awaiting_instruction', 'fulfilled', 'declined')),
    instructed_by  uuid,
    instructed_at  timestamptz,
    instruction    text,
    PRIMARY KEY (workspace_id, request_id)
);

ALTER TABLE workspace_data_agreements ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE end_user_requests ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_data_agreements_tenant ON workspace_data_agreements FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY end_user_requests_tenant ON end_user_requests FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON workspace_data_agreements, end_user_requests TO ${app_role};
