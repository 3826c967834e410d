package dev.custos.workspace;

import java.time.Instant;

import dev.custos.platform.WorkspaceId;

/** A workspace as its members see it, with the caller's own role. */
public record Workspace(WorkspaceId id, String name, Region region, Role yourRole, Instant createdAt) {

    /** Where a workspace's data is meant to stay (enforced once regions have their own databases). */
    public enum Region { EU, US }
}
