package dev.custos.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /**
     * The OpenAI parameters the Messages API has a counterpart for. {@code store} asks OpenAI to keep the
     * completion, which Custos never wants kept anywhere: it is honoured by not keeping anything.
     */
    private static final Set<String> HONOURED = Set.of("temperature", "top_p", "top_k", "max_tokens",
            "max_completion_tokens", "stop", "user", "safety_identifier", "tool_choice", "parallel_tool_calls",
            "store");

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
        body.put("stream", true);
        ChatOptions options = new ChatOptions(request.options());
        options.refuseOthers(HONOURED, "Anthropic's API");
        Long maxTokens = options.maxTokens();
        body.put("max_tokens", maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens);
        for (String sampling : List.of("temperature", "top_p", "top_k")) {
            if (options.has(sampling)) {
                body.set(sampling, options.get(sampling));
            }
        }
        List<String> stop = options.stop();
        if (!stop.isEmpty()) {
            stop.forEach(body.putArray("stop_sequences")::add);
        }
        String endUser = options.get("safety_identifier").asString(options.get("user").asString(null));
        if (endUser != null) {
            body.putObject("metadata").put("user_id", endUser);
        }
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
            toolChoice(options).ifPresent(choice -> body.set("tool_choice", choice));
        }
        return json.writeValueAsString(body);
    }

    /**
     * OpenAI's {@code tool_choice} and {@code parallel_tool_calls} as Anthropic's {@code tool_choice}: "none",
     * "auto", "required" (any tool) or one function by name.
     */
    private Optional<ObjectNode> toolChoice(ChatOptions options) {
        JsonNode choice = options.get("tool_choice");
        ObjectNode mapped = json.createObjectNode();
        if (choice.isObject()) {
            mapped.put("type", "tool").put("name", choice.path("function").path("name").asString(""));
        } else if (choice.isString()) {
            mapped.put("type", switch (choice.asString()) {
                case "none" -> "none";
                case "required" -> "any";
                default -> "auto";
            });
        } else if (options.has("parallel_tool_calls")) {
            mapped.put("type", "auto");
        } else {
            return Optional.empty();
        }
        if (options.has("parallel_tool_calls") && !options.get("parallel_tool_calls").asBoolean(true)
                && !mapped.path("type").asString().equals("none")) {
            mapped.put("disable_parallel_tool_use", true);
        }
        return Optional.of(mapped);
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
                        ToolUse use = new ToolUse(toolUses.size(), block.path("id").asString(),
                                block.path("name").asString());
                        toolUses.put(event.path("index").asInt(), use);
                        events.accept(new ChatEvent.ToolCallDelta(use.ordinal, use.id, use.name, ""));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = event.path("delta");
                    switch (delta.path("type").asString()) {
                        case "text_delta" -> events.accept(new ChatEvent.TextDelta(delta.path("text").asString("")));
                        case "input_json_delta" -> {
                            ToolUse use = toolUses.get(event.path("index").asInt());
                            if (use != null) {
                                String piece = delta.path("partial_json").asString("");
                                use.input.append(piece);
                                events.accept(new ChatEvent.ToolCallDelta(use.ordinal, null, null, piece));
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
        private final int ordinal;
        private final String id;
        private final String name;
        private final StringBuilder input = new StringBuilder();

        ToolUse(int ordinal, String id, String name) {
            this.ordinal = ordinal;
            this.id = id;
            this.name = name;
        }
    }
}
