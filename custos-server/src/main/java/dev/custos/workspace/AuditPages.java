package dev.custos.workspace;

import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.audit.AuditEntry;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log viewer: the workspace's chain, newest first, a page at a time, with the chain verified on every
 * visit (it is re-hashed on the server) — for owners and admins.
 */
@Controller
class AuditPages {

    private static final int PAGE = 50;

    private final AuditLog audit;
    private final Workspaces workspaces;

    AuditPages(AuditLog audit, Workspaces workspaces) {
        this.audit = audit;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/audit")
    String audit(Actor actor, @PathVariable UUID workspaceId, @RequestParam(required = false) Long before, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId)).require(Permission.READ_AUDIT);
        var entries = audit.entries(access.workspace(), before, PAGE);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("verification", audit.verify(access.workspace()));
        model.addAttribute("entries", entries);
        model.addAttribute("actors", entries.stream().collect(Collectors.toMap(AuditEntry::seq,
                AuditPages::actor)));
        model.addAttribute("older", entries.size() == PAGE ? entries.getLast().seq() : null);
        return "workspace/audit";
    }

    /** How an entry's actor reads in the log: a kind and an opaque id, never a name. */
    static String actor(AuditEntry entry) {
        return entry.actorId() == null ? entry.actorKind() : entry.actorKind() + " " + entry.actorId().toString()
                .substring(0, 8);
    }
}
