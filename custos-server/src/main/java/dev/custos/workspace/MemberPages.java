package dev.custos.workspace;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A workspace's members and roles, and invitations for new ones. */
@Controller
class MemberPages {

    static final List<String> ASSIGNABLE_ROLES = List.of("admin", "member", "viewer");

    private final Workspaces workspaces;
    private final Memberships memberships;
    private final WorkspaceInvites invites;

    MemberPages(Workspaces workspaces, Memberships memberships, WorkspaceInvites invites) {
        this.workspaces = workspaces;
        this.memberships = memberships;
        this.invites = invites;
    }

    @GetMapping("/workspaces/{workspaceId}/members")
    String members(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("members", memberships.members(access));
        model.addAttribute("canManage", access.role().allows(Permission.MANAGE_MEMBERS));
        model.addAttribute("assignableRoles", ASSIGNABLE_ROLES);
        model.addAttribute("me", actor.person());
        return "workspace/members";
    }

    @PostMapping("/workspaces/{workspaceId}/invites")
    String invite(Actor actor, @PathVariable UUID workspaceId, @RequestParam String role, Model model) {
        return act(actor, workspaceId, model, access -> {
            var issued = invites.invite(access, Role.of(role));
            model.addAttribute("secret", issued.link());
            return "Invitation created for the role " + role + ". Send this link to the person you invite; it works "
                    + "once.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/members/{personId}/role")
    String changeRole(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId,
                      @RequestParam String role, Model model) {
        return act(actor, workspaceId, model, access -> {
            memberships.changeRole(access, new PersonId(personId), Role.of(role));
            return "Role changed.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/members/{personId}/remove")
    String remove(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId, Model model) {
        return act(actor, workspaceId, model, access -> {
            memberships.remove(access, new PersonId(personId));
            return "Member removed; their API keys for this workspace are revoked.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model, Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, workspaces.access(actor, new WorkspaceId(workspaceId)), action,
                () -> members(actor, workspaceId, model));
    }
}
