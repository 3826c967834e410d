package dev.custos.usage;

import java.util.function.LongSupplier;

import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.SeatLimit;
import dev.custos.workspace.SingleSignOnGate;
import org.springframework.stereotype.Component;

/** A plan's checks inside the workspace module: its seats when someone joins, its single sign-on when required. */
@Component
class PlanChecks implements SeatLimit, SingleSignOnGate {

    private final Entitlements entitlements;

    PlanChecks(Entitlements entitlements) {
        this.entitlements = entitlements;
    }

    @Override
    public void beforeJoining(WorkspaceId workspace, LongSupplier members) {
        if (entitlements.limit(workspace, Limit.SEATS) != null) {
            entitlements.requireRoom(workspace, Limit.SEATS, members.getAsLong());
        }
    }

    @Override
    public void beforeRequiring(WorkspaceId workspace) {
        entitlements.require(workspace, Feature.SINGLE_SIGN_ON);
    }
}
