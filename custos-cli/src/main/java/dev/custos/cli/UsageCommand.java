package dev.custos.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code custos usage}: tokens and tool calls per day, split by agent, person or API key. */
@Command(name = "usage", description = "Show usage per day: model calls, tokens in and out, tool calls.")
final class UsageCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    @Option(names = "--by", defaultValue = "agent", description = "agent, person or api-key (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = "--from", paramLabel = "DATE", description = "First day, yyyy-mm-dd (default: 30 days ago).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day, yyyy-mm-dd (default: today).")
    String to;

    @Option(names = "--period", paramLabel = "MONTH", arity = "0..1", fallbackValue = "",
            description = "Instead: a billing period's tokens, tool calls and runs against the plan, yyyy-mm "
                    + "(default: this month).")
    String period;

    UsageCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Api api = context.api();
        String workspace = context.workspace(common.workspace);
        if (period != null) {
            return period(api, workspace);
        }
        String query = "?by=" + Api.encode(by) + (from == null ? "" : "&from=" + Api.encode(from))
                + (to == null ? "" : "&to=" + Api.encode(to));
        JsonNode usage = api.get("/api/workspaces/" + workspace + "/usage" + query);
        if (common.json) {
            context.terminal().out().println(usage);
            return ExitCode.OK;
        }
        Map<String, String> names = by.equals("agent") ? Agents.names(api, workspace) : Map.of();
        var table = new Table("DAY", by.toUpperCase(Locale.ROOT), "CALLS", "TOKENS IN", "TOKENS OUT",
                "TOOL CALLS");
        long in = 0;
        long out = 0;
        for (JsonNode day : usage.path("days")) {
            String key = day.path("key").asString("-");
            table.row(day.path("day").asString(), names.getOrDefault(key, key), day.path("calls").asLong(),
                    day.path("inputTokens").asLong(), day.path("outputTokens").asLong(), day.path("toolCalls").asLong());
            in += day.path("inputTokens").asLong();
            out += day.path("outputTokens").asLong();
        }
        table.print(context.terminal().out());
        context.terminal().out().println("total: " + in + " tokens in, " + out + " tokens out, "
                + usage.path("from").asString() + " to " + usage.path("to").asString());
        return ExitCode.OK;
    }

    private static String allowed(JsonNode limit) {
        return limit.isNumber() ? Long.toString(limit.asLong()) : "no limit";
    }

    private int period(Api api, String workspace) {
        JsonNode answer = api.get("/api/workspaces/" + workspace + "/usage/period"
                + (period.isBlank() ? "" : "?month=" + Api.encode(period)));
        if (common.json) {
            context.terminal().out().println(answer);
            return ExitCode.OK;
        }
        JsonNode limits = answer.path("limits");
        var table = new Table("MONTH", "COUNT", "USED", "PLAN ALLOWS");
        table.row(answer.path("month").asString(), "tokens", answer.path("used").path("tokens").asLong(),
                allowed(limits.path("monthlyTokens")));
        table.row(answer.path("month").asString(), "agent runs", answer.path("used").path("runs").asLong(),
                allowed(limits.path("monthlyRuns")));
        table.row(answer.path("month").asString(), "tool calls", answer.path("used").path("toolCalls").asLong(),
                "no limit");
        table.print(context.terminal().out());
        if (answer.has("plan")) {
            context.terminal().out().println("plan: " + answer.path("plan").path("name").asString());
        }
        return ExitCode.OK;
    }
}
