package dev.custos.agent;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.AgentId;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An agent's schedules: runs on a cron expression, in a time zone, reviewed like any session. */
@RestController
class ScheduleController {

    private final Schedules schedules;
    private final Workspaces workspaces;

    ScheduleController(Schedules schedules, Workspaces workspaces) {
        this.schedules = schedules;
        this.workspaces = workspaces;
    }

    record ScheduleRequest(@NotBlank @Size(max = 100) String cron, @Nullable @Size(max = 64) String timeZone,
                           @NotBlank @Size(max = 20_000) String message) {
    }

    record EnableRequest(@NotNull Boolean enabled) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/agents/{agentId}/schedules")
    List<Schedules.Schedule> list(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId) {
        return schedules.list(access(actor, workspaceId), new AgentId(agentId));
    }

    /** A schedule in the given time zone, UTC when none is given. */
    @PostMapping("/api/workspaces/{workspaceId}/agents/{agentId}/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    Schedules.Schedule create(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                              @Valid @RequestBody ScheduleRequest request) {
        return schedules.create(access(actor, workspaceId), new AgentId(agentId), request.cron(),
                request.timeZone() == null || request.timeZone().isBlank() ? "UTC" : request.timeZone(),
                request.message());
    }

    @PatchMapping("/api/workspaces/{workspaceId}/agents/{agentId}/schedules/{scheduleId}")
    Schedules.Schedule enable(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                              @PathVariable UUID scheduleId, @Valid @RequestBody EnableRequest request) {
        return schedules.enable(access(actor, workspaceId), new AgentId(agentId), scheduleId, request.enabled());
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/agents/{agentId}/schedules/{scheduleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID agentId,
                @PathVariable UUID scheduleId) {
        schedules.delete(access(actor, workspaceId), new AgentId(agentId), scheduleId);
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
