package dev.custos.workspace;

import dev.custos.identity.AccountCreated;
import dev.custos.identity.Actor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the installation's first account a workspace to start in, so a fresh installation is usable at once
 * and offline. It is created in the sign-up transaction: the account and its workspace exist together or not.
 */
@Component
class DemoWorkspace {

    static final String NAME = "Demo workspace";

    private final Workspaces workspaces;
    private final Regions regions;

    DemoWorkspace(Workspaces workspaces, Regions regions) {
        this.workspaces = workspaces;
        this.regions = regions;
    }

    @EventListener
    void on(AccountCreated account) {
        if (account.firstAccount()) {
            workspaces.create(Actor.person(account.person()), NAME, regions.defaultRegion(), true);
        }
    }
}
