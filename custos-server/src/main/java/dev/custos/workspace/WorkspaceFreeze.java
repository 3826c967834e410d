package dev.custos.workspace;

import java.time.Clock;
import java.util.Optional;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace frozen while it moves to another region's installation: {@link Workspaces#access} refuses every
 * request to it (409 workspace-moving), on every node at once (the change is noticed), so nothing is written here
 * that its package lacks. Each step is audited in the workspace's own chain, which travels with it.
 */
@Service
public class WorkspaceFreeze {

    /** A frozen workspace: where it is, where it goes, and the digest of the package handed out, once taken. */
    public record Frozen(Workspace.Region from, Workspace.Region to, @Nullable String packageDigest) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    WorkspaceFreeze(JdbcClient jdbc, Tenancy tenancy, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Freezes the workspace for a move to {@code to}; refused when a move has already started. */
    public void freeze(WorkspaceId workspace, Workspace.Region to, PersonId admin) {
        tenancy.inWorkspace(workspace, admin, () -> {
            Frozen current = frozen(workspace).orElse(null);
            if (current != null) {
                throw CustosException.conflict("move-started", "This workspace is already being moved to "
                        + current.to() + ": complete that move, or call it off first.");
            }
            jdbc.sql("UPDATE workspaces SET moving_to = :to, updated_at = :now WHERE workspace_id = :w")
                    .param("to", to.name()).param("now", SqlTime.of(clock.instant())).param("w", workspace.id())
                    .update();
            audit.record(AuditEvent.of(workspace, admin, "workspace.move_started").on("workspace", workspace)
                    .with("to", to.name()));
        });
    }

    /** Records the digest of the package handed out: the receipt that allows the erasure must match it. */
    public void packaged(WorkspaceId workspace, String digest, PersonId admin) {
        tenancy.inWorkspace(workspace, admin, () -> {
            jdbc.sql("UPDATE workspaces SET move_digest = :d WHERE workspace_id = :w AND moving_to IS NOT NULL")
                    .param("d", digest).param("w", workspace.id()).update();
            audit.record(AuditEvent.of(workspace, admin, "workspace.move_packaged").on("workspace", workspace)
                    .with("digest", digest));
        });
    }

    /** Calls a move off: the workspace opens again here, as it was. */
    public void thaw(WorkspaceId workspace, PersonId admin) {
        tenancy.inWorkspace(workspace, admin, () -> {
            if (frozen(workspace).isEmpty()) {
                throw CustosException.conflict("no-move", "This workspace is not being moved.");
            }
            jdbc.sql("""
                            UPDATE workspaces SET moving_to = NULL, move_digest = NULL, updated_at = :now
                            WHERE workspace_id = :w""")
                    .param("now", SqlTime.of(clock.instant())).param("w", workspace.id()).update();
            audit.record(AuditEvent.of(workspace, admin, "workspace.move_called_off").on("workspace", workspace));
        });
    }

    /** The workspace's move under way, if any. */
    public Optional<Frozen> frozen(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT region, moving_to, move_digest FROM workspaces
                        WHERE workspace_id = :w AND moving_to IS NOT NULL""")
                .param("w", workspace.id())
                .query((rs, n) -> new Frozen(Workspace.Region.valueOf(rs.getString(1)),
                        Workspace.Region.valueOf(rs.getString(2)), rs.getString(3)))
                .optional());
    }

    /**
     * A workspace that arrived here from another installation, its rows copied as they were there: it is now in
     * {@code region}, and open. Joins the caller's transaction.
     */
    public void arrived(WorkspaceId workspace, Workspace.Region region) {
        tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        UPDATE workspaces SET region = :r, moving_to = NULL, move_digest = NULL, updated_at = :now
                        WHERE workspace_id = :w""")
                .param("r", region.name()).param("now", SqlTime.of(clock.instant())).param("w", workspace.id())
                .update());
    }
}
