-- Data-subject requests: one row per request with its legal deadline, and an append-only history of what
-- happened to it. Installation-wide (a person's rights span workspaces); who may see a request is checked by
-- the privacy module: the requester, and installation administrators.
CREATE TABLE privacy_requests (
    request_id         uuid        PRIMARY KEY,
    person_id          uuid        NOT NULL,   -- whom the request is about
    kind               text        NOT NULL CHECK (kind IN ('access', 'portability', 'rectification', 'erasure',
                                                            'restriction', 'objection', 'consent_withdrawal')),
    jurisdiction       text        NOT NULL CHECK (jurisdiction IN ('GDPR', 'CCPA', 'KVKK')),
    status             text        NOT NULL CHECK (status IN ('received', 'in_progress', 'completed', 'rejected')),
    received_at        timestamptz NOT NULL,
    due_at             timestamptz NOT NULL,
    extended_at        timestamptz,            -- set once: a request may be extended one time
    extension_reason   text,
    submitted_by       uuid        NOT NULL,   -- the person, or the administrator acting on their behalf
    verification       text        NOT NULL CHECK (verification IN ('password', 'administrator')),
    reminder_sent_at   timestamptz,
    closed_at          timestamptz,
    CHECK ((extended_at IS NULL) = (extension_reason IS NULL))
);
CREATE INDEX privacy_requests_open ON privacy_requests (due_at) WHERE closed_at IS NULL;
CREATE INDEX privacy_requests_person ON privacy_requests (person_id);

CREATE TABLE privacy_request_history (
    request_id uuid        NOT NULL REFERENCES privacy_requests,
    seq        integer     NOT NULL,
    at         timestamptz NOT NULL,
    status     text        NOT NULL,
    actor_id   uuid,                   -- null: Custos itself (a reminder)
    note       text        NOT NULL,   -- what happened, in words meant for the requester
    PRIMARY KEY (request_id, seq)
);

-- Notices to a person inside the app (deadline extended, request answered, reminders for administrators).
CREATE TABLE person_notices (
    notice_id  uuid        PRIMARY KEY,
    person_id  uuid        NOT NULL,
    topic      text        NOT NULL,
    message    text        NOT NULL,
    created_at timestamptz NOT NULL,
    read_at    timestamptz
);
CREATE INDEX person_notices_person ON person_notices (person_id, created_at DESC);

GRANT SELECT, INSERT, UPDATE ON privacy_requests, privacy_request_history, person_notices TO ${app_role};
