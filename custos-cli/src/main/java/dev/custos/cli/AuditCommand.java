package dev.custos.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code custos audit verify}: re-hashes the workspace's audit chain on the server and says whether it holds. */
@Command(name = "audit", description = "The workspace's tamper-evident audit log.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand {

    @Command(name = "verify", description = "Check that no entry of the audit chain was altered, removed or added.")
    static final class Verify implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        Verify(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode result = context.api().get("/api/audit/verification?workspaceId="
                    + context.workspace(common.workspace));
            var out = context.terminal().out();
            if (common.json) {
                out.println(result);
            } else if (result.path("intact").asBoolean()) {
                out.println("The audit chain is intact: " + result.path("entriesChecked").asLong()
                        + " entries checked, head " + result.path("headHash").asString() + ".");
            } else {
                out.println("The audit chain is BROKEN at entry " + result.path("firstBrokenSeq").asLong() + ": "
                        + result.path("problem").asString() + ".");
            }
            return result.path("intact").asBoolean() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
