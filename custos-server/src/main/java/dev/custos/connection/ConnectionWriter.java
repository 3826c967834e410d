package dev.custos.connection;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.custos.keys.CredentialVault;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a new connection with its tools, for MCP servers and the built-in connectors alike, inside the caller's
 * tenancy and transaction (so a connection, its tools and its sealed tokens are stored together or not at all).
 */
@Component
class ConnectionWriter {

    static final int MAX_PER_WORKSPACE = 50;

    /** A connection to store; the tokens are already sealed in the vault. */
    record NewConnection(String kind, String handle, String name, String url, ConnectionScope scope, String auth,
                         CredentialVault.@Nullable Stored secret, @Nullable UUID refreshSecretId,
                         @Nullable Instant tokenExpiresAt, @Nullable String account, @Nullable String accountId,
                         @Nullable UUID agentId, ConnectionRows.@Nullable OAuthClient client,
                         List<McpServers.RemoteTool> tools) {
    }

    private final JdbcClient jdbc;
    private final ConnectionRows rows;

    ConnectionWriter(JdbcClient jdbc, ConnectionRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    static String name(String given) {
        String name = given.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw CustosException.invalid("invalid-connection-name", "name must be 1 to 100 characters.");
        }
        return name;
    }

    static String handle(String given) {
        String handle = given.strip().toLowerCase(Locale.ROOT);
        if (!handle.matches("[a-z][a-z0-9_]{0,23}")) {
            throw CustosException.invalid("invalid-handle", "handle must start with a letter and have at most 24 "
                    + "lower-case letters, digits and underscores; it prefixes the connection's tools' names.");
        }
        return handle;
    }

    /** Refuses a handle an active connection has, or a workspace at its limit. */
    void checkRoom(WorkspaceId workspace, String handle) {
        if (rows.count(workspace) >= MAX_PER_WORKSPACE) {
            throw CustosException.invalid("too-many-connections",
                    "A workspace keeps at most " + MAX_PER_WORKSPACE + " active connections.");
        }
        if (rows.activeHandleTaken(workspace, handle)) {
            throw CustosException.conflict("handle-taken", "Another active connection of this workspace has the "
                    + "handle '" + handle + "'; choose another, or revoke that one first.");
        }
    }

    UUID insert(WorkspaceId workspace, PersonId by, Instant now, NewConnection connection) {
        checkRoom(workspace, connection.handle());
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (workspace_id, connection_id, kind, handle, name, url, scope, auth,
                            secret_id, secret_hint, refresh_secret_id, token_expires_at, account, account_id,
                            agent_id, client_id, client_secret_id, token_url, resource, status, created_by,
                            created_at, tools_listed_at)
                        VALUES (:w, :id, :kind, :handle, :name, :url, :scope, :auth, :secret, :hint, :refresh,
                            :expires, :account, :accountId, :agent, :client, :clientSecret, :tokenUrl, :resource,
                            'active', :by, :now, :now)""")
                .param("w", workspace.id()).param("id", id).param("kind", connection.kind())
                .param("handle", connection.handle()).param("name", connection.name()).param("url", connection.url())
                .param("scope", connection.scope().key()).param("auth", connection.auth())
                .param("secret", connection.secret() == null ? null : connection.secret().id())
                .param("hint", connection.secret() == null ? null : connection.secret().hint())
                .param("refresh", connection.refreshSecretId())
                .param("expires", SqlTime.of(connection.tokenExpiresAt()))
                .param("account", connection.account()).param("accountId", connection.accountId())
                .param("agent", connection.agentId())
                .param("client", connection.client() == null ? null : connection.client().clientId())
                .param("clientSecret", connection.client() == null ? null : connection.client().clientSecretId())
                .param("tokenUrl", connection.client() == null ? null : connection.client().tokenUrl())
                .param("resource", connection.client() == null ? null : connection.client().resource())
                .param("by", by.id()).param("now", SqlTime.of(now)).update();
        storeTools(workspace, id, connection.handle(), connection.tools());
        return id;
    }

    void storeTools(WorkspaceId workspace, UUID id, String handle, List<McpServers.RemoteTool> tools) {
        Set<String> names = new HashSet<>();
        for (McpServers.RemoteTool tool : tools) {
            String name = ConnectedTool.nameFor(handle, tool.name());
            if (!names.add(name)) {
                continue; // two remote names that read the same once made safe: the first one is kept
            }
            jdbc.sql("""
                            INSERT INTO connection_tools (workspace_id, connection_id, tool_name, remote_name,
                                description, input_schema, access)
                            VALUES (:w, :id, :name, :remote, :description, CAST(:schema AS jsonb), :access)""")
                    .param("w", workspace.id()).param("id", id).param("name", name).param("remote", tool.name())
                    .param("description", tool.description()).param("schema", tool.inputSchemaJson())
                    .param("access", tool.access().key()).update();
        }
    }
}
