package dev.custos.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeModelProvider;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vault's keys rotate without anything that uses a secret ever failing (SC-03). */
@Tag("SC-03")
class VaultRotationTest extends CustosIntegrationTest {

    private static FakeModelProvider provider;

    @Autowired
    private CredentialVault vault;

    @Autowired
    private VaultKeys keys;

    @Autowired
    private VaultRotation rotation;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = FakeModelProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    @DisplayName("a provider's API key is kept in the vault, sent to the provider, and shown to no one")
    void providerKeyLivesInTheVault() {
        String apiKey = "sk-live-" + UUID.randomUUID().toString().replace("-", "");
        var body = new java.util.LinkedHashMap<String, Object>(Map.of("name", "vaulted-" + UUID.randomUUID()
                        .toString().substring(0, 8), "label", "Vaulted", "kind", "openai",
                "baseUrl", provider.baseUrl().toString(), "apiKey", apiKey, "region", "EU", "zeroRetention", true,
                "mayTrain", false, "models", List.of("gpt-test")));
        var registered = installationAdmin().client().post("/api/providers", body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.body()).doesNotContain(apiKey);
        UUID providerId = UUID.fromString(registered.text("id"));
        assertThat(asOwner().sql("SELECT api_key_sealed IS NULL AND api_key_secret IS NOT NULL FROM model_providers "
                + "WHERE provider_id = :id").param("id", providerId).query(Boolean.class).single()).isTrue();
        assertThat(dumpOfTheMainDatabase()).doesNotContain(apiKey);

        SignedIn owner = signUp("Gateway Owner");
        UUID workspace = createWorkspace(owner, "Gateway");
        allowProvider(owner, workspace, providerId);
        var answer = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read", "write"))
                .post("/v1/chat/completions", Map.of("model", body.get("name") + "/gpt-test", "messages",
                        List.of(Map.of("role", "user", "content", "hello"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(provider.lastReceived().header("Authorization")).isEqualTo("Bearer " + apiKey);
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE workspace_id = :installation
                          AND action = 'vault.secret_opened' AND details::jsonb->>'used_for' = 'model_calls'""")
                .param("installation", WorkspaceId.INSTALLATION.id()).query(Long.class).single()).isPositive();
        assertThat(installationAdmin().client().get("/api/providers").body()).doesNotContain(apiKey);
    }

    @Test
    @DisplayName("rotation seals every secret under a new version while the old one keeps working, then destroys "
            + "the old version so an earlier copy of a secret opens no more")
    void rotationWithoutDowntime() {
        WorkspaceId workspace = WorkspaceId.random();
        CredentialVault.Stored before = vault.store(workspace, "tool.credential", "token-before-rotation-0001");
        byte[] copyTakenBeforeRotation = ciphertext(workspace, before.id());
        long oldVersion = VaultKeys.keyIdOf(copyTakenBeforeRotation);

        // A new primary first: what the old version sealed still opens, on this node and any other.
        long newVersion = keys.addPrimary();
        assertThat(newVersion).isNotEqualTo(oldVersion);
        assertThat(vault.open(workspace, before.id(), null, "test")).isEqualTo("token-before-rotation-0001");
        CredentialVault.Stored during = vault.store(workspace, "tool.credential", "token-during-rotation-0002");
        assertThat(VaultKeys.keyIdOf(ciphertext(workspace, during.id()))).isEqualTo(newVersion);

        // Only an installation administrator rotates, and the whole vault ends under one version.
        SignedIn someone = signUp("Not An Admin");
        assertThat(someone.client().post("/api/admin/vault/rotation", null).status()).isEqualTo(403);
        var rotated = installationAdmin().client().post("/api/admin/vault/rotation", null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        long primary = rotated.json().path("primaryKeyId").asLong();
        assertThat(rotated.json().path("secretsBehind").asLong()).isZero();
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE key_id <> :p").param("p", primary)
                .query(Long.class).single()).isZero();
        assertThat(ciphertext(workspace, before.id())).isNotEqualTo(copyTakenBeforeRotation);
        assertThat(vault.open(workspace, before.id(), null, "test")).isEqualTo("token-before-rotation-0001");
        assertThat(vault.open(workspace, during.id(), null, "test")).isEqualTo("token-during-rotation-0002");

        // Old versions stay until every node has read the new primary, then go.
        assertThat(rotation.retire(Instant.now())).isEmpty();
        assertThat(rotation.retire(Instant.now().plus(Duration.ofHours(1)))).contains(oldVersion, newVersion);
        var status = installationAdmin().client().get("/api/admin/vault").json();
        assertThat(status.path("versions").size()).isEqualTo(1);
        assertThat(vault.open(workspace, before.id(), null, "test")).isEqualTo("token-before-rotation-0001");

        // A copy of the row from before (a backup, say) names a destroyed version: it opens no more.
        asOwner().sql("UPDATE vault_secrets SET ciphertext = :c WHERE workspace_id = :w AND secret_id = :id")
                .param("c", copyTakenBeforeRotation).param("w", workspace.id()).param("id", before.id()).update();
        assertThatThrownBy(() -> vault.open(workspace, before.id(), null, "test"))
                .isInstanceOf(ContentSeal.SealBroken.class);
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE action IN ('vault.key_rotated', "
                + "'vault.key_versions_destroyed')").query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    private byte[] ciphertext(WorkspaceId workspace, UUID secret) {
        return asOwner().sql("SELECT ciphertext FROM vault_secrets WHERE workspace_id = :w AND secret_id = :id")
                .param("w", workspace.id()).param("id", secret).query((rs, n) -> rs.getBytes(1)).single();
    }
}
