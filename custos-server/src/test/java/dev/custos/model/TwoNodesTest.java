package dev.custos.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.database.DatabaseServer;
import dev.custos.support.ApiClient;
import dev.custos.support.Nodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database, as a cluster runs: what one node caches for the gateway's hot path (verified API keys,
 * memberships, a workspace's rules) is dropped the moment a change commits on the other (LISTEN/NOTIFY).
 */
class TwoNodesTest extends GatewayIntegrationTest {

    @Autowired
    DatabaseServer database;

    /** A second Custos on this test's PostgreSQL and key store. */
    private ConfigurableApplicationContext secondNode() {
        return Nodes.another(database);
    }

    private static Map<String, Object> chat(String model) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hello")));
    }

    @Test
    @Tag("ID-09")
    @DisplayName("a key revoked on one node stops working on the other within a second, and a provider taken off a "
            + "workspace's allowlist stops being called there as soon")
    void changesReachTheOtherNode() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        Gateway second = gateway("openai-compatible", true, "echo-two");
        allowProvider(gateway.owner(), gateway.workspace(), second.provider().id());
        try (ConfigurableApplicationContext node = secondNode()) {
            int port = ((WebServerApplicationContext) node).getWebServer().getPort();
            ApiClient there = ApiClient.withApiKey(port, gateway.key());
            for (int i = 0; i < 3; i++) { // verified and cached there
                assertThat(there.post("/v1/chat/completions", chat(second.model("echo-two"))).status())
                        .isEqualTo(200);
            }

            assertThat(gateway.owner().client().delete("/api/workspaces/" + gateway.workspace() + "/providers/"
                    + second.provider().id()).status()).isEqualTo(204);
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    there.post("/v1/chat/completions", chat(second.model("echo-two"))).status() == 404);

            assertThat(gateway.owner().client().delete("/api/workspaces/" + gateway.workspace() + "/api-keys/"
                    + gateway.keyId()).status()).isEqualTo(204);
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    there.get("/v1/models").status() == 401);
            assertThat(there.post("/v1/chat/completions", chat(gateway.model("echo"))).status()).isEqualTo(401);
        }
    }

    @Autowired
    dev.custos.platform.ClusterSize clusterSize;

    @Test
    @Tag("SC-07")
    @DisplayName("API rate limits are shared: with two nodes each allows half of a key's limit, so that together "
            + "they allow what one node would, with no database round trip per request")
    void rateLimitsAreShared() {
        SignedIn owner = signUp("Limited Owner");
        UUID workspace = createWorkspace(owner, "Limited");
        ApiClient here = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read"));
        try (ConfigurableApplicationContext node = secondNode()) {
            clusterSize.refresh();
            node.getBean(dev.custos.platform.ClusterSize.class).refresh();
            assertThat(clusterSize.nodes()).isEqualTo(2);
            assertThat(node.getBean(dev.custos.platform.ClusterSize.class).nodes()).isEqualTo(2);
            int admitted = 0;
            for (int i = 0; i < 700; i++) {
                int status = here.get("/api/workspaces/" + workspace).status();
                if (status == 429) {
                    break;
                }
                assertThat(status).isEqualTo(200);
                admitted++;
            }
            // 600 a minute for the key, so 300 on each of two nodes (plus what refills while the loop runs).
            assertThat(admitted).isBetween(300, 449);
        } finally {
            clusterSize.refresh();
        }
        assertThat(clusterSize.nodes()).as("the second node is gone").isEqualTo(1);
    }
}
