package dev.custos.privacy;

import java.util.List;
import java.util.UUID;

import dev.custos.platform.WorkspaceId;

/**
 * Erases named agent sessions of a workspace, with everything that goes with them, for an organisation that
 * instructed the erasure of an end user's data (DR-12). Implemented by the module that owns the sessions: the
 * privacy engine asks, and writes none of their tables itself.
 */
public interface SessionErasure {

    /** Erases the sessions; refuses, changing nothing, if any is not the workspace's. Returns how many went. */
    int erase(WorkspaceId workspace, List<UUID> sessions);
}
