package dev.custos.agent;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.AgentId;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Calls of {@link LocalTools} that a run handed to the terminal client which offered them: the client's answer
 * is stored as the call's result, sealed like all content, and the run goes on; a client that stays silent past
 * {@code custos.agents.client-timeout} ends the run, with the call recorded as not run.
 */
@Service
public class LocalCalls {

    /** What a client may say of a call it was handed. */
    public enum Outcome {
        OK, FAILED, REFUSED;

        @com.fasterxml.jackson.annotation.JsonCreator
        static Outcome of(String key) {
            return valueOf(key.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Sessions sessions;
    private final SessionStates states;
    private final SessionLog log;
    private final RunLeases leases;
    private final AgentRunner runner;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final ClusterJobs jobs;
    private final AgentProperties properties;
    private final Clock clock;

    LocalCalls(Sessions sessions, SessionStates states, SessionLog log, RunLeases leases, AgentRunner runner,
               Tenancy tenancy, JdbcClient jdbc, ClusterJobs jobs, AgentProperties properties, Clock clock) {
        this.sessions = sessions;
        this.states = states;
        this.log = log;
        this.leases = leases;
        this.runner = runner;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The client's answer to the call waiting for it, from the person who runs the session (their terminal ran
     * it): stored as the call's result (cut to {@value LocalTools#MAX_RESULT_CHARS} characters), and the run
     * goes on.
     */
    public SessionInfo answer(WorkspaceAccess access, AgentId agentId, SessionId sessionId, String callId,
                              String output, Outcome outcome, long durationMs) {
        access.require(Permission.WRITE);
        SessionInfo info = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo current = NeedToKnow.visible(access, sessions.lockedSession(access.workspace(), agentId,
                    sessionId));
            if (!current.personId().equals(access.actor().person().id())) {
                throw CustosException.forbidden("Only the terminal of the person who runs the session answers its "
                        + "local tool calls.");
            }
            String tool = waitingCall(access.workspace(), sessionId, current)
                    .filter(waiting -> waiting.getKey().equals(callId)).map(Map.Entry::getValue)
                    .orElseThrow(() -> CustosException.conflict("no-local-call", "No local tool call with that id "
                            + "is waiting for this client's answer."));
            String kept = output.length() <= LocalTools.MAX_RESULT_CHARS ? output
                    : output.substring(0, LocalTools.MAX_RESULT_CHARS) + "\n[cut: the result was longer than "
                    + LocalTools.MAX_RESULT_CHARS + " characters]";
            log.append(access.workspace(), sessionId, SessionEvent.Kind.TOOL_RESULT, Map.of("callId", callId,
                    "tool", tool, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT), "durationMs",
                    Math.max(0, durationMs), "local", true), Map.of("text", kept));
            states.resume(access.workspace(), sessionId);
            leases.take(access.workspace(), sessionId);
            return sessions.find(access.workspace(), sessionId);
        });
        log.signal(sessionId, info.lastSeq(), false);
        runner.launch(access.workspace(), sessionId);
        return info;
    }

    /** Ends the runs whose client has not answered within the timeout: it went away, or nobody is deciding. */
    @Scheduled(fixedDelayString = "${custos.agents.client-sweep:60s}",
            initialDelayString = "${custos.agents.client-sweep:60s}")
    public void endRunsOfSilentClients() {
        jobs.runAlone("silent-clients", () -> {
            List<Map.Entry<WorkspaceId, SessionId>> silent = jdbc.sql(
                            "SELECT * FROM sessions_waiting_for_a_client(:since)")
                    .param("since", SqlTime.of(clock.instant().minus(properties.clientTimeout())))
                    .query((rs, n) -> Map.entry(new WorkspaceId(rs.getObject(1, UUID.class)),
                            new SessionId(rs.getObject(2, UUID.class))))
                    .list();
            silent.forEach(entry -> endSilent(entry.getKey(), entry.getValue()));
            return silent.size();
        });
    }

    private void endSilent(WorkspaceId workspace, SessionId session) {
        Long seq = tenancy.inWorkspace(workspace, null, () -> {
            SessionInfo current = sessions.find(workspace, session);
            var waiting = waitingCall(workspace, session, current).orElse(null);
            if (waiting == null) {
                return null; // answered meanwhile
            }
            log.append(workspace, session, SessionEvent.Kind.TOOL_RESULT, Map.of("callId", waiting.getKey(),
                    "tool", waiting.getValue(), "outcome", "expired", "durationMs", 0, "local", true),
                    Map.of("text", "The terminal client did not answer; the call was not run."));
            return states.end(workspace, session, SessionEvent.Kind.RUN_FAILED, Map.of("reason", "The terminal "
                    + "that offered local tools did not answer within " + properties.clientTimeout().toMinutes()
                    + " minutes. Send a new message to go on."));
        });
        if (seq != null) {
            log.signal(session, seq, true);
        }
    }

    /** The call waiting for the client (its id and tool), if the session waits for one. */
    private java.util.Optional<Map.Entry<String, String>> waitingCall(WorkspaceId workspace, SessionId session,
                                                                     SessionInfo current) {
        if (SessionStatus.of(current.status()) != SessionStatus.AWAITING_CLIENT) {
            return java.util.Optional.empty();
        }
        return jdbc.sql("""
                        SELECT meta->>'callId', meta->>'tool' FROM session_events
                        WHERE workspace_id = :ws AND session_id = :s AND kind = 'local_tool_requested'
                        ORDER BY seq DESC LIMIT 1""")
                .param("ws", workspace.id()).param("s", session)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).optional();
    }
}
