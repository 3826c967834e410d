package dev.custos.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code custos workspaces}: the workspaces this terminal may act in (a key is bound to one). */
@Command(name = "workspaces", description = "List the workspaces this terminal may act in.")
final class WorkspacesCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    WorkspacesCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode workspaces = context.api().get("/api/workspaces");
        if (common.json) {
            context.terminal().out().println(workspaces);
            return ExitCode.OK;
        }
        var table = new Table("NAME", "ROLE", "REGION", "ID");
        workspaces.forEach(w -> table.row(w.path("name").asString(), w.path("yourRole").asString(),
                w.path("region").asString(), w.path("id").asString()));
        table.print(context.terminal().out());
        return ExitCode.OK;
    }
}
