-- The breach register (SC-06): what happened, whom it affects, and the notifications it drives — the
-- supervisory authority within 72 hours of detection (GDPR Art. 33), the people affected when the risk to them
-- is high (Art. 34).
CREATE TABLE breaches (
    breach_id             uuid        PRIMARY KEY,
    detected_at           timestamptz NOT NULL,
    recorded_by           uuid        NOT NULL,
    description           text        NOT NULL,
    categories            text[]      NOT NULL,   -- data map categories involved
    high_risk             boolean     NOT NULL,
    authority_due_at      timestamptz NOT NULL,
    authority_notified_at timestamptz,
    people_notified_at    timestamptz,
    closed_at             timestamptz
);

CREATE TABLE breach_affected (
    breach_id uuid NOT NULL REFERENCES breaches,
    person_id uuid NOT NULL,
    PRIMARY KEY (breach_id, person_id)
);
GRANT SELECT, INSERT, UPDATE ON breaches TO ${app_role};
GRANT SELECT, INSERT, DELETE ON breach_affected TO ${app_role};
