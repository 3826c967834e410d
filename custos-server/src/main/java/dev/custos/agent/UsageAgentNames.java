package dev.custos.agent;

import java.util.Map;
import java.util.UUID;

import dev.custos.usage.AgentNames;
import dev.custos.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;

/** Names the workspace's agents for the usage pages. */
@Component
class UsageAgentNames implements AgentNames {

    private final Agents agents;

    UsageAgentNames(Agents agents) {
        this.agents = agents;
    }

    @Override
    public Map<UUID, String> agentNames(WorkspaceAccess access) {
        return AgentPages.names(agents.list(access));
    }
}
