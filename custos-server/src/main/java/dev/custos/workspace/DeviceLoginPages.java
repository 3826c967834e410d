package dev.custos.workspace;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /device}: where a person lets a terminal sign in as them, in a workspace they choose. */
@Controller
class DeviceLoginPages {

    private final DeviceLogins logins;
    private final Workspaces workspaces;

    DeviceLoginPages(DeviceLogins logins, Workspaces workspaces) {
        this.logins = logins;
        this.workspaces = workspaces;
    }

    @GetMapping("/device")
    String page(Actor actor, @RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("workspaces", workspaces.mine(actor));
        model.addAttribute("waiting", code.isBlank() ? null : logins.waiting(code).orElse(null));
        return "workspace/device";
    }

    @PostMapping("/device")
    String decide(Actor actor, @RequestParam(defaultValue = "") String code,
                  @RequestParam(required = false) UUID workspaceId,
                  @RequestParam(defaultValue = "") List<String> scopes,
                  @RequestParam(defaultValue = "approve") String decision, Model model) {
        try {
            if (decision.equals("deny")) {
                logins.deny(actor, code);
                model.addAttribute("notice", "Denied: the terminal is not signed in.");
            } else {
                if (workspaceId == null) {
                    throw CustosException.invalid("workspace-required", "Choose the workspace the terminal acts in.");
                }
                logins.approve(actor, code, new WorkspaceId(workspaceId), Set.copyOf(scopes));
                model.addAttribute("notice", "Approved: the terminal is signed in. You can close this page.");
            }
            model.addAttribute("done", true);
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, code, model);
    }
}
