package dev.custos.workspace;

import dev.custos.platform.WorkspaceId;

/**
 * A cap on a workspace's members that another module keeps (a plan's seats): asked inside the transaction that
 * adds someone, with the number of members before them, and refusing by throwing.
 */
public interface SeatLimit {

    void beforeJoining(WorkspaceId workspace, long members);
}
