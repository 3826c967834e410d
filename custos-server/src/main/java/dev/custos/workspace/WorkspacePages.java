package dev.custos.workspace;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The signed-in home page: your workspaces, and a form to create one. */
@Controller
class WorkspacePages {

    private final Workspaces workspaces;
    private final Accounts accounts;

    WorkspacePages(Workspaces workspaces, Accounts accounts) {
        this.workspaces = workspaces;
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
            workspaces.create(actor, name.strip(), Workspace.Region.valueOf(region));
            return "redirect:/";
        } catch (CustosException | IllegalArgumentException e) {
            model.addAttribute("error", e instanceof CustosException ? e.getMessage() : "Choose the EU or US region.");
            return home(actor, model);
        }
    }
}
