-- Knowledge bases (TN-03): a workspace's documents for its agents to search. The text is sealed under the
-- uploader's key like all content; the index holds no word in clear: each chunk's terms are stored as tokens keyed
-- by the workspace's own index key (a blind index), so no index is shared with, or readable by, another workspace.
CREATE TABLE knowledge_bases (
    workspace_id uuid        NOT NULL,
    base_id      uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description  text        NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    embeddings   text        NOT NULL CHECK (embeddings IN ('none', 'local')),  -- local: the in-process model
    created_by   uuid,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, base_id),
    UNIQUE (workspace_id, name)
);

CREATE TABLE knowledge_documents (
    workspace_id uuid        NOT NULL,
    document_id  uuid        NOT NULL,
    base_id      uuid        NOT NULL,
    title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    media_type   text        NOT NULL,
    size_bytes   integer     NOT NULL CHECK (size_bytes >= 0),
    text         bytea       NOT NULL,       -- the extracted text, AES-256-GCM under the uploader's key
    status       text        NOT NULL CHECK (status IN ('ingesting', 'ready', 'failed')),
    error        text,
    chunk_count  integer     NOT NULL DEFAULT 0,
    uploaded_by  uuid,
    uploaded_at  timestamptz NOT NULL,
    ingested_at  timestamptz,
    PRIMARY KEY (workspace_id, document_id),
    FOREIGN KEY (workspace_id, base_id) REFERENCES knowledge_bases ON DELETE CASCADE
);
CREATE INDEX knowledge_documents_ingesting ON knowledge_documents (uploaded_at) WHERE status = 'ingesting';

CREATE TABLE knowledge_chunks (
    workspace_id uuid     NOT NULL,
    document_id  uuid     NOT NULL,
    seq          integer  NOT NULL CHECK (seq >= 0),
    base_id      uuid     NOT NULL,
    content      bytea    NOT NULL,           -- sealed like the document's text
    terms        tsvector NOT NULL,           -- blind tokens of the chunk's stemmed words, with positions
    embedding    bytea,                       -- sealed, when the base has embeddings
    PRIMARY KEY (workspace_id, document_id, seq),
    FOREIGN KEY (workspace_id, document_id) REFERENCES knowledge_documents ON DELETE CASCADE
);
-- No index on base_id: a base holds most of a workspace's passages, and the planner would AND it with the terms'.
CREATE INDEX knowledge_chunks_terms ON knowledge_chunks USING gin (terms);

ALTER TABLE knowledge_bases ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE knowledge_documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
ALTER TABLE knowledge_chunks ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_bases_tenant ON knowledge_bases FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY knowledge_documents_tenant ON knowledge_documents FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY knowledge_chunks_tenant ON knowledge_chunks FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
-- A person's own data-subject request sees what they uploaded, and the bases they made.
CREATE POLICY knowledge_bases_subject ON knowledge_bases FOR SELECT USING (created_by = app_subject_id());
CREATE POLICY knowledge_documents_subject ON knowledge_documents FOR SELECT USING (uploaded_by = app_subject_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON knowledge_bases, knowledge_documents, knowledge_chunks TO ${app_role};

-- After a restart, the documents whose ingestion did not finish, in any workspace: ids only, for the node that
-- resumes them to open in each workspace's own context.
CREATE FUNCTION knowledge_documents_to_resume(stalled_for interval, max_documents integer)
    RETURNS TABLE (workspace_id uuid, document_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
    SELECT d.workspace_id, d.document_id FROM knowledge_documents d
    WHERE d.status = 'ingesting' AND d.uploaded_at < now() - stalled_for
    ORDER BY d.uploaded_at LIMIT max_documents
$$;
REVOKE ALL ON FUNCTION knowledge_documents_to_resume(interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION knowledge_documents_to_resume(interval, integer) TO ${app_role};
