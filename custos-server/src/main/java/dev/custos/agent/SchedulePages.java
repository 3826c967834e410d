package dev.custos.agent;

import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.PageActions;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** An agent's schedules page: when it runs, with what message, its last run; add, pause, resume, delete. */
@Controller
class SchedulePages {

    private final Schedules schedules;
    private final Agents agents;
    private final Workspaces workspaces;

    SchedulePages(Schedules schedules, Agents agents, Workspaces workspaces) {
        this.schedules = schedules;
        this.agents = agents;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/agents/{agentId}/schedules")
    String page(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agent", agents.get(access, new AgentId(agentId)));
        model.addAttribute("schedules", schedules.list(access, new AgentId(agentId)));
        model.addAttribute("zones", ZoneId.getAvailableZoneIds().stream().sorted().toList());
        model.addAttribute("canWrite", access.can(Permission.WRITE));
        return "agent/schedules";
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/schedules")
    String create(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                  @RequestParam(defaultValue = "") String cron, @RequestParam(defaultValue = "UTC") String timeZone,
                  @RequestParam(defaultValue = "") String message, Model model) {
        return act(actor, workspaceId, agentId, model, access -> {
            Schedules.Schedule made = schedules.create(access, new AgentId(agentId), cron, timeZone, message);
            return "Scheduled: the next run is " + made.nextRunAt().atZone(ZoneId.of(made.timeZone()))
                    .toLocalDateTime().toString().replace('T', ' ') + " (" + made.timeZone() + ").";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/schedules/{scheduleId}/enabled")
    String enable(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                  @PathVariable UUID scheduleId, @RequestParam boolean enabled, Model model) {
        return act(actor, workspaceId, agentId, model, access -> {
            schedules.enable(access, new AgentId(agentId), scheduleId, enabled);
            return enabled ? "Resumed." : "Paused: it runs again when resumed.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/agents/{agentId}/schedules/{scheduleId}/delete")
    String delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                  @PathVariable UUID scheduleId, Model model) {
        return act(actor, workspaceId, agentId, model, access -> {
            schedules.delete(access, new AgentId(agentId), scheduleId);
            return "The schedule was deleted; its past sessions stay.";
        });
    }

    private String act(Actor actor, UUID workspaceId, UUID agentId, Model model,
                       Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, access(actor, workspaceId), action, () -> page(actor, workspaceId, agentId,
                model));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
