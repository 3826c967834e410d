package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace's connections (TN-04): members see them with their scope, maker, tools and last use; admins connect,
 * change the scope, replace the token, list the tools again and revoke. Every change is audited (SC-04); the token
 * lives in the credential vault and is never returned (SC-03).
 */
@Service
public class Connections {

    static final String VAULT_PURPOSE = "connection.token";
    private static final int MAX_PER_WORKSPACE = 50;

    /** What an admin gives to connect an MCP server. */
    public record NewMcpConnection(String name, String handle, String url, String scope, @Nullable String token) {
        @Override
        public String toString() {
            return "NewMcpConnection[" + name + ", " + handle + "]"; // never the token
        }
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final ConnectionRows rows;
    private final McpServers mcp;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;

    Connections(JdbcClient jdbc, Tenancy tenancy, ConnectionRows rows, McpServers mcp, CredentialVault vault,
                AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.rows = rows;
        this.mcp = mcp;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Connection> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> rows.all(access.workspace()).stream().map(ConnectionRows.Stored::connection).toList());
    }

    public Connection get(WorkspaceAccess access, UUID id) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> stored(access.workspace(), id))
                .connection();
    }

    /**
     * Connects an MCP server: lists its tools first (so a wrong URL or token stores nothing), then keeps the
     * connection, its tools and its token (sealed) together.
     */
    public Connection connectMcp(WorkspaceAccess access, NewMcpConnection request) {
        access.require(Permission.MANAGE_WORKSPACE);
        String name = request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw CustosException.invalid("invalid-connection-name", "name must be 1 to 100 characters.");
        }
        String handle = request.handle().strip().toLowerCase(Locale.ROOT);
        if (!handle.matches("[a-z][a-z0-9_]{0,23}")) {
            throw CustosException.invalid("invalid-handle", "handle must start with a letter and have at most 24 "
                    + "lower-case letters, digits and underscores; it prefixes the connection's tools' names.");
        }
        ConnectionScope scope = ConnectionScope.of(request.scope());
        String token = request.token() == null || request.token().isBlank() ? null : request.token().strip();
        if (token != null && (token.contains("\r") || token.contains("\n"))) {
            throw CustosException.invalid("invalid-secret", "The token cannot contain line breaks.");
        }
        URI url = McpServers.endpoint(request.url());
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> checkRoom(access.workspace(), handle));
        List<McpServers.RemoteTool> tools = mcp.listToolsOrRefuse(url, token);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            checkRoom(access.workspace(), handle);
            CredentialVault.Stored secret = token == null ? null : vault.store(access.workspace(), VAULT_PURPOSE, token);
            jdbc.sql("""
                            INSERT INTO connections (workspace_id, connection_id, kind, handle, name, url, scope, auth,
                                secret_id, secret_hint, status, created_by, created_at, tools_listed_at)
                            VALUES (:w, :id, 'mcp', :handle, :name, :url, :scope, :auth, :secret, :hint, 'active', :by,
                                :now, :now)""")
                    .param("w", access.workspace().id()).param("id", id).param("handle", handle).param("name", name)
                    .param("url", url.toString()).param("scope", scope.key())
                    .param("auth", token == null ? "none" : "bearer")
                    .param("secret", secret == null ? null : secret.id())
                    .param("hint", secret == null ? null : secret.hint()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(now)).update();
            storeTools(access.workspace(), id, handle, tools);
            audit.record(access.event("connection.created").on("connection", id).with("kind", "mcp")
                    .with("scope", scope.key()).with("host", url.getHost()).with("tools", String.valueOf(tools.size())));
            return stored(access.workspace(), id).connection();
        });
    }

    /** Changes what the connection may do; from the next model call on, its tools are offered accordingly. */
    public Connection changeScope(WorkspaceAccess access, UUID id, String scopeKey) {
        access.require(Permission.MANAGE_WORKSPACE);
        ConnectionScope scope = ConnectionScope.of(scopeKey);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            Connection before = active(access.workspace(), id);
            jdbc.sql("""
                            UPDATE connections SET scope = :scope, scope_changed_by = :by, scope_changed_at = :now
                            WHERE workspace_id = :w AND connection_id = :id""")
                    .param("scope", scope.key()).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(clock.instant())).param("w", access.workspace().id()).param("id", id)
                    .update();
            audit.record(access.event("connection.scope_changed").on("connection", id)
                    .with("from", before.scope().key()).with("to", scope.key()));
            return stored(access.workspace(), id).connection();
        });
    }

    /** Replaces the token after it was rotated at its source. */
    public Connection replaceToken(WorkspaceAccess access, UUID id, String token) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (token.isBlank() || token.contains("\r") || token.contains("\n")) {
            throw CustosException.invalid("invalid-secret", "The token must be one line, not blank.");
        }
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            active(access.workspace(), id);
            UUID secretId = stored(access.workspace(), id).secretId();
            CredentialVault.Stored secret = secretId == null
                    ? vault.store(access.workspace(), VAULT_PURPOSE, token.strip())
                    : vault.replace(access.workspace(), secretId, token.strip());
            jdbc.sql("""
                            UPDATE connections SET secret_id = :secret, secret_hint = :hint, auth = 'bearer'
                            WHERE workspace_id = :w AND connection_id = :id""")
                    .param("secret", secret.id()).param("hint", secret.hint()).param("w", access.workspace().id())
                    .param("id", id).update();
            audit.record(access.event("connection.token_replaced").on("connection", id));
            return stored(access.workspace(), id).connection();
        });
    }

    /** Lists the system's tools again (it may have added or changed some); the connection's scope still rules. */
    public Connection refreshTools(WorkspaceAccess access, UUID id) {
        access.require(Permission.MANAGE_WORKSPACE);
        ConnectionRows.Stored stored = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            active(access.workspace(), id);
            return stored(access.workspace(), id);
        });
        String token = stored.secretId() == null ? null : tenancy.inWorkspace(access.workspace(),
                access.actor().person(), () -> vault.open(access.workspace(), stored.secretId(),
                        access.actor().person(), "listing the tools of connection " + stored.connection().handle()));
        List<McpServers.RemoteTool> tools = mcp.listToolsOrRefuse(URI.create(stored.connection().url()), token);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            active(access.workspace(), id);
            jdbc.sql("DELETE FROM connection_tools WHERE workspace_id = :w AND connection_id = :id")
                    .param("w", access.workspace().id()).param("id", id).update();
            storeTools(access.workspace(), id, stored.connection().handle(), tools);
            jdbc.sql("UPDATE connections SET tools_listed_at = :now WHERE workspace_id = :w AND connection_id = :id")
                    .param("now", SqlTime.of(clock.instant())).param("w", access.workspace().id()).param("id", id)
                    .update();
            audit.record(access.event("connection.tools_listed").on("connection", id)
                    .with("tools", String.valueOf(tools.size())));
            return stored(access.workspace(), id).connection();
        });
    }

    /**
     * Revokes the connection: its token leaves the vault at once and no call goes through it again; the row stays
     * as the record of what was granted, by whom, and when it ended.
     */
    public Connection revoke(WorkspaceAccess access, UUID id) {
        access.require(Permission.MANAGE_WORKSPACE);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            active(access.workspace(), id);
            UUID secretId = stored(access.workspace(), id).secretId();
            jdbc.sql("""
                            UPDATE connections SET status = 'revoked', revoked_by = :by, revoked_at = :now,
                                secret_id = NULL, secret_hint = NULL
                            WHERE workspace_id = :w AND connection_id = :id""")
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant()))
                    .param("w", access.workspace().id()).param("id", id).update();
            if (secretId != null) {
                vault.delete(access.workspace(), secretId);
            }
            audit.record(access.event("connection.revoked").on("connection", id));
            return stored(access.workspace(), id).connection();
        });
    }

    private void checkRoom(WorkspaceId workspace, String handle) {
        if (rows.count(workspace) >= MAX_PER_WORKSPACE) {
            throw CustosException.invalid("too-many-connections",
                    "A workspace keeps at most " + MAX_PER_WORKSPACE + " active connections.");
        }
        if (rows.activeHandleTaken(workspace, handle)) {
            throw CustosException.conflict("handle-taken", "Another active connection of this workspace has the "
                    + "handle '" + handle + "'; choose another, or revoke that one first.");
        }
    }

    private void storeTools(WorkspaceId workspace, UUID id, String handle, List<McpServers.RemoteTool> tools) {
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

    private ConnectionRows.Stored stored(WorkspaceId workspace, UUID id) {
        return rows.find(workspace, id).orElseThrow(() -> CustosException.notFound("Connection"));
    }

    private Connection active(WorkspaceId workspace, UUID id) {
        Connection connection = stored(workspace, id).connection();
        if (!connection.active()) {
            throw CustosException.conflict("connection-revoked", "This connection was revoked; connect again to "
                    + "use the system.");
        }
        return connection;
    }
}
