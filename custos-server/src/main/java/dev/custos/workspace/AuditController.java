package dev.custos.workspace;

import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEntry;
import dev.custos.audit.AuditLog;
import dev.custos.audit.ChainVerification;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading and verifying audit chains: a workspace's for its owners and admins ({@code ?workspaceId=}), the
 * installation's (sign-ins, sign-ups) for installation administrators. Authorisation is a workspace matter, so
 * this controller lives here rather than in the audit module.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditLog audit;
    private final Workspaces workspaces;
    private final Accounts accounts;

    AuditController(AuditLog audit, Workspaces workspaces, Accounts accounts) {
        this.audit = audit;
        this.workspaces = workspaces;
        this.accounts = accounts;
    }

    @GetMapping
    List<AuditEntry> entries(Actor actor, @RequestParam(required = false) @Nullable UUID workspaceId,
                             @RequestParam(required = false) @Nullable Long before,
                             @RequestParam(defaultValue = "100") int limit) {
        return audit.entries(chain(actor, workspaceId), before, Math.clamp(limit, 1, 1000));
    }

    @GetMapping("/verification")
    ChainVerification verify(Actor actor, @RequestParam(required = false) @Nullable UUID workspaceId) {
        return audit.verify(chain(actor, workspaceId));
    }

    private WorkspaceId chain(Actor actor, @Nullable UUID workspaceId) {
        if (workspaceId != null) {
            return workspaces.access(actor, new WorkspaceId(workspaceId)).require(Permission.READ_AUDIT).workspace();
        }
        accounts.requireInstallationAdmin(actor, "Only installation administrators read the installation's audit log.");
        return WorkspaceId.INSTALLATION;
    }
}
