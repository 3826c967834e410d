package dev.custos.workspace;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;

/**
 * A workspace was created; published inside the creating transaction, so listeners set it up atomically with it.
 *
 * @param demo whether it is the demo workspace a fresh installation gives its first account
 */
public record WorkspaceCreated(WorkspaceId workspace, PersonId owner, boolean demo) {
}
