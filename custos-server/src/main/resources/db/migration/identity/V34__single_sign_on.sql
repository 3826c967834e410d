-- Single sign-on with OpenID Connect (ID-04): identity providers an installation administrator registers, and
-- which of a provider's subjects is which person. A person is linked by the provider's stable subject, never by
-- an email alone: an email links only when the provider has verified it, at the first sign-in.
CREATE TABLE sso_providers (
    provider_id        uuid        PRIMARY KEY,
    name               text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),  -- in sign-in URLs
    label              text        NOT NULL CHECK (length(label) BETWEEN 1 AND 60),          -- "Sign in with ..."
    issuer_url         text        NOT NULL,
    client_id          text        NOT NULL,
    client_secret_id   uuid,       -- in the credential vault; null: a public client (PKCE alone)
    client_secret_hint text,
    scopes             text[]      NOT NULL,
    enabled            boolean     NOT NULL DEFAULT true,
    created_by         uuid,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE external_identities (
    provider_id     uuid        NOT NULL REFERENCES sso_providers ON DELETE CASCADE,
    subject         text        NOT NULL,   -- the provider's "sub" claim
    person_id       uuid        NOT NULL REFERENCES people ON DELETE CASCADE,
    linked_at       timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX external_identities_person ON external_identities (person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON sso_providers, external_identities TO ${app_role};
