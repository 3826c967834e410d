package dev.custos.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code custos run AGENT MESSAGE}: sends the message and follows the run as it streams. The agent's words go to
 * standard output as they arrive (pipe them on); its tool calls, their results and approvals go to standard
 * error. A tool call that needs approval is asked about (y/n), or decided by {@code --approve-all} /
 * {@code --reject-all}; the stream then resumes where it stopped. Ctrl-C cancels the run on the server.
 */
@Command(name = "run", description = "Send a message to an agent and follow its work as it streams.")
final class RunCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent's name or id.")
    String agent;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "MESSAGE", description = "What to tell it.")
    List<String> message;

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session instead of starting one.")
    String session;

    @Option(names = "--approve-all", description = "Approve every tool call that waits for approval, without asking.")
    boolean approveAll;

    @Option(names = "--reject-all", description = "Reject every tool call that waits for approval, without asking.")
    boolean rejectAll;

    RunCommand(Context context) {
        this.context = context;
    }

    /** What the stream said last: where it stopped and what waits for a decision. */
    private final class Follow {
        String sessionId;
        String lastEventId;
        String ended;
        String reason = "";
        boolean streamedText;
        final List<JsonNode> approvals = new ArrayList<>();

        void accept(Api.Event event) {
            lastEventId = event.id();
            JsonNode data = event.data();
            if (data.hasNonNull("sessionId")) {
                sessionId = data.path("sessionId").asString();
            }
            PrintWriter out = context.terminal().out();
            PrintWriter err = context.terminal().err();
            if (common.json) {
                out.println(data);
            }
            switch (event.name()) {
                case "text_delta" -> {
                    streamedText = true;
                    if (!common.json) {
                        out.print(data.path("content").path("text").asString());
                        out.flush();
                    }
                }
                case "step_restarted" -> {
                    // A terminal cannot take back printed words: say that the step starts again instead.
                    if (!common.json && streamedText) {
                        err.println("\n↻ interrupted on the server; this step starts again:");
                    }
                    streamedText = false;
                }
                case "assistant_message" -> {
                    if (!common.json && !streamedText && !data.path("content").path("text").asString().isEmpty()) {
                        out.print(data.path("content").path("text").asString());
                    }
                    if (!common.json) {
                        data.path("content").path("toolCalls").forEach(call -> err.println((streamedText ? "\n" : "")
                                + "⚙ " + call.path("name").asString() + " " + call.path("arguments").asString()));
                    }
                    streamedText = false;
                }
                case "tool_result" -> {
                    if (!common.json) {
                        err.println("  → " + shortened(data.path("content").path("text").asString()));
                    }
                }
                case "approval_requested" -> approvals.add(data);
                case "approval_decided" -> {
                    if (!common.json) {
                        err.println("  " + (data.path("meta").path("approved").asBoolean() ? "approved" : "rejected"));
                    }
                }
                case "run_completed", "run_failed", "run_cancelled" -> {
                    ended = event.name();
                    reason = data.path("meta").path("reason").asString("");
                    if (!common.json) {
                        out.println();
                        out.flush();
                    }
                }
                default -> {
                }
            }
        }
    }

    @Override
    public Integer call() {
        if (approveAll && rejectAll) {
            throw new CliFailure(ExitCode.USAGE, "conflicting-options", "Choose --approve-all or --reject-all, not both.");
        }
        Api api = context.api();
        String workspace = context.workspace(common.workspace);
        JsonNode found = Agents.find(api, workspace, agent);
        String sessions = "/api/workspaces/" + workspace + "/agents/" + found.path("id").asString() + "/sessions";
        Follow follow = new Follow();
        Thread cancelOnInterrupt = new Thread(() -> {
            if (follow.sessionId != null && follow.ended == null) {
                try {
                    api.post(sessions + "/" + follow.sessionId + "/cancel", null);
                    context.terminal().err().println("\nCancelled.");
                } catch (CliFailure ignored) {
                    // the server is gone or the run ended meanwhile: nothing left to cancel
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            Map<String, String> body = Map.of("message", String.join(" ", message));
            api.stream(session == null ? sessions : sessions + "/" + session + "/messages", body, null, follow::accept);
            while (!follow.approvals.isEmpty() && follow.ended == null) {
                for (JsonNode waiting : List.copyOf(follow.approvals)) {
                    follow.approvals.remove(waiting);
                    decide(api, sessions + "/" + follow.sessionId, waiting);
                }
                api.stream(sessions + "/" + follow.sessionId + "/events", null, follow.lastEventId, follow::accept);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it cancels
            }
        }
        if (!common.json && follow.sessionId != null) {
            context.terminal().err().println("session " + follow.sessionId);
        }
        return switch (follow.ended == null ? "" : follow.ended) {
            case "run_completed" -> ExitCode.OK;
            case "run_cancelled" -> ExitCode.INTERRUPTED;
            case "run_failed" -> {
                context.terminal().err().println("custos: the run failed: " + follow.reason);
                yield ExitCode.FAILED;
            }
            default -> {
                context.terminal().err().println("custos: the stream ended before the run did; "
                        + "custos sessions show " + follow.sessionId + " shows where it stands.");
                yield ExitCode.UNAVAILABLE;
            }
        };
    }

    private void decide(Api api, String session, JsonNode waiting) {
        String tool = waiting.path("meta").path("tool").asString();
        String arguments = waiting.path("content").path("arguments").asString();
        boolean approve = approveAll || (!rejectAll
                && context.terminal().confirm("Allow " + tool + " " + arguments + "?"));
        api.post(session + "/approvals/" + waiting.path("meta").path("callId").asString(), Map.of("approve", approve));
    }

    private static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }
}
