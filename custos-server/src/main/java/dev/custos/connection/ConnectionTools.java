package dev.custos.connection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.custos.platform.WorkspaceId;
import dev.custos.tool.Tool;
import dev.custos.tool.ToolSource;
import org.springframework.stereotype.Component;

/**
 * A workspace's connections' tools, for the tool registry. Active connections come first; a revoked connection's
 * tools stay known (not offered) where no active connection took their names, so that an agent that still lists
 * one is told the connection was revoked.
 */
@Component
class ConnectionTools implements ToolSource {

    private final ConnectionRows rows;
    private final ConnectionCalls calls;

    ConnectionTools(ConnectionRows rows, ConnectionCalls calls) {
        this.rows = rows;
        this.calls = calls;
    }

    @Override
    public List<Tool> tools(WorkspaceId workspace) {
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConnectionRows.Stored stored : rows.all(workspace)) {
            for (Connection.Reach reach : stored.connection().tools()) {
                if (names.add(reach.name())) {
                    tools.add(new ConnectedTool(stored.connection(), reach,
                            stored.toolsByRemoteName().get(reach.remoteName()).inputSchemaJson(), calls));
                }
            }
        }
        return tools;
    }
}
