-- People are installation-wide (one account, many workspaces), so this table is not workspace data.
CREATE TABLE people (
    person_id             uuid        PRIMARY KEY,
    email                 text        NOT NULL,
    name                  text        NOT NULL,
    company               text,
    display_name          text,
    avatar_url            text,
    password_hash         text        NOT NULL,
    installation_admin    boolean     NOT NULL DEFAULT false,
    minimum_age_confirmed smallint    NOT NULL,
    age_confirmed_at      timestamptz NOT NULL,
    invitation_kind       text        NOT NULL CHECK (invitation_kind IN ('installation', 'workspace')),
    invitation_id         uuid        NOT NULL,
    invited_by            uuid,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    password_changed_at   timestamptz NOT NULL,
    disabled_at           timestamptz
);
CREATE UNIQUE INDEX people_email_unique ON people (lower(email));

-- Installation invitations: the way onto the platform besides a workspace invite. Only the code's hash is kept.
CREATE TABLE invitations (
    invitation_id uuid        PRIMARY KEY,
    code_hash     text        NOT NULL UNIQUE,
    issued_by     uuid,       -- NULL: the bootstrap invitation printed at first start
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_by       uuid,
    used_at       timestamptz,
    revoked_at    timestamptz,
    CHECK ((used_by IS NULL) = (used_at IS NULL))
);

GRANT SELECT, INSERT, UPDATE ON people, invitations TO ${app_role};

-- Server-side sessions (Spring Session JDBC), so any node can serve any request and a session can be revoked.
CREATE TABLE http_sessions (
    primary_id            char(36)     NOT NULL PRIMARY KEY,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval int          NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100)
);
CREATE UNIQUE INDEX http_sessions_session_id ON http_sessions (session_id);
CREATE INDEX http_sessions_expiry ON http_sessions (expiry_time);
CREATE INDEX http_sessions_principal ON http_sessions (principal_name);

CREATE TABLE http_sessions_attributes (
    session_primary_id char(36)     NOT NULL REFERENCES http_sessions (primary_id) ON DELETE CASCADE,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    PRIMARY KEY (session_primary_id, attribute_name)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON http_sessions, http_sessions_attributes TO ${app_role};
