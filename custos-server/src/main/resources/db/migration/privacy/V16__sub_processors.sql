-- Sub-processors (GV-01, GV-07): who processes personal data for this installation, where, under what transfer
-- safeguard. Model providers are sub-processors too; they come from the provider registry.
CREATE TABLE sub_processors (
    sub_processor_id   uuid        PRIMARY KEY,
    name               text        NOT NULL,
    purpose            text        NOT NULL,
    location           text        NOT NULL,
    transfer_safeguard text        NOT NULL,   -- e.g. adequacy decision, standard contractual clauses, none needed
    zero_retention     boolean     NOT NULL,
    added_by           uuid        NOT NULL,
    added_at           timestamptz NOT NULL,
    removed_at         timestamptz
);
GRANT SELECT, INSERT, UPDATE ON sub_processors TO ${app_role};

-- Changes are announced to every workspace owner: only the owner role lists them all, through this function.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY memberships_owner_lists ON memberships FOR SELECT TO %I USING (true)', current_user);
END
$$;
CREATE FUNCTION workspace_owner_ids() RETURNS SETOF uuid LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ SELECT DISTINCT person_id FROM memberships WHERE role = 'owner' $$;
REVOKE ALL ON FUNCTION workspace_owner_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workspace_owner_ids() TO ${app_role};
