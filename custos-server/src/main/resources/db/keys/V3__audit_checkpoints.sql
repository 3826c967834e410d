-- Checkpoints of the audit chains' heads (SC-04), kept out of the main database: entries lost or removed at the end
-- of a chain, together with its head row, still show against the last checkpoint. Each checkpoint is sealed by the
-- master key, so whoever can write this table cannot forge one.
CREATE TABLE audit_checkpoints (
    chain_id        uuid        PRIMARY KEY,   -- the workspace (or the installation's nil id) whose chain it is
    seq             bigint      NOT NULL,
    hash            text        NOT NULL,
    checkpointed_at timestamptz NOT NULL,
    seal            bytea       NOT NULL       -- AEAD of chain, seq and hash under the master key
);

GRANT SELECT, INSERT, UPDATE ON audit_checkpoints TO ${app_role};
