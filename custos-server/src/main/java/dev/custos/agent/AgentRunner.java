package dev.custos.agent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import dev.custos.model.ChatEvent;
import dev.custos.model.ChatRequest;
import dev.custos.model.ModelCallFailed;
import dev.custos.model.ModelGateway;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.tool.Tool;
import dev.custos.tool.ToolContext;
import dev.custos.tool.ToolFailed;
import dev.custos.tool.Tools;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs agents: model call → tool calls → results → model ... until the model answers without tools, the step
 * limit is reached, a tool waits for approval, or a person cancels. Every step starts from the stored events, so
 * a run survives a restart: the node holding a run renews its lease; when a node dies, another claims the
 * lease (at once, since the dead node's liveness lock is gone; else once it lapses) and carries on from the last
 * stored step.
 */
@Component
class AgentRunner {

    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);
    private static final int MAX_TOOL_RESULT_CHARS = 100_000;

    private final UUID instance;
    private final dev.custos.platform.NodeLiveness liveness;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, java.util.concurrent.atomic.AtomicBoolean> active =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<UUID, WorkspaceId> running = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Agents agents;
    private final SessionLog sessionLog;
    private final ModelGateway gateway;
    private final Tools tools;
    private final AgentProperties properties;
    private final Clock clock;
    private final dev.custos.identity.Accounts accounts;

    AgentRunner(JdbcClient jdbc, Tenancy tenancy, Agents agents, SessionLog sessionLog, ModelGateway gateway,
                Tools tools, AgentProperties properties, Clock clock, dev.custos.identity.Accounts accounts,
                dev.custos.platform.NodeLiveness liveness) {
        this.liveness = liveness;
        this.instance = liveness.id();
        liveness.hold(); // before this node takes any run: others must see it alive
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.agents = agents;
        this.sessionLog = sessionLog;
        this.gateway = gateway;
        this.tools = tools;
        this.properties = properties;
        this.clock = clock;
    }

    /** Takes (or renews) this node's lease on a run; within the caller's workspace-bound transaction. */
    void lease(WorkspaceId workspace, UUID session) {
        jdbc.sql("""
                INSERT INTO run_leases (workspace_id, session_id, lease_owner, lease_until)
                VALUES (:ws, :s, :owner, :until)
                ON CONFLICT (workspace_id, session_id) DO UPDATE SET lease_owner = :owner, lease_until = :until""")
                .param("ws", workspace.id()).param("s", session).param("owner", instance)
                .param("until", SqlTime.of(clock.instant().plus(properties.lease()))).update();
    }

    /**
     * Runs the session's current run in the background, on this node. A session runs on one thread at a time: a
     * launch while it runs makes that thread look again once it is done, so no wake-up is lost.
     */
    void launch(WorkspaceId workspace, UUID session) {
        if (stopping) {
            return; // the lease lapses and the run is resumed elsewhere
        }
        boolean[] first = {false};
        active.compute(session, (id, again) -> {
            if (again == null) {
                first[0] = true;
                return new java.util.concurrent.atomic.AtomicBoolean(false);
            }
            again.set(true);
            return again;
        });
        if (first[0]) {
            runs.submit(() -> {
                while (true) {
                    run(workspace, session);
                    boolean[] done = {false};
                    active.compute(session, (id, again) -> {
                        if (again != null && again.getAndSet(false)) {
                            return again;
                        }
                        done[0] = true;
                        return null;
                    });
                    if (done[0]) {
                        return;
                    }
                }
            });
        }
    }

    /** Claims runs whose node stopped renewing their lease (it crashed or was stopped) and resumes them. */
    @Scheduled(fixedDelayString = "${custos.agents.resume-interval:5s}", initialDelayString = "${custos.agents.resume-interval:5s}")
    void resumeAbandonedRuns() {
        if (stopping) {
            return;
        }
        liveness.hold();
        List<Map.Entry<WorkspaceId, UUID>> claimed = tenancy.inWorkspace(WorkspaceId.INSTALLATION, null, () -> jdbc.sql(
                        "SELECT workspace_id, session_id FROM claim_stale_runs(:me, 20, make_interval(secs => :secs))")
                .param("me", instance).param("secs", (double) properties.lease().toSeconds())
                .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .list());
        for (var run : claimed) {
            log.info("Resuming run of session {} left by another node", run.getValue());
            launch(run.getKey(), run.getValue());
        }
    }

    /**
     * On shutdown, runs in progress are neither failed nor finished: their threads stop and their leases are
     * expired at once, so another node (or this one, restarted) resumes them from the last stored step.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        runs.shutdownNow();
        running.forEach((session, workspace) -> {
            try {
                tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                                UPDATE run_leases SET lease_until = :now
                                WHERE workspace_id = :ws AND session_id = :s AND lease_owner = :me""")
                        .param("now", SqlTime.of(clock.instant())).param("ws", workspace.id()).param("s", session)
                        .param("me", instance).update());
            } catch (RuntimeException e) {
                log.warn("Could not hand over the run of session {}; its lease will lapse", session);
            }
        });
    }

    private void run(WorkspaceId workspace, UUID session) {
        running.put(session, workspace);
        try {
            runSteps(workspace, session);
        } finally {
            running.remove(session);
        }
    }

    private void runSteps(WorkspaceId workspace, UUID session) {
        try {
            while (step(workspace, session)) {
                // each step stored before the next begins
            }
        } catch (RunCancelled e) {
            endNow(workspace, session, SessionEvent.Kind.RUN_CANCELLED, Map.of("reason", "Cancelled by a person."));
        } catch (ModelCallFailed e) {
            if (stopping) {
                log.info("Run of session {} stopped with the node; it will be resumed", session);
                return;
            }
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason", e.getMessage(),
                    "providerStatus", e.status(), "retryable", e.retryable()));
        } catch (CustosException e) {
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason", e.getMessage(),
                    "type", e.type()));
        } catch (LeaseLost e) {
            log.info("Run of session {} continues on another node", session);
        } catch (RuntimeException e) {
            if (stopping) {
                log.info("Run of session {} stopped with the node; it will be resumed", session);
                return;
            }
            log.error("Run of session {} failed unexpectedly ({})", session, e.getClass().getName(), e);
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED,
                    Map.of("reason", "Custos failed on its side; the run was stopped."));
        }
    }

    /** One step of a run. Returns whether there is another. */
    private boolean step(WorkspaceId workspace, UUID session) {
        State state = tenancy.inWorkspace(workspace, null, () -> load(workspace, session)).orElse(null);
        if (state == null || !state.status().equals("running")) {
            return false;
        }
        if (!renew(workspace, session)) {
            throw new LeaseLost();
        }
        if (state.cancelRequested()) {
            throw new RunCancelled();
        }
        accounts.requireProcessingAllowed(new PersonId(state.personId())); // restricted mid-run: stop here
        Optional<ChatEvent.ToolCall> pending = state.unansweredToolCall();
        if (pending.isPresent()) {
            return toolStep(workspace, session, state, pending.get());
        }
        if (state.answered()) {
            endNow(workspace, session, SessionEvent.Kind.RUN_COMPLETED, Map.of());
            return false;
        }
        if (state.runSteps() >= state.agent().maxSteps()) {
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason",
                    "The agent reached its limit of " + state.agent().maxSteps() + " model calls in one run."));
            return false;
        }
        return modelStep(workspace, session, state);
    }

    private boolean toolStep(WorkspaceId workspace, UUID session, State state, ChatEvent.ToolCall call) {
        Agent agent = state.agent();
        if (agent.needsApproval(call.name())) {
            String decision = tenancy.inWorkspace(workspace, null, () -> approval(workspace, session, call));
            switch (decision) {
                case "pending" -> {
                    return false; // the run waits; a decision relaunches it
                }
                case "rejected" -> {
                    appendResult(workspace, session, call, "A person rejected this tool call; it was not run.",
                            "rejected", Duration.ZERO);
                    return true;
                }
                default -> {
                    // approved: run it below
                }
            }
        }
        Instant started = clock.instant();
        String result;
        String outcome;
        if (!agent.tools().contains(call.name())) {
            result = "There is no tool named '" + call.name() + "' for this agent.";
            outcome = "failed";
        } else {
            Tool tool = tools.find(call.name()).orElseThrow();
            try {
                result = tool.call(new ToolContext(workspace, session, new PersonId(state.personId())),
                        call.argumentsJson());
                outcome = "ok";
            } catch (ToolFailed e) {
                result = "The tool failed: " + e.getMessage();
                outcome = "failed";
            }
        }
        if (result.length() > MAX_TOOL_RESULT_CHARS) {
            result = result.substring(0, MAX_TOOL_RESULT_CHARS) + "\n[cut]";
        }
        appendResult(workspace, session, call, result, outcome, Duration.between(started, clock.instant()));
        return true;
    }

    /** The decision on a call needing approval: asks for one (and pauses the run) if none was asked yet. */
    private String approval(WorkspaceId workspace, UUID session, ChatEvent.ToolCall call) {
        Optional<String> status = jdbc.sql("""
                        SELECT status FROM tool_approvals WHERE workspace_id = :ws AND session_id = :s AND call_id = :c""")
                .param("ws", workspace.id()).param("s", session).param("c", call.id()).query(String.class).optional();
        if (status.isPresent() && !status.get().equals("pending")) {
            return status.get();
        }
        if (status.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO tool_approvals (workspace_id, session_id, call_id, tool, status, requested_at)
                    VALUES (:ws, :s, :c, :tool, 'pending', :now)""")
                    .param("ws", workspace.id()).param("s", session).param("c", call.id()).param("tool", call.name())
                    .param("now", SqlTime.of(clock.instant())).update();
            sessionLog.append(workspace, session, SessionEvent.Kind.APPROVAL_REQUESTED,
                    Map.of("callId", call.id(), "tool", call.name()), Map.of("arguments", call.argumentsJson()));
        }
        jdbc.sql("UPDATE agent_sessions SET status = 'awaiting_approval' WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
        jdbc.sql("DELETE FROM run_leases WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
        long seq = jdbc.sql("SELECT last_seq FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).query(Long.class).single();
        afterCommitSignal(session, seq);
        return "pending";
    }

    private void appendResult(WorkspaceId workspace, UUID session, ChatEvent.ToolCall call, String result,
                              String outcome, Duration took) {
        sessionLog.appendNow(workspace, session, SessionEvent.Kind.TOOL_RESULT,
                Map.of("callId", call.id(), "tool", call.name(), "outcome", outcome, "durationMs", took.toMillis()),
                Map.of("text", result));
    }

    private boolean modelStep(WorkspaceId workspace, UUID session, State state) {
        Agent agent = state.agent();
        // The same step of the same run always has the same call id: a resumed run is not metered twice.
        UUID callId = UUID.nameUUIDFromBytes((session + "|" + state.lastSeq()).getBytes(StandardCharsets.UTF_8));
        String model = agent.model().substring(agent.model().indexOf('/') + 1);
        var call = new ModelGateway.ModelCall(workspace, new PersonId(state.personId()), state.apiKeyId(),
                agent.id(), session, callId, agent.providerId(), model, state.conversation(),
                agent.tools().isEmpty() ? null : tools.definitionsJson(agent.tools()), agent.redaction());
        markRestartedStep(workspace, session, state);
        Instant started = clock.instant();
        var deltas = new DeltaFlusher(workspace, session);
        ModelGateway.Completion completion = gateway.call(call, deltas);
        deltas.flush();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", agent.model());
        meta.put("inputTokens", completion.inputTokens());
        meta.put("outputTokens", completion.outputTokens());
        meta.put("toolCalls", completion.toolCalls().size());
        meta.put("finishReason", completion.finishReason());
        meta.put("durationMs", Duration.between(started, clock.instant()).toMillis());
        if (deltas.firstAt != null) {
            meta.put("firstTokenMs", Duration.between(started, deltas.firstAt).toMillis());
        }
        List<Map<String, String>> calls = completion.toolCalls().stream()
                .map(toolCall -> Map.of("id", toolCall.id(), "name", toolCall.name(),
                        "arguments", toolCall.argumentsJson()))
                .toList();
        long seq = tenancy.inWorkspace(workspace, null, () -> {
            jdbc.sql("UPDATE agent_sessions SET run_steps = run_steps + 1 WHERE workspace_id = :ws AND session_id = :s")
                    .param("ws", workspace.id()).param("s", session).update();
            return sessionLog.append(workspace, session, SessionEvent.Kind.ASSISTANT_MESSAGE, meta,
                    Map.of("text", completion.text(), "toolCalls", calls));
        });
        sessionLog.signal(session, seq, false);
        return true;
    }

    /**
     * When this step was begun before (by a node that died while its text streamed), says so in the log before the
     * text streams again, so that a client following the session does not show the same words twice.
     */
    private void markRestartedStep(WorkspaceId workspace, UUID session, State state) {
        long lastStored = state.events().isEmpty() ? 0 : state.events().getLast().seq();
        Long marker = tenancy.inWorkspace(workspace, null, () -> {
            boolean cutOff = sessionLog.kindAfter(workspace, session, lastStored)
                    .filter(kind -> kind == SessionEvent.Kind.TEXT_DELTA).isPresent();
            return cutOff ? sessionLog.append(workspace, session, SessionEvent.Kind.STEP_RESTARTED,
                    Map.of("discardAfter", lastStored), Map.of()) : null;
        });
        if (marker != null) {
            sessionLog.signal(session, marker, false);
        }
    }

    /** Gathers streamed text into events, a few per second; checks for cancellation and renews the lease. */
    private final class DeltaFlusher implements java.util.function.Consumer<ChatEvent> {
        private final WorkspaceId workspace;
        private final UUID session;
        private final StringBuilder pending = new StringBuilder();
        private Instant lastFlush = clock.instant();
        @Nullable Instant firstAt;

        DeltaFlusher(WorkspaceId workspace, UUID session) {
            this.workspace = workspace;
            this.session = session;
        }

        @Override
        public void accept(ChatEvent event) {
            if (event instanceof ChatEvent.TextDelta delta) {
                if (firstAt == null) {
                    firstAt = clock.instant();
                }
                pending.append(delta.text());
                if (Duration.between(lastFlush, clock.instant()).compareTo(properties.flushInterval()) >= 0) {
                    flush();
                }
            }
        }

        void flush() {
            lastFlush = clock.instant();
            String text = pending.toString();
            pending.setLength(0);
            var outcome = tenancy.inWorkspace(workspace, null, () -> {
                boolean cancelled = jdbc.sql("""
                                SELECT cancel_requested FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s""")
                        .param("ws", workspace.id()).param("s", session).query(Boolean.class).single();
                boolean held = renewed(workspace, session);
                // A node that lost the run writes nothing more: its words would follow the new node's restart mark.
                long seq = text.isEmpty() || !held ? -1 : sessionLog.append(workspace, session,
                        SessionEvent.Kind.TEXT_DELTA, Map.of(), Map.of("text", text));
                return new long[] {cancelled ? 1 : 0, held ? 1 : 0, seq};
            });
            if (outcome[2] >= 0) {
                sessionLog.signal(session, outcome[2], false);
            }
            if (outcome[1] == 0) {
                throw new LeaseLost();
            }
            if (outcome[0] == 1) {
                throw new RunCancelled();
            }
        }
    }

    private boolean renew(WorkspaceId workspace, UUID session) {
        return tenancy.inWorkspace(workspace, null, () -> renewed(workspace, session));
    }

    private boolean renewed(WorkspaceId workspace, UUID session) {
        return jdbc.sql("""
                        UPDATE run_leases SET lease_until = :until
                        WHERE workspace_id = :ws AND session_id = :s AND lease_owner = :me""")
                .param("until", SqlTime.of(clock.instant().plus(properties.lease())))
                .param("ws", workspace.id()).param("s", session).param("me", instance).update() == 1;
    }

    /** Ends the run with its last event; within the caller's workspace-bound transaction. Returns its seq. */
    long end(WorkspaceId workspace, UUID session, SessionEvent.Kind kind, Map<String, ?> meta) {
        long seq = sessionLog.append(workspace, session, kind, meta, Map.of());
        jdbc.sql("""
                UPDATE agent_sessions SET status = 'idle', cancel_requested = false, run_steps = 0
                WHERE workspace_id = :ws AND session_id = :s""")
                .param("ws", workspace.id()).param("s", session).update();
        jdbc.sql("DELETE FROM run_leases WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
        return seq;
    }

    private void endNow(WorkspaceId workspace, UUID session, SessionEvent.Kind kind, Map<String, ?> meta) {
        long seq = tenancy.inWorkspace(workspace, null, () -> end(workspace, session, kind, meta));
        sessionLog.signal(session, seq, true);
    }

    private void afterCommitSignal(UUID session, long seq) {
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        sessionLog.signal(session, seq, true);
                    }
                });
    }

    private Optional<State> load(WorkspaceId workspace, UUID session) {
        return jdbc.sql("""
                        SELECT agent_id, person_id, api_key_id, status, cancel_requested, run_steps, last_seq
                        FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s""")
                .param("ws", workspace.id()).param("s", session)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getBoolean(5), rs.getInt(6), rs.getLong(7)))
                .optional()
                .map(row -> new State(agents.find(workspace, row.agentId()), row, record(workspace, session)));
    }

    private List<SessionEvent> record(WorkspaceId workspace, UUID session) {
        List<SessionEvent> events = new ArrayList<>();
        long after = 0;
        while (true) {
            List<SessionEvent> page = sessionLog.after(workspace, session, after, 500);
            page.stream().filter(event -> !event.kind().isStreamingDetail()).forEach(events::add);
            if (page.size() < 500) {
                return events;
            }
            after = page.getLast().seq();
        }
    }

    private record Row(UUID agentId, UUID personId, @Nullable UUID apiKeyId, String status, boolean cancelRequested,
                       int runSteps, long lastSeq) {
    }

    /** A session as a run sees it: the agent, the counters and the conversation rebuilt from events. */
    private record State(Agent agent, Row row, List<SessionEvent> events) {

        String status() {
            return row.status();
        }

        boolean cancelRequested() {
            return row.cancelRequested();
        }

        int runSteps() {
            return row.runSteps();
        }

        long lastSeq() {
            return row.lastSeq();
        }

        UUID personId() {
            return row.personId();
        }

        @Nullable UUID apiKeyId() {
            return row.apiKeyId();
        }

        /** The first tool call of the latest assistant message that has no result yet. */
        Optional<ChatEvent.ToolCall> unansweredToolCall() {
            List<ChatEvent.ToolCall> calls = List.of();
            List<String> answered = new ArrayList<>();
            for (SessionEvent event : events) {
                switch (event.kind()) {
                    case ASSISTANT_MESSAGE -> {
                        calls = toolCalls(event);
                        answered.clear();
                    }
                    case TOOL_RESULT -> answered.add(String.valueOf(event.meta().get("callId")));
                    case USER_MESSAGE -> calls = List.of();
                    default -> {
                    }
                }
            }
            return calls.stream().filter(call -> !answered.contains(call.id())).findFirst();
        }

        /** Whether this run's latest model answer had no tool calls: the run is done. */
        boolean answered() {
            for (int i = events.size() - 1; i >= 0; i--) {
                SessionEvent event = events.get(i);
                if (event.kind() == SessionEvent.Kind.RUN_STARTED || event.kind() == SessionEvent.Kind.TOOL_RESULT) {
                    return false;
                }
                if (event.kind() == SessionEvent.Kind.ASSISTANT_MESSAGE) {
                    return toolCalls(event).isEmpty();
                }
            }
            return false;
        }

        /**
         * The conversation for the next model call. A tool call that never got a result (its run was cancelled)
         * gets one saying so, since providers refuse a conversation with an unanswered call.
         */
        List<ChatRequest.Message> conversation() {
            List<ChatRequest.Message> messages = new ArrayList<>();
            if (!agent.instructions().isBlank()) {
                messages.add(ChatRequest.Message.of("system", agent.instructions()));
            }
            List<ChatEvent.ToolCall> open = new ArrayList<>();
            for (SessionEvent event : events) {
                String text = String.valueOf(event.content().getOrDefault("text", ""));
                switch (event.kind()) {
                    case USER_MESSAGE -> {
                        open.forEach(call -> messages.add(ChatRequest.Message.toolResult(call.id(),
                                "This call was not run: the run was cancelled.")));
                        open.clear();
                        messages.add(ChatRequest.Message.of("user", text));
                    }
                    case ASSISTANT_MESSAGE -> {
                        open.clear();
                        open.addAll(toolCalls(event));
                        messages.add(ChatRequest.Message.assistant(text, toolCalls(event)));
                    }
                    case TOOL_RESULT -> {
                        String callId = String.valueOf(event.meta().get("callId"));
                        open.removeIf(call -> call.id().equals(callId));
                        messages.add(ChatRequest.Message.toolResult(callId, text));
                    }
                    default -> {
                    }
                }
            }
            return messages;
        }

        @SuppressWarnings("unchecked")
        private static List<ChatEvent.ToolCall> toolCalls(SessionEvent event) {
            Object stored = event.content().get("toolCalls");
            if (!(stored instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().map(entry -> (Map<String, Object>) entry)
                    .map(entry -> new ChatEvent.ToolCall(String.valueOf(entry.get("id")),
                            String.valueOf(entry.get("name")), String.valueOf(entry.get("arguments"))))
                    .toList();
        }
    }

    /** A person asked the run to stop. */
    private static final class RunCancelled extends RuntimeException {
        RunCancelled() {
            super(null, null, false, false);
        }
    }

    /** Another node claimed the run (this one was presumed dead): this node lets go. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super(null, null, false, false);
        }
    }
}
