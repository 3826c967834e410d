package dev.custos.model;

import java.util.Arrays;
import java.util.UUID;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.ProviderId;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The installation's model providers, for its administrators: register one (its API key sealed at once and shown
 * again only as a hint), see their terms (zero retention, training), remove one. Workspaces then allow them on
 * their own providers page. Does what {@code /api/providers} does.
 */
@Controller
class ProviderAdminPages {

    private final ModelProviders providers;
    private final Accounts accounts;

    ProviderAdminPages(ModelProviders providers, Accounts accounts) {
        this.providers = providers;
        this.accounts = accounts;
    }

    @GetMapping("/admin/providers")
    String providers(Actor actor, Model model) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators register model providers.");
        model.addAttribute("providers", providers.list());
        model.addAttribute("kinds", ProviderKind.values());
        return "model/admin-providers";
    }

    @PostMapping("/admin/providers")
    String register(Actor actor, @RequestParam(defaultValue = "") String name,
                    @RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String kind,
                    @RequestParam(defaultValue = "") String baseUrl, @RequestParam(defaultValue = "") String apiKey,
                    @RequestParam(defaultValue = "EU") String region,
                    @RequestParam(defaultValue = "false") boolean zeroRetention,
                    @RequestParam(defaultValue = "false") boolean mayTrain,
                    @RequestParam(defaultValue = "") String models, Model model) {
        try {
            if (name.isBlank() || label.isBlank() || baseUrl.isBlank() || models.isBlank()) {
                throw CustosException.invalid("fields-required", "Give the name, label, base URL and models.");
            }
            providers.register(actor, new ProviderRegistration(name.strip(), label.strip(),
                    ProviderKind.of(kind), baseUrl.strip(), apiKey.isBlank() ? null : apiKey.strip(), region.strip(),
                    zeroRetention, mayTrain, Arrays.stream(models.split("[\\s,]+")).filter(m -> !m.isBlank())
                    .toList()));
            model.addAttribute("notice", "Registered. Workspaces allow it on their Model providers page; its key "
                    + "is sealed and never shown again.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return providers(actor, model);
    }

    @PostMapping("/admin/providers/{providerId}/remove")
    String remove(Actor actor, @PathVariable UUID providerId, Model model) {
        try {
            providers.remove(actor, new ProviderId(providerId));
            model.addAttribute("notice", "Removed: nothing more is sent to it.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return providers(actor, model);
    }
}
