package dev.custos.workspace;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.platform.ApiKeyId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A workspace's API keys: made here (the key is shown once), listed by prefix, revoked. */
@Controller
class ApiKeyPages {

    private final Workspaces workspaces;
    private final ApiKeys apiKeys;

    ApiKeyPages(Workspaces workspaces, ApiKeys apiKeys) {
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
    }

    @GetMapping("/workspaces/{workspaceId}/api-keys")
    String keys(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("apiKeys", apiKeys.list(access));
        model.addAttribute("role", access.role().key());
        return "workspace/api-keys";
    }

    @PostMapping("/workspaces/{workspaceId}/api-keys")
    String create(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") Set<String> scopes, Model model) {
        return act(actor, workspaceId, model, access -> {
            if (name.isBlank() || name.length() > 100) {
                throw CustosException.invalid("invalid-name", "Give the key a name of 1 to 100 characters.");
            }
            var created = apiKeys.create(access, name.strip(), scopes, null);
            model.addAttribute("secret", created.token());
            return "API key created. Copy it now: it is shown only this once.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/api-keys/{keyId}/revoke")
    String revoke(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID keyId, Model model) {
        return act(actor, workspaceId, model, access -> {
            apiKeys.revoke(access, new ApiKeyId(keyId));
            return "API key revoked.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model, Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, workspaces.access(actor, new WorkspaceId(workspaceId)), action,
                () -> keys(actor, workspaceId, model));
    }
}
