-- Versions of the privacy policy (GV-02): each publication keeps the text as published; a material change is
-- announced to everyone, and who accepted which version is recorded.
CREATE TABLE policy_versions (
    version      text        PRIMARY KEY,   -- the digest of what the policy was generated from
    published_at timestamptz NOT NULL,
    published_by uuid        NOT NULL,
    material     boolean     NOT NULL,
    summary      text        NOT NULL,      -- what changed, in words for the people told
    markdown     text        NOT NULL       -- the text as published
);

CREATE TABLE policy_acceptances (
    person_id   uuid        NOT NULL,
    version     text        NOT NULL REFERENCES policy_versions,
    accepted_at timestamptz NOT NULL,
    PRIMARY KEY (person_id, version)
);
GRANT SELECT, INSERT ON policy_versions, policy_acceptances TO ${app_role};
GRANT DELETE ON policy_acceptances TO ${app_role};
