package dev.custos.tool;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tool module's tables: tool settings, sealed tool credentials and session files; the privacy engine erases,
 * exports and deletes them through here, and a session's files go when the session does.
 */
@Component
public class ToolTables extends OwnedTables {

    ToolTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("tool_settings", "tool_credentials", "session_files"), List.of());
    }

    /**
     * Deletes the files of these sessions of the workspace (they have no foreign key to cascade from), in the
     * caller's transaction: the sessions are being erased or have expired.
     */
    public int deleteSessionFiles(WorkspaceId workspace, List<?> sessions) {
        return jdbc.sql("DELETE FROM session_files WHERE workspace_id = :w AND session_id = ANY(:ids)")
                .param("w", workspace.id()).param("ids", sessions.stream().map(id -> (UUID) id).toArray(UUID[]::new))
                .update();
    }
}
