package dev.custos.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator watches: Prometheus metrics with nobody in their labels, probes, and logs without content. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends CustosIntegrationTest {

    private HttpResponse<String> scrape(String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("/actuator/prometheus serves model calls, tokens, agent runs, jobs and requests to the scraper that "
            + "presents the metrics token, and no label names a workspace, person or anything they wrote")
    void metricsWithoutPeople(CapturedOutput output) throws Exception {
        String marker = "CONTENT-" + UUID.randomUUID();
        SignedIn owner = signUp("Metrics Owner");
        UUID workspace = createWorkspace(owner, "Metered " + marker);
        var sdk = ApiClient.withApiKey(port, createApiKey(owner, workspace, "read", "write"));
        assertThat(sdk.post("/v1/chat/completions", Map.of("model", "offline/scripted-demo", "messages",
                List.of(Map.of("role", "user", "content", "Remember " + marker)))).status()).isEqualTo(200);
        String agents = "/api/workspaces/" + workspace + "/agents";
        var agent = owner.client().post(agents, Map.of("name", "Helper " + marker, "instructions", "Be helpful.",
                "model", "offline/scripted-demo", "tools", List.of(), "approvalTools", List.of(), "redaction", false));
        UUID session = UUID.fromString(owner.client().post(agents + "/" + agent.text("id") + "/sessions",
                Map.of("message", "Please note " + marker)).text("id"));
        await().until(() -> asOwner().sql("SELECT status FROM agent_sessions WHERE session_id = :s")
                .param("s", session).query(String.class).single().equals("idle"));

        assertThat(scrape(null).statusCode()).isEqualTo(401);
        assertThat(scrape("not-the-token").statusCode()).isEqualTo(401);
        var scraped = scrape(METRICS_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        String metrics = scraped.body();
        assertThat(metrics).contains("custos_model_calls_total", "custos_model_tokens_total{",
                "custos_agent_runs_seconds_count{", "custos_model_records_queued", "custos_agent_runs_active",
                "http_server_requests_seconds_count{");
        assertThat(metrics).as("no id of a workspace, person, session or key")
                .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(metrics).doesNotContain(marker, owner.email());
        assertThat(output.getAll()).as("the log carries no content either").doesNotContain(marker);
    }

    @Test
    @DisplayName("liveness and readiness probes answer for a load balancer, readiness including the database")
    void probes() {
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        var readiness = anonymous().get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
    }
}
