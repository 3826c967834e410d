package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.connection.connector.Connector;
import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.Connectors;
import dev.custos.connection.connector.UpstreamFailed;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.tool.ToolContext;
import dev.custos.tool.ToolFailed;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call through a connection (TN-04): checked against the stored connection at the moment of the call — still
 * active, the tool still listed, the scope allowing it — whatever the model was offered. A refusal is audited and
 * told to the model; an allowed call opens the token (the vault audits that) for this call only.
 */
@Component
class ConnectionCalls {

    private final Tenancy tenancy;
    private final ConnectionRows rows;
    private final McpServers mcp;
    private final CredentialVault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final Connectors connectors;
    private final ConnectorTokens tokens;
    private final JsonMapper json;
    private final Entitlements entitlements;

    ConnectionCalls(Tenancy tenancy, ConnectionRows rows, McpServers mcp, CredentialVault vault, AuditLog audit,
                    Clock clock, JdbcClient jdbc, Connectors connectors, ConnectorTokens tokens, JsonMapper json, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.tenancy = tenancy;
        this.rows = rows;
        this.mcp = mcp;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.tokens = tokens;
        this.json = json;
    }

    /**
     * What the call was cleared with, or why it was refused. An MCP server's token is opened here; a built-in
     * connector's by {@link ConnectorTokens}, which may renew it.
     */
    private record Clearance(String kind, @Nullable URI url, @Nullable String token, boolean oauth,
                             boolean renewable, @Nullable String refusal) {
    }

    String call(ToolContext context, UUID connectionId, String remoteName, String argumentsJson) {
        WorkspaceId workspace = context.workspace();
        String planRefusal = entitlements.refusal(workspace, Feature.CONNECTIONS);
        if (planRefusal != null) {
            throw new ToolFailed(planRefusal);
        }
        Clearance clearance = tenancy.inWorkspace(workspace, context.person(), () -> clear(context, connectionId,
                remoteName));
        if (clearance.refusal() != null) {
            throw new ToolFailed(clearance.refusal());
        }
        try {
            if (clearance.kind().equals("mcp") && !clearance.oauth()) {
                return mcp.callTool(clearance.url(), clearance.token(), remoteName, argumentsJson);
            }
            if (clearance.kind().equals("mcp")) {
                return callMcpWithOAuth(context, connectionId, clearance, remoteName, argumentsJson);
            }
            return callConnector(context, connectionId, clearance, remoteName, argumentsJson);
        } catch (ConnectionFailed e) {
            throw new ToolFailed(e.getMessage());
        } catch (UpstreamFailed e) {
            throw new ToolFailed(e.getMessage());
        }
    }

    /** Calls an MCP server that signed Custos in with OAuth; a refused token is renewed once and tried again. */
    private String callMcpWithOAuth(ToolContext context, UUID connectionId, Clearance clearance, String tool,
                                    String argumentsJson) {
        String usedFor = "tool " + tool;
        var upstream = tokens.upstream(context.workspace(), connectionId, context.person(), usedFor, false);
        try {
            return mcp.callTool(clearance.url(), upstream.token(), tool, argumentsJson);
        } catch (ConnectionFailed e) {
            if (e.reason() != ConnectionFailed.Reason.UNAUTHORIZED || !clearance.renewable()) {
                throw e;
            }
            return mcp.callTool(clearance.url(), tokens.upstream(context.workspace(), connectionId, context.person(),
                    usedFor, true).token(), tool, argumentsJson);
        }
    }

    /** Calls a built-in connector; a token the service refuses is renewed once, where it can be, and tried again. */
    private String callConnector(ToolContext context, UUID connectionId, Clearance clearance, String operation,
                                 String argumentsJson) {
        ConnectorKind kind = ConnectorKind.of(clearance.kind()).orElseThrow();
        JsonNode arguments;
        try {
            arguments = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not JSON.");
        }
        if (!arguments.isObject()) {
            throw new ToolFailed("The arguments are not a JSON object.");
        }
        String usedFor = "tool " + operation + " of " + kind.label();
        Connector.Upstream upstream = tokens.upstream(context.workspace(), connectionId, context.person(), usedFor,
                false);
        try {
            return connectors.of(kind).call(upstream, operation, arguments);
        } catch (UpstreamFailed e) {
            if (e.reason() != UpstreamFailed.Reason.UNAUTHORIZED || !clearance.renewable()) {
                throw e;
            }
            return connectors.of(kind).call(tokens.upstream(context.workspace(), connectionId, context.person(),
                    usedFor, true), operation, arguments);
        }
    }

    private Clearance clear(ToolContext context, UUID connectionId, String remoteName) {
        WorkspaceId workspace = context.workspace();
        var stored = rows.find(workspace, connectionId).orElse(null);
        if (stored == null) {
            return refused(context, connectionId, remoteName, "removed",
                    "This connection no longer exists, so its tools cannot be used.");
        }
        Connection connection = stored.connection();
        if (!connection.active()) {
            return refused(context, connectionId, remoteName, "revoked", "The connection '" + connection.name()
                    + "' was revoked, so its tools cannot be used. Tell the person; an admin can connect it again.");
        }
        var tool = stored.toolsByRemoteName().get(remoteName);
        if (tool == null) {
            return refused(context, connectionId, remoteName, "unlisted", "'" + connection.name()
                    + "' no longer lists this tool.");
        }
        if (!connection.scope().allows(tool.access())) {
            return refused(context, connectionId, remoteName, "scope", "The connection '" + connection.name()
                    + "' is " + connection.scope().key() + ": '" + remoteName + "' may change things there, so it "
                    + "was not called.");
        }
        boolean oauth = connection.auth().equals("oauth");
        String token = stored.secretId() == null || oauth ? null : vault.open(workspace, stored.secretId(),
                context.person(), "tool " + tool.name());
        jdbc.sql("UPDATE connections SET last_used_at = :now WHERE workspace_id = :w AND connection_id = :id")
                .param("now", SqlTime.of(clock.instant())).param("w", workspace.id()).param("id", connectionId)
                .update();
        return new Clearance(connection.kind(), URI.create(connection.url()), token, oauth,
                stored.refreshSecretId() != null, null);
    }

    private Clearance refused(ToolContext context, UUID connectionId, String remoteName, String reason,
                              String message) {
        audit.record(AuditEvent.of(context.workspace(), context.person(), "connection.call_refused")
                .on("connection", connectionId).with("tool", remoteName).with("reason", reason)
                .outcome(AuditEvent.Outcome.DENIED));
        return new Clearance("", null, null, false, false, message);
    }
}
