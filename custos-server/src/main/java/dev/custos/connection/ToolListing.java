package dev.custos.connection;

import java.net.URI;
import java.util.List;

import dev.custos.connection.connector.ConnectorKind;
import dev.custos.connection.connector.Connectors;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.Tenancy;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;

/**
 * What a connected system offers now: a built-in connector's operations (which Custos defines), or the tools an MCP
 * server lists, asked with the connection's token (an OAuth one renewed when due).
 */
@Component
class ToolListing {

    private final Connectors connectors;
    private final McpServers mcp;
    private final ConnectorTokens tokens;
    private final CredentialVault vault;
    private final Tenancy tenancy;

    ToolListing(Connectors connectors, McpServers mcp, ConnectorTokens tokens, CredentialVault vault,
                Tenancy tenancy) {
        this.connectors = connectors;
        this.mcp = mcp;
        this.tokens = tokens;
        this.vault = vault;
        this.tenancy = tenancy;
    }

    /** A built-in connector's operations as tools, each read or write. */
    List<McpServers.RemoteTool> operations(ConnectorKind kind) {
        return connectors.of(kind).operations().stream()
                .map(operation -> new McpServers.RemoteTool(operation.name(), operation.description(),
                        operation.schemaJson(), operation.writes() ? ToolAccess.WRITE : ToolAccess.READ))
                .toList();
    }

    List<McpServers.RemoteTool> list(WorkspaceAccess access, ConnectionRows.Stored stored) {
        Connection connection = stored.connection();
        var kind = ConnectorKind.of(connection.kind());
        if (kind.isPresent()) {
            return operations(kind.get());
        }
        String usedFor = "listing the tools of connection " + connection.handle();
        String token;
        if (connection.auth().equals("oauth")) {
            token = tokens.upstream(access.workspace(), connection.id(), access.actor().person(), usedFor, false)
                    .token();
        } else {
            token = stored.secretId() == null ? null : tenancy.inWorkspace(access.workspace(),
                    access.actor().person(), () -> vault.open(access.workspace(), stored.secretId(),
                            access.actor().person(), usedFor));
        }
        return mcp.listToolsOrRefuse(URI.create(connection.url()), token);
    }
}
