package dev.custos.usage;

import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.SeatLimit;
import org.springframework.stereotype.Component;

/** A plan's seats, checked whenever someone joins a workspace. */
@Component
class PlanSeats implements SeatLimit {

    private final Entitlements entitlements;

    PlanSeats(Entitlements entitlements) {
        this.entitlements = entitlements;
    }

    @Override
    public void beforeJoining(WorkspaceId workspace, long members) {
        entitlements.requireRoom(workspace, Limit.SEATS, members);
    }
}
