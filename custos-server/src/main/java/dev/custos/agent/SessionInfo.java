package dev.custos.agent;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A session's state, without its content.
 *
 * @param status      idle (waiting for a message), running, or awaiting_approval
 * @param streamFrom  the seq a client streams after to see the run it just started (its own message first)
 */
public record SessionInfo(UUID id, UUID agentId, UUID personId, @Nullable UUID apiKeyId, String status,
                          long lastSeq, long streamFrom, Instant createdAt, Instant updatedAt) {
}
