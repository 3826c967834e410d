package dev.custos.knowledge;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A knowledge base as people see it.
 *
 * @param embeddings {@code none} (full-text search only) or {@code local} (also vectors from the in-process model)
 */
public record KnowledgeBase(UUID id, String name, String description, String embeddings, @Nullable UUID createdBy,
                            Instant createdAt, long documents, long chunks) {
}
