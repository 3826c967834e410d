package dev.custos.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.model.WorkspaceModels;
import dev.custos.platform.AgentId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.tool.Tools;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A workspace's agents: list, create, edit (model, tools, approvals, redaction), delete, and
 * the first message of a new session. They call the same services as the API, so the same rules and audit apply.
 */
@Controller
class AgentPages {

    private final Agents agents;
    private final Sessions sessions;
    private final SessionHistory history;
    private final Workspaces workspaces;
    private final WorkspaceModels models;
    private final Tools tools;

    AgentPages(Agents agents, Sessions sessions, SessionHistory history, Workspaces workspaces, WorkspaceModels models,
               Tools tools) {
        this.agents = agents;
        this.sessions = sessions;
        this.history = history;
        this.workspaces = workspaces;
        this.models = models;
        this.tools = tools;
    }

    /** What the agent form edits, as its fields come. */
    record AgentForm(String name, String instructions, String model, List<String> tools, List<String> approvalTools,
                     boolean redaction, int maxSteps) {

        static AgentForm of(Agent agent) {
            return new AgentForm(agent.name(), agent.instructions(), agent.model(), agent.tools(),
                    agent.approvalTools(), agent.redaction(), agent.maxSteps());
        }

        AgentSpec spec() {
            return new AgentSpec(name.strip(), instructions, model, tools, approvalTools, redaction, maxSteps);
        }
    }

    @GetMapping("/workspaces/{workspaceId}/agents")
    String agents(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agents", agents.list(access));
        model.addAttribute("canWrite", access.role().allows(Permission.WRITE));
        return "agent/agents";
    }

    @GetMapping("/workspaces/{workspaceId}/agents/new")
    String newAgent(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        return form(access, null, new AgentForm("", "", "offline/scripted-demo", List.of("datetime", "calculator"),
                List.of("calculator"), false, AgentSpec.DEFAULT_MAX_STEPS), model);
    }

    @PostMapping("/workspaces/{workspaceId}/agents")
    String create(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String instructions, @RequestParam(defaultValue = "") String model,
                  @RequestParam(defaultValue = "") List<String> tools,
                  @RequestParam(defaultValue = "") List<String> approvalTools,
                  @RequestParam(defaultValue = "false") boolean redaction,
                  @RequestParam(defaultValue = "8") int maxSteps, Model page) {
        WorkspaceAccess access = access(actor, workspaceId);
        var form = new AgentForm(name, instructions, model, tools, approvalTools, redaction, maxSteps);
        try {
            Agent created = agents.create(access, checked(form));
            return "redirect:/workspaces/" + workspaceId + "/agents/" + created.id() + "?created";
        } catch (CustosException e) {
            page.addAttribute("error", e.getMessage());
            return form(access, null, form, page);
        }
    }

    @GetMapping("/workspaces/{workspaceId}/agents/{agentId}")
    String agent(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        Agent agent = agents.get(access, new AgentId(agentId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agent", agent);
        model.addAttribute("sessions", history.search(access, new SessionQuery(agentId, null, null, null, null, null,
                10)));
        model.addAttribute("canWrite", access.role().allows(Permission.WRITE));
        return "agent/agent";
    }

    @GetMapping("/workspaces/{workspaceId}/agents/{agentId}/edit")
    String edit(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        Agent agent = agents.get(access, new AgentId(agentId));
        return form(access, agent, AgentForm.of(agent), model);
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}")
    String update(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String instructions,
                  @RequestParam(defaultValue = "") String model, @RequestParam(defaultValue = "") List<String> tools,
                  @RequestParam(defaultValue = "") List<String> approvalTools,
                  @RequestParam(defaultValue = "false") boolean redaction,
                  @RequestParam(defaultValue = "8") int maxSteps, Model page) {
        WorkspaceAccess access = access(actor, workspaceId);
        var form = new AgentForm(name, instructions, model, tools, approvalTools, redaction, maxSteps);
        try {
            agents.update(access, new AgentId(agentId), checked(form));
            return "redirect:/workspaces/" + workspaceId + "/agents/" + agentId + "?saved";
        } catch (CustosException e) {
            page.addAttribute("error", e.getMessage());
            return form(access, agents.get(access, new AgentId(agentId)), form, page);
        }
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/delete")
    String delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId) {
        agents.delete(access(actor, workspaceId), new AgentId(agentId));
        return "redirect:/workspaces/" + workspaceId + "/agents?deleted";
    }

    /** A new session with its first message; the live session page follows the run. */
    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/sessions")
    String start(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                 @RequestParam(defaultValue = "") String message, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        try {
            SessionInfo session = sessions.start(access, new AgentId(agentId), message);
            return "redirect:/workspaces/" + workspaceId + "/sessions/" + session.id();
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return agent(actor, workspaceId, agentId, model);
        }
    }

    private String form(WorkspaceAccess access, Agent existing, AgentForm form, Model model) {
        access.require(Permission.WRITE);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("existing", existing);
        model.addAttribute("form", form);
        model.addAttribute("models", models.providers(access).stream().filter(WorkspaceModels.AllowedProvider::usable)
                .flatMap(p -> p.provider().models().stream().map(m -> Map.entry(p.provider().name() + "/" + m,
                        p.provider().offline() ? p.provider().label() + " (answers from a script, no network)"
                                : p.provider().label() + " · " + m)))
                .toList());
        model.addAttribute("tools", tools.available(access.workspace()));
        return "agent/form";
    }

    private static AgentSpec checked(AgentForm form) {
        if (form.name().isBlank() || form.name().length() > 100) {
            throw CustosException.invalid("invalid-name", "Give the agent a name of 1 to 100 characters.");
        }
        if (!form.tools().containsAll(form.approvalTools())) {
            throw CustosException.invalid("approval-without-tool", "A tool can wait for approval only if the agent may "
                    + "use it.");
        }
        return form.spec();
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
