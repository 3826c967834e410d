-- The credential vault's keyset (SC-03): one Tink AES-256-GCM keyset, encrypted by the master key, whose versions
-- seal the credentials of connected tools, model providers and single sign-on. Rotation adds a version and makes
-- it primary; older versions open what they sealed until it is re-sealed, then they are destroyed. Kept in the
-- key store, out of the main database's backups, so a destroyed version is gone from every copy of the secrets.
CREATE TABLE vault_keyset (
    vault_id       smallint    PRIMARY KEY CHECK (vault_id = 1),
    keyset         text        NOT NULL,
    primary_key_id bigint      NOT NULL,   -- the version new secrets are sealed under
    primary_since  timestamptz NOT NULL,   -- older versions are destroyed only once every node has moved on
    updated_at     timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON vault_keyset TO ${app_role};
