package dev.custos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code custos agents list | show | create}. */
@Command(name = "agents", description = "List, show and create agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Show.class, AgentsCommand.Create.class})
final class AgentsCommand {

    @Command(name = "list", description = "List the workspace's agents.")
    static final class ListAgents implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        ListAgents(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode agents = context.api().get("/api/workspaces/" + context.workspace(common.workspace) + "/agents");
            if (common.json) {
                context.terminal().out().println(agents);
                return ExitCode.OK;
            }
            var table = new Table("NAME", "MODEL", "TOOLS", "ID");
            agents.forEach(agent -> table.row(agent.path("name").asString(), agent.path("model").asString(),
                    tools(agent), agent.path("id").asString()));
            table.print(context.terminal().out());
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Show an agent: its model, tools and instructions.")
    static final class Show implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "AGENT", description = "The agent's name or id.")
        String agent;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode found = Agents.find(context.api(), context.workspace(common.workspace), agent);
            var out = context.terminal().out();
            if (common.json) {
                out.println(found);
                return ExitCode.OK;
            }
            out.println(found.path("name").asString() + "  (" + found.path("id").asString() + ")");
            out.println("model:      " + found.path("model").asString());
            out.println("tools:      " + tools(found));
            out.println("redaction:  " + (found.path("redaction").asBoolean() ? "on" : "off"));
            out.println("max steps:  " + found.path("maxSteps").asInt());
            out.println();
            out.println(found.path("instructions").asString());
            return ExitCode.OK;
        }
    }

    @Command(name = "create", description = "Create an agent.")
    static final class Create implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Option(names = "--name", required = true, description = "What people call it.")
        String name;

        @Option(names = "--model", defaultValue = "offline/scripted-demo",
                description = "provider/model (default: ${DEFAULT-VALUE}, the offline demo model).")
        String model;

        @Option(names = "--instructions", description = "What it is told to do.")
        String instructions;

        @Option(names = "--instructions-file", paramLabel = "FILE", description = "Read the instructions from a file.")
        Path instructionsFile;

        @Option(names = "--tool", paramLabel = "TOOL", description = "A tool it may use (repeatable).")
        List<String> tools = new ArrayList<>();

        @Option(names = "--approve", paramLabel = "TOOL",
                description = "A tool whose every call waits for a person's approval (repeatable).")
        List<String> approvals = new ArrayList<>();

        @Option(names = "--redaction", description = "Replace personal data in prompts by placeholders.")
        boolean redaction;

        Create(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            String text = instructionsFile != null ? Files.readString(instructionsFile)
                    : instructions != null ? instructions : "";
            var body = new LinkedHashMap<String, Object>();
            body.put("name", name);
            body.put("instructions", text);
            body.put("model", model);
            body.put("tools", tools);
            body.put("approvalTools", approvals);
            body.put("redaction", redaction);
            JsonNode created = context.api().post("/api/workspaces/" + context.workspace(common.workspace) + "/agents",
                    body);
            if (common.json) {
                context.terminal().out().println(created);
            } else {
                context.terminal().out().println("Created agent " + created.path("name").asString() + " ("
                        + created.path("id").asString() + ").");
            }
            return ExitCode.OK;
        }
    }

    static String tools(JsonNode agent) {
        List<String> tools = new ArrayList<>();
        var approvals = new ArrayList<String>();
        agent.path("approvalTools").forEach(tool -> approvals.add(tool.asString()));
        agent.path("tools").forEach(tool -> tools.add(tool.asString()
                + (approvals.contains(tool.asString()) ? " (approval)" : "")));
        return tools.isEmpty() ? "-" : String.join(", ", tools);
    }
}
