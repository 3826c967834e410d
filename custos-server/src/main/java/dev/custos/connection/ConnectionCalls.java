package dev.custos.connection;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.tool.ToolContext;
import dev.custos.tool.ToolFailed;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

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

    ConnectionCalls(Tenancy tenancy, ConnectionRows rows, McpServers mcp, CredentialVault vault, AuditLog audit,
                    Clock clock, JdbcClient jdbc) {
        this.tenancy = tenancy;
        this.rows = rows;
        this.mcp = mcp;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** What the call was cleared with, or why it was refused. */
    private record Clearance(@Nullable URI url, @Nullable String token, @Nullable String refusal) {
    }

    String call(ToolContext context, UUID connectionId, String remoteName, String argumentsJson) {
        WorkspaceId workspace = context.workspace();
        Clearance clearance = tenancy.inWorkspace(workspace, context.person(), () -> clear(context, connectionId,
                remoteName));
        if (clearance.refusal() != null) {
            throw new ToolFailed(clearance.refusal());
        }
        try {
            return mcp.callTool(clearance.url(), clearance.token(), remoteName, argumentsJson);
        } catch (ConnectionFailed e) {
            throw new ToolFailed(e.getMessage());
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
        String token = stored.secretId() == null ? null : vault.open(workspace, stored.secretId(), context.person(),
                "tool " + tool.name());
        jdbc.sql("UPDATE connections SET last_used_at = :now WHERE workspace_id = :w AND connection_id = :id")
                .param("now", SqlTime.of(clock.instant())).param("w", workspace.id()).param("id", connectionId)
                .update();
        return new Clearance(URI.create(connection.url()), token, null);
    }

    private Clearance refused(ToolContext context, UUID connectionId, String remoteName, String reason,
                              String message) {
        audit.record(AuditEvent.of(context.workspace(), context.person(), "connection.call_refused")
                .on("connection", connectionId).with("tool", remoteName).with("reason", reason)
                .outcome(AuditEvent.Outcome.DENIED));
        return new Clearance(null, null, message);
    }
}
