package dev.custos.workspace;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in pages of a workspace: the home page with your workspaces, and one workspace's members,
 * invitations and API keys. They call the same services as the API, so the same rules and audit apply; a
 * refusal is shown on the page instead of as problem+json.
 */
@Controller
class WorkspacePages {

    private static final List<String> ASSIGNABLE_ROLES = List.of("admin", "member", "viewer");

    private final Workspaces workspaces;
    private final WorkspaceInvites invites;
    private final ApiKeys apiKeys;
    private final Accounts accounts;

    WorkspacePages(Workspaces workspaces, WorkspaceInvites invites, ApiKeys apiKeys, Accounts accounts) {
        this.workspaces = workspaces;
        this.invites = invites;
        this.apiKeys = apiKeys;
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home(Actor actor, Model model) {
        model.addAttribute("person", accounts.profile(actor.person()));
        model.addAttribute("workspaces", workspaces.mine(actor));
        return "workspace/home";
    }

    @PostMapping("/workspaces")
    String create(Actor actor, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "EU") String region, Model model) {
        try {
            if (name.isBlank() || name.length() > 100) {
                throw CustosException.invalid("invalid-name", "Give the workspace a name of 1 to 100 characters.");
            }
            Workspace created = workspaces.create(actor, name.strip(), Workspace.Region.valueOf(region));
            return "redirect:/workspaces/" + created.id();
        } catch (CustosException | IllegalArgumentException e) {
            model.addAttribute("error", e instanceof CustosException ? e.getMessage() : "Choose the EU or US region.");
            return home(actor, model);
        }
    }

    @GetMapping("/invites")
    String acceptPage(@RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        return "workspace/accept";
    }

    @PostMapping("/invites/accept")
    String accept(Actor actor, @RequestParam(defaultValue = "") String code, Model model) {
        try {
            return "redirect:/workspaces/" + invites.accept(actor, code);
        } catch (CustosException e) {
            model.addAttribute("code", code);
            model.addAttribute("error", e.getMessage());
            return "workspace/accept";
        }
    }

    @GetMapping("/workspaces/{workspaceId}")
    String workspace(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("members", workspaces.members(access));
        model.addAttribute("apiKeys", apiKeys.list(access));
        model.addAttribute("canManage", access.role().allows(Permission.MANAGE_MEMBERS));
        model.addAttribute("assignableRoles", ASSIGNABLE_ROLES);
        return "workspace/workspace";
    }

    @PostMapping("/workspaces/{workspaceId}/invites")
    String invite(Actor actor, @PathVariable UUID workspaceId, @RequestParam String role, Model model) {
        return act(actor, workspaceId, model, access -> {
            var issued = invites.invite(access, Role.of(role));
            model.addAttribute("secret", issued.link());
            return "Invitation created for the role " + role + ". Send this link to the person you invite.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/members/{personId}/role")
    String changeRole(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId,
                      @RequestParam String role, Model model) {
        return act(actor, workspaceId, model, access -> {
            workspaces.changeRole(access, new PersonId(personId), Role.of(role));
            return "Role changed.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/members/{personId}/remove")
    String remove(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID personId, Model model) {
        return act(actor, workspaceId, model, access -> {
            workspaces.remove(access, new PersonId(personId));
            return "Member removed; their API keys for this workspace are revoked.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/api-keys")
    String createKey(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                     @RequestParam(defaultValue = "") Set<String> scopes, Model model) {
        return act(actor, workspaceId, model, access -> {
            if (name.isBlank() || name.length() > 100) {
                throw CustosException.invalid("invalid-name", "Give the key a name of 1 to 100 characters.");
            }
            var created = apiKeys.create(access, name.strip(), scopes, null);
            model.addAttribute("secret", created.token());
            return "API key created.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/api-keys/{keyId}/revoke")
    String revokeKey(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID keyId, Model model) {
        return act(actor, workspaceId, model, access -> {
            apiKeys.revoke(access, keyId);
            return "API key revoked.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model, PageAction action) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        try {
            model.addAttribute("notice", action.run(access));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return workspace(actor, workspaceId, model);
    }

    @FunctionalInterface
    private interface PageAction {
        String run(WorkspaceAccess access);
    }
}
