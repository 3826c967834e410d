-- A workspace being moved to another region's installation is frozen from the moment its package is taken until
-- the move completes (its rows here are erased) or is called off: every request to it is refused (409
-- workspace-moving), so nothing is written here that the package lacks. move_digest is the SHA-256 of the sealed
-- package handed out, which the receiving installation's receipt must match before anything here is erased.
ALTER TABLE workspaces ADD COLUMN moving_to text CHECK (moving_to IN ('EU', 'US')),
                       ADD COLUMN move_digest text CHECK (move_digest ~ '^[0-9a-f]{64}$');

-- Every node's cached standings drop when a freeze starts or ends.
DROP TRIGGER workspaces_notice ON workspaces;
CREATE TRIGGER workspaces_notice AFTER UPDATE OF require_second_factor, require_sso, moving_to OR DELETE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION custos_notify_change('access');
