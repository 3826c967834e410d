package dev.custos.model;

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

/** OpenAI's Responses API, {@code POST /v1/responses}, in the shapes OpenAI's SDKs send, in front of fake providers. */
class GatewayResponsesTest extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What {@code client.responses.create(...)} sends. */
    private static Map<String, Object> request(String model, Object input, Map<String, Object> parameters) {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", model);
        body.put("input", input);
        body.putAll(parameters);
        return body;
    }

    private static Map<String, Object> calculator() {
        return Map.of("type", "function", "name", "calculator", "description", "Arithmetic", "strict", false,
                "parameters", Map.of("type", "object", "properties", Map.of("expression", Map.of("type", "string"))));
    }

    @Test
    @DisplayName("a whole response: instructions and input become the conversation, settings reach the provider by "
            + "their Chat Completions names, and the response object comes back with its output text and usage")
    void wholeResponse() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        var response = gateway.sdk().post("/v1/responses", request(gateway.model("echo"), "Hello responses",
                Map.of("instructions", "Be brief.", "max_output_tokens", 200, "temperature", 0.4,
                        "text", Map.of("format", Map.of("type", "json_schema", "name", "answer", "schema",
                                Map.of("type", "object"), "strict", true)),
                        "metadata", Map.of("ticket", "T-1"), "store", true, "user", "alice@example.com")));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("object").asString()).isEqualTo("response");
        assertThat(body.path("id").asString()).startsWith("resp_");
        assertThat(body.path("status").asString()).isEqualTo("completed");
        assertThat(body.path("model").asString()).isEqualTo(gateway.model("echo"));
        assertThat(body.path("store").asBoolean(true)).as("Custos keeps no responses").isFalse();
        assertThat(body.path("metadata").path("ticket").asString()).isEqualTo("T-1");
        assertThat(body.path("instructions").asString()).isEqualTo("Be brief.");
        JsonNode message = body.path("output").path(0);
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("role").asString()).isEqualTo("assistant");
        assertThat(message.path("content").path(0).path("type").asString()).isEqualTo("output_text");
        assertThat(message.path("content").path(0).path("text").asString()).isEqualTo("You said: Hello responses");
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(body.path("usage")
                .path("input_tokens").asLong() + body.path("usage").path("output_tokens").asLong());

        JsonNode sent = fake.lastReceived().body();
        assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("system");
        assertThat(sent.path("messages").path(1).path("content").asString()).isEqualTo("Hello responses");
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(200);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(sent.path("response_format").path("json_schema").path("name").asString()).isEqualTo("answer");
        assertThat(sent.path("user").asString()).startsWith("custos-").doesNotContain("alice");
        assertThat(sent.has("metadata")).as("metadata labels the response, not the provider's call").isFalse();
        assertThat(sent.has("store")).isFalse();
    }

    @Test
    @DisplayName("a streamed response arrives as the Responses API's numbered events, from response.created to "
            + "response.completed, the text in output_text deltas")
    void streamedResponse() {
        Gateway gateway = gateway("anthropic", true, "claude-echo");
        var response = gateway.sdk().stream("/v1/responses", request(gateway.model("claude-echo"),
                List.of(Map.of("role", "user", "content", List.of(Map.of("type", "input_text", "text",
                        "Stream me")))), Map.of("stream", true)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<ApiClient.Event> events = ApiClient.events(response.body());
        assertThat(events).allSatisfy(event -> assertThat(event.data().path("type").asString())
                .isEqualTo(event.name()));
        assertThat(events.stream().map(event -> event.data().path("sequence_number").asInt()).toList())
                .isSorted().doesNotHaveDuplicates();
        assertThat(events.stream().map(ApiClient.Event::name).distinct().toList()).containsExactly(
                "response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        String text = events.stream().filter(event -> event.name().equals("response.output_text.delta"))
                .map(event -> event.data().path("delta").asString()).collect(Collectors.joining());
        assertThat(text).isEqualTo("You said: Stream me");
        JsonNode completed = events.getLast().data().path("response");
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("output").path(0).path("content").path(0).path("text").asString()).isEqualTo(text);
        assertThat(completed.path("usage").path("output_tokens").asLong()).isPositive();
    }

    @Test
    @DisplayName("function tools: a function_call item comes back (its arguments streamed as they come), and a "
            + "function_call_output answers it on the next turn")
    void functionCalls() {
        Gateway gateway = gateway("openai-compatible", true, "tools");
        JsonNode whole = gateway.sdk().post("/v1/responses", request(gateway.model("tools"), "6*7?",
                Map.of("tools", List.of(calculator()), "tool_choice", "auto"))).json();
        JsonNode call = whole.path("output").valueStream().filter(item -> item.path("type").asString()
                .equals("function_call")).findFirst().orElseThrow();
        assertThat(call.path("name").asString()).isEqualTo("calculator");
        assertThat(call.path("arguments").asString()).isEqualTo("{\"expression\":\"6*7\"}");
        assertThat(fake.lastReceived().body().path("tools").path(0).path("function").path("name").asString())
                .isEqualTo("calculator");

        List<ApiClient.Event> events = ApiClient.events(gateway.sdk().stream("/v1/responses",
                request(gateway.model("tools"), "6*7?", Map.of("tools", List.of(calculator()), "stream", true)))
                .body());
        assertThat(events.stream().filter(event -> event.name().equals("response.function_call_arguments.delta"))
                .count()).as("arguments streamed in pieces").isGreaterThan(1);
        assertThat(events.stream().filter(event -> event.name().equals("response.function_call_arguments.done"))
                .findFirst().orElseThrow().data().path("arguments").asString()).isEqualTo("{\"expression\":\"6*7\"}");

        var input = List.of(Map.of("role", "user", "content", "6*7?"),
                Map.of("type", "function_call", "call_id", call.path("call_id").asString(), "name", "calculator",
                        "arguments", call.path("arguments").asString()),
                Map.of("type", "function_call_output", "call_id", call.path("call_id").asString(), "output", "42"));
        JsonNode answer = gateway.sdk().post("/v1/responses", request(gateway.model("tools"), input,
                Map.of("tools", List.of(calculator())))).json();
        assertThat(answer.path("output").path(0).path("content").path(0).path("text").asString()).contains("42");
        JsonNode sent = fake.lastReceived().body().path("messages");
        assertThat(sent.path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo(call.path("call_id")
                .asString());
        assertThat(sent.path(2).path("role").asString()).isEqualTo("tool");
    }

    @Test
    @DisplayName("an answer cut short by max_output_tokens is incomplete; what Custos does not carry is refused in "
            + "OpenAI's error shape, naming the parameter")
    void incompleteAndRefusals() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        JsonNode cut = gateway.sdk().post("/v1/responses", request("offline/scripted-demo", "Tell me a long story",
                Map.of("max_output_tokens", 2))).json();
        assertThat(cut.path("status").asString()).as(cut.toString()).isEqualTo("incomplete");
        assertThat(cut.path("incomplete_details").path("reason").asString()).isEqualTo("max_output_tokens");

        int before = fake.received().size();
        for (var refused : List.of(Map.<String, Object>of("previous_response_id", "resp_123"),
                Map.<String, Object>of("tools", List.of(Map.of("type", "web_search"))),
                Map.<String, Object>of("colour", "red"),
                Map.<String, Object>of("background", true))) {
            var answer = gateway.sdk().post("/v1/responses", request(gateway.model("echo"), "hi", refused));
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().path("error").path("param").asString()).isEqualTo(refused.keySet().iterator()
                    .next());
        }
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-02")
    @DisplayName("content goes only to providers the workspace allows: another registered provider is unknown here "
            + "and nothing is sent")
    void onlyAllowedProviders() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        Registered other = registerProvider("openai-compatible", fake.baseUrl(), true, "echo");
        int before = fake.received().size();
        var refused = gateway.sdk().post("/v1/responses", request(other.name() + "/echo", "secret", Map.of()));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("model_not_found");
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-03")
    @DisplayName("a response call asks for zero retention (store: false, whatever the client asked), and a workspace "
            + "that demands zero retention never reaches a provider without it")
    void zeroRetention() {
        Gateway openAi = gateway("openai", true, "gpt-echo");
        assertThat(openAi.sdk().post("/v1/responses", request(openAi.model("gpt-echo"), "hi", Map.of("store", true)))
                .status()).isEqualTo(200);
        assertThat(fake.lastReceived().body().path("store").asBoolean(true)).isFalse();

        Gateway retaining = gateway("openai-compatible", false, "echo");
        assertThat(retaining.owner().client().put("/api/workspaces/" + retaining.workspace() + "/model-settings",
                Map.of("requireZeroRetention", true)).status()).isEqualTo(200);
        int before = fake.received().size();
        assertThat(retaining.sdk().post("/v1/responses", request(retaining.model("echo"), "hi", Map.of())).status())
                .isEqualTo(404);
        assertThat(fake.received().size()).isEqualTo(before);
    }

    @Test
    @Tag("AI-08")
    @DisplayName("a response call's tokens are metered per workspace, person and API key")
    void metering() {
        Gateway gateway = gateway("openai-compatible", true, "echo");
        JsonNode body = gateway.sdk().post("/v1/responses", request(gateway.model("echo"), "count me", Map.of()))
                .json();
        String usage = "/api/workspaces/" + gateway.workspace() + "/usage";
        JsonNode byKey = gateway.owner().client().get(usage + "?by=api-key").json().path("days").path(0);
        assertThat(byKey.path("key").asString()).isEqualTo(gateway.keyId());
        assertThat(byKey.path("inputTokens").asLong()).isEqualTo(body.path("usage").path("input_tokens").asLong());
        assertThat(byKey.path("outputTokens").asLong()).isEqualTo(body.path("usage").path("output_tokens").asLong());
        JsonNode byPerson = gateway.owner().client().get(usage + "?by=person").json().path("days").path(0);
        assertThat(byPerson.path("key").asString()).isEqualTo(gateway.owner().personId().toString());
    }
}
