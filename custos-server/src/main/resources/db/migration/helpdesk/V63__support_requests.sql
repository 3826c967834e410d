-- Support inside the app (GV-06): a person's request to the operator's staff (installation administrators), its
-- messages both ways, and every change of its status. Subjects and messages are sealed under the requester's own
-- key, so erasing the requester crypto-shreds the whole thread; the skeleton (dates, statuses) stays.
CREATE TABLE support_requests (
    request_id uuid        PRIMARY KEY,
    person_id  uuid        NOT NULL,
    subject    bytea       NOT NULL,
    status     text        NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX support_requests_person ON support_requests (person_id, updated_at DESC);
CREATE INDEX support_requests_status ON support_requests (status, updated_at);

CREATE TABLE support_messages (
    message_id   uuid        PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES support_requests ON DELETE CASCADE,
    requester_id uuid        NOT NULL,  -- whose key seals the body: the request's requester
    author_id    uuid,                  -- null once the author is erased
    from_staff   boolean     NOT NULL,
    body         bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX support_messages_request ON support_messages (request_id, created_at);
CREATE INDEX support_messages_author ON support_messages (author_id);

CREATE TABLE support_status_history (
    history_id   uuid        PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES support_requests ON DELETE CASCADE,
    requester_id uuid        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    changed_by   uuid,
    changed_at   timestamptz NOT NULL
);
CREATE INDEX support_status_history_request ON support_status_history (request_id, changed_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON support_requests, support_messages, support_status_history TO ${app_role};
