-- The key store: its own database, so that a dump or backup of the main database never holds a key, and keys
-- can be kept out of long-lived backups. Each row is a Tink keyset encrypted by the master key (which lives in
-- neither database). Deleting a subject's rows is crypto-shredding: what was sealed under them is unreadable,
-- in the main database and in every backup of it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', '${app_role}');
    END IF;
END
$$;

CREATE TABLE subject_keys (
    workspace_id uuid        NOT NULL,
    subject_id   uuid        NOT NULL,   -- a person, or the nil UUID for the workspace's own content
    keyset       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, subject_id)
);

-- People whose keys were destroyed: no new key is ever made for them.
CREATE TABLE shredded_subjects (
    subject_id  uuid        PRIMARY KEY,
    shredded_at timestamptz NOT NULL
);

GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, DELETE ON subject_keys TO ${app_role};
GRANT SELECT, INSERT ON shredded_subjects TO ${app_role};
