package dev.custos.connection;

import java.util.Locale;

import dev.custos.tool.Tool;
import dev.custos.tool.ToolContext;

/**
 * One tool of a connection, as agents see it: named {@code <handle>__<tool>}, offered to models only while the
 * connection is active and its scope allows the tool; every call goes through {@link ConnectionCalls}, which
 * checks the stored connection again.
 */
final class ConnectedTool implements Tool {

    private final Connection connection;
    private final Connection.Reach reach;
    private final String schema;
    private final ConnectionCalls calls;

    ConnectedTool(Connection connection, Connection.Reach reach, String schema, ConnectionCalls calls) {
        this.connection = connection;
        this.reach = reach;
        this.schema = schema;
        this.calls = calls;
    }

    /** {@code <handle>__<remote name>}, with what a model provider refuses in a name replaced, at most 64 chars. */
    static String nameFor(String handle, String remoteName) {
        String safe = remoteName.replaceAll("[^A-Za-z0-9_-]", "_");
        return handle + "__" + (safe.length() > 38 ? safe.substring(0, 38) : safe);
    }

    @Override
    public String name() {
        return reach.name();
    }

    @Override
    public String description() {
        return reach.description().isBlank() ? "A tool of " + connection.name() + "." : reach.description();
    }

    @Override
    public String parametersSchema() {
        return schema;
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        return calls.call(context, connection.id(), reach.remoteName(), argumentsJson);
    }

    @Override
    public boolean offered() {
        return reach.offered();
    }

    @Override
    public String origin() {
        String where = connection.name() + " (" + connection.kind().toUpperCase(Locale.ROOT) + ")";
        if (!connection.active()) {
            return where + " · revoked";
        }
        return where + " · " + reach.access().key()
                + (reach.offered() ? "" : " · kept back by its " + connection.scope().key() + " scope");
    }
}
