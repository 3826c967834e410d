package dev.custos.agent;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.SessionErasure;
import dev.custos.tool.ToolTables;
import dev.custos.usage.UsageTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The agent module's tables: agents, their sessions and what a session holds (events, approvals, leases). The
 * privacy engine erases, exports, deletes and expires them through here; a session takes its files with it
 * (the tool module's, which have no foreign key to cascade from) and leaves its usage records without its id.
 */
@Component
class AgentTables extends OwnedTables implements SessionErasure {

    private final ToolTables toolTables;
    private final UsageTables usageTables;

    AgentTables(JdbcClient jdbc, Tenancy tenancy, ToolTables toolTables, UsageTables usageTables) {
        super(jdbc, tenancy, Set.of("agents", "agent_sessions", "session_events", "tool_approvals", "run_leases",
                "agent_schedules", "terminal_tool_policies"),
                // A run log expires once its session is idle: a running session is never cut short.
                List.of(new Expiry(RetentionRule.RUN_LOGS, "agent_sessions", "updated_at", "t.status = 'idle'",
                        "person_id", "session_id")));
        this.toolTables = toolTables;
        this.usageTables = usageTables;
    }

    @Override
    protected void expired(Expiry expiry, WorkspaceId workspace, List<Object> sessions) {
        toolTables.deleteSessionFiles(workspace, sessions);
    }

    @Override
    public int erase(WorkspaceId workspace, List<UUID> sessions) {
        UUID[] ids = sessions.stream().distinct().toArray(UUID[]::new);
        return tenancy.inWorkspace(workspace, null, () -> {
            long found = jdbc.sql(
                            "SELECT count(*) FROM agent_sessions WHERE workspace_id = :w AND session_id = ANY(:ids)")
                    .param("w", workspace.id()).param("ids", ids).query(Long.class).single();
            if (found != ids.length) {
                throw CustosException.invalid("unknown-session", "Every session to erase must be one of this "
                        + "workspace's; nothing was changed.");
            }
            usageTables.forgetSessions(workspace, List.of(ids));
            toolTables.deleteSessionFiles(workspace, List.of(ids));
            return jdbc.sql("DELETE FROM agent_sessions WHERE workspace_id = :w AND session_id = ANY(:ids)")
                    .param("w", workspace.id()).param("ids", ids).update(); // events, approvals, leases cascade
        });
    }
}
