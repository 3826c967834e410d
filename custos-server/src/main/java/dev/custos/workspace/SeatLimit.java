package dev.custos.workspace;

import java.util.function.LongSupplier;

import dev.custos.platform.WorkspaceId;

/**
 * A cap on a workspace's members that another module keeps (a plan's seats): asked inside the transaction that
 * adds someone, and refusing by throwing. {@code members} counts those before them (taking the workspace's join
 * lock first); a limit without a cap need not ask.
 */
public interface SeatLimit {

    void beforeJoining(WorkspaceId workspace, LongSupplier members);
}
