package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
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
    private final ConnectionWriter writer;
    private final ToolListing listing;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final Entitlements entitlements;

    Connections(JdbcClient jdbc, Tenancy tenancy, ConnectionRows rows, McpServers mcp, ConnectionWriter writer,
                ToolListing listing, CredentialVault vault, AuditLog audit, Clock clock, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.rows = rows;
        this.mcp = mcp;
        this.writer = writer;
        this.listing = listing;
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
        entitlements.require(access.workspace(), Feature.CONNECTIONS);
        String name = ConnectionWriter.name(request.name());
        String handle = ConnectionWriter.handle(request.handle());
        ConnectionScope scope = ConnectionScope.of(request.scope());
        String token = request.token() == null || request.token().isBlank() ? null : request.token().strip();
        if (token != null && (token.contains("\r") || token.contains("\n"))) {
            throw CustosException.invalid("invalid-secret", "The token cannot contain line breaks.");
        }
        URI url = McpServers.endpoint(request.url());
        tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> writer.checkRoom(access.workspace(), handle));
        List<McpServers.RemoteTool> tools = mcp.listToolsOrRefuse(url, token);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            writer.checkRoom(access.workspace(), handle);
            CredentialVault.Stored secret = token == null ? null : vault.store(access.workspace(), VAULT_PURPOSE, token);
            UUID id = writer.insert(access.workspace(), access.actor().person(), clock.instant(),
                    new ConnectionWriter.NewConnection("mcp", handle, name, url.toString(), scope,
                            token == null ? "none" : "bearer", secret, null, null, null, null, null, null,
                            tools));
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
            if (active(access.workspace(), id).auth().equals("oauth")) {
                throw CustosException.conflict("token-from-oauth", "This connection's token comes from signing in "
                        + "to the service, which renews it; to change it, connect again.");
            }
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
        List<McpServers.RemoteTool> tools;
        try {
            tools = listing.list(access, stored);
        } catch (UpstreamFailed e) {
            throw CustosException.invalid("connection-unauthorized", e.getMessage());
        }
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            active(access.workspace(), id);
            jdbc.sql("DELETE FROM connection_tools WHERE workspace_id = :w AND connection_id = :id")
                    .param("w", access.workspace().id()).param("id", id).update();
            writer.storeTools(access.workspace(), id, stored.connection().handle(), tools);
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
            ConnectionRows.Stored stored = stored(access.workspace(), id);
            jdbc.sql("""
                            UPDATE connections SET status = 'revoked', revoked_by = :by, revoked_at = :now,
                                secret_id = NULL, secret_hint = NULL, refresh_secret_id = NULL, token_expires_at = NULL,
                                client_secret_id = NULL
                            WHERE workspace_id = :w AND connection_id = :id""")
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant()))
                    .param("w", access.workspace().id()).param("id", id).update();
            for (UUID secret : java.util.Arrays.asList(stored.secretId(), stored.refreshSecretId(),
                    stored.client() == null ? null : stored.client().clientSecretId())) {
                if (secret != null) {
                    vault.delete(access.workspace(), secret);
                }
            }
            audit.record(access.event("connection.revoked").on("connection", id));
            return stored(access.workspace(), id).connection();
        });
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
