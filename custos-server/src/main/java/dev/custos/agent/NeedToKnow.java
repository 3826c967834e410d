package dev.custos.agent;

import java.time.Clock;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.platform.SessionId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who sees a session (need-to-know), and sharing one with the whole workspace on purpose. */
@Component
public class NeedToKnow {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    NeedToKnow(JdbcClient jdbc, Tenancy tenancy, Sessions sessions, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Need-to-know (KAIRO): a session is the business of the person who ran it and of those who review the
     * workspace's sessions (owners and admins), unless it was shared with the whole workspace. To anyone else it
     * does not exist.
     */
    static SessionInfo visible(WorkspaceAccess access, SessionInfo session) {
        if (session.personId().equals(access.actor().person().id()) || session.shared()
                || access.can(Permission.REVIEW_SESSIONS)) {
            return session;
        }
        throw CustosException.notFound("Session");
    }

    /** The SQL condition, on agent_sessions, for the sessions this caller may see (bound by {@link #bind}). */
    static final String VISIBLE = "(person_id = :me OR shared_at IS NOT NULL OR :all)";

    /** Binds {@link #VISIBLE}'s parameters for this caller. */
    static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, WorkspaceAccess access) {
        return statement.param("me", access.actor().person().id()).param("all", access.can(Permission.REVIEW_SESSIONS));
    }

    /**
     * Shares a session with the whole workspace, or takes it back to need-to-know: the person who ran it may, and
     * those who review sessions. Audited either way.
     */
    public SessionInfo share(WorkspaceAccess access, UUID sessionId, boolean shared) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            SessionInfo session = visible(access, sessions.find(access.workspace(), new SessionId(sessionId)));
            if (!session.personId().equals(access.actor().person().id()) && !access.can(Permission.REVIEW_SESSIONS)) {
                throw CustosException.forbidden("Only the person who ran this session, or an owner or admin, shares "
                        + "it with the workspace.");
            }
            jdbc.sql("""
                    UPDATE agent_sessions SET shared_at = :at, shared_by = :by
                    WHERE workspace_id = :ws AND session_id = :s""")
                    .param("at", shared ? SqlTime.of(clock.instant()) : null)
                    .param("by", shared ? access.actor().person().id() : null)
                    .param("ws", access.workspace().id()).param("s", sessionId).update();
            audit.record(access.event(shared ? "session.shared" : "session.unshared").on("session", sessionId));
            return sessions.find(access.workspace(), new SessionId(sessionId));
        });
    }
}
