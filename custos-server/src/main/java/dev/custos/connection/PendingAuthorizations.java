package dev.custos.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sign-ins to services under way: kept by the hash of their random state (the state itself travels only in URLs),
 * taken once, forgotten when they expire. Callers hold the workspace's tenancy.
 */
@Component
class PendingAuthorizations {

    /**
     * One sign-in under way.
     *
     * @param kind   {@code mcp}, {@code github}, {@code slack} or {@code notion}
     * @param client for an MCP server, the client Custos registered with its authorization server
     */
    record Pending(String kind, String name, String handle, ConnectionScope scope, @Nullable UUID agentId,
                   UUID verifierId, UUID startedBy, @Nullable String url, ConnectionRows.@Nullable OAuthClient client) {
    }

    private final JdbcClient jdbc;

    PendingAuthorizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WorkspaceId workspace, String random, Pending pending, Instant now, Instant expires) {
        ConnectionRows.OAuthClient client = pending.client();
        jdbc.sql("""
                        INSERT INTO connection_authorizations (workspace_id, state_hash, kind, name, handle, scope,
                            agent_id, verifier_secret_id, started_by, started_at, expires_at, url, client_id,
                            client_secret_id, token_url, resource)
                        VALUES (:w, :hash, :kind, :name, :handle, :scope, :agent, :verifier, :by, :now, :expires, :url,
                            :client, :secret, :token, :resource)""")
                .param("w", workspace.id()).param("hash", sha256(random)).param("kind", pending.kind())
                .param("name", pending.name()).param("handle", pending.handle())
                .param("scope", pending.scope().key()).param("agent", pending.agentId())
                .param("verifier", pending.verifierId()).param("by", pending.startedBy())
                .param("now", SqlTime.of(now)).param("expires", SqlTime.of(expires)).param("url", pending.url())
                .param("client", client == null ? null : client.clientId())
                .param("secret", client == null ? null : client.clientSecretId())
                .param("token", client == null ? null : client.tokenUrl())
                .param("resource", client == null ? null : client.resource()).update();
    }

    /** The sign-in of this state, removed so that it cannot be used twice; refused when unknown or expired. */
    Pending take(WorkspaceId workspace, String random, Instant now) {
        return jdbc.sql("""
                        DELETE FROM connection_authorizations
                        WHERE workspace_id = :w AND state_hash = :hash AND expires_at > :now
                        RETURNING *""")
                .param("w", workspace.id()).param("hash", sha256(random)).param("now", SqlTime.of(now))
                .query((rs, n) -> new Pending(rs.getString("kind"), rs.getString("name"), rs.getString("handle"),
                        ConnectionScope.of(rs.getString("scope")), rs.getObject("agent_id", UUID.class),
                        rs.getObject("verifier_secret_id", UUID.class), rs.getObject("started_by", UUID.class),
                        rs.getString("url"), rs.getString("client_id") == null ? null
                        : new ConnectionRows.OAuthClient(rs.getString("client_id"),
                        rs.getObject("client_secret_id", UUID.class), rs.getString("token_url"),
                        rs.getString("resource"))))
                .optional().orElseThrow(PendingAuthorizations::unknownState);
    }

    /** Removes the expired sign-ins of the workspace; answers the vault secrets they held, for deletion. */
    java.util.List<UUID> forgetExpired(WorkspaceId workspace, Instant now) {
        return jdbc.sql("""
                        DELETE FROM connection_authorizations WHERE workspace_id = :w AND expires_at <= :now
                        RETURNING verifier_secret_id, client_secret_id""")
                .param("w", workspace.id()).param("now", SqlTime.of(now))
                .query((rs, n) -> java.util.Arrays.asList(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list().stream().flatMap(java.util.List::stream).filter(java.util.Objects::nonNull).toList();
    }

    static CustosException unknownState() {
        return CustosException.invalid("connection-authorization-unknown", "This connection was not started here, "
                + "was finished already, or took longer than " + OAuthConnections.LIFETIME.toMinutes()
                + " minutes. Start again.");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
