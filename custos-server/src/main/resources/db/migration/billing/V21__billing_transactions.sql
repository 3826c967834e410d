-- The ledger of what a workspace was charged, refunded or credited, as its payment processor reported it.
-- Kept seven years for the tax and commercial record (legal obligation, RT-02), also after the workspace and its
-- payer are gone: erasure anonymizes the payer and keeps the amounts.
CREATE TABLE billing_transactions (
    workspace_id        uuid        NOT NULL,   -- no foreign key: the record outlives the workspace
    transaction_id      uuid        NOT NULL,
    occurred_at         timestamptz NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('charge', 'refund', 'credit')),
    amount_minor        bigint      NOT NULL CHECK (amount_minor >= 0),   -- in the currency's minor unit
    currency            text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    processor           text        NOT NULL,   -- e.g. stripe
    processor_reference text        NOT NULL,   -- the processor's own id (invoice, charge, refund)
    payer_person_id     uuid,                   -- who paid, while they have an account
    description         text        NOT NULL,   -- what was bought, e.g. "Team plan, November 2026"
    recorded_at         timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, transaction_id),
    UNIQUE (workspace_id, processor, processor_reference)   -- a replayed webhook records nothing twice
);
CREATE INDEX billing_transactions_by_time ON billing_transactions (workspace_id, occurred_at);
CREATE INDEX billing_transactions_by_payer ON billing_transactions (payer_person_id);

ALTER TABLE billing_transactions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_transactions_tenant ON billing_transactions FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY billing_transactions_subject ON billing_transactions FOR SELECT
    USING (payer_person_id = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_transactions TO ${app_role};

-- Retention visits the workspaces that still exist and those whose transactions outlive them.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY billing_transactions_owner_lists ON billing_transactions FOR SELECT TO %I '
                   'USING (true)', current_user);
END
$$;
CREATE OR REPLACE FUNCTION retention_workspaces() RETURNS SETOF uuid LANGUAGE sql SECURITY DEFINER
    SET search_path = public AS
$$ SELECT workspace_id FROM workspaces UNION SELECT DISTINCT workspace_id FROM billing_transactions ORDER BY 1 $$;
