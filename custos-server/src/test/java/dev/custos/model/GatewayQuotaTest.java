package dev.custos.model;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A workspace's monthly token allowance, as every gateway route enforces and names it. */
class GatewayQuotaTest extends GatewayIntegrationTest {

    @Test
    @DisplayName("once the month's allowance is used, every route refuses with 429 insufficient_quota in OpenAI's "
            + "error shape (Anthropic's on /v1/messages) and sends nothing")
    void spentAllowance() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        assertThat(gateway.owner().client().put("/api/workspaces/" + gateway.workspace() + "/model-settings",
                Map.of("monthlyTokenLimit", 5)).status()).isEqualTo(200);
        var first = gateway.sdk().post("/v1/chat/completions", Map.of("model", gateway.model("echo"), "messages",
                List.of(Map.of("role", "user", "content", "use up the whole allowance at once"))));
        assertThat(first.status()).as("the call that crosses the line is still answered").isEqualTo(200);

        int before = fake.received().size();
        Map<String, Map<String, Object>> routes = Map.of(
                "/v1/chat/completions", Map.of("model", gateway.model("echo"), "messages",
                        List.of(Map.of("role", "user", "content", "one more"))),
                "/v1/embeddings", Map.of("model", gateway.model("echo"), "input", "one more"),
                "/v1/responses", Map.of("model", gateway.model("echo"), "input", "one more"));
        routes.forEach((path, body) -> {
            var refused = gateway.sdk().post(path, body);
            assertThat(refused.status()).as(path).isEqualTo(429);
            assertThat(refused.json().path("error").path("type").asString()).as(path).isEqualTo("insufficient_quota");
            assertThat(refused.json().path("error").path("code").asString()).as(path).isEqualTo("insufficient_quota");
            assertThat(refused.json().path("error").path("message").asString()).contains("allowance");
        });
        var messages = gateway.sdk().post("/v1/messages", Map.of("model", gateway.model("echo"), "max_tokens", 10,
                "messages", List.of(Map.of("role", "user", "content", "one more"))));
        assertThat(messages.status()).isEqualTo(429);
        assertThat(messages.json().path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(fake.received().size()).isEqualTo(before);
    }
}
