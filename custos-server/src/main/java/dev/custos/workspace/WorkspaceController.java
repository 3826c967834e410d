package dev.custos.workspace;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.ApiKeyId;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Workspaces, members, invites and API keys over REST. Every path under a workspace checks membership first. */
@RestController
@RequestMapping("/api")
class WorkspaceController {

    private final Workspaces workspaces;
    private final Memberships memberships;
    private final WorkspaceInvites invites;
    private final ApiKeys apiKeys;

    private final Regions regions;

    WorkspaceController(Workspaces workspaces, Memberships memberships, WorkspaceInvites invites, ApiKeys apiKeys,
                        Regions regions) {
        this.regions = regions;
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.invites = invites;
        this.apiKeys = apiKeys;
    }

    record NewWorkspace(@NotBlank @Size(max = 100) String name, Workspace.@Nullable Region region) {
    }

    record Rename(@NotBlank @Size(max = 100) String name) {
    }

    record RoleChange(@NotNull Role role) {
    }

    record Transfer(@NotNull UUID personId) {
    }

    record NewInvite(@NotNull Role role) {
    }

    record AcceptInvite(@NotBlank @Size(max = 200) String code) {
    }

    record NewApiKey(@NotBlank @Size(max = 100) String name, @NotEmpty Set<String> scopes,
                     @Nullable @Min(1) @Max(3650) Integer expiresInDays) {
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    Workspace create(Actor actor, @Valid @RequestBody NewWorkspace request) {
        return workspaces.create(actor, request.name().strip(),
                request.region() == null ? regions.defaultRegion() : request.region());
    }

    @GetMapping("/workspaces")
    List<Workspace> mine(Actor actor) {
        return workspaces.mine(actor);
    }

    @GetMapping("/workspaces/{workspaceId}")
    Workspace get(Actor actor, @PathVariable UUID workspaceId) {
        return workspaces.get(access(actor, workspaceId));
    }

    @PatchMapping("/workspaces/{workspaceId}")
    Workspace rename(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody Rename request) {
        return workspaces.rename(access(actor, workspaceId), request.name().strip());
    }

    record SecondFactorRequirement(@NotNull Boolean required) {
    }

    /** Whether everyone must have a second factor to act in the workspace (owners and admins set it). */
    @GetMapping("/workspaces/{workspaceId}/second-factor-requirement")
    SecondFactorRequirement secondFactorRequirement(Actor actor, @PathVariable UUID workspaceId) {
        return new SecondFactorRequirement(workspaces.secondFactorRequired(access(actor, workspaceId)));
    }

    @PutMapping("/workspaces/{workspaceId}/second-factor-requirement")
    SecondFactorRequirement requireSecondFactor(Actor actor, @PathVariable UUID workspaceId,
                                                @Valid @RequestBody SecondFactorRequirement request) {
        var access = access(actor, workspaceId);
        workspaces.requireSecondFactor(access, request.required());
        return new SecondFactorRequirement(workspaces.secondFactorRequired(access));
    }

    @PostMapping("/workspaces/{workspaceId}/transfer")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void transfer(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody Transfer request) {
        memberships.transferOwnership(access(actor, workspaceId), new PersonId(request.personId()));
    }

    @GetMapping("/workspaces/{workspaceId}/members")
    List<Member> members(Actor actor, @PathVariable UUID workspaceId) {
        return memberships.members(access(actor, workspaceId));
    }

    @PutMapping("/workspaces/{workspaceId}/members/{personId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeRole(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId,
                    @Valid @RequestBody RoleChange request) {
        memberships.changeRole(access(actor, workspaceId), new PersonId(personId), request.role());
    }

    @DeleteMapping("/workspaces/{workspaceId}/members/me")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leave(Actor actor, @PathVariable UUID workspaceId) {
        memberships.leave(access(actor, workspaceId));
    }

    @DeleteMapping("/workspaces/{workspaceId}/members/{personId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId) {
        memberships.remove(access(actor, workspaceId), new PersonId(personId));
    }

    @PostMapping("/workspaces/{workspaceId}/invites")
    @ResponseStatus(HttpStatus.CREATED)
    WorkspaceInvites.IssuedInvite invite(Actor actor, @PathVariable UUID workspaceId,
                                         @Valid @RequestBody NewInvite request) {
        return invites.invite(access(actor, workspaceId), request.role());
    }

    @GetMapping("/workspaces/{workspaceId}/invites")
    List<WorkspaceInvites.Invite> invites(Actor actor, @PathVariable UUID workspaceId) {
        return invites.list(access(actor, workspaceId));
    }

    @DeleteMapping("/workspaces/{workspaceId}/invites/{inviteId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeInvite(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID inviteId) {
        invites.revoke(access(actor, workspaceId), inviteId);
    }

    @PostMapping("/invites/accept")
    Workspace accept(Actor actor, @Valid @RequestBody AcceptInvite request) {
        WorkspaceId workspace = invites.accept(actor, request.code());
        return workspaces.get(workspaces.access(actor, workspace));
    }

    @PostMapping("/workspaces/{workspaceId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.CreatedApiKey createKey(Actor actor, @PathVariable UUID workspaceId,
                                    @Valid @RequestBody NewApiKey request) {
        return apiKeys.create(access(actor, workspaceId), request.name().strip(), request.scopes(),
                request.expiresInDays() == null ? null : Duration.ofDays(request.expiresInDays()));
    }

    @GetMapping("/workspaces/{workspaceId}/api-keys")
    List<ApiKeys.ApiKey> keys(Actor actor, @PathVariable UUID workspaceId) {
        return apiKeys.list(access(actor, workspaceId));
    }

    @DeleteMapping("/workspaces/{workspaceId}/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeKey(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID keyId) {
        apiKeys.revoke(access(actor, workspaceId), new ApiKeyId(keyId));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
