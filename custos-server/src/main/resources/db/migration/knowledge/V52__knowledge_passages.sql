-- A passage's sealed text and vector move to a table of their own. Ranking reads the matching rows' terms; with
-- the sealed text and vector beside them, a row took most of a page and ranking 500 matches read thousands of
-- pages. Now the terms' rows are narrow, and a passage's text is opened only for the few results shown.
CREATE TABLE knowledge_passages (
    workspace_id uuid    NOT NULL,
    document_id  uuid    NOT NULL,
    seq          integer NOT NULL,
    content      bytea   NOT NULL,           -- sealed like the document's text
    embedding    bytea,                      -- sealed, when the base has embeddings
    PRIMARY KEY (workspace_id, document_id, seq),
    FOREIGN KEY (workspace_id, document_id, seq) REFERENCES knowledge_chunks ON DELETE CASCADE
);
INSERT INTO knowledge_passages (workspace_id, document_id, seq, content, embedding)
SELECT workspace_id, document_id, seq, content, embedding FROM knowledge_chunks;
ALTER TABLE knowledge_chunks DROP COLUMN content, DROP COLUMN embedding;

ALTER TABLE knowledge_passages ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY knowledge_passages_tenant ON knowledge_passages FOR ALL
    USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON knowledge_passages TO ${app_role};
