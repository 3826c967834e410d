package dev.custos.privacy.governance;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.platform.ClusterJobs;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.erasure.WorkspaceDeletion;
import dev.custos.privacy.export.WorkspaceDataExport;
import dev.custos.privacy.retention.LegalHolds;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The end of a customer's contract (RT-07). The workspace's owner instructs, confirming with their password:
 * {@code return} makes the whole workspace downloadable and deletes it after the return window (30 days by
 * default, never more than 60); {@code delete} deletes it at the next run of the job. Until then the owner may
 * download it again, change the instruction, or withdraw it. A legal hold on the workspace postpones deletion.
 */
@Service
public class WorkspaceClosures {

    /** The instruction and where it stands. */
    public record Closure(UUID workspaceId, String instruction, Instant requestedAt, Instant deleteAfter,
                          @Nullable Instant exportedAt, @Nullable Instant deletedAt) {
    }

    static final Duration LONGEST = Duration.ofDays(60);
    private static final Logger log = LoggerFactory.getLogger(WorkspaceClosures.class);

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration returnWindow;
    private final WorkspaceDeletion deletion;
    private final WorkspaceDataExport export;
    private final ClusterJobs jobs;
    private final LegalHolds holds;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    WorkspaceClosures(JdbcClient jdbc, Tenancy tenancy, Accounts accounts, AuditLog audit, Clock clock,
                      @Value("${custos.privacy.return-window:30d}") Duration returnWindow,
                      WorkspaceDeletion deletion, WorkspaceDataExport export, ClusterJobs jobs,
                      LegalHolds holds) {
        this.holds = holds;
        this.jobs = jobs;
        if (returnWindow.isNegative() || returnWindow.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("custos.privacy.return-window must be between 0 and 60 days");
        }
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.returnWindow = returnWindow;
        this.deletion = deletion;
        this.export = export;
    }

    /** Records the owner's instruction (or replaces an earlier one still pending). */
    public Closure instruct(WorkspaceAccess access, String instruction, String password) {
        access.require(Permission.OWN);
        String kind = instruction.toLowerCase(Locale.ROOT);
        if (!kind.equals("return") && !kind.equals("delete")) {
            throw CustosException.invalid("unknown-instruction", "instruction must be return or delete.");
        }
        access.actor().requireSignedIn("Ending a contract");
        accounts.reverify(access.actor().person(), password, "workspace_closure");
        Instant now = clock.instant();
        Instant deleteAfter = kind.equals("delete") ? now : now.plus(returnWindow);
        Closure closure = tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO workspace_closures (workspace_id, instruction, requested_by, requested_at, delete_after)
                    VALUES (:w, :kind, :by, :now, :after)
                    ON CONFLICT (workspace_id) DO UPDATE SET instruction = :kind, requested_by = :by,
                        requested_at = :now, delete_after = :after""")
                    .param("w", access.workspace().id()).param("kind", kind).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(now)).param("after", SqlTime.of(deleteAfter)).update();
            audit.record(access.event("workspace.closure_instructed").on("workspace", access.workspace())
                    .with("instruction", kind).with("delete_after", deleteAfter.toString()));
            return find(access.workspace()).orElseThrow();
        });
        if (kind.equals("delete")) {
            background.submit(this::runDue);
        }
        return closure;
    }

    public Optional<Closure> get(WorkspaceAccess access) {
        access.require(Permission.MANAGE_WORKSPACE);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> find(access.workspace()));
    }

    /** Withdraws a pending instruction: the contract goes on. */
    public void withdraw(WorkspaceAccess access) {
        access.require(Permission.OWN);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int withdrawn = jdbc.sql("DELETE FROM workspace_closures WHERE workspace_id = :w AND deleted_at IS NULL")
                    .param("w", access.workspace().id()).update();
            if (withdrawn == 0) {
                throw CustosException.notFound("closure");
            }
            audit.record(access.event("workspace.closure_withdrawn").on("workspace", access.workspace()));
        });
    }

    /** Streams the whole workspace for its owner, and records that it was returned. */
    public void export(WorkspaceAccess access, OutputStream out) {
        access.require(Permission.OWN);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("UPDATE workspace_closures SET exported_at = :now WHERE workspace_id = :w")
                    .param("now", SqlTime.of(clock.instant())).param("w", access.workspace().id()).update();
            audit.record(access.event("workspace.exported").on("workspace", access.workspace()));
        });
        export.write(access.workspace(), out);
    }

    /** Deletes every workspace whose closure is due, each in its own transaction; one node at a time. */
    @Scheduled(fixedDelayString = "${custos.privacy.erasure-interval:30s}", initialDelayString = "15s")
    public synchronized int runDue() {
        return jobs.runAlone("workspace-closures", this::deleteDue).orElse(0);
    }

    private int deleteDue() {
        Instant now = clock.instant();
        List<UUID> due = jdbc.sql("SELECT * FROM due_workspace_closures(:now)").param("now", SqlTime.of(now))
                .query(UUID.class).list();
        int deleted = 0;
        for (UUID id : due) {
            WorkspaceId workspace = new WorkspaceId(id);
            if (holds.holds(workspace)) {
                continue; // deleted once the hold is released
            }
            try {
                deletion.delete(workspace, "contract_ended");
                tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                                "UPDATE workspace_closures SET deleted_at = :now WHERE workspace_id = :w")
                        .param("now", SqlTime.of(clock.instant())).param("w", id).update());
                deleted++;
            } catch (RuntimeException e) {
                log.warn("Closing workspace {} failed ({}); it will be retried", id, e.getClass().getSimpleName());
            }
        }
        return deleted;
    }

    private Optional<Closure> find(WorkspaceId workspace) {
        return jdbc.sql("""
                        SELECT instruction, requested_at, delete_after, exported_at, deleted_at
                        FROM workspace_closures WHERE workspace_id = :w""")
                .param("w", workspace.id())
                .query((rs, n) -> new Closure(workspace.id(), rs.getString("instruction"),
                        SqlTime.instant(rs, "requested_at"), SqlTime.instant(rs, "delete_after"),
                        SqlTime.instant(rs, "exported_at"), SqlTime.instant(rs, "deleted_at")))
                .optional();
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
