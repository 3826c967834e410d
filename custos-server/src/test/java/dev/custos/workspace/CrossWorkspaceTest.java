package dev.custos.workspace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("TN-01")
class CrossWorkspaceTest extends CustosIntegrationTest {

    @Test
    @DisplayName("a member of workspace A gets 404 for every resource of workspace B, by session and by API key")
    void everyEndpointOfAnotherWorkspaceIs404() {
        SignedIn alice = signUp("Alice A");
        SignedIn bob = signUp("Bob B");
        UUID a = createWorkspace(alice, "A");
        UUID b = createWorkspace(bob, "B");
        String inviteId = bob.client().post("/api/workspaces/" + b + "/invites", Map.of("role", "member"))
                .text("inviteId");
        createApiKey(bob, b, "read");
        String keyId = bob.client().get("/api/workspaces/" + b + "/api-keys").json().get(0).get("keyId").asString();
        String wb = "/api/workspaces/" + b;

        for (ApiClient client : List.of(alice.client(), ApiClient.withApiKey(port, createApiKey(alice, a, "read",
                "write", "admin")))) {
            assertThat(client.get(wb).status()).isEqualTo(404);
            assertThat(client.patch(wb, Map.of("name", "x")).status()).isEqualTo(404);
            assertThat(client.post(wb + "/transfer", Map.of("personId", alice.personId())).status()).isEqualTo(404);
            assertThat(client.get(wb + "/members").status()).isEqualTo(404);
            assertThat(client.put(wb + "/members/" + bob.personId(), Map.of("role", "viewer")).status())
                    .isEqualTo(404);
            assertThat(client.delete(wb + "/members/" + bob.personId()).status()).isEqualTo(404);
            assertThat(client.delete(wb + "/members/me").status()).isEqualTo(404);
            assertThat(client.post(wb + "/invites", Map.of("role", "member")).status()).isEqualTo(404);
            assertThat(client.get(wb + "/invites").status()).isEqualTo(404);
            assertThat(client.delete(wb + "/invites/" + inviteId).status()).isEqualTo(404);
            assertThat(client.post(wb + "/api-keys", Map.of("name", "k", "scopes", List.of("read"))).status())
                    .isEqualTo(404);
            assertThat(client.get(wb + "/api-keys").status()).isEqualTo(404);
            assertThat(client.delete(wb + "/api-keys/" + keyId).status()).isEqualTo(404);
            assertThat(client.get("/api/audit?workspaceId=" + b).status()).isEqualTo(404);
            assertThat(client.get("/api/audit/verification?workspaceId=" + b).status()).isEqualTo(404);
            assertThat(client.get("/api/workspaces").body()).doesNotContain(b.toString());
        }
        // Workspace B is untouched.
        assertThat(bob.client().get(wb).text("name")).isEqualTo("B");
        assertThat(bob.client().get(wb + "/members").json().size()).isEqualTo(1);
    }
}
