package dev.custos.knowledge;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A document of a knowledge base, without its text.
 *
 * @param status {@code ingesting} (stored, being indexed), {@code ready} or {@code failed} (see {@code error})
 */
public record KnowledgeDocument(UUID id, UUID baseId, String title, String mediaType, int sizeBytes, String status,
                                @Nullable String error, int chunkCount, @Nullable UUID uploadedBy, Instant uploadedAt,
                                @Nullable Instant ingestedAt) {
}
