package dev.custos.privacy.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace's public request form (DR-12): the owner publishes {@code /requests/{code}} to the people whose data
 * the workspace holds, so they can make a request without an account and without knowing any id of ours. The
 * code is short, random and replaceable: replacing it retires the old link at once.
 */
@Service
public class RequestForms {

    /** A published form: its code and the address people open. */
    public record Form(String code, String url, Instant publishedAt) {
    }

    /** What the public page shows: whose form it is. */
    public record PublicForm(WorkspaceId workspace, String organisation) {
    }

    static final int CODE_LENGTH = 10;

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Workspaces workspaces;
    private final AuditLog audit;
    private final Clock clock;
    private final String baseUrl;

    RequestForms(JdbcClient jdbc, Tenancy tenancy, Workspaces workspaces, AuditLog audit, Clock clock,
                 @Value("${custos.identity.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    public Optional<Form> current(WorkspaceAccess access) {
        access.require(Permission.OWN);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT code, created_at FROM request_forms WHERE workspace_id = :w")
                .param("w", access.workspace().id())
                .query((rs, n) -> form(rs.getString(1), SqlTime.instant(rs, "created_at"))).optional());
    }

    /** Publishes the workspace's form, or replaces its code (the old link stops working). */
    public Form publish(WorkspaceAccess access) {
        access.require(Permission.OWN);
        String code = Secrets.random(CODE_LENGTH);
        Instant now = clock.instant();
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            boolean replaced = jdbc.sql("""
                            INSERT INTO request_forms (workspace_id, code, code_hash, created_by, created_at)
                            VALUES (:w, :code, :hash, :by, :now)
                            ON CONFLICT (workspace_id) DO UPDATE SET code = :code, code_hash = :hash, created_by = :by,
                                                                     created_at = :now
                            RETURNING (xmax <> 0)""")
                    .param("w", access.workspace().id()).param("code", code).param("hash", Secrets.sha256(code))
                    .param("by", access.actor().person().id()).param("now", SqlTime.of(now))
                    .query(Boolean.class).single();
            audit.record(access.event(replaced ? "request_form.replaced" : "request_form.published")
                    .on("workspace", access.workspace()));
        });
        return form(code, now);
    }

    /** The form a public link names, if it is a current one. */
    Optional<PublicForm> open(String code) {
        if (!code.matches("[0-9A-Za-z]{" + CODE_LENGTH + "}")) {
            return Optional.empty();
        }
        return tenancy.withCredential(Secrets.sha256(code), () -> jdbc.sql("SELECT workspace_id FROM request_forms")
                        .query((rs, n) -> new WorkspaceId(rs.getObject(1, UUID.class))).optional())
                .map(workspace -> new PublicForm(workspace, workspaces.name(workspace)));
    }

    private Form form(String code, Instant publishedAt) {
        return new Form(code, baseUrl + "/requests/" + code, publishedAt);
    }
}
