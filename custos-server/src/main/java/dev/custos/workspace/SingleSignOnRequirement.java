package dev.custos.workspace;

import java.time.Clock;
import java.util.List;

import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A workspace's requirement that its members have a single sign-on identity ({@link Workspaces#access} enforces
 * it). Turning it on needs what the gates allow (a plan with single sign-on), and that whoever turns it on has such
 * an identity: the setting never locks out the person who sets it.
 */
@Service
public class SingleSignOnRequirement {

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final People people;
    private final AuditLog audit;
    private final ChangeNotices notices;
    private final Clock clock;
    private final List<SingleSignOnGate> gates;

    SingleSignOnRequirement(JdbcClient jdbc, Tenancy tenancy, People people, AuditLog audit, ChangeNotices notices,
                            Clock clock, List<SingleSignOnGate> gates) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.people = people;
        this.audit = audit;
        this.notices = notices;
        this.clock = clock;
        this.gates = List.copyOf(gates);
    }

    public void set(WorkspaceAccess access, boolean required) {
        access.require(Permission.MANAGE_WORKSPACE);
        if (required) {
            gates.forEach(gate -> gate.beforeRequiring(access.workspace()));
            if (!people.hasExternalIdentity(access.actor().person())) {
                throw CustosException.conflict("sso-not-linked", "Sign in once through single sign-on yourself "
                        + "before requiring it of everyone.");
            }
        }
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            notices.changedHere("access", ChangeNotices.ALL);
            jdbc.sql("UPDATE workspaces SET require_sso = :r, updated_at = :now WHERE workspace_id = :w")
                    .param("r", required).param("now", SqlTime.of(clock.instant())).param("w", access.workspace().id())
                    .update();
            audit.record(access.event("workspace.sso_requirement").on("workspace", access.workspace())
                    .with("required", String.valueOf(required)));
        });
    }

    public boolean required(WorkspaceAccess access) {
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql(
                        "SELECT require_sso FROM workspaces WHERE workspace_id = :w")
                .param("w", access.workspace().id()).query(Boolean.class).single());
    }
}
