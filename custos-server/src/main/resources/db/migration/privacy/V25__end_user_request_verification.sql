-- A request from someone without an account counts only once they prove they hold the email address they gave
-- (DR-11): Custos mails a single-use token, and until it comes back the request is invisible to the owners and
-- cannot be acted on. Unconfirmed requests are deleted after a day.
ALTER TABLE end_user_requests ADD COLUMN verification_hash text;
ALTER TABLE end_user_requests ADD COLUMN verify_by timestamptz;
ALTER TABLE end_user_requests ADD COLUMN verified_at timestamptz;
ALTER TABLE end_user_requests DROP CONSTRAINT end_user_requests_status_check;
ALTER TABLE end_user_requests ADD CONSTRAINT end_user_requests_status_check
    CHECK (status IN ('unverified', 'awaiting_instruction', 'fulfilled', 'declined'));
CREATE UNIQUE INDEX end_user_requests_by_verification ON end_user_requests (verification_hash);

-- Holding the token is the capability to confirm the one request it names, before its workspace is known (like
-- an invitation code): the row is visible and updatable only to a transaction presenting its hash.
CREATE POLICY end_user_requests_by_token ON end_user_requests FOR SELECT
    USING (verification_hash = app_credential_hash());
CREATE POLICY end_user_requests_confirm ON end_user_requests FOR UPDATE
    USING (verification_hash = app_credential_hash()) WITH CHECK (verification_hash = app_credential_hash());
