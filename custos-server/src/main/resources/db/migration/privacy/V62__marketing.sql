-- Product news, sent only to people who consented to marketing email (GV-05), and the one-click unsubscribe each
-- message carries. An unsubscribe is a consent record of its own (source 'unsubscribe').
ALTER TABLE consent_records DROP CONSTRAINT consent_records_source_check;
ALTER TABLE consent_records ADD CONSTRAINT consent_records_source_check
    CHECK (source IN ('settings', 'banner', 'api', 'gpc', 'withdraw_all', 'unsubscribe'));

CREATE TABLE marketing_messages (
    message_id uuid        PRIMARY KEY,
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    sent_by    uuid,       -- the installation administrator who sent it; null once they are erased
    sent_at    timestamptz NOT NULL,
    recipients integer     NOT NULL CHECK (recipients >= 0)
);

-- One token per recipient and message: random, stored only as its SHA-256, naming nobody in the link; it works
-- once. Kept a year, then expired.
CREATE TABLE unsubscribe_tokens (
    token_hash text        PRIMARY KEY CHECK (length(token_hash) = 64),
    person_id  uuid        NOT NULL,
    message_id uuid        NOT NULL REFERENCES marketing_messages ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX unsubscribe_tokens_person ON unsubscribe_tokens (person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON marketing_messages, unsubscribe_tokens TO ${app_role};
