-- Access reviews (SC-05): an owner or admin looks at who has access to what and records that they did, with
-- what they saw (counts and a digest of the list), so a later audit can tell when access was last reviewed.
CREATE TABLE access_reviews (
    workspace_id  uuid        NOT NULL REFERENCES workspaces ON DELETE CASCADE,
    review_id     uuid        NOT NULL,
    reviewed_by   uuid        NOT NULL,
    reviewed_at   timestamptz NOT NULL,
    members       integer     NOT NULL,
    api_keys      integer     NOT NULL,
    digest        text        NOT NULL,   -- SHA-256 of the access list as reviewed
    note          text        NOT NULL,
    PRIMARY KEY (workspace_id, review_id)
);
ALTER TABLE access_reviews ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY access_reviews_tenant ON access_reviews FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY access_reviews_subject ON access_reviews FOR SELECT USING (reviewed_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON access_reviews TO ${app_role};
