package dev.custos.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import dev.custos.identity.Accounts;
import dev.custos.model.ChatEvent;
import dev.custos.model.ModelCallFailed;
import dev.custos.platform.AgentId;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs agents: model call → tool calls → results → model ... until the model answers without tools, the step
 * limit is reached, a tool waits for approval, or a person cancels. Every step starts from the stored events (a
 * {@link Transcript}), so a run survives a restart: the node holding a run renews its {@link RunLeases lease};
 * when a node dies, another claims it and carries on from the last stored step. Only the loop lives here: run
 * state is {@link SessionStates}', approvals {@link ToolApprovals}', streamed text {@link StreamedText}'s.
 */
@Component
class AgentRunner {

    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

    private final OneRunAtATime threads = new OneRunAtATime();
    private final Map<SessionId, WorkspaceId> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final Tenancy tenancy;
    private final Agents agents;
    private final SessionLog sessionLog;
    private final SessionStates states;
    private final RunLeases leases;
    private final ToolStep toolStep;
    private final ModelStep modelStep;
    private final Accounts accounts;
    private final MeterRegistry meters;
    /** When each run on this node started its current stretch, for the run-duration timer. */
    private final Map<SessionId, Long> startedAt = new ConcurrentHashMap<>();

    AgentRunner(Tenancy tenancy, Agents agents, SessionLog sessionLog, SessionStates states, RunLeases leases,
                ToolStep toolStep, ModelStep modelStep, Accounts accounts, MeterRegistry meters) {
        this.meters = meters;
        meters.gauge("custos.agent.runs.active", running, Map::size);
        this.tenancy = tenancy;
        this.agents = agents;
        this.sessionLog = sessionLog;
        this.states = states;
        this.leases = leases;
        this.toolStep = toolStep;
        this.modelStep = modelStep;
        this.accounts = accounts;
    }

    /** Runs the session's current run in the background on this node, one thread per session at a time. */
    void launch(WorkspaceId workspace, SessionId session) {
        if (stopping) {
            return; // the lease lapses and the run is resumed elsewhere
        }
        threads.submit(session.id(), () -> run(workspace, session));
    }

    /** Claims runs whose node stopped renewing their lease (it crashed or was stopped) and resumes them. */
    @Scheduled(fixedDelayString = "${custos.agents.resume-interval:5s}", initialDelayString = "${custos.agents.resume-interval:5s}")
    void resumeAbandonedRuns() {
        if (stopping) {
            return;
        }
        for (var run : leases.claimAbandoned()) {
            log.info("Resuming run of session {} left by another node", run.getValue());
            launch(run.getKey(), new SessionId(run.getValue()));
        }
    }

    /**
     * On shutdown, runs in progress are neither failed nor finished: their threads stop and their leases are
     * expired at once, so another node (or this one, restarted) resumes them from the last stored step.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        threads.stop();
        running.forEach((session, workspace) -> {
            try {
                leases.handOver(workspace, session);
            } catch (RuntimeException e) {
                log.warn("Could not hand over the run of session {}; its lease will lapse", session);
            }
        });
    }

    private void run(WorkspaceId workspace, SessionId session) {
        running.put(session, workspace);
        startedAt.put(session, System.nanoTime());
        try {
            while (step(workspace, session)) {
                // each step stored before the next begins
            }
        } catch (RunCancelled e) {
            endNow(workspace, session, SessionEvent.Kind.RUN_CANCELLED, Map.of("reason", "Cancelled by a person."));
        } catch (ModelCallFailed e) {
            if (!stoppedWithTheNode(session)) {
                endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason", e.getMessage(),
                        "providerStatus", e.status(), "retryable", e.retryable()));
            }
        } catch (CustosException e) {
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason", e.getMessage(),
                    "type", e.type()));
        } catch (LeaseLost e) {
            log.info("Run of session {} continues on another node", session);
        } catch (RuntimeException e) {
            if (!stoppedWithTheNode(session)) {
                log.error("Run of session {} failed unexpectedly ({})", session, e.getClass().getName(), e);
                endNow(workspace, session, SessionEvent.Kind.RUN_FAILED,
                        Map.of("reason", "Custos failed on its side; the run was stopped."));
            }
        } finally {
            running.remove(session);
            startedAt.remove(session);
        }
    }

    private boolean stoppedWithTheNode(SessionId session) {
        if (stopping) {
            log.info("Run of session {} stopped with the node; it will be resumed", session);
        }
        return stopping;
    }

    /** A run's state at one step: the session's row, its agent and its transcript. */
    private record Step(SessionStates.RunState state, Agent agent, Transcript transcript) {
    }

    /** One step of a run. Returns whether there is another. */
    private boolean step(WorkspaceId workspace, SessionId session) {
        Step step = tenancy.inWorkspace(workspace, null, () -> states.load(workspace, session)
                .map(state -> new Step(state, agents.find(workspace, new AgentId(state.agentId())),
                        transcript(workspace, session)))
                .orElse(null));
        if (step == null || step.state().status() != SessionStatus.RUNNING) {
            return false;
        }
        if (!tenancy.inWorkspace(workspace, null, () -> leases.renew(workspace, session))) {
            throw new LeaseLost();
        }
        if (step.state().cancelRequested()) {
            throw new RunCancelled();
        }
        accounts.requireProcessingAllowed(new PersonId(step.state().personId())); // restricted mid-run: stop here
        Optional<ChatEvent.ToolCall> pending = step.transcript().unansweredToolCall();
        if (pending.isPresent()) {
            return toolStep.run(workspace, session, step.agent(), step.state(), pending.get());
        }
        if (step.transcript().answered()) {
            endNow(workspace, session, SessionEvent.Kind.RUN_COMPLETED, Map.of());
            return false;
        }
        if (step.state().runSteps() >= step.agent().maxSteps()) {
            endNow(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason",
                    "The agent reached its limit of " + step.agent().maxSteps() + " model calls in one run."));
            return false;
        }
        modelStep.run(workspace, session, step.agent(), step.state(), step.transcript());
        return true;
    }

    private void endNow(WorkspaceId workspace, SessionId session, SessionEvent.Kind kind, Map<String, ?> meta) {
        long seq = tenancy.inWorkspace(workspace, null, () -> states.end(workspace, session, kind, meta));
        sessionLog.signal(session, seq, true);
        Long started = startedAt.get(session);
        if (started != null) {
            Timer.builder("custos.agent.runs").tag("outcome", kind.name().toLowerCase(Locale.ROOT))
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** The session's events as a run reads them: everything but the streamed pieces of text. */
    private Transcript transcript(WorkspaceId workspace, SessionId session) {
        List<SessionEvent> events = new ArrayList<>();
        long after = 0;
        while (true) {
            List<SessionEvent> page = sessionLog.after(workspace, session, after, 500);
            page.stream().filter(event -> !event.kind().isStreamingDetail()).forEach(events::add);
            if (page.size() < 500) {
                return new Transcript(events);
            }
            after = page.getLast().seq();
        }
    }


}
