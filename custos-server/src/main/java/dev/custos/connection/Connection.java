package dev.custos.connection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A connected system as the workspace sees it (TN-04): what it is, its scope, who made it and when, what it may
 * reach — never its token, only a hint of it.
 *
 * @param handle prefixes its tools' names: {@code <handle>__<tool>}
 * @param status  {@code active} or {@code revoked}; a revoked connection stays as the record of what was granted
 * @param account who the connection acts as in the service (a GitHub login, a Slack or Notion workspace)
 * @param agentId the agent that answers the service's calls into Custos (a Slack mention), for an integration
 */
public record Connection(UUID id, String kind, String handle, String name, String url, ConnectionScope scope,
                         String auth, @Nullable String tokenHint, String status, @Nullable UUID createdBy,
                         Instant createdAt, @Nullable Instant scopeChangedAt, @Nullable UUID revokedBy,
                         @Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable Instant toolsListedAt,
                         @Nullable String account, @Nullable UUID agentId, List<Reach> tools) {

    /**
     * One tool the connection offers.
     *
     * @param name    what agents call it by
     * @param offered whether a model is offered it now: the connection is active and its scope allows it
     */
    public record Reach(String name, String remoteName, String description, ToolAccess access, boolean offered) {
    }

    public Connection {
        tools = List.copyOf(tools);
    }

    public boolean active() {
        return status.equals("active");
    }
}
