package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestrictionTest extends CustosIntegrationTest {

    @Test
    @Tag("DR-05")
    @DisplayName("while a person restricts processing, no agent runs and no model call is made on their data; their "
            + "data is kept and can be exported; lifting it restores processing")
    void restrictionFreezesProcessing() {
        SignedIn person = signUp("Restricting Person");
        UUID workspace = createWorkspace(person, "Restricted");
        ApiClient sdk = ApiClient.withApiKey(port, createApiKey(person, workspace, "read", "write"));
        var agent = person.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo"));
        String sessions = "/api/workspaces/" + workspace + "/agents/" + agent.text("id") + "/sessions";
        Map<String, Object> completion = Map.of("model", "offline/scripted-demo",
                "messages", List.of(Map.of("role", "user", "content", "hello")));

        assertThat(person.client().post("/api/privacy/restriction", Map.of("password", "wrong")).status())
                .isEqualTo(403);
        assertThat(sdk.post("/v1/chat/completions", completion).status()).as("not restricted yet").isEqualTo(200);

        assertThat(person.client().post("/api/privacy/restriction", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
        var refused = person.client().post(sessions, Map.of("message", "hello"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemType()).isEqualTo("/problems/processing-restricted");
        var gateway = sdk.post("/v1/chat/completions", completion);
        assertThat(gateway.status()).isEqualTo(403);
        assertThat(gateway.json().path("error").path("code").asString()).isEqualTo("processing-restricted");
        assertThat(person.client().post("/api/privacy/exports", Map.of("password", PASSWORD)).status())
                .as("exports still work").isEqualTo(201);

        assertThat(person.client().post("/api/privacy/restriction/lift", Map.of("password", PASSWORD)).status())
                .isEqualTo(204);
        assertThat(person.client().post(sessions, Map.of("message", "hello")).status()).isEqualTo(201);
        assertThat(sdk.post("/v1/chat/completions", completion).status()).isEqualTo(200);
    }
}
