package dev.custos.tool;

import java.util.List;

import dev.custos.platform.WorkspaceId;

/**
 * Tools a workspace has besides the built-in ones: another module (connections) contributes them without the tool
 * module knowing it. Its tools may be known but not {@linkplain Tool#offered() offered}: a call to one still
 * reaches it, so that it can refuse the call with its reason, and audit it.
 */
public interface ToolSource {

    /** The workspace's tools from this source; called inside the workspace's tenancy. */
    List<Tool> tools(WorkspaceId workspace);
}
