package dev.custos.agent;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.custos.audit.AuditLog;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What a workspace lets terminal clients offer its agents from a person's machine ({@link LocalTools}): all of
 * them, reading only, or none. Applied where a session takes the tools a client offers, so a tool the workspace
 * does not allow is never described to the model, and a call of it is answered as an unknown tool.
 */
@Service
public class TerminalToolPolicy {

    /** How far a workspace lets terminals go. */
    public enum Allowed {
        ALL, READ, NONE;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Allowed of(String key) {
            for (Allowed allowed : values()) {
                if (allowed.key().equals(key)) {
                    return allowed;
                }
            }
            throw CustosException.invalid("unknown-terminal-policy", "allowed must be all, read or none.");
        }
    }

    /** The reading tools, which {@link Allowed#READ} keeps. */
    static final Set<String> READING = Set.of("local_list_files", "local_read_file", "local_search_files");

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    TerminalToolPolicy(JdbcClient jdbc, Tenancy tenancy, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    public Allowed get(WorkspaceAccess access) {
        access.require(Permission.READ);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> allowed(access.workspace()));
    }

    public Allowed change(WorkspaceAccess access, Allowed allowed) {
        access.require(Permission.MANAGE_WORKSPACE);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO terminal_tool_policies (workspace_id, allowed, updated_by, updated_at)
                    VALUES (:ws, :allowed, :by, :now)
                    ON CONFLICT (workspace_id) DO UPDATE SET allowed = :allowed, updated_by = :by, updated_at = :now""")
                    .param("ws", access.workspace().id()).param("allowed", allowed.key())
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant())).update();
            audit.record(access.event("terminal_tools.changed").with("allowed", allowed.key()));
        });
        return allowed;
    }

    /** Of the tools a client offers, those the workspace allows; in the caller's workspace-bound transaction. */
    List<String> permitted(WorkspaceId workspace, List<String> offered) {
        return switch (allowed(workspace)) {
            case ALL -> offered;
            case READ -> offered.stream().filter(READING::contains).toList();
            case NONE -> List.of();
        };
    }

    private Allowed allowed(WorkspaceId workspace) {
        return jdbc.sql("SELECT allowed FROM terminal_tool_policies WHERE workspace_id = :ws")
                .param("ws", workspace.id()).query(String.class).optional().map(Allowed::of).orElse(Allowed.ALL);
    }
}
