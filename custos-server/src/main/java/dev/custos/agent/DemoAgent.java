package dev.custos.agent;

import java.util.List;
import java.util.UUID;

import dev.custos.model.ProviderEntry;
import dev.custos.platform.Tenancy;
import dev.custos.workspace.WorkspaceCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives the demo workspace an agent on the offline model, with a tool that asks for approval, so a fresh
 * installation shows streaming, tool calls and approvals without any provider.
 */
@Component
class DemoAgent {

    static final String NAME = "Demo assistant";
    static final AgentSpec SPEC = new AgentSpec(NAME, "You are the demo assistant of this Custos installation. "
            + "Answer briefly. Use the datetime tool for the time, the calculator for arithmetic, run_code for "
            + "anything a short JavaScript program answers best, and knowledge_search for the handbook.",
            "offline/scripted-demo", List.of("datetime", "calculator", "run_code", "knowledge_search"),
            List.of("calculator"), false, 8);

    private final Agents agents;
    private final Tenancy tenancy;

    DemoAgent(Agents agents, Tenancy tenancy) {
        this.agents = agents;
        this.tenancy = tenancy;
    }

    @EventListener
    @Order(100) // after the offline model is allowed in the workspace
    void on(WorkspaceCreated created) {
        if (created.demo()) {
            tenancy.inWorkspace(created.workspace(), created.owner(), () -> agents.insert(created.workspace(),
                    created.owner(), UUID.randomUUID(), SPEC, ProviderEntry.OFFLINE_ID, "scripted-demo"));
        }
    }
}
