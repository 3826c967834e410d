package dev.custos.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.platform.AgentId;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.usage.Entitlements;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Sessions as people drive them: start one with a message, send the next, decide on a tool call that waits for
 * approval, cancel a run, read what happened. Each change is a row first; the runner then picks the run up.
 */
@Service
public class Sessions {

    static final int MAX_MESSAGE_CHARS = 100_000;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Agents agents;
    private final SessionLog log;
    private final AgentRunner runner;
    private final AuditLog audit;
    private final Clock clock;
    private final Accounts accounts;
    private final SessionStates states;
    private final RunLeases leases;
    private final ToolApprovals approvals;
    private final Entitlements entitlements;

    Sessions(JdbcClient jdbc, Tenancy tenancy, Agents agents, SessionLog log, AgentRunner runner, AuditLog audit,
             Clock clock, Accounts accounts, SessionStates states, RunLeases leases, ToolApprovals approvals, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.accounts = accounts;
        this.states = states;
        this.leases = leases;
        this.approvals = approvals;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.agents = agents;
        this.log = log;
        this.runner = runner;
        this.audit = audit;
        this.clock = clock;
    }

    /** Starts a session with its first message and sets the agent to work. */
    public SessionInfo start(WorkspaceAccess access, AgentId agentId, String message) {
        return start(access, agentId, message, List.of());
    }

    /** The same, from a terminal client that offers these {@link LocalTools} from its folder. */
    public SessionInfo start(WorkspaceAccess access, AgentId agentId, String message, List<String> localTools) {
        access.require(Permission.WRITE);
        checkMessage(message);
        accounts.requireProcessingAllowed(access.actor().person());
        SessionId session = SessionId.random();
        SessionInfo info = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            agents.find(access.workspace(), agentId);
            states.create(access.workspace(), session, agentId, access.actor().person().id(),
                    access.actor().apiKey() == null ? null : access.actor().apiKey().keyId(), clock.instant());
            SessionInfo begun = beginRun(access.workspace(), session, message, localTools);
            // Audited after the run is counted: every transaction takes the workspace's month of usage before its
            // audit chain (a model step meters, then audits), or two of them deadlock (ConcurrentRunsTest).
            audit.record(access.event("session.started").on("session", session).with("agent", agentId.toString()));
            return begun;
        });
        runner.launch(access.workspace(), session);
        return info;
    }

    /** Sends the next message; the session must be idle (its last run over). */
    public SessionInfo send(WorkspaceAccess access, AgentId agentId, SessionId sessionId, String message) {
        return send(access, agentId, sessionId, message, List.of());
    }

    /** The same, from a terminal client that offers these {@link LocalTools} from its folder. */
    public SessionInfo send(WorkspaceAccess access, AgentId agentId, SessionId sessionId, String message,
                            List<String> localTools) {
        access.require(Permission.WRITE);
        checkMessage(message);
        accounts.requireProcessingAllowed(access.actor().person());
        SessionInfo info = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo current = NeedToKnow.visible(access, lockedSession(access.workspace(), agentId, sessionId));
            if (!current.personId().equals(access.actor().person().id())) {
                throw CustosException.forbidden("Only the person who started a session continues it.");
            }
            if (SessionStatus.of(current.status()) != SessionStatus.IDLE) {
                throw CustosException.conflict("session-busy", "The session's agent is still at work ("
                        + current.status() + "); wait for it, or cancel the run.");
            }
            return beginRun(access.workspace(), sessionId, message, localTools);
        });
        runner.launch(access.workspace(), sessionId);
        return info;
    }

    private SessionInfo beginRun(WorkspaceId workspace, SessionId session, String message, List<String> localTools) {
        entitlements.countRun(workspace);
        long before = states.beginRun(workspace, session);
        states.offerLocalTools(workspace, session, localTools);
        log.append(workspace, session, SessionEvent.Kind.USER_MESSAGE, Map.of(), Map.of("text", message));
        log.append(workspace, session, SessionEvent.Kind.RUN_STARTED, Map.of(), Map.of());
        leases.take(workspace, session);
        SessionInfo info = find(workspace, session);
        return new SessionInfo(info.id(), info.agentId(), info.personId(), info.apiKeyId(), info.status(),
                info.lastSeq(), before, info.createdAt(), info.updatedAt(), info.sharedAt());
    }

    /** Records a person's decision on a tool call waiting for approval, and lets the run go on. */
    public SessionInfo decide(WorkspaceAccess access, AgentId agentId, SessionId sessionId, String callId,
                              boolean approve) {
        access.require(Permission.WRITE);
        boolean[] resumes = {false};
        SessionInfo info = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo current = NeedToKnow.visible(access, lockedSession(access.workspace(), agentId, sessionId));
            String tool = approvals.decide(access.workspace(), sessionId, callId, approve, access.actor().person());
            log.append(access.workspace(), sessionId, SessionEvent.Kind.APPROVAL_DECIDED,
                    Map.of("callId", callId, "tool", tool, "approved", approve,
                            "decidedBy", access.actor().person().id().toString()), Map.of());
            audit.record(access.event(approve ? "tool_call.approved" : "tool_call.rejected").on("session", sessionId)
                    .with("tool", tool).with("call", callId));
            if (SessionStatus.of(current.status()) == SessionStatus.AWAITING_APPROVAL) {
                resumes[0] = true;
                states.resume(access.workspace(), sessionId);
                leases.take(access.workspace(), sessionId);
            }
            return find(access.workspace(), sessionId);
        });
        log.signal(sessionId, info.lastSeq(), false);
        if (resumes[0]) {
            runner.launch(access.workspace(), sessionId);
        }
        return info;
    }

    /** Stops the current run: at once when it waits for approval, at its next step or chunk when it is working. */
    public SessionInfo cancel(WorkspaceAccess access, AgentId agentId, SessionId sessionId) {
        access.require(Permission.WRITE);
        boolean endedHere = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo current = NeedToKnow.visible(access, lockedSession(access.workspace(), agentId, sessionId));
            audit.record(access.event("session.run_cancelled").on("session", sessionId));
            switch (SessionStatus.of(current.status())) {
                case RUNNING -> {
                    states.requestCancel(access.workspace(), sessionId);
                    return false;
                }
                case AWAITING_APPROVAL, AWAITING_CLIENT -> {
                    approvals.rejectPending(access.workspace(), sessionId, access.actor().person());
                    states.end(access.workspace(), sessionId, SessionEvent.Kind.RUN_CANCELLED,
                            Map.of("reason", "Cancelled by a person."));
                    return true;
                }
                default -> throw CustosException.conflict("nothing-to-cancel", "The session has no run in progress.");
            }
        });
        SessionInfo info = get(access, agentId, sessionId);
        if (endedHere) {
            log.signal(sessionId, info.lastSeq(), true);
        }
        return info;
    }

    public SessionInfo get(WorkspaceAccess access, AgentId agentId, SessionId sessionId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo info = NeedToKnow.visible(access, find(access.workspace(), sessionId));
            if (!info.agentId().equals(agentId.id())) {
                throw CustosException.notFound("Session");
            }
            return info;
        });
    }

    /** A session of the workspace by its id alone (whichever agent it belongs to). */
    public SessionInfo get(WorkspaceAccess access, SessionId sessionId) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> NeedToKnow.visible(access, find(access.workspace(), sessionId)));
    }

    /** A session about to be read, in a review or as a stream of its events: checked, and audited if not one's own. */
    public SessionInfo open(WorkspaceAccess access, AgentId agentId, SessionId sessionId) {
        SessionInfo session = get(access, agentId, sessionId);
        auditReadOfOthers(access, session);
        return session;
    }

    /**
     * Opening someone else's session is access to their personal data (SC-04): audited with whose it was, by id.
     * Reading one's own is not: it would fill the log with every page view of every session.
     */
    private void auditReadOfOthers(WorkspaceAccess access, SessionInfo session) {
        if (!session.personId().equals(access.actor().person().id())) {
            audit.record(access.event("session.read").on("session", session.id())
                    .with("subject", session.personId().toString()));
        }
    }

    /**
     * The session's events after a seq, opened for review. Text deltas are left out unless asked for: the
     * assistant's message holds the whole text.
     */
    public List<SessionEvent> events(WorkspaceAccess access, AgentId agentId, SessionId sessionId, long afterSeq,
                                     boolean withDeltas) {
        open(access, agentId, sessionId);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () ->
                log.after(access.workspace(), sessionId, afterSeq, 10_000).stream()
                        .filter(event -> withDeltas || !event.kind().isStreamingDetail()).toList());
    }

    /** A slice of events for a stream, checked against the caller's access once by the caller. */
    List<SessionEvent> slice(WorkspaceAccess access, SessionId sessionId, long afterSeq) {
        return tenancy.inWorkspace(access.workspace(), access.actor().person(),
                () -> log.after(access.workspace(), sessionId, afterSeq, 500));
    }

    SessionInfo lockedSession(WorkspaceId workspace, AgentId agentId, SessionId sessionId) {
        return jdbc.sql("""
                        SELECT * FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s AND agent_id = :a
                        FOR UPDATE""")
                .param("ws", workspace.id()).param("s", sessionId).param("a", agentId)
                .query(Sessions::info).optional().orElseThrow(() -> CustosException.notFound("Session"));
    }

    SessionInfo find(WorkspaceId workspace, SessionId sessionId) {
        return jdbc.sql("SELECT * FROM agent_sessions WHERE workspace_id = :ws AND session_id = :s")
                .param("ws", workspace.id()).param("s", sessionId)
                .query(Sessions::info).optional().orElseThrow(() -> CustosException.notFound("Session"));
    }

    private static void checkMessage(String message) {
        if (message.isBlank()) {
            throw CustosException.invalid("empty-message", "The message is empty.");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw CustosException.invalid("message-too-long",
                    "A message may hold at most " + MAX_MESSAGE_CHARS + " characters.");
        }
    }

    static SessionInfo info(ResultSet rs, int row) throws SQLException {
        return new SessionInfo(rs.getObject("session_id", UUID.class), rs.getObject("agent_id", UUID.class),
                rs.getObject("person_id", UUID.class), rs.getObject("api_key_id", UUID.class), rs.getString("status"),
                rs.getLong("last_seq"), rs.getLong("last_seq"), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"), SqlTime.instant(rs, "shared_at"));
    }
}
