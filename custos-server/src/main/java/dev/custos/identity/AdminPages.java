package dev.custos.identity;

import java.util.UUID;

import dev.custos.identity.sso.SsoProviders;
import dev.custos.keys.VaultRotation;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The installation administrators' page: single sign-on providers, the credential vault's key, and the way to the
 * privacy request queue and the API for the rest (model providers, legal holds, sub-processors, breaches).
 */
@Controller
class AdminPages {

    private final Accounts accounts;
    private final SsoProviders sso;
    private final VaultRotation vault;

    AdminPages(Accounts accounts, SsoProviders sso, VaultRotation vault) {
        this.accounts = accounts;
        this.sso = sso;
        this.vault = vault;
    }

    @GetMapping("/admin")
    String admin(Actor actor, Model model) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators see this page.");
        model.addAttribute("ssoProviders", sso.list(actor));
        model.addAttribute("vault", vault.status());
        return "identity/admin";
    }

    @PostMapping("/admin/sso-providers")
    String register(Actor actor, @RequestParam(defaultValue = "") String name,
                    @RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String issuerUrl,
                    @RequestParam(defaultValue = "") String clientId, @RequestParam(defaultValue = "") String clientSecret,
                    Model model) {
        try {
            sso.register(actor, new SsoProviders.Registration(name.strip(), label, issuerUrl.strip(), clientId.strip(),
                    clientSecret.isBlank() ? null : clientSecret, null, true));
            model.addAttribute("notice", "The identity provider is registered; its button is on the sign-in page.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return admin(actor, model);
    }

    @PostMapping("/admin/sso-providers/{id}/remove")
    String remove(Actor actor, @PathVariable UUID id, Model model) {
        try {
            sso.remove(actor, id);
            model.addAttribute("notice", "Removed.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return admin(actor, model);
    }

    @PostMapping("/admin/vault/rotation")
    String rotate(Actor actor, Model model) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators rotate the vault's keys.");
        var status = vault.rotate(actor.person());
        model.addAttribute("notice", "Every secret is now sealed under key version " + status.primaryKeyId()
                + "; older versions are destroyed within the hour.");
        return admin(actor, model);
    }
}
