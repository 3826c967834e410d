package dev.custos.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code custos support list | open | show | reply | close}: questions to the team that runs Custos. */
@Command(name = "support", description = "Ask the team that runs this Custos, and read their answers.",
        subcommands = {SupportCommand.ListRequests.class, SupportCommand.Open.class, SupportCommand.Show.class,
                SupportCommand.Reply.class, SupportCommand.Close.class})
final class SupportCommand {

    private static final String PATH = "/api/support/requests";

    static void show(Context context, Common common, JsonNode request) {
        var out = context.terminal().out();
        if (common.json) {
            out.println(request);
            return;
        }
        out.println(request.path("subject").asString() + "  [" + request.path("status").asString() + "]  "
                + request.path("id").asString());
        for (JsonNode message : request.path("messages")) {
            out.println();
            out.println((message.path("fromStaff").asBoolean() ? "support" : "you") + ", "
                    + message.path("at").asString() + ":");
            out.println("  " + message.path("text").asString().replace("\n", "\n  "));
        }
    }

    @Command(name = "list", description = "Your requests, latest activity first.")
    static final class ListRequests implements Callable<Integer> {
        private final Context context;
        @Mixin
        Common common;

        ListRequests(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode requests = context.api().get(PATH);
            if (common.json) {
                context.terminal().out().println(requests);
                return ExitCode.OK;
            }
            var table = new Table("SUBJECT", "STATUS", "UPDATED", "ID");
            requests.forEach(r -> table.row(r.path("subject").asString(), r.path("status").asString(),
                    r.path("updatedAt").asString(), r.path("id").asString()));
            table.print(context.terminal().out());
            return ExitCode.OK;
        }
    }

    @Command(name = "open", description = "Open a request: a subject and your question.")
    static final class Open implements Callable<Integer> {
        private final Context context;
        @Mixin
        Common common;
        @Option(names = "--subject", required = true, description = "What it is about, in a line.")
        String subject;
        @Option(names = "--message", required = true, description = "Your question.")
        String message;

        Open(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().post(PATH, Map.of("subject", subject, "message", message)));
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "A request with its messages.")
    static final class Show implements Callable<Integer> {
        private final Context context;
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "The request's id.")
        String id;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().get(PATH + "/" + Api.encode(id)));
            return ExitCode.OK;
        }
    }

    @Command(name = "reply", description = "Write more on a request (it opens again if it was answered).")
    static final class Reply implements Callable<Integer> {
        private final Context context;
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "The request's id.")
        String id;
        @Option(names = "--message", required = true, description = "What to add.")
        String message;

        Reply(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().post(PATH + "/" + Api.encode(id) + "/messages",
                    Map.of("message", message)));
            return ExitCode.OK;
        }
    }

    @Command(name = "close", description = "Close a request you no longer need.")
    static final class Close implements Callable<Integer> {
        private final Context context;
        @Mixin
        Common common;
        @Parameters(paramLabel = "ID", description = "The request's id.")
        String id;

        Close(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            show(context, common, context.api().post(PATH + "/" + Api.encode(id) + "/close", Map.of()));
            return ExitCode.OK;
        }
    }
}
