package dev.custos.workspace;

import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Whether every member must have a single sign-on identity to act in the workspace (owners and admins set it). */
@RestController
class SingleSignOnRequirementController {

    record SsoRequirement(@NotNull Boolean required) {
    }

    private final SingleSignOnRequirement requirement;
    private final Workspaces workspaces;

    SingleSignOnRequirementController(SingleSignOnRequirement requirement, Workspaces workspaces) {
        this.requirement = requirement;
        this.workspaces = workspaces;
    }

    @GetMapping("/api/workspaces/{workspaceId}/sso-requirement")
    SsoRequirement get(Actor actor, @PathVariable UUID workspaceId) {
        return new SsoRequirement(requirement.required(workspaces.access(actor, new WorkspaceId(workspaceId))));
    }

    @PutMapping("/api/workspaces/{workspaceId}/sso-requirement")
    SsoRequirement set(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody SsoRequirement request) {
        var access = workspaces.access(actor, new WorkspaceId(workspaceId));
        requirement.set(access, request.required());
        return new SsoRequirement(requirement.required(access));
    }
}
