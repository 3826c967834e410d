package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as OpenAI's SDKs meet it (issue 17's findings, one test each): parameters reach the provider or are
 * refused by name; errors carry OpenAI's error object, types and codes on every path; a provider's refusal keeps its
 * status class; the routes SDKs call answer in OpenAI's shapes; the provider's fields and streamed tool-call
 * arguments come through; the offline model calls only the tools it was given.
 */
class GatewayCompatibilityTest extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private record Setup(UUID workspace, String provider, ApiClient sdk, String key) {
    }

    private Setup setup(String kind, String... models) {
        SignedIn owner = signUp("Compatibility Owner");
        UUID workspace = createWorkspace(owner, "Compatibility");
        Registered provider = registerProvider(kind, fake.baseUrl(), true, models);
        allowProvider(owner, workspace, provider.id());
        String key = createApiKey(owner, workspace, "read", "write");
        return new Setup(workspace, provider.name(), ApiClient.withApiKey(port, key), key);
    }

    private static Map<String, Object> request(String model, String text, Map<String, Object> parameters) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "user", "content", text)));
        body.putAll(parameters);
        return body;
    }

    @Test
    @Tag("AI-03")
    @DisplayName("finding 1: documented parameters reach the provider as sent, a whole answer is asked for whole, "
            + "the end user is pseudonymous, store stays off, and what a provider cannot honour is refused by name")
    void parametersReachTheProvider() {
        Setup setup = setup("openai-compatible", "echo");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("temperature", 0.3);
        parameters.put("top_p", 0.9);
        parameters.put("max_completion_tokens", 50);
        parameters.put("stop", List.of("END"));
        parameters.put("seed", 7);
        parameters.put("presence_penalty", 0.5);
        parameters.put("response_format", Map.of("type", "json_object"));
        parameters.put("tool_choice", "auto");
        parameters.put("parallel_tool_calls", false);
        parameters.put("logprobs", true);
        parameters.put("user", "alice@example.com");
        parameters.put("store", true);
        var answer = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/echo", "hi", parameters));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode sent = fake.lastReceived().body();
        assertThat(sent.path("stream").asBoolean(true)).as("asked for whole").isFalse();
        assertThat(sent.has("stream_options")).isFalse();
        for (String name : List.of("temperature", "top_p", "max_completion_tokens", "stop", "seed",
                "presence_penalty", "response_format", "tool_choice", "parallel_tool_calls", "logprobs")) {
            assertThat(sent.path(name)).as(name).isEqualTo(JSON.valueToTree(parameters.get(name)));
        }
        assertThat(sent.path("store").asBoolean(true)).as("zero retention wins over the client's store").isFalse();
        String user = sent.path("user").asString();
        assertThat(user).startsWith("custos-").doesNotContain("alice").doesNotContain("@");
        setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/echo", "again",
                Map.of("user", "alice@example.com")));
        assertThat(fake.lastReceived().body().path("user").asString()).as("the same person, the same pseudonym")
                .isEqualTo(user);

        var unknown = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/echo", "hi",
                Map.of("frobnicate", 1)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("param").asString()).isEqualTo("frobnicate");
        assertThat(unknown.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");

        Setup anthropic = setup("anthropic", "claude-echo");
        var mapped = anthropic.sdk().post("/v1/chat/completions", request(anthropic.provider() + "/claude-echo",
                "hi", Map.of("temperature", 0.1, "max_tokens", 64, "stop", "END")));
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        JsonNode messages = fake.lastReceived().body();
        assertThat(messages.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(messages.path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(messages.path("stop_sequences").path(0).asString()).isEqualTo("END");
        var seeded = anthropic.sdk().post("/v1/chat/completions", request(anthropic.provider() + "/claude-echo",
                "hi", Map.of("seed", 3)));
        assertThat(seeded.status()).isEqualTo(400);
        assertThat(seeded.json().path("error").path("code").asString()).isEqualTo("unsupported_parameter");
        assertThat(seeded.json().path("error").path("param").asString()).isEqualTo("seed");

        var offline = setup.sdk().post("/v1/chat/completions", request("offline/scripted-demo", "hello",
                Map.of("max_tokens", 3)));
        assertThat(offline.json().path("choices").path(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(offline.json().path("usage").path("completion_tokens").asLong()).isLessThanOrEqualTo(3);
    }

    @Test
    @DisplayName("finding 2: refusals on /v1 carry OpenAI's error object with its types and codes: no key, a bad "
            + "key, an unknown model, a body that is not JSON")
    void errorsInOpenAiShape() throws Exception {
        Setup setup = setup("openai-compatible", "echo");
        HttpResponse<String> noKey = raw("POST", "/v1/chat/completions", null, "application/json",
                JSON.writeValueAsString(request("offline/scripted-demo", "hi", Map.of())));
        assertThat(noKey.statusCode()).as("no Authorization is 401, not a CSRF refusal").isEqualTo(401);
        assertThat(error(noKey).path("code").asString()).isEqualTo("invalid_api_key");

        HttpResponse<String> badKey = raw("POST", "/v1/chat/completions", "cst_not_a_key", "application/json",
                JSON.writeValueAsString(request("offline/scripted-demo", "hi", Map.of())));
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertThat(error(badKey).path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error(badKey).path("code").asString()).isEqualTo("invalid_api_key");

        var unknown = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/nope", "hi", Map.of()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(unknown.json().path("error").path("param").asString()).isEqualTo("model");

        HttpResponse<String> plain = raw("POST", "/v1/chat/completions", setup.key(), "text/plain",
                JSON.writeValueAsString(request("offline/scripted-demo", "hi", Map.of())));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(error(plain).path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    @DisplayName("finding 3: a provider's refusal keeps its class: 400 with its code and param (never its message), "
            + "429 with Retry-After, an overload as 503")
    void providerErrorsByStatus() {
        Setup setup = setup("openai-compatible", "too-long", "rate-limited");
        var tooLong = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/too-long",
                "my secret plan", Map.of()));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").path("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(tooLong.json().path("error").path("param").asString()).isEqualTo("messages");
        assertThat(tooLong.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(tooLong.body()).as("the provider's message quoted the request").doesNotContain("secret plan");

        var limited = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/rate-limited", "hi",
                Map.of()));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");

        Setup anthropic = setup("anthropic", "overloaded");
        var overloaded = anthropic.sdk().post("/v1/chat/completions", request(anthropic.provider() + "/overloaded",
                "hi", Map.of()));
        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(overloaded.json().path("error").path("type").asString()).isEqualTo("server_error");
    }

    @Test
    @DisplayName("finding 4: models.retrieve works with the slash plain or encoded; other methods and paths under "
            + "/v1 answer with OpenAI's error object")
    void routes() throws Exception {
        Setup setup = setup("openai-compatible", "echo");
        var plain = setup.sdk().get("/v1/models/" + setup.provider() + "/echo");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.json().path("id").asString()).isEqualTo(setup.provider() + "/echo");
        assertThat(plain.json().path("object").asString()).isEqualTo("model");
        HttpResponse<String> encoded = raw("GET", "/v1/models/" + setup.provider() + "%2Fecho", setup.key(), null,
                null);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).path("id").asString()).isEqualTo(setup.provider() + "/echo");
        assertThat(setup.sdk().get("/v1/models/" + setup.provider() + "/nope").status()).isEqualTo(404);

        HttpResponse<String> wrongMethod = raw("GET", "/v1/chat/completions", setup.key(), null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(error(wrongMethod).path("type").asString()).isEqualTo("invalid_request_error");
        HttpResponse<String> noRoute = raw("POST", "/v1/completions", setup.key(), "application/json", "{}");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(error(noRoute).path("message").asString()).isNotBlank();
    }

    @Test
    @DisplayName("finding 5: the provider's system_fingerprint is kept, every answer has an x-request-id, and "
            + "tool-call arguments stream as they arrive")
    void providerFieldsAndStreamedToolCalls() {
        Setup setup = setup("openai-compatible", "echo", "tools");
        var whole = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/echo", "hi", Map.of()));
        assertThat(whole.json().path("system_fingerprint").asString()).isEqualTo("fp_fake01");
        assertThat(whole.headers().firstValue("x-request-id").orElseThrow()).startsWith("req_");
        var refused = setup.sdk().post("/v1/chat/completions", request(setup.provider() + "/nope", "hi", Map.of()));
        assertThat(refused.headers().firstValue("x-request-id")).isPresent();

        var body = new LinkedHashMap<>(request(setup.provider() + "/tools", "6*7?", Map.of("stream", true)));
        body.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "calculator",
                "parameters", Map.of("type", "object")))));
        List<JsonNode> chunks = ApiClient.events(setup.sdk().stream("/v1/chat/completions", body).body()).stream()
                .filter(event -> !event.rawData().equals("[DONE]")).map(ApiClient.Event::data).toList();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.path("system_fingerprint").asString())
                .isEqualTo("fp_fake01"));
        List<JsonNode> pieces = chunks.stream()
                .map(chunk -> chunk.path("choices").path(0).path("delta").path("tool_calls").path(0))
                .filter(JsonNode::isObject).toList();
        assertThat(pieces).as("the arguments in the pieces the provider sent").hasSize(2);
        assertThat(pieces.getFirst().path("function").path("name").asString()).isEqualTo("calculator");
        assertThat(pieces.stream().map(piece -> piece.path("function").path("arguments").asString())
                .collect(Collectors.joining())).isEqualTo("{\"expression\":\"6*7\"}");
    }

    @Test
    @DisplayName("finding 6: the offline model calls a tool the client declared and asked for, never one it did "
            + "not declare")
    void offlineModelUsesDeclaredTools() {
        Setup setup = setup("openai-compatible", "echo");
        var undeclared = setup.sdk().post("/v1/chat/completions", request("offline/scripted-demo",
                "calculate six times seven", Map.of()));
        JsonNode message = undeclared.json().path("choices").path(0).path("message");
        assertThat(message.has("tool_calls")).isFalse();
        assertThat(message.path("content").asString()).contains("not offered");

        var body = new LinkedHashMap<>(request("offline/scripted-demo", "use get_weather for Paris", Map.of()));
        body.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "get_weather",
                "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                        "required", List.of("city"))))));
        JsonNode call = setup.sdk().post("/v1/chat/completions", body).json().path("choices").path(0)
                .path("message").path("tool_calls").path(0);
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.path("function").path("arguments").asString()).path("city").isString())
                .isTrue();
    }

    private static JsonNode error(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("error");
    }

    private HttpResponse<String> raw(String method, String path, String key, String contentType, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
