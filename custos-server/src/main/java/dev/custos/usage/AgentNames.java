package dev.custos.usage;

import java.util.Map;
import java.util.UUID;

import dev.custos.workspace.WorkspaceAccess;

/**
 * The names of a workspace's agents, for usage split by agent. Agents are the agent module's, which depends on
 * this one: it implements this, so usage names them without depending back on it.
 */
public interface AgentNames {

    Map<UUID, String> agentNames(WorkspaceAccess access);
}
