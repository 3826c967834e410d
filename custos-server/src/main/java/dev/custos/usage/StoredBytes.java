package dev.custos.usage;

import dev.custos.platform.WorkspaceId;

/**
 * What a module stores for a workspace, in bytes, for the plan's storage limit: each module that keeps a
 * workspace's files counts its own (knowledge documents, session files).
 */
public interface StoredBytes {

    long bytes(WorkspaceId workspace);
}
