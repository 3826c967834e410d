package dev.custos.workspace;

import java.util.List;
import java.util.UUID;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard's start: your workspaces, a new one, and accepting an invitation. A workspace's own pages (its
 * overview, agents, members, keys...) live with the modules that own what they show. Pages call the same
 * services as the API, so the same rules and audit apply; a refusal is shown on the page, not as problem+json.
 */
@Controller
class WorkspacePages {

    private static final List<String> ASSIGNABLE_ROLES = List.of("admin", "member", "viewer");

    private final Workspaces workspaces;
    private final WorkspaceInvites invites;
    private final Accounts accounts;

    private final Regions regions;

    WorkspacePages(Workspaces workspaces, WorkspaceInvites invites, Accounts accounts, Regions regions) {
        this.regions = regions;
        this.workspaces = workspaces;
        this.invites = invites;
        this.accounts = accounts;
    }

    @GetMapping("/")
    String home(Actor actor, Model model) {
        model.addAttribute("person", accounts.profile(actor.person()));
        model.addAttribute("workspaces", workspaces.mine(actor));
        model.addAttribute("defaultRegion", regions.defaultRegion().name());
        return "workspace/home";
    }

    @PostMapping("/workspaces")
    String create(Actor actor, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String region, Model model) {
        try {
            if (name.isBlank() || name.length() > 100) {
                throw CustosException.invalid("invalid-name", "Give the workspace a name of 1 to 100 characters.");
            }
            Workspace created = workspaces.create(actor, name.strip(),
                    region.isBlank() ? regions.defaultRegion() : Workspace.Region.valueOf(region));
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

    /** The workspace switcher's target: a workspace chosen from the list, or all of them. */
    @GetMapping("/workspaces/go")
    String go(@RequestParam(required = false) UUID id) {
        return id == null ? "redirect:/" : "redirect:/workspaces/" + id;
    }

}
