package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.custos.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Anthropic-compatible {@code POST /v1/messages}, called as Anthropic's SDKs call it ({@code x-api-key},
 * {@code anthropic-version}, their request shapes), in front of fake providers of either kind.
 */
class GatewayMessagesTest extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An answer: status, headers and body as the SDK receives them. */
    private record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        List<ApiClient.Event> events() {
            return ApiClient.events(body);
        }
    }

    /** {@code client.messages.create(...)} or {@code .stream(...)}, as the SDKs send it. */
    private Answer send(String key, Map<String, Object> body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/v1/messages")).header("x-api-key", key).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json").header("accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> request(String model, Object content, Map<String, Object> parameters) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("max_tokens", 1024);
        body.put("messages", List.of(Map.of("role", "user", "content", content)));
        body.putAll(parameters);
        return body;
    }

    @Test
    @DisplayName("a whole message from an OpenAI-compatible provider: Anthropic's message shape back, the request's "
            + "parameters translated on the way, the end user pseudonymous")
    void wholeMessage() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        Answer answer = send(gateway.key(), request(gateway.model("echo"),
                List.of(Map.of("type", "text", "text", "Hello Claude")), Map.of("system", "Be brief.",
                        "temperature", 0.3, "stop_sequences", List.of("END"), "metadata",
                        Map.of("user_id", "alice@example.com"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id)
                .startsWith("req_"));
        JsonNode message = answer.json();
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("id").asString()).startsWith("msg_");
        assertThat(message.path("model").asString()).isEqualTo(gateway.model("echo"));
        assertThat(message.path("content").path(0).path("type").asString()).isEqualTo("text");
        assertThat(message.path("content").path(0).path("text").asString()).isEqualTo("You said: Hello Claude");
        assertThat(message.path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(message.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(message.path("usage").path("output_tokens").asLong()).isPositive();

        JsonNode sent = fake.lastReceived().body();
        assertThat(sent.path("stream").asBoolean(true)).as("a whole answer is asked for whole").isFalse();
        assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("system");
        assertThat(sent.path("messages").path(0).path("content").asString()).isEqualTo("Be brief.");
        assertThat(sent.path("max_completion_tokens").asLong()).isEqualTo(1024);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.path("stop").path(0).asString()).isEqualTo("END");
        assertThat(sent.path("user").asString()).startsWith("custos-").doesNotContain("alice");
    }

    @Test
    @DisplayName("a streamed message arrives as Anthropic's events in order: message_start, content blocks with "
            + "text deltas, message_delta with the stop reason and usage, message_stop")
    void streamedMessage() {
        Gateway gateway = gateway("anthropic", true, "claude-echo");
        Answer answer = send(gateway.key(), request(gateway.model("claude-echo"), "Stream me",
                Map.of("stream", true, "top_k", 5)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(fake.lastReceived().body().path("top_k").asInt()).isEqualTo(5);
        List<ApiClient.Event> events = answer.events();
        assertThat(events).allSatisfy(event -> assertThat(event.data().path("type").asString())
                .isEqualTo(event.name()));
        List<String> names = events.stream().map(ApiClient.Event::name).distinct().toList();
        assertThat(names).containsExactly("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(events.stream().filter(event -> event.name().equals("content_block_delta")).count())
                .as("streamed in pieces").isGreaterThan(2);
        String text = events.stream().filter(event -> event.name().equals("content_block_delta"))
                .map(event -> event.data().path("delta").path("text").asString()).collect(Collectors.joining());
        assertThat(text).isEqualTo("You said: Stream me");
        JsonNode delta = events.get(events.size() - 2).data();
        assertThat(delta.path("delta").path("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isPositive();
        assertThat(delta.path("usage").path("input_tokens").asLong()).isPositive();
    }

    @Test
    @DisplayName("tools: tool_use blocks come back (streamed as input_json_delta pieces), and a tool_result "
            + "answers the call on the next turn")
    void toolUse() {
        Gateway gateway = gateway("openai-compatible", true, "tools");
        Map<String, Object> tools = Map.of("tools", List.of(Map.of("name", "calculator", "description",
                "Arithmetic", "input_schema", Map.of("type", "object", "properties", Map.of("expression",
                        Map.of("type", "string"))))), "tool_choice", Map.of("type", "auto"));
        JsonNode whole = send(gateway.key(), request(gateway.model("tools"), "6*7?", tools)).json();
        JsonNode use = whole.path("content").valueStream().filter(block -> block.path("type").asString()
                .equals("tool_use")).findFirst().orElseThrow();
        assertThat(use.path("name").asString()).isEqualTo("calculator");
        assertThat(use.path("input").path("expression").asString()).isEqualTo("6*7");
        assertThat(whole.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(fake.lastReceived().body().path("tools").path(0).path("function").path("parameters")
                .path("properties").has("expression")).isTrue();
        assertThat(fake.lastReceived().body().path("tool_choice").asString()).isEqualTo("auto");

        var streaming = new LinkedHashMap<>(tools);
        streaming.put("stream", true);
        List<ApiClient.Event> events = send(gateway.key(), request(gateway.model("tools"), "6*7?", streaming))
                .events();
        JsonNode start = events.stream().filter(event -> event.name().equals("content_block_start")
                && event.data().path("content_block").path("type").asString().equals("tool_use")).findFirst()
                .orElseThrow().data();
        String json = events.stream().filter(event -> event.name().equals("content_block_delta")
                        && event.data().path("index").asInt() == start.path("index").asInt())
                .map(event -> event.data().path("delta").path("partial_json").asString())
                .collect(Collectors.joining());
        assertThat(JSON.readTree(json).path("expression").asString()).isEqualTo("6*7");
        assertThat(events.stream().filter(event -> event.name().equals("content_block_delta")
                && event.data().path("index").asInt() == start.path("index").asInt()).count())
                .as("the input streamed as it came").isGreaterThan(1);

        var followUp = new LinkedHashMap<String, Object>(tools);
        followUp.put("model", gateway.model("tools"));
        followUp.put("max_tokens", 100);
        followUp.put("messages", List.of(Map.of("role", "user", "content", "6*7?"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "tool_use", "id", use.path("id")
                        .asString(), "name", "calculator", "input", Map.of("expression", "6*7")))),
                Map.of("role", "user", "content", List.of(Map.of("type", "tool_result", "tool_use_id",
                        use.path("id").asString(), "content", "42")))));
        JsonNode answer = send(gateway.key(), followUp).json();
        assertThat(answer.path("content").path(0).path("text").asString()).contains("42");
        JsonNode sent = fake.lastReceived().body().path("messages");
        assertThat(sent.path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo(use.path("id")
                .asString());
        assertThat(sent.path(2).path("role").asString()).isEqualTo("tool");
        assertThat(sent.path(2).path("tool_call_id").asString()).isEqualTo(use.path("id").asString());
    }

    @Test
    @DisplayName("refusals carry Anthropic's error object and status: a missing max_tokens, an unknown parameter, "
            + "a bad key, an unknown model, the provider's rate limit with Retry-After")
    void refusals() {
        Gateway gateway = gateway("openai-compatible", true, "echo", "rate-limited");
        var noLimit = new LinkedHashMap<>(request(gateway.model("echo"), "hi", Map.of()));
        noLimit.remove("max_tokens");
        Answer missing = send(gateway.key(), noLimit);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(missing.json().path("error").path("message").asString()).contains("max_tokens");
        assertThat(send(gateway.key(), request(gateway.model("echo"), "hi", Map.of("colour", "red"))).json()
                .path("error").path("message").asString()).contains("colour");
        assertThat(send(gateway.key(), request(gateway.model("echo"), "hi", Map.of("thinking",
                Map.of("type", "enabled", "budget_tokens", 1024)))).status()).isEqualTo(400);

        Answer badKey = send("cst_not-a-key", request(gateway.model("echo"), "hi", Map.of()));
        assertThat(badKey.status()).isEqualTo(401);
        assertThat(badKey.json().path("error").path("type").asString()).isEqualTo("authentication_error");
        Answer unknown = send(gateway.key(), request(gateway.provider().name() + "/nope", "hi", Map.of()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("type").asString()).isEqualTo("not_found_error");
        Answer limited = send(gateway.key(), request(gateway.model("rate-limited"), "hi", Map.of()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
    }

    @Test
    @Tag("AI-02")
    @DisplayName("content goes only to providers the workspace allows: another registered provider is unknown here "
            + "and nothing is sent")
    void onlyAllowedProviders() {
        Gateway gateway = gateway("anthropic", true, "claude-echo");
        Registered other = registerProvider("anthropic", fake.baseUrl(), true, "claude-echo");
        int before = fake.received().size();
        Answer refused = send(gateway.key(), request(other.name() + "/claude-echo", "secret", Map.of()));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-03")
    @DisplayName("a message call asks for zero retention where the provider's API supports it, and a workspace that "
            + "demands zero retention never reaches a provider without it")
    void zeroRetention() {
        Gateway openAi = gateway("openai", true, "gpt-echo");
        assertThat(send(openAi.key(), request(openAi.model("gpt-echo"), "hi", Map.of())).status()).isEqualTo(200);
        assertThat(fake.lastReceived().body().path("store").asBoolean(true)).isFalse();

        Gateway retaining = gateway("openai-compatible", false, "echo");
        assertThat(retaining.owner().client().put("/api/workspaces/" + retaining.workspace() + "/model-settings",
                Map.of("requireZeroRetention", true)).status()).isEqualTo(200);
        int before = fake.received().size();
        assertThat(send(retaining.key(), request(retaining.model("echo"), "hi", Map.of())).status()).isEqualTo(404);
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-08")
    @DisplayName("a message call's tokens are metered per workspace, person and API key")
    void metering() {
        Gateway gateway = gateway("anthropic", true, "claude-echo");
        JsonNode message = send(gateway.key(), request(gateway.model("claude-echo"), "count me", Map.of())).json();
        String usage = "/api/workspaces/" + gateway.workspace() + "/usage";
        JsonNode byKey = gateway.owner().client().get(usage + "?by=api-key").json().path("days").path(0);
        assertThat(byKey.path("key").asString()).as("metered to the key it came with").isEqualTo(gateway.keyId());
        assertThat(byKey.path("inputTokens").asLong()).isEqualTo(message.path("usage").path("input_tokens").asLong());
        assertThat(byKey.path("outputTokens").asLong()).isEqualTo(message.path("usage").path("output_tokens")
                .asLong());
        JsonNode byPerson = gateway.owner().client().get(usage + "?by=person").json().path("days").path(0);
        assertThat(byPerson.path("key").asString()).isEqualTo(gateway.owner().personId().toString());
    }
}
