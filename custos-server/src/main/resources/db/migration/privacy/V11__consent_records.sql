-- Consent, as a history: every decision is a new row (purpose, the version of the notice shown, given or
-- withdrawn, where it came from). The current state is the latest row per person and purpose. Rows are never
-- changed; erasure and retention may delete them.
CREATE TABLE consent_records (
    record_id      uuid        PRIMARY KEY,
    person_id      uuid        NOT NULL,
    purpose        text        NOT NULL CHECK (purpose IN ('marketing_email', 'product_analytics',
                                                           'analytics_cookies', 'preference_cookies', 'sale_sharing')),
    notice_version text        NOT NULL,
    given          boolean     NOT NULL,
    source         text        NOT NULL CHECK (source IN ('settings', 'banner', 'api', 'gpc', 'withdraw_all')),
    recorded_at    timestamptz NOT NULL
);
CREATE INDEX consent_records_current ON consent_records (person_id, purpose, recorded_at DESC);

CREATE FUNCTION consent_records_are_history() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'consent_records are append-only: % refused', TG_OP; END $$;
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
    FOR EACH ROW EXECUTE FUNCTION consent_records_are_history();

GRANT SELECT, INSERT ON consent_records TO ${app_role};
