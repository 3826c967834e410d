package dev.custos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.custos.cli.local.LocalFolder;
import dev.custos.cli.local.LocalToolbox;
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
 *
 * <p>The agent is also offered the folder it runs in ({@link LocalToolbox}): it may list, read and search files
 * there, write them and run commands, each as the person allows, and never outside the folder. A run whose
 * client went away waits for it: {@code --resume SESSION} picks it up again.
 */
@Command(name = "run", description = "Send a message to an agent and follow its work as it streams.")
final class RunCommand implements Callable<Integer> {

    private final Context context;

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent's name or id.")
    String agent;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE", description = "What to tell it.")
    List<String> message = List.of();

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session instead of starting one.")
    String session;

    @Option(names = "--approve-all", description = "Approve every tool call that waits for approval, without asking.")
    boolean approveAll;

    @Option(names = "--reject-all", description = "Reject every tool call that waits for approval, without asking.")
    boolean rejectAll;

    @Option(names = "--resume", paramLabel = "ID", description = "Pick up a session whose run waits for this "
            + "terminal (its client went away), instead of sending a message.")
    String resume;

    @Option(names = "--folder", paramLabel = "DIR", description = "The folder the agent may work in (default: the "
            + "current one).")
    Path folder = Path.of("");

    @Option(names = "--no-local-tools", description = "Offer the agent nothing of this machine.")
    boolean noLocalTools;

    @Option(names = "--allow-reads", description = "Let the agent list, read and search files without asking each "
            + "time (writes and commands are always asked about).")
    boolean allowReads;

    @Option(names = "--allow-file", paramLabel = "NAME", description = "A file to let the agent see although it looks "
            + "secret or is ignored by .gitignore (by name or path; repeatable).")
    List<String> allowedFiles = new ArrayList<>();

    @Option(names = "--command-timeout", paramLabel = "SECONDS", description = "How long a command may run before "
            + "it is stopped (default: ${DEFAULT-VALUE}).")
    int commandTimeout = 120;

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
        final List<JsonNode> localCalls = new ArrayList<>();

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
                case "local_tool_requested" -> localCalls.add(data);
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
        if ((resume == null) == message.isEmpty()) {
            throw new CliFailure(ExitCode.USAGE, "message-or-resume", resume == null
                    ? "Say what to tell the agent, or give --resume SESSION." : "--resume takes no message.");
        }
        LocalToolbox toolbox = noLocalTools ? null : toolbox();
        Api api = context.api();
        String workspace = context.workspace(common.workspace);
        JsonNode found = Agents.find(api, workspace, agent);
        String sessions = "/api/workspaces/" + workspace + "/agents/" + found.path("id").asString() + "/sessions";
        Follow follow = new Follow();
        Thread cancelOnInterrupt = new Thread(() -> {
            if (toolbox != null) {
                toolbox.stop(); // a command under way stops with the run
            }
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
            if (resume != null) {
                pickUp(api, sessions, follow);
            } else {
                Map<String, Object> body = toolbox == null ? Map.of("message", String.join(" ", message))
                        : Map.of("message", String.join(" ", message), "localTools", LocalToolbox.TOOLS);
                api.stream(session == null ? sessions : sessions + "/" + session + "/messages", body, null,
                        follow::accept);
            }
            while ((!follow.approvals.isEmpty() || !follow.localCalls.isEmpty()) && follow.ended == null) {
                for (JsonNode waiting : List.copyOf(follow.approvals)) {
                    follow.approvals.remove(waiting);
                    decide(api, sessions + "/" + follow.sessionId, waiting);
                }
                for (JsonNode call : List.copyOf(follow.localCalls)) {
                    follow.localCalls.remove(call);
                    runLocally(api, sessions + "/" + follow.sessionId, call, toolbox);
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

    private LocalToolbox toolbox() {
        LocalFolder local;
        try {
            local = new LocalFolder(folder, java.util.Set.copyOf(allowedFiles));
        } catch (RuntimeException e) {
            throw new CliFailure(ExitCode.USAGE, "folder-unreadable", "The folder " + folder.toAbsolutePath()
                    + " cannot be opened.");
        }
        Terminal terminal = context.terminal();
        return new LocalToolbox(local, terminal::confirm, terminal.err()::println, allowReads,
                Duration.ofSeconds(Math.max(1, commandTimeout)));
    }

    /** Runs a local tool call here, as the person allows, and answers it. */
    private void runLocally(Api api, String session, JsonNode call, LocalToolbox toolbox) {
        String callId = call.path("meta").path("callId").asString();
        LocalToolbox.Answer answer = toolbox == null
                ? new LocalToolbox.Answer("This terminal offers no local tools (--no-local-tools).", "refused", 0)
                : toolbox.call(call.path("meta").path("tool").asString(),
                call.path("content").path("arguments").asString());
        api.post(session + "/local-results/" + callId, Map.of("output", answer.output(), "outcome",
                answer.outcome(), "durationMs", answer.durationMs()));
    }

    /**
     * Takes up a session whose run waits for this terminal: its calls still waiting for an answer or a decision
     * are handled as if they had just streamed, then the run is followed.
     */
    private void pickUp(Api api, String sessions, Follow follow) {
        JsonNode found = api.get(sessions + "/" + resume);
        follow.sessionId = found.path("session").path("id").asString();
        java.util.Set<String> answered = new java.util.HashSet<>();
        java.util.Set<String> decided = new java.util.HashSet<>();
        for (JsonNode event : found.path("events")) {
            follow.lastEventId = event.path("seq").asString();
            switch (event.path("kind").asString()) {
                case "tool_result" -> answered.add(event.path("meta").path("callId").asString());
                case "approval_decided" -> decided.add(event.path("meta").path("callId").asString());
                default -> {
                }
            }
        }
        String status = found.path("session").path("status").asString();
        for (JsonNode event : found.path("events")) {
            String callId = event.path("meta").path("callId").asString();
            if (status.equals("awaiting_client") && event.path("kind").asString().equals("local_tool_requested")
                    && !answered.contains(callId)) {
                follow.localCalls.add(event);
            } else if (status.equals("awaiting_approval")
                    && event.path("kind").asString().equals("approval_requested") && !decided.contains(callId)) {
                follow.approvals.add(event);
            }
        }
        if (status.equals("idle")) {
            follow.ended = "run_completed";
            context.terminal().err().println("The session's run has ended: nothing waits for this terminal. "
                    + "Send a new message with --session " + follow.sessionId + ".");
        } else if (status.equals("running")) {
            api.stream(sessions + "/" + follow.sessionId + "/events", null, follow.lastEventId, follow::accept);
        }
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
