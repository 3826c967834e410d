package dev.custos.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.custos.model.ChatEvent;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.tool.Tool;
import dev.custos.tool.ToolContext;
import dev.custos.tool.ToolFailed;
import dev.custos.tool.Tools;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** One step of a run that answers a model's tool call (AI-06: after a person's decision, where one is needed). */
@Component
class ToolStep {

    private static final int MAX_TOOL_RESULT_CHARS = 100_000;

    private final Tenancy tenancy;
    private final Tools tools;
    private final ToolApprovals approvals;
    private final SessionStates states;
    private final RunLeases leases;
    private final SessionLog sessionLog;
    private final Clock clock;

    ToolStep(Tenancy tenancy, Tools tools, ToolApprovals approvals, SessionStates states, RunLeases leases,
             SessionLog sessionLog, Clock clock) {
        this.tenancy = tenancy;
        this.tools = tools;
        this.approvals = approvals;
        this.states = states;
        this.leases = leases;
        this.sessionLog = sessionLog;
        this.clock = clock;
    }

    /**
     * Answers the call: asks for a person's decision first where the agent says so (the run then pauses, and
     * this returns false), then runs the tool and stores its result. Returns whether the run goes on.
     */
    boolean run(WorkspaceId workspace, SessionId session, Agent agent, SessionStates.RunState state,
                ChatEvent.ToolCall call) {
        PersonId person = new PersonId(state.personId());
        if (LocalTools.isLocal(call.name()) && state.localTools().contains(call.name())) {
            handToClient(workspace, session, call);
            return false; // the run waits; the client's answer relaunches it
        }
        if (agent.needsApproval(call.name())) {
            ToolApprovals.Decision decision = tenancy.inWorkspace(workspace, null, () -> {
                ToolApprovals.Decision decided = approvals.decisionOn(workspace, session, call);
                if (decided == ToolApprovals.Decision.PENDING) {
                    pauseForApproval(workspace, session);
                }
                return decided;
            });
            if (decision == ToolApprovals.Decision.PENDING) {
                return false; // the run waits; a decision relaunches it
            }
            if (decision == ToolApprovals.Decision.REJECTED) {
                appendResult(workspace, session, call, "A person rejected this tool call; it was not run.",
                        "rejected", Duration.ZERO);
                return true;
            }
        }
        Instant started = clock.instant();
        String result;
        String outcome = "ok";
        var tool = agent.tools().contains(call.name()) ? tools.find(workspace, call.name()) : Optional.<Tool>empty();
        if (tool.isEmpty()) {
            result = "There is no tool named '" + call.name() + "' for this agent.";
            outcome = "failed";
        } else {
            try {
                result = tool.get().call(new ToolContext(workspace, session.id(), person), call.argumentsJson());
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

    /**
     * The run waits for the terminal client, which asks its person and runs the tool on their machine: no node
     * holds the run meanwhile, and the client (following the session) hears of it once that is stored.
     */
    private void handToClient(WorkspaceId workspace, SessionId session, ChatEvent.ToolCall call) {
        tenancy.inWorkspace(workspace, null, () -> {
            states.awaitClient(workspace, session, clock.instant());
            long seq = sessionLog.append(workspace, session, SessionEvent.Kind.LOCAL_TOOL_REQUESTED,
                    Map.of("callId", call.id(), "tool", call.name()), Map.of("arguments", call.argumentsJson()));
            leases.release(workspace, session);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sessionLog.signal(session, seq, true);
                }
            });
        });
    }

    /** The run waits for a person: no node holds it, and followers hear of it once that is stored. */
    private void pauseForApproval(WorkspaceId workspace, SessionId session) {
        states.awaitApproval(workspace, session);
        leases.release(workspace, session);
        long seq = states.lastSeq(workspace, session);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sessionLog.signal(session, seq, true);
            }
        });
    }

    private void appendResult(WorkspaceId workspace, SessionId session, ChatEvent.ToolCall call, String result,
                              String outcome, Duration took) {
        sessionLog.appendNow(workspace, session, SessionEvent.Kind.TOOL_RESULT,
                Map.of("callId", call.id(), "tool", call.name(), "outcome", outcome, "durationMs", took.toMillis()),
                Map.of("text", result));
    }
}
