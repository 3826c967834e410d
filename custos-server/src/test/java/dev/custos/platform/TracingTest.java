package dev.custos.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.custos.platform.database.DatabaseServer;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.support.Nodes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry traces, when the operator names a collector: spans of requests reach it over OTLP, named by their
 * route templates, and none carries a workspace's or person's id, a key, or what was said. Without a collector
 * (every other test's installation) nothing is traced.
 */
class TracingTest extends CustosIntegrationTest {

    @Autowired
    DatabaseServer database;

    /** An OTLP/HTTP collector: keeps the bodies of the trace exports it receives (protobuf, uncompressed). */
    private static final class Collector implements AutoCloseable {
        private final HttpServer server;
        private final List<byte[]> exports = new CopyOnWriteArrayList<>();

        Collector() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                exports.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
        }

        String received() {
            StringBuilder all = new StringBuilder();
            exports.forEach(body -> all.append(new String(body, StandardCharsets.ISO_8859_1)));
            return all.toString();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @DisplayName("with a collector named, request spans reach it by route template, and no id, key or content does")
    void tracesNameNoOne() throws Exception {
        String marker = "CONTENT-" + UUID.randomUUID();
        SignedIn owner = signUp("Traced Owner");
        UUID workspace = createWorkspace(owner, "Traced " + marker);
        String key = createApiKey(owner, workspace, "read", "write");
        try (Collector collector = new Collector();
             ConfigurableApplicationContext traced = Nodes.another(database, "management.tracing.enabled", "true",
                     "management.tracing.sampling.probability", "1.0",
                     "management.opentelemetry.tracing.export.otlp.endpoint", collector.endpoint(),
                     "management.opentelemetry.tracing.export.schedule-delay", "100ms")) {
            ApiClient sdk = ApiClient.withApiKey(Nodes.port(traced), key);
            var agent = sdk.post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Traced " + marker,
                    "instructions", "Say " + marker, "model", "offline/scripted-demo"));
            assertThat(agent.status()).as(agent.body()).isEqualTo(201);
            assertThat(sdk.get("/api/workspaces/" + workspace + "/agents/" + agent.text("id")).status())
                    .isEqualTo(200);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> collector.received()
                    .contains("/api/workspaces/{workspaceId}/agents/{agentId}"));
            assertThat(collector.received()).contains("custos", "/api/workspaces/{workspaceId}/agents")
                    .doesNotContain(workspace.toString(), agent.text("id"), owner.personId().toString(),
                            owner.email(), key, marker);
        }
    }
}
