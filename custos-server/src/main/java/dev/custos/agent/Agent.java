package dev.custos.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An agent as people see it.
 *
 * @param model         {@code provider/model}, as {@code GET /v1/models} names it
 * @param approvalTools the tools whose every call waits for a person's decision
 * @param redaction     replace personal values before model calls even if the workspace does not require it
 */
public record Agent(UUID id, String name, String instructions, UUID providerId, String model, List<String> tools,
                    List<String> approvalTools, boolean redaction, int maxSteps, UUID createdBy, Instant createdAt,
                    Instant updatedAt) {

    public Agent {
        tools = List.copyOf(tools);
        approvalTools = List.copyOf(approvalTools);
    }

    /** The agents' names by id, for pages that name agents (sessions, usage, a workspace's overview). */
    public static Map<UUID, String> namesById(List<Agent> agents) {
        return agents.stream().collect(Collectors.toMap(Agent::id, Agent::name));
    }

    boolean needsApproval(String tool) {
        return approvalTools.contains(tool);
    }
}
