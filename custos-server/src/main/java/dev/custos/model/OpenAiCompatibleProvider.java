package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI chat completions wire format, spoken by OpenAI, OpenRouter, vLLM and Ollama: a streamed
 * {@code POST {baseUrl}/chat/completions} whose chunks carry text deltas, tool call fragments and, with
 * {@code stream_options.include_usage}, the token counts.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {

    private final URI endpoint;
    private final URI embeddings;
    private final @Nullable String apiKey;
    private final HttpClient http;
    private final JsonMapper json;
    private final OpenAiWire wire;
    private final Duration timeout;
    private final RetentionControls retention;

    public OpenAiCompatibleProvider(URI baseUrl, @Nullable String apiKey, HttpClient http, JsonMapper json,
                                    Duration timeout, RetentionControls retention) {
        String base = baseUrl.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.embeddings = URI.create((base.endsWith("/") ? base : base + "/") + "embeddings");
        this.apiKey = apiKey;
        this.http = http;
        this.json = json;
        this.wire = new OpenAiWire(json);
        this.timeout = timeout;
        this.retention = retention;
    }

    /** Streamed, or asked for whole when the caller wants it whole; the events are the same either way. */
    @Override
    public void stream(ChatRequest request, Consumer<ChatEvent> events) {
        boolean streamed = request.options().stream();
        HttpRequest.Builder call = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", streamed ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)));
        if (apiKey != null) {
            call.header("Authorization", "Bearer " + apiKey);
        }
        if (streamed) {
            ProviderCalls.stream(http, call.build(), json, new StreamState(events));
        } else {
            whole(ProviderCalls.call(http, call.build(), json), events);
        }
    }

    /** A {@code chat.completion} as the events a stream of it would have made. */
    private static void whole(JsonNode completion, Consumer<ChatEvent> events) {
        JsonNode choice = completion.path("choices").path(0);
        if (!choice.isObject()) {
            throw new ModelCallFailed("The model provider's answer has no choice.", 200, false, null);
        }
        fields(completion, events);
        JsonNode message = choice.path("message");
        String text = message.path("content").asString("");
        if (!text.isEmpty()) {
            events.accept(new ChatEvent.TextDelta(text));
        }
        for (JsonNode call : message.path("tool_calls")) {
            events.accept(new ChatEvent.ToolCall(call.path("id").asString(""),
                    call.path("function").path("name").asString(""),
                    call.path("function").path("arguments").asString("")));
        }
        ChatEvent.Usage usage = OpenAiWire.readUsage(completion);
        if (usage != null) {
            events.accept(usage);
        }
        events.accept(new ChatEvent.Finished(choice.path("finish_reason").asString("stop")));
    }

    /** The answer's {@code system_fingerprint} and {@code service_tier}, when the provider sent them. */
    private static boolean fields(JsonNode answer, Consumer<ChatEvent> events) {
        String fingerprint = answer.path("system_fingerprint").asString(null);
        String tier = answer.path("service_tier").asString(null);
        if (fingerprint == null && tier == null) {
            return false;
        }
        events.accept(new ChatEvent.ResponseFields(fingerprint, tier));
        return true;
    }

    /** {@code POST {baseUrl}/embeddings} with every input at once; the answer's {@code data} come back by index. */
    @Override
    public Embeddings embed(EmbeddingRequest request) {
        List<String> inputs = request.inputs();
        ObjectNode body = json.createObjectNode().put("model", request.model()).put("encoding_format", "float");
        inputs.forEach(body.putArray("input")::add);
        if (request.dimensions() != null) {
            body.put("dimensions", request.dimensions());
        }
        if (request.endUser() != null) {
            body.put("user", request.endUser());
        }
        retention.embeddingFields().forEach((field, value) -> body.set(field, json.valueToTree(value)));
        HttpRequest.Builder call = HttpRequest.newBuilder(embeddings).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (apiKey != null) {
            call.header("Authorization", "Bearer " + apiKey);
        }
        JsonNode answer = ProviderCalls.call(http, call.build(), json);
        float[][] vectors = new float[inputs.size()][];
        for (JsonNode item : answer.path("data")) {
            int index = item.path("index").asInt(-1);
            if (index < 0 || index >= vectors.length || !item.path("embedding").isArray()) {
                throw new ModelCallFailed("The model provider's embeddings are not what was asked for.", 200, false,
                        null);
            }
            float[] vector = new float[item.path("embedding").size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) item.path("embedding").path(i).asDouble();
            }
            vectors[index] = vector;
        }
        for (float[] vector : vectors) {
            if (vector == null || vector.length == 0 || vector.length != vectors[0].length) {
                throw new ModelCallFailed("The model provider left inputs without embeddings.", 200, false, null);
            }
        }
        return new Embeddings(List.of(vectors), answer.path("usage").path("prompt_tokens").asLong(0));
    }

    private String body(ChatRequest request) {
        ObjectNode body = wire.request(request);
        retention.requestFields().forEach((field, value) -> body.set(field, json.valueToTree(value)));
        return json.writeValueAsString(body);
    }

    /** Assembles tool calls from their fragments and emits events in the order the interface promises. */
    private final class StreamState implements ProviderCalls.EventStream {
        private final Consumer<ChatEvent> events;
        private final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();
        private @Nullable String finishReason;
        private boolean done;
        private boolean fieldsSent;

        StreamState(Consumer<ChatEvent> events) {
            this.events = events;
        }

        @Override
        public void accept(ServerSentEvents.Event event) {
            String data = event.data();
            if (done) {
                return;
            }
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            JsonNode chunk;
            try {
                chunk = json.readTree(data);
            } catch (JacksonException e) {
                throw ProviderCalls.notJson(e);
            }
            if (!fieldsSent) {
                fieldsSent = fields(chunk, events);
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            String text = delta.path("content").asString("");
            if (!text.isEmpty()) {
                events.accept(new ChatEvent.TextDelta(text));
            }
            for (JsonNode fragment : delta.path("tool_calls")) {
                int index = fragment.path("index").asInt(0);
                toolCalls.computeIfAbsent(index, i -> new PartialToolCall()).add(fragment);
                events.accept(new ChatEvent.ToolCallDelta(index, fragment.path("id").asString(null),
                        fragment.path("function").path("name").asString(null),
                        fragment.path("function").path("arguments").asString("")));
            }
            String reason = choice.path("finish_reason").asString("");
            if (!reason.isEmpty()) {
                finishReason = reason;
            }
            ChatEvent.Usage usage = OpenAiWire.readUsage(chunk);
            if (usage != null) {
                events.accept(usage);
            }
        }

        @Override
        public void finish() {
            if (!done && finishReason == null) {
                throw ProviderCalls.endedEarly();
            }
            toolCalls.values().forEach(call -> events.accept(call.complete()));
            events.accept(new ChatEvent.Finished(finishReason == null ? "stop" : finishReason));
        }
    }

    private static final class PartialToolCall {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();

        void add(JsonNode fragment) {
            id = fragment.path("id").asString(id);
            name = fragment.path("function").path("name").asString(name);
            arguments.append(fragment.path("function").path("arguments").asString(""));
        }

        ChatEvent.ToolCall complete() {
            return new ChatEvent.ToolCall(id, name, arguments.toString());
        }
    }
}
