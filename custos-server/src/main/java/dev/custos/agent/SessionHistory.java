package dev.custos.agent;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A workspace's sessions as people look for them: newest first, filtered, searched in what was said (AI-01). */
@Service
public class SessionHistory {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final SessionLog log;
    private final AuditLog audit;

    SessionHistory(JdbcClient jdbc, Tenancy tenancy, SessionLog log, AuditLog audit) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.log = log;
        this.audit = audit;
    }

    /** Sessions of the workspace, newest first, optionally of one agent. */
    public List<SessionInfo> list(WorkspaceAccess access, @Nullable UUID agentId, int limit) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> NeedToKnow.bind(jdbc.sql("""
                        SELECT * FROM agent_sessions WHERE workspace_id = :ws
                          AND (CAST(:agent AS uuid) IS NULL OR agent_id = :agent) AND %s
                        ORDER BY updated_at DESC LIMIT :limit""".formatted(NeedToKnow.VISIBLE)), access)
                .param("ws", access.workspace().id()).param("agent", agentId).param("limit", limit)
                .query(Sessions::info).list());
    }

    /**
     * The workspace's session history, newest first, filtered; with words to find, the newest
     * {@value SessionQuery#SEARCH_SCOPE} sessions that pass the filters are opened and searched.
     */
    public List<SessionSummary> search(WorkspaceAccess access, SessionQuery query) {
        access.require(Permission.READ);
        if (query.text() != null) {
            // A word search opens what everyone in the workspace said: access to personal data (SC-04). The words
            // themselves are not recorded, only that a search was made.
            audit.record(access.event("sessions.searched").with("filters", query.person() == null ? "workspace"
                    : "one_person"));
        }
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            List<SessionInfo> candidates = NeedToKnow.bind(jdbc.sql("""
                            SELECT * FROM agent_sessions WHERE workspace_id = :ws
                              AND (CAST(:agent AS uuid) IS NULL OR agent_id = :agent)
                              AND (CAST(:status AS text) IS NULL OR status = :status)
                              AND (CAST(:person AS uuid) IS NULL OR person_id = :person)
                              AND (CAST(:from AS timestamptz) IS NULL OR updated_at >= :from)
                              AND (CAST(:to AS timestamptz) IS NULL OR updated_at < :to) AND %s
                            ORDER BY updated_at DESC, session_id LIMIT :limit""".formatted(NeedToKnow.VISIBLE)), access)
                    .param("ws", access.workspace().id()).param("agent", query.agent()).param("status", query.status())
                    .param("person", query.person()).param("from", SqlTime.of(query.from()))
                    .param("to", SqlTime.of(query.to()))
                    .param("limit", query.text() == null ? query.limit() : SessionQuery.SEARCH_SCOPE)
                    .query(Sessions::info).list();
            var texts = log.messages(access.workspace(), candidates.stream().map(SessionInfo::id).toList());
            String wanted = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
            return candidates.stream()
                    .filter(session -> wanted == null || texts.getOrDefault(session.id(), SessionLog.Said.NOTHING)
                            .texts().stream()
                            .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(wanted)))
                    .limit(query.limit())
                    .map(session -> new SessionSummary(session, title(texts.getOrDefault(session.id(),
                            SessionLog.Said.NOTHING))))
                    .toList();
        });
    }

    /** How many of the workspace's sessions have a run working now (a move waits for them to end). */
    public int running(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT count(*) FROM agent_sessions WHERE workspace_id = :ws AND status = 'running'")
                .param("ws", workspace.id()).query(Integer.class).single());
    }

    private static String title(SessionLog.Said said) {
        if (said.texts().isEmpty()) {
            return said.erased() ? "(content erased)" : "(nothing said yet)";
        }
        String first = said.texts().getFirst().strip().replaceAll("\\s+", " ");
        return first.length() <= 80 ? first : first.substring(0, 79) + "…";
    }
}
