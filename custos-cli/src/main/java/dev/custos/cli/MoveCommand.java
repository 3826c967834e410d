package dev.custos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos move}: moving a workspace to another region's installation, for the two installations'
 * administrators (docs/deployment.md). Like backups, only an installation administrator may, in a password session
 * of its own, never through a key.
 */
@Command(name = "move", description = "Move a workspace to another region's installation (administrators).",
        subcommands = {MoveCommand.Out.class, MoveCommand.In.class, MoveCommand.Complete.class,
                MoveCommand.CallOff.class})
final class MoveCommand {

    private MoveCommand() {
    }

    private static String move(String workspace) {
        return "/api/admin/workspaces/" + workspace + "/move";
    }

    @Command(name = "out", description = "Freeze a workspace here and take its package, to carry to the other "
            + "installation; prints the transfer key, once.")
    static final class Out implements Callable<Integer> {

        private final Context context;

        @Parameters(paramLabel = "WORKSPACE", description = "The workspace's id.")
        String workspace;

        @Option(names = "--to", required = true, paramLabel = "REGION", description = "EU or US.")
        String region;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where the package goes (default: "
                + "<workspace>.custos-move here).")
        Path output;

        Out(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Path target = output != null ? output : Path.of(workspace + ".custos-move");
            try (PasswordSession session = PasswordSession.open(context)) {
                JsonNode packaged = session.api().post(move(workspace), Map.of("to", region));
                long bytes = session.api().download(packaged.path("download").asString(), target, done -> {
                }, size -> {
                });
                PrintWriter out = context.terminal().out();
                out.println("The workspace is frozen here. Its package: " + target + " (" + bytes + " bytes, "
                        + packaged.path("rows").asLong() + " rows, " + packaged.path("members").asInt()
                        + " member(s)).");
                out.println("Transfer key (shown once; pass it on another way than the file):");
                out.println("  " + packaged.path("transferKey").asString());
                out.println("Left behind: " + packaged.path("leftBehind").toString());
                out.println("On the other installation: custos move in " + target.getFileName());
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "in", description = "Take in a workspace's package from another installation; asks for the "
            + "transfer key and prints the receipt and the members' claim links.")
    static final class In implements Callable<Integer> {

        private final Context context;

        @Parameters(paramLabel = "FILE", description = "The package.")
        Path file;

        In(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (PasswordSession session = PasswordSession.open(context)) {
                String key = context.terminal().askSecret("Transfer key: ");
                if (key == null || key.isBlank()) {
                    throw new CliFailure(ExitCode.USAGE, "transfer-key-required", "This needs the transfer key.");
                }
                JsonNode arrival = session.api().postFile("/api/admin/workspace-arrivals", file,
                        Map.of("Custos-Transfer-Key", key.strip()));
                PrintWriter out = context.terminal().out();
                out.println("Workspace " + arrival.path("workspace").asString() + " arrived in "
                        + arrival.path("region").asString() + ": " + arrival.path("rows").asLong() + " rows, "
                        + arrival.path("keys").asInt() + " keys, " + arrival.path("secrets").asInt() + " secrets.");
                for (JsonNode member : arrival.path("members")) {
                    out.println("  member " + member.path("person").asString() + (member.path("claimNeeded")
                            .asBoolean() ? ": claims the account at " + member.path("claimLink").asString()
                            : ": has an account here"));
                }
                out.println("Set up again here: " + arrival.path("leftBehind").toString());
                out.println("Receipt (give it to the first installation): " + arrival.path("receipt").asString());
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "complete", description = "Erase here a workspace the other installation took in.")
    static final class Complete implements Callable<Integer> {

        private final Context context;

        @Parameters(paramLabel = "WORKSPACE")
        String workspace;

        @Option(names = "--receipt", required = true, paramLabel = "RECEIPT",
                description = "What the other installation answered.")
        String receipt;

        Complete(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (PasswordSession session = PasswordSession.open(context)) {
                session.api().post(move(workspace) + "/complete", Map.of("receipt", receipt));
                context.terminal().out().println("The workspace is erased here; it lives on the other installation.");
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "call-off", description = "Call a move off: the workspace opens here again as it was.")
    static final class CallOff implements Callable<Integer> {

        private final Context context;

        @Parameters(paramLabel = "WORKSPACE")
        String workspace;

        CallOff(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (PasswordSession session = PasswordSession.open(context)) {
                session.api().delete(move(workspace));
                context.terminal().out().println("The move is called off; the workspace is open here again.");
                return ExitCode.OK;
            }
        }
    }
}
