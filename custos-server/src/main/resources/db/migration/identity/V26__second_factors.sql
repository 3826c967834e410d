-- Second factors (ID-05): a TOTP secret per person, sealed under the master key, confirmed by a first code;
-- the last step used, so a code works once; and single-use backup codes, stored as hashes.
CREATE TABLE totp_factors (
    person_id      uuid        PRIMARY KEY REFERENCES people ON DELETE CASCADE,
    secret         bytea       NOT NULL,   -- sealed (AES-256-GCM under the master key)
    created_at     timestamptz NOT NULL,
    confirmed_at   timestamptz,            -- null while enrolling: not asked for at sign-in yet
    last_used_step bigint      NOT NULL DEFAULT 0
);

CREATE TABLE backup_codes (
    person_id  uuid        NOT NULL REFERENCES people ON DELETE CASCADE,
    code_hash  text        NOT NULL,   -- SHA-256 of a 12-character random code
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (person_id, code_hash)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON totp_factors, backup_codes TO ${app_role};
