package dev.custos.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.keys.ContentSeal;
import dev.custos.keys.CredentialVault;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The installation's provider registry: admins only, keys sealed and never returned. */
class ProviderRegistryTest extends CustosIntegrationTest {

    @Autowired
    private ModelProviders providers;

    @Autowired
    private ContentSeal seal;

    @Autowired
    private CredentialVault vault;

    private static Map<String, Object> registration(String name, String apiKey) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("label", "OpenRouter");
        body.put("kind", "openrouter");
        body.put("baseUrl", "https://router.example/api/v1");
        body.put("apiKey", apiKey);
        body.put("region", "US");
        body.put("zeroRetention", true);
        body.put("mayTrain", false);
        body.put("models", List.of("vendor/model-a"));
        return body;
    }

    @Test
    @DisplayName("a provider's API key is sealed in the database, shown only as a hint, and kept on updates "
            + "that do not replace it")
    void keysAreSealedAndNeverReturned() {
        SignedIn admin = installationAdmin();
        String name = "router-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "sk-or-v1-PLATYPUS-" + UUID.randomUUID();
        var created = admin.client().post("/api/providers", registration(name, key));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("PLATYPUS");
        assertThat(created.text("apiKeyHint")).isEqualTo("…" + key.substring(key.length() - 4));
        UUID id = UUID.fromString(created.text("id"));
        UUID secret = asOwner().sql("SELECT api_key_secret FROM model_providers WHERE provider_id = :id")
                .param("id", id).query(UUID.class).single();
        byte[] sealed = asOwner().sql("SELECT ciphertext FROM vault_secrets WHERE secret_id = :s").param("s", secret)
                .query((rs, n) -> rs.getBytes(1)).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PLATYPUS");

        var update = registration(name, null);
        update.remove("apiKey");
        update.put("label", "OpenRouter EU");
        var updated = admin.client().put("/api/providers/" + id, update);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.text("apiKeyHint")).as("key kept").isEqualTo("…" + key.substring(key.length() - 4));
        assertThat(asOwner().sql("SELECT ciphertext FROM vault_secrets WHERE secret_id = :s").param("s", secret)
                .query((rs, n) -> rs.getBytes(1)).single()).isEqualTo(sealed);
        assertThat(admin.client().get("/api/providers").body()).doesNotContain("PLATYPUS");
        assertThat(admin.client().delete("/api/providers/" + id).status()).isEqualTo(204);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE secret_id = :s").param("s", secret)
                .query(Long.class).single()).as("the key goes with its provider").isZero();
    }

    @Test
    @Tag("SC-03")
    @DisplayName("a key sealed under the master key by an earlier version moves into the vault at start")
    void legacyKeysMoveIntoTheVault() {
        UUID id = UUID.randomUUID();
        String key = "sk-legacy-" + UUID.randomUUID();
        asOwner().sql("""
                        INSERT INTO model_providers (provider_id, name, label, kind, base_url, api_key_sealed, api_key_hint,
                            region, zero_retention, may_train, models, created_at, updated_at)
                        VALUES (:id, :name, 'Legacy', 'openai', 'https://api.example.com/v1', :sealed, '…', 'EU', true,
                            false, ARRAY['m'], now(), now())""")
                .param("id", id).param("name", "legacy-" + id.toString().substring(0, 8))
                .param("sealed", seal.sealInstallationSecret(key, "model-provider-key|" + id + "|"
                        + dev.custos.platform.WorkspaceId.INSTALLATION))
                .update();

        providers.moveKeysIntoTheVault();

        UUID secret = asOwner().sql("SELECT api_key_secret FROM model_providers WHERE provider_id = :id AND "
                + "api_key_sealed IS NULL").param("id", id).query(UUID.class).single();
        assertThat(vault.open(dev.custos.platform.WorkspaceId.INSTALLATION, secret, null, "test")).isEqualTo(key);
        asOwner().sql("DELETE FROM model_providers WHERE provider_id = :id").param("id", id).update();
    }

    @Test
    @DisplayName("bad registrations are refused with a clear problem and store nothing")
    void badRegistrations() {
        SignedIn admin = installationAdmin();
        var badName = registration("Not A Slug", "k");
        assertThat(admin.client().post("/api/providers", badName).problemType())
                .isEqualTo("/problems/invalid-provider-name");
        var badUrl = registration("ok-name-" + UUID.randomUUID().toString().substring(0, 6), "k");
        badUrl.put("baseUrl", "ftp://router.example");
        assertThat(admin.client().post("/api/providers", badUrl).problemType()).isEqualTo("/problems/invalid-base-url");
        var badKind = registration("ok-name", "k");
        badKind.put("kind", "mystery");
        assertThat(admin.client().post("/api/providers", badKind).status()).isEqualTo(400);
        assertThat(admin.client().put("/api/providers/" + ProviderEntry.OFFLINE_ID, registration("offline", "k"))
                .problemType()).isEqualTo("/problems/offline-provider-fixed");
        assertThat(asOwner().sql("SELECT count(*) FROM model_providers WHERE name IN ('Not A Slug', 'ok-name')")
                .query(Long.class).single()).isZero();
    }
}
