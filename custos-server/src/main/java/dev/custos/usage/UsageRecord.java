package dev.custos.usage;

import java.time.Instant;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;

/**
 * One metered model call.
 *
 * @param callId identifies the call: metering it twice (a retry, a resumed run) records it once
 */
public record UsageRecord(WorkspaceId workspace, UUID callId, Instant occurredAt, PersonId person,
                          @Nullable UUID agentId, @Nullable UUID apiKeyId, @Nullable UUID sessionId,
                          UUID providerId, String model, long inputTokens, long outputTokens, int toolCalls) {
}
