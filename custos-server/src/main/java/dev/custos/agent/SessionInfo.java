package dev.custos.agent;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A session's state, without its content.
 *
 * @param status      idle (waiting for a message), running, or awaiting_approval
 * @param streamFrom  the seq a client streams after to see the run it just started (its own message first)
 * @param sharedAt    when it was shared with the whole workspace, or null: need-to-know until then
 */
public record SessionInfo(UUID id, UUID agentId, UUID personId, @Nullable UUID apiKeyId, String status,
                          long lastSeq, long streamFrom, Instant createdAt, Instant updatedAt,
                          @Nullable Instant sharedAt) {

    /** Shared with the whole workspace; otherwise seen by the person who ran it and those who review sessions. */
    @JsonProperty("shared")
    public boolean shared() {
        return sharedAt != null;
    }
}
