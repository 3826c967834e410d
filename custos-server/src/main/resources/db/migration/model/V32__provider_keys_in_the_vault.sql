-- Provider API keys move into the credential vault (SC-03): the row names its secret there. api_key_sealed held
-- them sealed under the master key before; the application moves each into the vault at start and empties it.
ALTER TABLE model_providers ADD COLUMN api_key_secret uuid;
COMMENT ON COLUMN model_providers.api_key_sealed IS 'legacy: emptied into vault_secrets at start, no longer written';
