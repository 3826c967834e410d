package dev.custos.workspace;

import dev.custos.platform.WorkspaceId;

/**
 * Whether a workspace may require single sign-on of its members, as another module decides it (a plan's
 * feature); refuses by throwing.
 */
public interface SingleSignOnGate {

    void beforeRequiring(WorkspaceId workspace);
}
