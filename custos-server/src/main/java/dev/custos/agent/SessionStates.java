package dev.custos.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one writer of a session's run state in {@code agent_sessions}: its {@link SessionStatus}, the cancellation
 * asked for and the model calls counted in the current run. Every method runs in the caller's workspace-bound
 * transaction.
 */
@Component
class SessionStates {

    /** A session's run state as a run reads it at each step. */
    record RunState(UUID agentId, UUID personId, @Nullable UUID apiKeyId, SessionStatus status,
                    boolean cancelRequested, int runSteps, long lastSeq, List<String> localTools) {
    }

    private final JdbcClient jdbc;
    private final SessionLog sessionLog;
    private final RunLeases leases;
    private final TerminalToolPolicy terminalTools;

    SessionStates(JdbcClient jdbc, SessionLog sessionLog, RunLeases leases, TerminalToolPolicy terminalTools) {
        this.terminalTools = terminalTools;
        this.jdbc = jdbc;
        this.sessionLog = sessionLog;
        this.leases = leases;
    }

    void create(WorkspaceId workspace, SessionId session, AgentId agent, UUID person, @Nullable UUID apiKey,
                Instant now) {
        jdbc.sql("""
                INSERT INTO agent_sessions (workspace_id, session_id, agent_id, person_id, api_key_id, status,
                                            created_at, updated_at)
                VALUES (:ws, :session, :agent, :person, :key, :status, :now, :now)""")
                .param("ws", workspace.id()).param("session", session).param("agent", agent).param("person", person)
                .param("key", apiKey).param("status", SessionStatus.IDLE.key()).param("now", SqlTime.of(now))
                .update();
    }

    Optional<RunState> load(WorkspaceId workspace, SessionId session) {
        return jdbc.sql("""
                        SELECT agent_id, person_id, api_key_id, status, cancel_requested, run_steps, last_seq,
                               local_tools
                        FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s""")
                .param("ws", workspace.id()).param("s", session)
                .query((rs, n) -> new RunState(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), SessionStatus.of(rs.getString(4)), rs.getBoolean(5),
                        rs.getInt(6), rs.getLong(7), List.of((String[]) rs.getArray(8).getArray())))
                .optional();
    }

    /** A new run starts; returns the session's last seq before it, where a client streams from. */
    long beginRun(WorkspaceId workspace, SessionId session) {
        return jdbc.sql("""
                        UPDATE agent_sessions SET status = :running, cancel_requested = false, run_steps = 0
                        WHERE workspace_id = :ws AND session_id = :session RETURNING last_seq""")
                .param("running", SessionStatus.RUNNING.key()).param("ws", workspace.id()).param("session", session)
                .query(Long.class).single();
    }

    /** A run waiting for approval, or for its client, goes on. */
    void resume(WorkspaceId workspace, SessionId session) {
        jdbc.sql("""
                UPDATE agent_sessions SET status = :running, client_waiting_since = NULL
                WHERE workspace_id = :ws AND session_id = :s""")
                .param("running", SessionStatus.RUNNING.key()).param("ws", workspace.id()).param("s", session)
                .update();
    }

    /** The run waits for the terminal client to run a local tool, from now. */
    void awaitClient(WorkspaceId workspace, SessionId session, Instant now) {
        jdbc.sql("""
                UPDATE agent_sessions SET status = :waiting, client_waiting_since = :now
                WHERE workspace_id = :ws AND session_id = :s""")
                .param("waiting", SessionStatus.AWAITING_CLIENT.key()).param("now", SqlTime.of(now))
                .param("ws", workspace.id()).param("s", session).update();
    }

    /**
     * The local tools the session's terminal client offers from now on (none for other clients), as far as the
     * workspace lets terminals go ({@link TerminalToolPolicy}).
     */
    void offerLocalTools(WorkspaceId workspace, SessionId session, List<String> tools) {
        List<String> permitted = tools.isEmpty() ? tools : terminalTools.permitted(workspace, tools);
        jdbc.sql("UPDATE agent_sessions SET local_tools = :tools WHERE workspace_id = :ws AND session_id = :s")
                .param("tools", permitted.toArray(String[]::new)).param("ws", workspace.id()).param("s", session)
                .update();
    }

    void awaitApproval(WorkspaceId workspace, SessionId session) {
        setStatus(workspace, session, SessionStatus.AWAITING_APPROVAL);
    }

    /** Ends the run with its last event: the session is idle and no node holds it. Returns the event's seq. */
    long end(WorkspaceId workspace, SessionId session, SessionEvent.Kind kind, Map<String, ?> meta) {
        long seq = sessionLog.append(workspace, session, kind, meta, Map.of());
        jdbc.sql("""
                UPDATE agent_sessions SET status = :idle, cancel_requested = false, run_steps = 0,
                                          client_waiting_since = NULL
                WHERE workspace_id = :ws AND session_id = :s""")
                .param("idle", SessionStatus.IDLE.key()).param("ws", workspace.id()).param("s", session).update();
        leases.release(workspace, session);
        return seq;
    }

    /** A person asked the working run to stop; it does at its next step or chunk of text. */
    void requestCancel(WorkspaceId workspace, SessionId session) {
        jdbc.sql("UPDATE agent_sessions SET cancel_requested = true WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
    }

    boolean cancelRequested(WorkspaceId workspace, SessionId session) {
        return jdbc.sql("SELECT cancel_requested FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).query(Boolean.class).single();
    }

    /** One more model call in the current run (the agent's step limit counts them). */
    void countModelCall(WorkspaceId workspace, SessionId session) {
        jdbc.sql("UPDATE agent_sessions SET run_steps = run_steps + 1 WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).update();
    }

    long lastSeq(WorkspaceId workspace, SessionId session) {
        return jdbc.sql("SELECT last_seq FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", session).query(Long.class).single();
    }

    private void setStatus(WorkspaceId workspace, SessionId session, SessionStatus status) {
        jdbc.sql("UPDATE agent_sessions SET status = :status WHERE workspace_id = :ws AND session_id = :s")
                .param("status", status.key()).param("ws", workspace.id()).param("s", session).update();
    }
}
