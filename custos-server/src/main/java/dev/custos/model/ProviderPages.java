package dev.custos.model;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.platform.ProviderId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.PageActions;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Which model providers a workspace allows (nothing is sent to one it does not), and its rules for model calls:
 * zero retention required, redaction, the phone region, a monthly token cap.
 */
@Controller
class ProviderPages {

    private final WorkspaceModels models;
    private final Workspaces workspaces;

    ProviderPages(WorkspaceModels models, Workspaces workspaces) {
        this.models = models;
        this.workspaces = workspaces;
    }

    @GetMapping("/workspaces/{workspaceId}/providers")
    String providers(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("providers", models.providers(access));
        model.addAttribute("settings", models.settings(access));
        model.addAttribute("canManage", access.role().allows(Permission.MANAGE_WORKSPACE));
        return "model/providers";
    }

    @PostMapping("/workspaces/{workspaceId}/providers/{providerId}")
    String allow(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID providerId,
                 @RequestParam(defaultValue = "true") boolean allowed, Model model) {
        return act(actor, workspaceId, model, access -> {
            if (allowed) {
                models.allow(access, new ProviderId(providerId));
                return "Allowed: agents of this workspace may use it.";
            }
            models.disallow(access, new ProviderId(providerId));
            return "No longer allowed: nothing more is sent to it from this workspace.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/model-settings")
    String settings(Actor actor, @PathVariable UUID workspaceId,
                    @RequestParam(defaultValue = "false") boolean requireZeroRetention,
                    @RequestParam(defaultValue = "false") boolean redaction,
                    @RequestParam(defaultValue = "US") String phoneRegion,
                    @RequestParam(defaultValue = "") String monthlyTokenLimit, Model model) {
        return act(actor, workspaceId, model, access -> {
            Long limit;
            try {
                limit = monthlyTokenLimit.isBlank() ? null : Long.parseLong(monthlyTokenLimit.strip());
            } catch (NumberFormatException e) {
                throw CustosException.invalid("invalid-token-limit", "The monthly token cap is a whole number.");
            }
            models.changeSettings(access, new WorkspaceModels.Settings(requireZeroRetention, redaction,
                    phoneRegion.strip().toUpperCase(Locale.ROOT), limit));
            return "The workspace's rules for model calls were saved.";
        });
    }

    private String act(Actor actor, UUID workspaceId, Model model,
                       Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, access(actor, workspaceId), action, () -> providers(actor, workspaceId, model));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
