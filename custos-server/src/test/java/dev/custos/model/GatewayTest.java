package dev.custos.model;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI-compatible gateway, called with raw HTTP in the shape the OpenAI Python and JS SDKs send, in front
 * of a fake provider on a real port.
 */
class GatewayTest extends GatewayIntegrationTest {

    /** A workspace with one allowed provider and a write key: what a gateway user sets up. */
    private record Setup(SignedIn owner, UUID workspace, Registered provider, ApiClient sdk) {
    }

    private Setup setup(String kind, boolean zeroRetention, String... models) {
        SignedIn owner = signUp("Gateway Owner");
        UUID workspace = createWorkspace(owner, "Gateway");
        Registered provider = registerProvider(kind, fake.baseUrl(), zeroRetention, models);
        allowProvider(owner, workspace, provider.id());
        return new Setup(owner, workspace, provider, ApiClient.withApiKey(port, createApiKey(owner, workspace,
                "read", "write")));
    }

    /** What the OpenAI SDKs send for {@code client.chat.completions.create(...)}. */
    private static Map<String, Object> sdkRequest(String model, String userText, boolean stream) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "developer", "content", "Be brief."),
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", userText)))));
        body.put("temperature", 0.2);
        body.put("stream", stream);
        if (stream) {
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }

    @Test
    @DisplayName("GET /v1/models lists the workspace's models as provider/model, the offline one labelled")
    void listsModels() {
        Setup setup = setup("openai-compatible", true, "echo-1", "echo-2");
        JsonNode models = setup.sdk().get("/v1/models").json();
        assertThat(models.path("object").asString()).isEqualTo("list");
        List<String> ids = models.path("data").valueStream().map(model -> model.path("id").asString()).toList();
        assertThat(ids).containsExactlyInAnyOrder("offline/scripted-demo", setup.provider().name() + "/echo-1",
                setup.provider().name() + "/echo-2");
        assertThat(models.path("data").valueStream().filter(model -> model.path("id").asString().startsWith("offline/"))
                .findFirst().orElseThrow().path("owned_by").asString()).contains("offline demo model");
    }

    @Test
    @DisplayName("a non-streamed completion comes back as a chat.completion with usage")
    void nonStreamed() {
        Setup setup = setup("openai-compatible", true, "echo");
        var response = setup.sdk().post("/v1/chat/completions",
                sdkRequest(setup.provider().name() + "/echo", "Hello gateway", false));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("You said: Hello gateway");
        assertThat(body.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("completion_tokens").asLong()).isPositive();
        JsonNode sent = fake.lastReceived().body();
        assertThat(sent.path("model").asString()).as("the provider's own model name").isEqualTo("echo");
        assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("system");
        assertThat(fake.lastReceived().header("Authorization")).startsWith("Bearer sk-test-");
    }

    @Test
    @DisplayName("a streamed completion arrives as chat.completion.chunk events, a usage chunk and [DONE]")
    void streamed() {
        Setup setup = setup("anthropic", true, "claude-echo");
        var response = setup.sdk().stream("/v1/chat/completions",
                sdkRequest(setup.provider().name() + "/claude-echo", "Stream me", true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<ApiClient.Event> events = ApiClient.events(response.body());
        assertThat(events.getLast().rawData()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(ApiClient.Event::data).toList();
        assertThat(chunks).allSatisfy(chunk ->
                assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.getFirst().path("choices").path(0).path("delta").path("role").asString())
                .isEqualTo("assistant");
        String text = chunks.stream().map(chunk -> chunk.path("choices").path(0).path("delta").path("content")
                .asString("")).collect(Collectors.joining());
        assertThat(text).isEqualTo("You said: Stream me");
        assertThat(chunks.size()).as("streamed in pieces").isGreaterThan(3);
        assertThat(chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asString())
                .isEqualTo("stop");
        assertThat(chunks.getLast().path("usage").path("prompt_tokens").asLong()).isPositive();
    }

    @Test
    @DisplayName("tool definitions go to the provider and tool calls come back in OpenAI's shape")
    void toolCalls() {
        Setup setup = setup("openai-compatible", true, "tools");
        var body = new java.util.LinkedHashMap<>(sdkRequest(setup.provider().name() + "/tools", "6*7?", false));
        body.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "calculator",
                "description", "Arithmetic", "parameters", Map.of("type", "object")))));
        JsonNode response = setup.sdk().post("/v1/chat/completions", body).json();
        JsonNode call = response.path("choices").path(0).path("message").path("tool_calls").path(0);
        assertThat(call.path("function").path("name").asString()).isEqualTo("calculator");
        assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"expression\":\"6*7\"}");
        assertThat(response.path("choices").path(0).path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(fake.lastReceived().body().path("tools").path(0).path("function").path("name").asString())
                .isEqualTo("calculator");
    }

    @Test
    @DisplayName("a gateway request may be larger than a REST call, up to the gateway's own bound; beyond it, 413 as "
            + "a problem that carries OpenAI's error object")
    void bodyLimits() {
        Setup setup = setup("openai-compatible", true, "echo");
        String twoMegabytes = "x".repeat(2 * 1024 * 1024);
        var read = setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/no-such-model",
                twoMegabytes, false));
        assertThat(read.status()).isEqualTo(404); // read whole and understood: over the REST limit, within this one
        assertThat(read.problemType()).isEqualTo("/problems/model-not-found");

        var refused = setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/echo",
                "x".repeat(5 * 1024 * 1024), false));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.problemType()).isEqualTo("/problems/payload-too-large");
        assertThat(refused.json().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    @Tag("AI-02")
    @DisplayName("content goes only to providers the workspace allows: a registered but unallowed provider is "
            + "refused before any byte leaves")
    void onlyAllowedProviders() {
        Setup setup = setup("openai-compatible", true, "echo");
        Registered other = registerProvider("openai-compatible", fake.baseUrl(), true, "echo");
        int before = fake.received().size();
        var refused = setup.sdk().post("/v1/chat/completions", sdkRequest(other.name() + "/echo", "secret", false));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.problemType()).isEqualTo("/problems/model-not-found");
        assertThat(refused.json().path("error").path("message").asString()).contains("/v1/models");
        assertThat(fake.received().size()).isEqualTo(before);

        var disallowed = setup.owner().client().delete("/api/workspaces/" + setup.workspace() + "/providers/"
                + setup.provider().id());
        assertThat(disallowed.status()).isEqualTo(204);
        assertThat(setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/echo", "x", false))
                .status()).isEqualTo(404);
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-03")
    @DisplayName("every call asks for zero retention where the API supports it; a workspace can refuse providers "
            + "without zero-retention terms")
    void zeroRetention() {
        Setup openRouter = setup("openrouter", true, "router-echo");
        openRouter.sdk().post("/v1/chat/completions", sdkRequest(openRouter.provider().name() + "/router-echo", "hi",
                false));
        assertThat(fake.lastReceived().body().path("provider").path("data_collection").asString()).isEqualTo("deny");
        Setup openAi = setup("openai", true, "gpt-echo");
        openAi.sdk().post("/v1/chat/completions", sdkRequest(openAi.provider().name() + "/gpt-echo", "hi", false));
        assertThat(fake.lastReceived().body().path("store").asBoolean(true)).isFalse();

        Setup retaining = setup("openai-compatible", false, "echo");
        String settings = "/api/workspaces/" + retaining.workspace() + "/model-settings";
        var changed = retaining.owner().client().put(settings, Map.of("requireZeroRetention", true, "redaction", false));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        int before = fake.received().size();
        assertThat(retaining.sdk().post("/v1/chat/completions", sdkRequest(retaining.provider().name() + "/echo",
                "x", false)).status()).isEqualTo(404);
        assertThat(retaining.sdk().get("/v1/models").body()).doesNotContain(retaining.provider().name());
        assertThat(fake.received().size()).isEqualTo(before);
        Registered another = registerProvider("openai-compatible", fake.baseUrl(), false, "echo");
        var allow = retaining.owner().client().put("/api/workspaces/" + retaining.workspace() + "/providers/"
                + another.id(), Map.of());
        assertThat(allow.status()).isEqualTo(409);
        assertThat(allow.problemType()).isEqualTo("/problems/provider-not-zero-retention");
    }

    @Test
    @Tag("AI-03")
    @Tag("AI-04")
    @DisplayName("a provider whose terms let it train on what it is sent never gets content: no workspace can allow "
            + "it, whatever its rules, and one allowed before its terms said so is no longer called")
    void trainingProvidersGetNothing() {
        Setup training = setup("openai-compatible", true, "echo");
        Registered trains = registerProvider("openai-compatible", fake.baseUrl(), true, true, "echo");
        var allow = training.owner().client().put("/api/workspaces/" + training.workspace() + "/providers/"
                + trains.id(), Map.of());
        assertThat(allow.status()).isEqualTo(409);
        assertThat(allow.problemType()).isEqualTo("/problems/provider-trains-on-content");

        Registered turns = registerProvider("openai-compatible", fake.baseUrl(), true, false, "echo");
        allowProvider(training.owner(), training.workspace(), turns.id());
        assertThat(training.sdk().post("/v1/chat/completions", sdkRequest(turns.name() + "/echo", "x", false))
                .status()).isEqualTo(200);
        var changed = installationAdmin().client().put("/api/providers/" + turns.id(), Map.of("name", turns.name(),
                "label", "Now trains", "kind", "openai-compatible", "baseUrl", fake.baseUrl().toString(), "region", "EU",
                "zeroRetention", true, "mayTrain", true, "models", List.of("echo")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        int before = fake.received().size();
        assertThat(training.sdk().post("/v1/chat/completions", sdkRequest(turns.name() + "/echo", "x", false))
                .status()).isEqualTo(404);
        assertThat(training.sdk().get("/v1/models").body()).doesNotContain(turns.name());
        assertThat(fake.received().size()).as("nothing was sent to it").isEqualTo(before);
        assertThat(training.sdk().post("/v1/chat/completions", sdkRequest(training.provider().name() + "/echo", "x",
                false)).status()).as("a provider that neither keeps nor trains still works").isEqualTo(200);
    }

    @Test
    @Tag("AI-05")
    @DisplayName("with redaction on, personal values reach the provider as placeholders and come back restored, "
            + "even split across streamed chunks")
    void redaction() {
        Setup setup = setup("openai-compatible", true, "echo");
        setup.owner().client().put("/api/workspaces/" + setup.workspace() + "/model-settings",
                Map.of("requireZeroRetention", false, "redaction", true, "phoneRegion", "DE"));
        String personal = "Mail jane.doe@example.org, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, "
                + "call +49 30 901820, host 10.1.2.3";
        var response = setup.sdk().stream("/v1/chat/completions", sdkRequest(setup.provider().name() + "/echo",
                personal, true));
        String sent = fake.lastReceived().body().path("messages").path(1).path("content").asString();
        assertThat(sent).doesNotContain("jane.doe", "4111", "DE89", "901820", "10.1.2.3")
                .contains("[EMAIL_1]", "[CARD_1]", "[IBAN_1]", "[PHONE_1]", "[IP_1]");
        String text = ApiClient.events(response.body()).stream().filter(event -> event.data() != null)
                .map(event -> event.data().path("choices").path(0).path("delta").path("content").asString(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("You said: " + personal);

        setup.owner().client().put("/api/workspaces/" + setup.workspace() + "/model-settings",
                Map.of("requireZeroRetention", false, "redaction", false));
        setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/echo", personal, false));
        assertThat(fake.lastReceived().body().path("messages").path(1).path("content").asString()).isEqualTo(personal);
    }

    @Test
    @Tag("AI-08")
    @DisplayName("tokens in and out are metered per call and summed per day, split by API key, person or agent")
    void metering() {
        Setup setup = setup("openai-compatible", true, "echo");
        JsonNode first = setup.sdk().post("/v1/chat/completions",
                sdkRequest(setup.provider().name() + "/echo", "one", false)).json();
        JsonNode second = setup.sdk().post("/v1/chat/completions",
                sdkRequest(setup.provider().name() + "/echo", "two two", false)).json();
        long in = first.path("usage").path("prompt_tokens").asLong() + second.path("usage").path("prompt_tokens").asLong();
        long out = first.path("usage").path("completion_tokens").asLong()
                + second.path("usage").path("completion_tokens").asLong();

        JsonNode usage = setup.owner().client().get("/api/workspaces/" + setup.workspace() + "/usage").json();
        JsonNode today = usage.path("days").path(0);
        assertThat(today.path("day").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.path("calls").asLong()).isEqualTo(2);
        assertThat(today.path("inputTokens").asLong()).isEqualTo(in);
        assertThat(today.path("outputTokens").asLong()).isEqualTo(out);

        JsonNode byPerson = setup.owner().client().get("/api/workspaces/" + setup.workspace() + "/usage?by=person")
                .json().path("days").path(0);
        assertThat(byPerson.path("key").asString()).isEqualTo(setup.owner().personId().toString());
        JsonNode byKey = setup.owner().client().get("/api/workspaces/" + setup.workspace() + "/usage?by=api-key")
                .json().path("days");
        assertThat(byKey.size()).isEqualTo(1);
        assertThat(byKey.path(0).path("key").asString()).as("metered to the key").isEqualTo(setup.owner().client()
                .get("/api/workspaces/" + setup.workspace() + "/api-keys").json().get(0).get("keyId").asString());
        assertThat(setup.owner().client().get("/api/workspaces/" + setup.workspace() + "/usage?by=colour")
                .problemType()).isEqualTo("/problems/unknown-split");
    }

    @Test
    @DisplayName("a provider error before the first byte is retried with backoff and metered once; a rate limit "
            + "that persists is a 429 with the provider's Retry-After and OpenAI's error object")
    void providerErrors() {
        Setup setup = setup("openai-compatible", true, "flaky", "rate-limited", "malformed");
        int before = fake.received().size();
        var retried = setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/flaky", "hi",
                false));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(fake.received().size() - before).isEqualTo(2);

        var limited = setup.sdk().post("/v1/chat/completions", sdkRequest(setup.provider().name() + "/rate-limited",
                "hi", false));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(limited.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(limited.json().path("error").path("type").asString()).isEqualTo("requests");
        assertThat(limited.json().path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");

        var broken = setup.sdk().stream("/v1/chat/completions", sdkRequest(setup.provider().name() + "/malformed",
                "hi there", true));
        List<ApiClient.Event> events = ApiClient.events(broken.body());
        assertThat(events.getLast().data().path("error").path("code").asString()).isEqualTo("model_call_failed");
        assertThat(events.getLast().data().path("error").path("type").asString()).isEqualTo("server_error");
        assertThat(events).noneMatch(event -> event.rawData().equals("[DONE]"));

        assertThat(asOwner().sql("SELECT count(*) FROM usage_records WHERE workspace_id = :ws")
                .param("ws", setup.workspace()).query(Long.class).single()).as("only the call that succeeded")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("bad requests get clear problems; /v1 needs an API key with the write scope")
    void badRequests() {
        Setup setup = setup("openai-compatible", true, "echo");
        assertThat(setup.owner().client().get("/v1/models").problemType()).isEqualTo("/problems/api-key-required");
        assertThat(anonymous().get("/v1/models").status()).isEqualTo(401);
        var readOnly = ApiClient.withApiKey(port, createApiKey(setup.owner(), setup.workspace(), "read"));
        assertThat(readOnly.post("/v1/chat/completions", sdkRequest("offline/scripted-demo", "hi", false)).status())
                .isEqualTo(403);
        assertThat(setup.sdk().postRaw("/v1/chat/completions", "{not json").problemType())
                .isEqualTo("/problems/malformed-json");
        assertThat(setup.sdk().post("/v1/chat/completions", Map.of("model", "offline/scripted-demo", "messages",
                List.of())).problemType()).isEqualTo("/problems/invalid-request");
        assertThat(setup.sdk().post("/v1/chat/completions", Map.of("model", "offline/scripted-demo", "messages",
                List.of(Map.of("role", "user", "content", List.of(Map.of("type", "image_url",
                        "image_url", Map.of("url", "data:x"))))))).problemType())
                .isEqualTo("/problems/unsupported-content");
    }

    @Test
    @Tag("TN-01")
    @DisplayName("provider allowlists, model settings and usage of one workspace are out of reach of another")
    void crossWorkspace() {
        Setup a = setup("openai-compatible", true, "echo");
        SignedIn mallory = signUp("Mallory Gateway");
        UUID m = createWorkspace(mallory, "M");
        ApiClient malloryKey = ApiClient.withApiKey(port, createApiKey(mallory, m, "read", "write", "admin"));
        String base = "/api/workspaces/" + a.workspace();
        for (ApiClient outsider : List.of(mallory.client(), malloryKey)) {
            assertThat(outsider.get(base + "/providers").status()).isEqualTo(404);
            assertThat(outsider.put(base + "/providers/" + a.provider().id(), Map.of()).status()).isEqualTo(404);
            assertThat(outsider.delete(base + "/providers/" + a.provider().id()).status()).isEqualTo(404);
            assertThat(outsider.get(base + "/model-settings").status()).isEqualTo(404);
            assertThat(outsider.put(base + "/model-settings", Map.of("redaction", true)).status()).isEqualTo(404);
            assertThat(outsider.get(base + "/usage").status()).isEqualTo(404);
            assertThat(outsider.get(base + "/tool-settings").status()).isEqualTo(404);
            assertThat(outsider.put(base + "/tool-settings", Map.of("httpAllowedHosts", List.of("x.org"))).status())
                    .isEqualTo(404);
        }
        // Mallory's key calls through Mallory's workspace only: A's provider is not among its models.
        assertThat(malloryKey.post("/v1/chat/completions", sdkRequest(a.provider().name() + "/echo", "x", false))
                .status()).isEqualTo(404);
        // Only installation administrators register providers; nobody ever reads a key back.
        assertThat(mallory.client().post("/api/providers", Map.of("name", "evil", "label", "Evil", "kind", "openai",
                "baseUrl", "https://evil.example", "apiKey", "k", "region", "US", "zeroRetention", true,
                "mayTrain", false, "models", List.of("m")))
                .status()).isEqualTo(403);
        String listed = mallory.client().get("/api/providers").body();
        assertThat(listed).contains(a.provider().name()).doesNotContain("sk-test-");
    }
}
