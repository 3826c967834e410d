package dev.custos.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code custos sessions list | show}: the workspace's session history and one session's transcript. */
@Command(name = "sessions", description = "List past sessions, or show one.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class})
final class SessionsCommand {

    @Command(name = "list", description = "List sessions, newest first.")
    static final class ListSessions implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Option(names = "--agent", description = "Only this agent's (name or id).")
        String agent;

        @Option(names = "--status", description = "idle, running or awaiting_approval.")
        String status;

        @Option(names = "--search", paramLabel = "WORDS", description = "Only sessions where these words were said.")
        String search;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        ListSessions(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Api api = context.api();
            String workspace = context.workspace(common.workspace);
            Map<String, String> agentNames = Agents.names(api, workspace);
            StringBuilder query = new StringBuilder("?limit=" + limit);
            if (agent != null) {
                query.append("&agent=").append(Agents.find(api, workspace, agent).path("id").asString());
            }
            if (status != null) {
                query.append("&status=").append(Api.encode(status));
            }
            if (search != null) {
                query.append("&q=").append(Api.encode(search));
            }
            JsonNode sessions = api.get("/api/workspaces/" + workspace + "/sessions" + query);
            if (common.json) {
                context.terminal().out().println(sessions);
                return ExitCode.OK;
            }
            var table = new Table("UPDATED", "STATUS", "AGENT", "TITLE", "ID");
            sessions.forEach(s -> table.row(s.path("session").path("updatedAt").asString().replace('T', ' ')
                            .replaceAll("\\.\\d+Z$", "Z"), s.path("session").path("status").asString(),
                    agentNames.getOrDefault(s.path("session").path("agentId").asString(), "?"),
                    s.path("title").asString(), s.path("session").path("id").asString()));
            table.print(context.terminal().out());
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Show a session's transcript: messages, tool calls, results, approvals.")
    static final class Show implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "SESSION", description = "The session's id.")
        String session;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!Agents.isUuid(session)) {
                throw new CliFailure(ExitCode.USAGE, "invalid-session", "A session is named by its id (custos "
                        + "sessions list shows them).");
            }
            JsonNode found = context.api().get("/api/workspaces/" + context.workspace(common.workspace) + "/sessions/"
                    + session);
            var out = context.terminal().out();
            if (common.json) {
                out.println(found);
                return ExitCode.OK;
            }
            out.println("session " + session + " · " + found.path("session").path("status").asString());
            for (JsonNode event : found.path("events")) {
                String text = event.path("content").path("text").asString("");
                boolean erased = event.path("content").path("erased").asBoolean(false);
                switch (event.path("kind").asString()) {
                    case "user_message" -> out.println("\nyou: " + (erased ? "(erased)" : text));
                    case "assistant_message" -> {
                        if (!text.isEmpty() || erased) {
                            out.println("\nagent: " + (erased ? "(erased)" : text));
                        }
                        event.path("content").path("toolCalls").forEach(call -> out.println("⚙ "
                                + call.path("name").asString() + " " + call.path("arguments").asString()));
                    }
                    case "tool_result" -> out.println("  → " + (erased ? "(erased)" : text));
                    case "approval_requested" -> out.println("  waits for approval: "
                            + event.path("meta").path("tool").asString());
                    case "approval_decided" -> out.println("  " + (event.path("meta").path("approved").asBoolean()
                            ? "approved" : "rejected"));
                    case "run_failed" -> out.println("  the run failed: " + event.path("meta").path("reason").asString());
                    case "run_cancelled" -> out.println("  the run was cancelled");
                    default -> {
                    }
                }
            }
            return ExitCode.OK;
        }
    }
}
