/**
 * Knowledge bases (TN-03): documents a workspace uploads (PDF, Word, HTML, Markdown, text — parsed by Apache Tika),
 * split into chunks sealed like all content, and searched by the {@code knowledge_search} tool with citations.
 * Search is hybrid: PostgreSQL full-text always, over a blind index whose tokens are keyed by the workspace's own
 * key, plus vectors where the base allows them: from an in-process embedding model, or from a provider's model
 * through the model gateway's rules. Nothing — index, tokens, vectors, caches — is shared between workspaces.
 * Ingestion runs after the upload is stored and resumes after a restart. Depends on the platform, keys, audit,
 * identity, workspace, tool, privacy (sealed export), model (provider embeddings) and usage (the plan allows
 * knowledge).
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"platform", "keys", "audit", "identity", "workspace", "tool", "privacy",
        "model", "usage"})
package dev.custos.knowledge;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
