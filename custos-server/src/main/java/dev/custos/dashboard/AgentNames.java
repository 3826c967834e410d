package dev.custos.dashboard;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.agent.Agent;

/** Agents by id, for pages that name them (usage by agent, the overview's sessions). */
final class AgentNames {

    private AgentNames() {
    }

    static Map<UUID, String> of(List<Agent> agents) {
        return agents.stream().collect(Collectors.toMap(Agent::id, Agent::name));
    }
}
