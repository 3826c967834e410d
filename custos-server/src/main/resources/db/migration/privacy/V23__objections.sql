-- Objections to processing on legitimate interest (DR-06): while one stands, that processing of the person
-- stops. Installation-wide, like privacy requests: a person objects once, for every workspace.
CREATE TABLE processing_objections (
    objection_id uuid        PRIMARY KEY,
    person_id    uuid        NOT NULL,
    purpose      text        NOT NULL CHECK (purpose IN ('product_analytics')),
    objected_at  timestamptz NOT NULL,
    request_id   uuid        NOT NULL REFERENCES privacy_requests,   -- the request it was made by
    withdrawn_at timestamptz                                         -- the person allowed the processing again
);
CREATE UNIQUE INDEX processing_objections_standing ON processing_objections (person_id, purpose)
    WHERE withdrawn_at IS NULL;
GRANT SELECT, INSERT, UPDATE, DELETE ON processing_objections TO ${app_role};

-- An objection needs no password: it releases and erases nothing, and stopping processing should take one step.
ALTER TABLE privacy_requests DROP CONSTRAINT privacy_requests_verification_check;
ALTER TABLE privacy_requests ADD CONSTRAINT privacy_requests_verification_check
    CHECK (verification IN ('password', 'administrator', 'session'));
