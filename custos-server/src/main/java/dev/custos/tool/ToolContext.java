package dev.custos.tool;

import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;

/** Where a tool call happens: the workspace whose rules apply, the session it serves, the person it acts for. */
public record ToolContext(WorkspaceId workspace, UUID sessionId, PersonId person) {
}
