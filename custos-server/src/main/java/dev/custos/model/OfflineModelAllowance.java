package dev.custos.model;

import dev.custos.workspace.WorkspaceCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Allows the offline demo model in every new workspace: it runs in-process, so no content leaves the machine,
 * and agents can be tried before anyone registers a provider. Any other provider waits for an admin.
 */
@Component
class OfflineModelAllowance {

    private final WorkspaceModels workspaceModels;

    OfflineModelAllowance(WorkspaceModels workspaceModels) {
        this.workspaceModels = workspaceModels;
    }

    @EventListener
    @Order(0)
    void on(WorkspaceCreated created) {
        workspaceModels.allowOffline(created.workspace(), created.owner());
    }
}
