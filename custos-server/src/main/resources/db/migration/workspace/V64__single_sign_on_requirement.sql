-- A workspace on a plan that includes single sign-on may require its members to have an identity with one of the
-- installation's single sign-on providers: a member without one is refused (403 sso-required) until they link one.
ALTER TABLE workspaces ADD COLUMN require_sso boolean NOT NULL DEFAULT false;

-- Every node's cached standings drop when it changes, as for the second-factor requirement.
DROP TRIGGER workspaces_notice ON workspaces;
CREATE TRIGGER workspaces_notice AFTER UPDATE OF require_second_factor, require_sso OR DELETE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
