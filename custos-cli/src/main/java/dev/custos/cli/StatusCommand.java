package dev.custos.cli;

import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code custos status}: where this terminal is signed in, and as whom. */
@Command(name = "status", aliases = "whoami", description = "Show the server, the person and workspace signed in.")
final class StatusCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    StatusCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Settings settings = context.settings();
        Api api = context.api();
        JsonNode me = api.get("/api/me");
        var status = new LinkedHashMap<String, Object>();
        status.put("url", settings.url());
        status.put("person", me.path("name").asString());
        status.put("email", me.path("email").asString());
        status.put("workspace", settings.workspaceName());
        status.put("workspaceId", settings.workspaceId());
        status.put("key", settings.keyHint());
        var out = context.terminal().out();
        if (common.json) {
            out.println(Api.JSON.writeValueAsString(status));
        } else {
            status.forEach((name, value) -> out.println(name + ": " + (value == null ? "-" : value)));
        }
        return ExitCode.OK;
    }
}
