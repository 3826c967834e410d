package dev.custos.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SubProcessorTest extends CustosIntegrationTest {

    private static JsonNode named(JsonNode list, String name) {
        return list.valueStream().filter(entry -> entry.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not listed in " + list));
    }

    @Test
    @Tag("GV-01")
    @Tag("GV-07")
    @DisplayName("sub-processors are listed with location and transfer safeguard, model providers among them, and "
            + "every change is announced to workspace owners")
    void registryAndNotification() {
        SignedIn owner = signUp("Notified Owner");
        createWorkspace(owner, "Notified");
        SignedIn admin = installationAdmin();
        String name = "Mail Relay " + UUID.randomUUID().toString().substring(0, 6);

        var added = admin.client().post("/api/admin/sub-processors", Map.of("name", name, "purpose",
                "Sends account email", "location", "US", "transferSafeguard", "standard contractual clauses (2021/914)",
                "zeroRetention", false));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode relay = named(owner.client().get("/api/privacy/sub-processors").json(), name);
        assertThat(relay.path("location").asString()).isEqualTo("US");
        assertThat(relay.path("transferSafeguard").asString()).contains("standard contractual clauses");
        assertThat(owner.client().get("/api/privacy/notices").body()).contains("Sub-processor change: " + name);
        assertThat(HtmlUtils.htmlUnescape(anonymous().get("/privacy").body())).contains(name);

        String provider = "Models " + UUID.randomUUID().toString().substring(0, 6);
        var registered = admin.client().post("/api/providers", Map.of("name", "sp-" + UUID.randomUUID().toString()
                .substring(0, 6), "label", provider, "kind", "openai", "baseUrl", "https://models.example/v1",
                "apiKey", "sk-sub-processor-test-key", "region", "EU", "zeroRetention", true, "mayTrain", false,
                "models", List.of("m")));
        assertThat(registered.status()).isEqualTo(201);
        JsonNode model = named(owner.client().get("/api/privacy/sub-processors").json(), provider);
        assertThat(model.path("transferSafeguard").asString()).contains("no transfer out of the EEA");
        String abroad = "Models abroad " + UUID.randomUUID().toString().substring(0, 6);
        var usProvider = admin.client().post("/api/providers", Map.of("name", "sp-" + UUID.randomUUID().toString()
                .substring(0, 6), "label", abroad, "kind", "openai", "baseUrl", "https://models.example/v1",
                "apiKey", "sk-sub-processor-test-key", "region", "US", "zeroRetention", true, "mayTrain", false,
                "models", List.of("m")));
        assertThat(usProvider.status()).isEqualTo(201);
        assertThat(named(owner.client().get("/api/privacy/sub-processors").json(), abroad).path("transferSafeguard")
                .asString()).as("a transfer out of the EEA, with its safeguard").contains("standard contractual clauses");
        admin.client().delete("/api/providers/" + usProvider.text("id"));
        assertThat(admin.client().post("/api/admin/sub-processors", Map.of("name", "No safeguard", "purpose", "x",
                "location", "US", "transferSafeguard", " ", "zeroRetention", true)).status())
                .as("a sub-processor is recorded with its safeguard, or not at all").isEqualTo(400);
        assertThat(owner.client().get("/api/privacy/notices").body()).contains(provider + " — added as a model provider");

        assertThat(owner.client().post("/api/admin/sub-processors", Map.of("name", "x", "purpose", "x",
                "location", "x", "transferSafeguard", "x", "zeroRetention", true)).status()).isEqualTo(403);
        assertThat(admin.client().delete("/api/admin/sub-processors/" + added.text("id")).status()).isEqualTo(204);
        assertThat(owner.client().get("/api/privacy/sub-processors").body()).doesNotContain(name);
        assertThat(owner.client().get("/api/privacy/notices").body()).contains(name + " — no longer used");
        admin.client().delete("/api/providers/" + registered.text("id"));
    }
}
