-- Misuse signals (SC-07): each password sign-in attempt, by pseudonyms of the account and of the address it
-- came from, kept one day. They drive throttling per account and per address and the detection of credential
-- stuffing (many accounts tried from one address), and are mapped like any other data.
CREATE TABLE sign_in_attempts (
    attempted_at timestamptz NOT NULL,
    account_hash text        NOT NULL,   -- SHA-256 of the normalised email tried
    address_hash text        NOT NULL,   -- SHA-256 of the client address
    succeeded    boolean     NOT NULL
);
CREATE INDEX sign_in_attempts_by_account ON sign_in_attempts (account_hash, attempted_at);
CREATE INDEX sign_in_attempts_by_address ON sign_in_attempts (address_hash, attempted_at);
GRANT SELECT, INSERT, DELETE ON sign_in_attempts TO ${app_role};
