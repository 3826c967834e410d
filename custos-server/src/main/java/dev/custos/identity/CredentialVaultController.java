package dev.custos.identity;

import dev.custos.keys.VaultRotation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The credential vault's keys, for installation administrators: which versions exist and what each seals, and
 * rotation to a new version. Served here rather than by {@code keys}, which cannot depend on identity (who is an
 * administrator is identity's to say, and identity already depends on keys).
 */
@RestController
class CredentialVaultController {

    private final VaultRotation rotation;
    private final Accounts accounts;

    CredentialVaultController(VaultRotation rotation, Accounts accounts) {
        this.rotation = rotation;
        this.accounts = accounts;
    }

    @GetMapping("/api/admin/vault")
    VaultRotation.VaultStatus status(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators see the vault's keys.");
        return rotation.status();
    }

    /** Seals every secret under a new key version; older versions are destroyed once nothing is left under them. */
    @PostMapping("/api/admin/vault/rotation")
    VaultRotation.VaultStatus rotate(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators rotate the vault's keys.");
        return rotation.rotate(actor.person());
    }
}
