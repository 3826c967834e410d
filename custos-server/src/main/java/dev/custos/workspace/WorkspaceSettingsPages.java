package dev.custos.workspace;

import java.util.UUID;
import java.util.function.Function;

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

/** A workspace's settings: its name, the second-factor requirement, handing it over, leaving it. */
@Controller
class WorkspaceSettingsPages {

    private final Workspaces workspaces;
    private final Memberships memberships;
    private final SingleSignOnRequirement singleSignOn;

    WorkspaceSettingsPages(Workspaces workspaces, Memberships memberships, SingleSignOnRequirement singleSignOn) {
        this.singleSignOn = singleSignOn;
        this.workspaces = workspaces;
        this.memberships = memberships;
    }

    @GetMapping("/workspaces/{workspaceId}/settings")
    String settings(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("canManage", access.role().allows(Permission.MANAGE_WORKSPACE));
        model.addAttribute("isOwner", access.role().allows(Permission.OWN));
        model.addAttribute("secondFactorRequired", workspaces.secondFactorRequired(access));
        model.addAttribute("ssoRequired", singleSignOn.required(access));
        model.addAttribute("members", memberships.members(access));
        return "workspace/settings";
    }

    @PostMapping("/workspaces/{workspaceId}/settings/name")
    String rename(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                  Model model) {
        return act(actor, workspaceId, model, access -> {
            if (name.isBlank() || name.length() > 100) {
                throw CustosException.invalid("invalid-name", "Give the workspace a name of 1 to 100 characters.");
            }
            workspaces.rename(access, name.strip());
            return "Renamed.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/settings/second-factor")
    String secondFactor(Actor actor, @PathVariable UUID workspaceId,
                        @RequestParam(defaultValue = "false") boolean required, Model model) {
        return act(actor, workspaceId, model, access -> {
            workspaces.requireSecondFactor(access, required);
            return required ? "Everyone in this workspace now needs a second factor." : "A second factor is no longer "
                    + "required.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/settings/sso")
    String singleSignOn(Actor actor, @PathVariable UUID workspaceId,
                        @RequestParam(defaultValue = "false") boolean required, Model model) {
        return act(actor, workspaceId, model, access -> {
            singleSignOn.set(access, required);
            return required ? "Everyone in this workspace now needs a single sign-on identity." : "Single sign-on is "
                    + "no longer required.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/settings/transfer")
    String transfer(Actor actor, @PathVariable UUID workspaceId, @RequestParam UUID personId, Model model) {
        return act(actor, workspaceId, model, access -> {
            memberships.transferOwnership(access, new PersonId(personId));
            return "The workspace has a new owner; you are an admin now.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/settings/leave")
    String leave(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        try {
            memberships.leave(access);
            return "redirect:/?left";
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return settings(actor, workspaceId, model);
        }
    }

    private String act(Actor actor, UUID workspaceId, Model model, Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, workspaces.access(actor, new WorkspaceId(workspaceId)), action,
                () -> settings(actor, workspaceId, model));
    }
}
