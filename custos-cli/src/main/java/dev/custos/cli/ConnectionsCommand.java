package dev.custos.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code custos connections list | add | connect | scope | revoke}: the systems the workspace's agents reach. */
@Command(name = "connections", description = "List, add, scope and revoke the workspace's connected systems.",
        subcommands = {ConnectionsCommand.ListConnections.class, ConnectionsCommand.Add.class,
                ConnectionsCommand.Connect.class, ConnectionsCommand.Scope.class, ConnectionsCommand.Revoke.class})
final class ConnectionsCommand {

    static String path(Context context, Common common) {
        return "/api/workspaces/" + context.workspace(common.workspace) + "/connections";
    }

    static void show(Context context, Common common, JsonNode connection) {
        if (common.json) {
            context.terminal().out().println(connection);
            return;
        }
        context.terminal().out().println(connection.path("name").asString() + " (" + connection.path("handle")
                .asString() + "): " + connection.path("status").asString() + ", " + connection.path("scope").asString()
                + ", " + connection.path("tools").size() + " tools");
        for (JsonNode tool : connection.path("tools")) {
            context.terminal().out().println("  " + tool.path("name").asString() + "  " + tool.path("access")
                    .asString() + (tool.path("offered").asBoolean() ? "" : "  (not offered to agents)"));
        }
    }

    @Command(name = "list", description = "List the connections: scope, status, tools, last use.")
    static final class ListConnections implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        ListConnections(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode connections = context.api().get(path(context, common));
            if (common.json) {
                context.terminal().out().println(connections);
                return ExitCode.OK;
            }
            var table = new Table("NAME", "HANDLE", "KIND", "SCOPE", "STATUS", "TOOLS", "LAST USED", "ID");
            connections.forEach(c -> table.row(c.path("name").asString(), c.path("handle").asString(),
                    c.path("kind").asString(), c.path("scope").asString(), c.path("status").asString(),
                    c.path("tools").size(), c.path("lastUsedAt").asString("never"), c.path("id").asString()));
            table.print(context.terminal().out());
            return ExitCode.OK;
        }
    }

    @Command(name = "add", description = "Connect an MCP server (its tools are listed now); the token is read from "
            + "standard input when --token-stdin is given.")
    static final class Add implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "URL", description = "The MCP server's Streamable HTTP endpoint.")
        String url;

        @Option(names = "--name", required = true, description = "What people see, e.g. \"Ticket tracker\".")
        String name;

        @Option(names = "--handle", required = true, description = "Prefixes its tools' names, e.g. tracker.")
        String handle;

        @Option(names = "--scope", defaultValue = "read-only",
                description = "read-only, read-write or integration (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--token-stdin", description = "Read a bearer token from standard input.")
        boolean tokenStdin;

        Add(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("kind", "mcp", "name", name, "handle", handle,
                    "url", url, "scope", scope));
            if (tokenStdin) {
                body.put("token", context.terminal().askSecret("Token: ").strip());
            }
            show(context, common, context.api().post(path(context, common), body));
            return ExitCode.OK;
        }
    }

    @Command(name = "connect", description = "Connect GitHub, Slack or Notion: prints the service's page where you "
            + "allow it, to open in a browser signed in to Custos as you.")
    static final class Connect implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "SERVICE", description = "github, slack or notion.")
        String kind;

        @Option(names = "--name", required = true, description = "What people see, e.g. \"Company GitHub\".")
        String name;

        @Option(names = "--handle", required = true, description = "Prefixes its tools' names, e.g. github.")
        String handle;

        @Option(names = "--scope", defaultValue = "read-only",
                description = "read-only, read-write or integration (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--agent", description = "The agent that answers Slack mentions (integration scope).")
        String agent;

        Connect(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("kind", kind, "name", name, "handle", handle,
                    "scope", scope));
            if (agent != null) {
                body.put("agentId", agent);
            }
            JsonNode started = context.api().post(path(context, common) + "/oauth", body);
            if (common.json) {
                context.terminal().out().println(started);
                return ExitCode.OK;
            }
            context.terminal().out().println("Open this page to allow the connection, before "
                    + started.path("expiresAt").asString() + ":");
            context.terminal().out().println(started.path("authorizationUrl").asString());
            context.terminal().out().println("Then `custos connections list` shows it.");
            return ExitCode.OK;
        }
    }

    @Command(name = "scope", description = "Change what a connection may do: read-only, read-write or integration.")
    static final class Scope implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "SCOPE")
        String scope;

        Scope(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().put(path(context, common) + "/" + Api.encode(id) + "/scope",
                    Map.of("scope", scope)));
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a connection: its token is deleted, its tools stop working.")
    static final class Revoke implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "ID")
        String id;

        Revoke(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().delete(path(context, common) + "/" + Api.encode(id)));
            return ExitCode.OK;
        }
    }
}
