-- A workspace's account with the payment processor: the processor's customer and subscription ids, and the card's
-- brand and last four digits for display. Nothing else about a card ever reaches Custos (SC-08): the card is
-- entered on the processor's own page.
CREATE TABLE billing_accounts (
    workspace_id    uuid        PRIMARY KEY,
    processor       text        NOT NULL CHECK (processor IN ('stripe')),
    customer_id     text        NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 255),
    subscription_id text        CHECK (length(subscription_id) BETWEEN 1 AND 255),
    card_brand      text        CHECK (length(card_brand) BETWEEN 1 AND 32),
    card_last4      text        CHECK (card_last4 ~ '^[0-9]{4}$'),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (processor, customer_id)
);

-- Each processor event handled once, by its id, whatever is replayed (BL-04).
CREATE TABLE processor_events (
    workspace_id uuid        NOT NULL,
    processor    text        NOT NULL CHECK (processor IN ('stripe')),
    event_id     text        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    type         text        NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
    created_at   timestamptz NOT NULL,
    handled_at   timestamptz NOT NULL,
    PRIMARY KEY (processor, event_id)
);

ALTER TABLE billing_accounts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE processor_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_accounts_tenant ON billing_accounts FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY processor_events_tenant ON processor_events FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_accounts, processor_events TO ${app_role};

-- The workspace a processor's customer belongs to: a webhook names the customer, and the workspace is found from it
-- before anything in that workspace is read or written.
CREATE FUNCTION billing_workspace_of(processor_name text, customer text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT a.workspace_id FROM billing_accounts a WHERE a.processor = processor_name AND a.customer_id = customer
$$;
REVOKE ALL ON FUNCTION billing_workspace_of(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_workspace_of(text, text) TO ${app_role};
