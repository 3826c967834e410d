package dev.custos.billing;

import java.util.List;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.Workspaces;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/workspaces/{id}/billing/transactions}: the ledger, for the workspace's owner and admins. */
@RestController
class LedgerController {

    private final Ledger ledger;
    private final Workspaces workspaces;

    LedgerController(Ledger ledger, Workspaces workspaces) {
        this.ledger = ledger;
        this.workspaces = workspaces;
    }

    @GetMapping("/api/workspaces/{workspaceId}/billing/transactions")
    List<Ledger.Transaction> transactions(Actor actor, @PathVariable UUID workspaceId) {
        return ledger.transactions(workspaces.access(actor, new WorkspaceId(workspaceId)));
    }
}
