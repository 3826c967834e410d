package dev.custos.privacy.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.requests.EndUserRequests;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Data processing agreements and processor mode (GV-04, DR-12). The owner of a workspace accepts the DPA on
 * record and says whether the organisation controls its end users' data (processor mode). A request from one
 * of those end users is then routed to the workspace's owners, and Custos acts on it only on their instruction;
 * without processor mode it goes to the installation's administrators ({@link EndUserRequests}).
 */
@Service
public class DataProcessing {

    /** The current DPA a workspace accepts. */
    public static final String DPA_VERSION = "2026-11";

    /** A workspace's agreement on record, or none. */
    public record Agreement(boolean processorMode, String dpaVersion, UUID acceptedBy, Instant acceptedAt) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    DataProcessing(JdbcClient jdbc, Tenancy tenancy, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The owner accepts the DPA and sets the workspace's role (GV-04). */
    public Agreement agree(WorkspaceAccess access, boolean processorMode, String dpaVersion) {
        access.require(Permission.OWN);
        if (!DPA_VERSION.equals(dpaVersion)) {
            throw CustosException.invalid("unknown-dpa-version", "Accept the current agreement, version "
                    + DPA_VERSION + ".");
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO workspace_data_agreements (workspace_id, processor_mode, dpa_version, accepted_by,
                                                           accepted_at)
                    VALUES (:w, :mode, :version, :by, :now)
                    ON CONFLICT (workspace_id) DO UPDATE SET processor_mode = :mode, dpa_version = :version,
                        accepted_by = :by, accepted_at = :now""")
                    .param("w", access.workspace().id()).param("mode", processorMode).param("version", dpaVersion)
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(clock.instant())).update();
            audit.record(access.event("data_processing.agreed").with("processor_mode", "" + processorMode)
                    .with("dpa_version", dpaVersion));
        });
        return agreement(access).orElseThrow();
    }

    public Optional<Agreement> agreement(WorkspaceAccess access) {
        access.require(Permission.READ);
        return agreement(access.workspace());
    }

    private Optional<Agreement> agreement(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql(
                        "SELECT * FROM workspace_data_agreements WHERE workspace_id = :w")
                .param("w", workspace.id())
                .query((rs, n) -> new Agreement(rs.getBoolean("processor_mode"), rs.getString("dpa_version"),
                        rs.getObject("accepted_by", UUID.class), SqlTime.instant(rs, "accepted_at")))
                .optional());
    }

    /** Whether the workspace's organisation controls its end users' data (processor mode), so its owners decide. */
    public boolean processorMode(WorkspaceId workspace) {
        return agreement(workspace).map(Agreement::processorMode).orElse(false);
    }
}
