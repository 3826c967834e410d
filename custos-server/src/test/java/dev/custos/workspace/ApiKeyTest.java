package dev.custos.workspace;

import java.util.Map;
import java.util.UUID;

import dev.custos.platform.Secrets;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("ID-09")
class ApiKeyTest extends CustosIntegrationTest {

    @Test
    @DisplayName("a key is shown once, stored only as a hash, identifiable by its prefix, and works as a bearer")
    void shownOnceStoredAsHash() {
        SignedIn owner = signUp("Keyholder");
        UUID workspace = createWorkspace(owner, "Keys");
        var created = owner.client().post("/api/workspaces/" + workspace + "/api-keys",
                Map.of("name", "deploy", "scopes", java.util.List.of("read")));
        String token = created.text("token");
        String prefix = created.json().get("key").get("prefix").asString();
        assertThat(token).startsWith("cst_" + prefix + "_");

        var listed = owner.client().get("/api/workspaces/" + workspace + "/api-keys");
        assertThat(listed.body()).contains(prefix).doesNotContain(token);
        var stored = asOwner().sql("SELECT secret_hash, prefix FROM api_keys WHERE workspace_id = :w")
                .param("w", workspace).query().singleRow();
        assertThat(stored.get("secret_hash")).isEqualTo(Secrets.sha256(token));
        String everything = asOwner().sql("SELECT string_agg(k::text, ' ') FROM api_keys k").query(String.class)
                .single();
        assertThat(everything).doesNotContain(token);

        var viaKey = ApiClient.withApiKey(port, token).get("/api/workspaces/" + workspace + "/members");
        assertThat(viaKey.status()).isEqualTo(200);
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/api-keys").body()).contains("lastUsedAt");
    }

    @Test
    @DisplayName("a key is limited to its scopes and its workspace")
    void scoped() {
        SignedIn owner = signUp("Scoper");
        UUID workspace = createWorkspace(owner, "Scoped");
        UUID other = createWorkspace(owner, "Other");
        var readOnly = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read"));
        assertThat(readOnly.get("/api/workspaces/" + workspace).status()).isEqualTo(200);
        var refused = readOnly.post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("'admin' scope");
        assertThat(readOnly.get("/api/workspaces/" + other).status()).isEqualTo(404);
        assertThat(readOnly.get("/api/workspaces").body()).doesNotContain(other.toString());
    }

    @Test
    @DisplayName("a viewer cannot mint a key with more power than the viewer role")
    void scopesCannotExceedTheRole() {
        SignedIn owner = signUp("Boss");
        UUID workspace = createWorkspace(owner, "Roles");
        SignedIn viewer = addMember(owner, workspace, "viewer", "Viewer");
        var refused = viewer.client().post("/api/workspaces/" + workspace + "/api-keys",
                Map.of("name", "sneaky", "scopes", java.util.List.of("write")));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a revoked key, or the key of a removed member, is refused with 401")
    void revocable() {
        SignedIn owner = signUp("Revoker");
        UUID workspace = createWorkspace(owner, "Revoke");
        String token = createApiKey(owner, workspace, "read");
        String keyId = owner.client().get("/api/workspaces/" + workspace + "/api-keys").json().get(0)
                .get("keyId").asString();
        assertThat(owner.client().delete("/api/workspaces/" + workspace + "/api-keys/" + keyId).status())
                .isEqualTo(204);
        var afterRevoke = ApiClient.withApiKey(port, token).get("/api/workspaces/" + workspace);
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.problemType()).isEqualTo("/problems/invalid-api-key");

        SignedIn member = addMember(owner, workspace, "member", "Leaver");
        String memberToken = createApiKey(member, workspace, "read");
        owner.client().delete("/api/workspaces/" + workspace + "/members/" + member.personId());
        assertThat(ApiClient.withApiKey(port, memberToken).get("/api/workspaces/" + workspace).status())
                .isEqualTo(401);
    }
}
