package dev.custos.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.keys.CredentialVault;
import dev.custos.platform.ProviderId;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The providers' API keys, kept in the credential vault: stored, replaced, opened for an adapter (audited) and
 * deleted with their provider. Keys sealed the old way are moved into the vault at start.
 */
@Component
class ProviderKeys {

    private static final String KEY_PURPOSE = "model_provider.api_key";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CredentialVault vault;
    private final ContentSeal seal;

    ProviderKeys(JdbcClient jdbc, TransactionTemplate transactions, CredentialVault vault, ContentSeal seal) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.seal = seal;
    }

    CredentialVault.Stored store(String apiKey) {
        return vault.store(WorkspaceId.INSTALLATION, KEY_PURPOSE, apiKey);
    }

    /** The provider's key replaced by {@code apiKey} in the vault, or stored if it had none. */
    CredentialVault.Stored replace(ProviderId provider, String apiKey) {
        return secretOf(provider).map(secret -> vault.replace(WorkspaceId.INSTALLATION, secret, apiKey))
                .orElseGet(() -> store(apiKey));
    }

    /** The provider's key, opened for model calls (audited by the vault), or null when it has none. */
    @Nullable String open(ProviderId provider) {
        return secretOf(provider)
                .map(secret -> vault.open(WorkspaceId.INSTALLATION, secret, null, "model_calls")).orElse(null);
    }

    void delete(ProviderId provider) {
        secretOf(provider).ifPresent(secret -> vault.delete(WorkspaceId.INSTALLATION, secret));
    }

    private Optional<UUID> secretOf(ProviderId provider) {
        return jdbc.sql("SELECT api_key_secret FROM model_providers WHERE provider_id = :id").param("id", provider)
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional();
    }

    /**
     * Earlier versions sealed provider keys under the master key in {@code api_key_sealed}; each is moved into
     * the credential vault, in one transaction per provider, and the old column emptied. Returns how many moved.
     */
    int moveLegacyKeys() {
        List<UUID> legacy = jdbc.sql("SELECT provider_id FROM model_providers WHERE api_key_sealed IS NOT NULL")
                .query(UUID.class).list();
        for (UUID provider : legacy) {
            transactions.executeWithoutResult(status -> {
                byte[] sealed = jdbc.sql("SELECT api_key_sealed FROM model_providers WHERE provider_id = :id FOR UPDATE")
                        .param("id", provider).query((rs, n) -> rs.getBytes(1)).single();
                if (sealed == null) {
                    return;
                }
                var key = store(seal.openInstallationSecret(sealed, legacyKeyContext(provider)));
                jdbc.sql("UPDATE model_providers SET api_key_secret = :secret, api_key_sealed = NULL WHERE provider_id = :id")
                        .param("secret", key.id()).param("id", provider).update();
            });
        }
        return legacy.size();
    }

    private static String legacyKeyContext(UUID providerId) {
        return "model-provider-key|" + providerId + "|" + WorkspaceId.INSTALLATION;
    }
}
