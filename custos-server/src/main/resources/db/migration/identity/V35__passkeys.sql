-- Passkeys (ID-06): WebAuthn credentials. The device checks the person (biometrics or PIN); Custos keeps only what
-- verifying its signed assertions needs: the credential id, the public key (COSE), the signature counter and the
-- flags. No attestation, no device model, no biometric anything.
CREATE TABLE passkeys (
    credential_id   bytea       PRIMARY KEY,
    person_id       uuid        NOT NULL REFERENCES people ON DELETE CASCADE,
    public_key      bytea       NOT NULL,   -- COSE_Key
    sign_count      bigint      NOT NULL CHECK (sign_count >= 0),
    uv_initialized  boolean     NOT NULL,
    backup_eligible boolean     NOT NULL,
    backup_state    boolean     NOT NULL,
    transports      text[]      NOT NULL,
    label           text        NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz
);
CREATE INDEX passkeys_person ON passkeys (person_id);

-- The WebAuthn user handle: random, so an authenticator holds nothing that names the person here.
ALTER TABLE people ADD COLUMN passkey_user_handle bytea UNIQUE;

GRANT SELECT, INSERT, UPDATE, DELETE ON passkeys TO ${app_role};
