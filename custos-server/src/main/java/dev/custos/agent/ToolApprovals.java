package dev.custos.agent;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.custos.model.ChatEvent;
import dev.custos.platform.PersonId;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tool calls that wait for a person's decision (AI-06), in {@code tool_approvals}: asked for once, decided once,
 * by whom and when. Every method runs in the caller's workspace-bound transaction.
 */
@Component
class ToolApprovals {

    /** Where a call needing approval stands. */
    enum Decision { PENDING, APPROVED, REJECTED }

    private final JdbcClient jdbc;
    private final SessionLog sessionLog;
    private final Clock clock;

    ToolApprovals(JdbcClient jdbc, SessionLog sessionLog, Clock clock) {
        this.jdbc = jdbc;
        this.sessionLog = sessionLog;
        this.clock = clock;
    }

    /** The decision on a call; asks for one (recorded, and shown in the session) if none was asked yet. */
    Decision decisionOn(WorkspaceId workspace, SessionId session, ChatEvent.ToolCall call) {
        Optional<String> status = jdbc.sql("""
                        SELECT status FROM tool_approvals WHERE workspace_id = :ws AND session_id = :s AND call_id = :c""")
                .param("ws", workspace.id()).param("s", session).param("c", call.id()).query(String.class).optional();
        if (status.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO tool_approvals (workspace_id, session_id, call_id, tool, status, requested_at)
                    VALUES (:ws, :s, :c, :tool, 'pending', :now)""")
                    .param("ws", workspace.id()).param("s", session).param("c", call.id()).param("tool", call.name())
                    .param("now", SqlTime.of(clock.instant())).update();
            sessionLog.append(workspace, session, SessionEvent.Kind.APPROVAL_REQUESTED,
                    Map.of("callId", call.id(), "tool", call.name()), Map.of("arguments", call.argumentsJson()));
            return Decision.PENDING;
        }
        return Decision.valueOf(status.get().toUpperCase(Locale.ROOT));
    }

    /** A person's decision on a pending call; returns the call's tool. Refused when nothing waits under that id. */
    String decide(WorkspaceId workspace, SessionId session, String callId, boolean approve, PersonId by) {
        return jdbc.sql("""
                        UPDATE tool_approvals SET status = :status, decided_by = :by, decided_at = :now
                        WHERE workspace_id = :ws AND session_id = :session AND call_id = :call
                          AND status = 'pending' RETURNING tool""")
                .param("status", approve ? "approved" : "rejected").param("by", by.id())
                .param("now", SqlTime.of(clock.instant())).param("ws", workspace.id())
                .param("session", session).param("call", callId)
                .query(String.class).optional()
                .orElseThrow(() -> CustosException.conflict("no-pending-approval",
                        "No tool call with that id is waiting for a decision in this session."));
    }

    /** The run was cancelled while it waited: what waited is rejected, by whoever cancelled. */
    void rejectPending(WorkspaceId workspace, SessionId session, PersonId by) {
        jdbc.sql("""
                UPDATE tool_approvals SET status = 'rejected', decided_by = :by, decided_at = :now
                WHERE workspace_id = :ws AND session_id = :s AND status = 'pending'""")
                .param("by", by.id()).param("now", SqlTime.of(clock.instant()))
                .param("ws", workspace.id()).param("s", session).update();
    }
}
