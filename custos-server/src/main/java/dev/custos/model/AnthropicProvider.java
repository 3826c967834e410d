package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages wire format: a streamed {@code POST {baseUrl}/messages} whose named events
 * ({@code message_start}, {@code content_block_*}, {@code message_delta}, {@code message_stop}, {@code error})
 * carry text, tool use with its input as partial JSON, the stop reason and token counts.
 */
public final class AnthropicProvider implements ModelProvider {

    static final String API_VERSION = "2023-06-01";
    private static final int DEFAULT_MAX_TOKENS = 4096;

    private final URI endpoint;
    private final String apiKey;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    public AnthropicProvider(URI baseUrl, String apiKey, HttpClient http, JsonMapper json, Duration timeout) {
        String base = baseUrl.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "messages");
        this.apiKey = apiKey;
        this.http = http;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public void stream(ChatRequest request, Consumer<ChatEvent> events) {
        HttpRequest call = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("x-api-key", apiKey)
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                .build();
        ProviderCalls.stream(http, call, json, new StreamState(events));
    }

    /**
     * System messages go to the top-level {@code system} field; tool calls become {@code tool_use} blocks and
     * consecutive tool results one user message of {@code tool_result} blocks, as the API requires.
     */
    private String body(ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", DEFAULT_MAX_TOKENS);
        body.put("stream", true);
        StringBuilder system = new StringBuilder();
        ArrayNode messages = body.putArray("messages");
        ArrayNode toolResults = null;
        for (ChatRequest.Message message : request.messages()) {
            if (message.role().equals("tool")) {
                if (toolResults == null) {
                    toolResults = messages.addObject().put("role", "user").putArray("content");
                }
                toolResults.addObject().put("type", "tool_result").put("tool_use_id", message.toolCallId())
                        .put("content", message.content());
                continue;
            }
            toolResults = null;
            if (message.role().equals("system")) {
                system.append(system.isEmpty() ? "" : "\n\n").append(message.content());
            } else if (message.toolCalls().isEmpty()) {
                messages.addObject().put("role", message.role()).put("content", message.content());
            } else {
                ArrayNode blocks = messages.addObject().put("role", "assistant").putArray("content");
                if (!message.content().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", message.content());
                }
                for (ChatEvent.ToolCall call : message.toolCalls()) {
                    blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                            .set("input", json.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson()));
                }
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        if (request.toolsJson() != null) {
            ArrayNode tools = body.putArray("tools");
            for (JsonNode tool : json.readTree(request.toolsJson())) {
                tools.addObject().put("name", tool.path("name").asString())
                        .put("description", tool.path("description").asString(""))
                        .set("input_schema", tool.path("parameters"));
            }
        }
        return json.writeValueAsString(body);
    }

    private final class StreamState implements ProviderCalls.EventStream {
        private final Consumer<ChatEvent> events;
        private final Map<Integer, ToolUse> toolUses = new TreeMap<>();
        private long inputTokens;
        private long outputTokens;
        private @Nullable String stopReason;
        private boolean stopped;

        StreamState(Consumer<ChatEvent> events) {
            this.events = events;
        }

        @Override
        public void accept(ServerSentEvents.Event sse) {
            String type = sse.type();
            String data = sse.data();
            JsonNode event;
            try {
                event = json.readTree(data);
            } catch (JacksonException e) {
                throw ProviderCalls.notJson(e);
            }
            switch (type) {
                case "message_start" -> inputTokens = event.path("message").path("usage").path("input_tokens").asLong(0);
                case "content_block_start" -> {
                    JsonNode block = event.path("content_block");
                    if (block.path("type").asString().equals("tool_use")) {
                        toolUses.put(event.path("index").asInt(), new ToolUse(block.path("id").asString(),
                                block.path("name").asString()));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = event.path("delta");
                    switch (delta.path("type").asString()) {
                        case "text_delta" -> events.accept(new ChatEvent.TextDelta(delta.path("text").asString("")));
                        case "input_json_delta" -> {
                            ToolUse use = toolUses.get(event.path("index").asInt());
                            if (use != null) {
                                use.input.append(delta.path("partial_json").asString(""));
                            }
                        }
                        default -> { } // thinking and signature deltas are not part of the answer
                    }
                }
                case "message_delta" -> {
                    stopReason = event.path("delta").path("stop_reason").asString(stopReason);
                    outputTokens = event.path("usage").path("output_tokens").asLong(outputTokens);
                }
                case "message_stop" -> stopped = true;
                case "error" -> {
                    String error = event.path("error").path("type").asString("unknown");
                    boolean passing = error.equals("overloaded_error") || error.equals("rate_limit_error")
                            || error.equals("api_error");
                    throw new ModelCallFailed("The model provider stopped the stream (" + error + ").", 200,
                            passing, null);
                }
                default -> { } // ping, content_block_stop
            }
        }

        @Override
        public void finish() {
            if (!stopped) {
                throw ProviderCalls.endedEarly();
            }
            events.accept(new ChatEvent.Usage(inputTokens, outputTokens));
            toolUses.values().forEach(use -> events.accept(new ChatEvent.ToolCall(use.id, use.name,
                    use.input.isEmpty() ? "{}" : use.input.toString())));
            events.accept(new ChatEvent.Finished(stopReason == null ? "end_turn" : stopReason));
        }
    }

    private static final class ToolUse {
        private final String id;
        private final String name;
        private final StringBuilder input = new StringBuilder();

        ToolUse(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
