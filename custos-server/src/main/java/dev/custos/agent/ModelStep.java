package dev.custos.agent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.model.ModelGateway;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.tool.Tools;
import org.springframework.stereotype.Component;

/**
 * One step of a run that calls the model: its text streams into the session a few pieces a second (each piece
 * renews the lease and checks for cancellation), and its answer is stored with what it cost.
 */
@Component
class ModelStep {

    private final Tenancy tenancy;
    private final ModelGateway gateway;
    private final Tools tools;
    private final SessionStates states;
    private final RunLeases leases;
    private final SessionLog sessionLog;
    private final AgentProperties properties;
    private final Clock clock;

    ModelStep(Tenancy tenancy, ModelGateway gateway, Tools tools, SessionStates states, RunLeases leases,
              SessionLog sessionLog, AgentProperties properties, Clock clock) {
        this.tenancy = tenancy;
        this.gateway = gateway;
        this.tools = tools;
        this.states = states;
        this.leases = leases;
        this.sessionLog = sessionLog;
        this.properties = properties;
        this.clock = clock;
    }

    /** Calls the model with the conversation so far and stores its answer (text, tool calls, usage). */
    void run(WorkspaceId workspace, SessionId session, Agent agent, SessionStates.RunState state,
             Transcript transcript) {
        // The same step of the same run always has the same call id: a resumed run is not metered twice.
        UUID callId = UUID.nameUUIDFromBytes((session + "|" + state.lastSeq()).getBytes(StandardCharsets.UTF_8));
        String model = agent.model().substring(agent.model().indexOf('/') + 1);
        var call = new ModelGateway.ModelCall(workspace, new PersonId(state.personId()),
                state.apiKeyId(), agent.id(), session.id(), callId, agent.providerId(), model,
                transcript.conversation(agent.instructions()),
                LocalTools.withServerTools(tools.definitionsJson(workspace, agent.tools()), state.localTools()),
                agent.redaction());
        markRestartedStep(workspace, session, transcript);
        Instant started = clock.instant();
        var text = new StreamedText(clock, properties.flushInterval(), piece -> checkpoint(workspace, session, piece));
        ModelGateway.Completion completion = gateway.call(call, text);
        text.flush();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", agent.model());
        meta.put("inputTokens", completion.inputTokens());
        meta.put("outputTokens", completion.outputTokens());
        meta.put("toolCalls", completion.toolCalls().size());
        meta.put("finishReason", completion.finishReason());
        meta.put("durationMs", Duration.between(started, clock.instant()).toMillis());
        if (text.firstAt() != null) {
            meta.put("firstTokenMs", Duration.between(started, text.firstAt()).toMillis());
        }
        List<Map<String, String>> calls = completion.toolCalls().stream()
                .map(toolCall -> Map.of("id", toolCall.id(), "name", toolCall.name(),
                        "arguments", toolCall.argumentsJson()))
                .toList();
        long seq = tenancy.inWorkspace(workspace, null, () -> {
            states.countModelCall(workspace, session);
            return sessionLog.append(workspace, session, SessionEvent.Kind.ASSISTANT_MESSAGE, meta,
                    Map.of("text", completion.text(), "toolCalls", calls));
        });
        sessionLog.signal(session, seq, false);
    }

    /**
     * Stores a piece of streamed text, renewing the lease; stops the run when a person cancelled it, or when
     * another node claimed it (whose words would then follow its own restart mark: this node writes nothing more).
     */
    private void checkpoint(WorkspaceId workspace, SessionId session, String piece) {
        record Outcome(boolean cancelled, boolean held, long seq) {
        }
        Outcome outcome = tenancy.inWorkspace(workspace, null, () -> {
            boolean cancelled = states.cancelRequested(workspace, session);
            boolean held = leases.renew(workspace, session);
            long seq = piece.isEmpty() || !held ? -1 : sessionLog.append(workspace, session,
                    SessionEvent.Kind.TEXT_DELTA, Map.of(), Map.of("text", piece));
            return new Outcome(cancelled, held, seq);
        });
        if (outcome.seq() >= 0) {
            sessionLog.signal(session, outcome.seq(), false);
        }
        if (!outcome.held()) {
            throw new LeaseLost();
        }
        if (outcome.cancelled()) {
            throw new RunCancelled();
        }
    }

    /**
     * When this step was begun before (by a node that died while its text streamed), says so in the log before the
     * text streams again, so that a client following the session does not show the same words twice.
     */
    private void markRestartedStep(WorkspaceId workspace, SessionId session, Transcript transcript) {
        long lastStored = transcript.lastSeq();
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
}
