-- A knowledge base's vectors may also come from a provider's model, named provider/model as agents name theirs;
-- the model gateway's rules decide, at every call, whether the workspace may still use it.
ALTER TABLE knowledge_bases DROP CONSTRAINT knowledge_bases_embeddings_check;
ALTER TABLE knowledge_bases ADD CHECK (embeddings IN ('none', 'local') OR embeddings ~ '^[a-z0-9][a-z0-9-]*/.+$');
