-- MCP servers that ask for OAuth (the MCP authorization spec): Custos registers itself as a client with the
-- server's authorization server (dynamic client registration), and keeps that client and the resource the tokens
-- are for, so that it can renew them.
ALTER TABLE connection_authorizations DROP CONSTRAINT connection_authorizations_kind_check;
ALTER TABLE connection_authorizations
    ADD CHECK (kind IN ('mcp', 'github', 'slack', 'notion')),
    ADD COLUMN url              text,   -- the MCP endpoint
    ADD COLUMN client_id        text,   -- the client Custos registered with the server's authorization server
    ADD COLUMN client_secret_id uuid,   -- its secret in the vault, when the server gave one
    ADD COLUMN token_url        text,
    ADD COLUMN resource         text;   -- the resource indicator (RFC 8707) tokens are asked for

ALTER TABLE connections
    ADD COLUMN client_id        text,
    ADD COLUMN client_secret_id uuid,
    ADD COLUMN token_url        text,
    ADD COLUMN resource         text,
    ADD CHECK (status = 'active' OR client_secret_id IS NULL);
