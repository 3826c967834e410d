package dev.custos.model;

import java.util.ArrayList;
import java.util.List;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's chat completions wire format, both ways, in one place: the gateway reads requests from OpenAI clients
 * and writes completions and chunks back; the OpenAI-compatible adapter writes requests to providers and reads
 * their chunks. Messages, tool calls, tools, usage and finish reasons are encoded and decoded only here.
 */
final class OpenAiWire {

    private final JsonMapper json;

    OpenAiWire(JsonMapper json) {
        this.json = json;
    }

    // ---- Requests --------------------------------------------------------------------------------------------

    /**
     * A request for the provider with the caller's parameters as sent; streamed (asking for the token counts at the
     * end) when the caller wants a stream.
     */
    ObjectNode request(ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.put("stream", request.options().stream());
        if (request.options().stream()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        body.setAll(new ChatOptions(request.options()).parameters());
        if (body.has("store")) {
            body.put("store", false); // AI-03: a client's store: true would have the provider keep the answer
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatRequest.Message message : request.messages()) {
            ObjectNode node = messages.addObject().put("role", message.role());
            if (message.toolCalls().isEmpty() || !message.content().isEmpty()) {
                node.put("content", message.content());
            } else {
                node.putNull("content");
            }
            if (message.toolCallId() != null) {
                node.put("tool_call_id", message.toolCallId());
            }
            if (!message.toolCalls().isEmpty()) {
                putToolCalls(node, message.toolCalls());
            }
        }
        if (request.toolsJson() != null) {
            ArrayNode tools = body.putArray("tools");
            for (JsonNode tool : json.readTree(request.toolsJson())) {
                tools.addObject().put("type", "function").set("function", tool);
            }
        }
        return body;
    }

    /** A client's request, with what Custos acts on checked; refused with the reason otherwise. */
    OpenAiCompletionRequest readRequest(byte[] raw) {
        JsonNode body = GatewayCallers.jsonObject(json, raw);
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw CustosException.invalid("invalid-request", "model is required (GET /v1/models lists them).");
        }
        if (body.path("n").asInt(1) != 1) {
            throw CustosException.invalid("unsupported-parameter", "Only n = 1 is supported.")
                    .with(CustosException.PARAM, "n");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw CustosException.invalid("invalid-request", "messages must be a non-empty array.");
        }
        List<ChatRequest.Message> parsed = new ArrayList<>();
        for (JsonNode message : messages) {
            parsed.add(readMessage(message));
        }
        return new OpenAiCompletionRequest(model, parsed, readTools(body.path("tools")),
                body.path("stream").asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false),
                OpenAiParameters.toPassOn(json, body));
    }

    private ChatRequest.Message readMessage(JsonNode message) {
        String role = message.path("role").asString("");
        if (role.equals("developer")) {
            role = "system"; // newer OpenAI name for the system role
        }
        if (!List.of("system", "user", "assistant", "tool").contains(role)) {
            throw CustosException.invalid("invalid-request",
                    "Each message's role must be system, developer, user, assistant or tool.");
        }
        JsonNode content = message.path("content");
        StringBuilder text = new StringBuilder();
        if (content.isString()) {
            text.append(content.asString());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (!part.path("type").asString("").equals("text")) {
                    throw CustosException.invalid("unsupported-content", "Only text content parts are supported.");
                }
                text.append(part.path("text").asString(""));
            }
        } else if (!content.isNull() && !content.isMissingNode()) {
            throw CustosException.invalid("invalid-request", "A message's content must be text or text parts.");
        }
        List<ChatEvent.ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(new ChatEvent.ToolCall(call.path("id").asString(""),
                    call.path("function").path("name").asString(""),
                    call.path("function").path("arguments").asString("{}")));
        }
        String toolCallId = message.path("tool_call_id").asString(null);
        if (role.equals("tool") && toolCallId == null) {
            throw CustosException.invalid("invalid-request", "A tool message needs its tool_call_id.");
        }
        return new ChatRequest.Message(role, text.toString(), toolCallId, calls);
    }

    /** OpenAI's function tools as the neutral list every adapter takes, or null when there are none. */
    private @Nullable String readTools(JsonNode tools) {
        if (!tools.isArray() || tools.isEmpty()) {
            return null;
        }
        ArrayNode neutral = json.createArrayNode();
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!tool.path("type").asString("function").equals("function") || function.path("name").isMissingNode()) {
                throw CustosException.invalid("invalid-request", "Each tool must be a function with a name.");
            }
            ObjectNode entry = neutral.addObject().put("name", function.path("name").asString())
                    .put("description", function.path("description").asString(""));
            entry.set("parameters", function.has("parameters") ? function.path("parameters")
                    : json.createObjectNode().put("type", "object"));
        }
        return neutral.toString();
    }

    // ---- Answers ---------------------------------------------------------------------------------------------

    /** A whole (not streamed) completion, as {@code chat.completion}. */
    ObjectNode completion(String id, long created, String model, ModelGateway.Completion completion,
                          ChatEvent.@Nullable ResponseFields fields) {
        ObjectNode body = json.createObjectNode().put("id", id).put("object", "chat.completion")
                .put("created", created).put("model", model);
        putResponseFields(body, fields);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (completion.toolCalls().isEmpty() || !completion.text().isEmpty()) {
            message.put("content", completion.text());
        } else {
            message.putNull("content");
        }
        if (!completion.toolCalls().isEmpty()) {
            putToolCalls(message, completion.toolCalls());
        }
        choice.put("finish_reason", finishReason(completion.finishReason()));
        body.set("usage", usage(completion.inputTokens(), completion.outputTokens()));
        return body;
    }

    /** An empty {@code chat.completion.chunk}, to which a choice or the usage is added. */
    ObjectNode chunk(String id, long created, String model) {
        return json.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", model);
    }

    /** Tool calls on a message. */
    void putToolCalls(ObjectNode message, List<ChatEvent.ToolCall> calls) {
        ArrayNode array = message.putArray("tool_calls");
        calls.forEach(call -> toolCall(array.addObject(), call));
    }

    /** A piece of a tool call on a chunk's delta: id, type and name with its first piece, then arguments. */
    void putToolCallPiece(ObjectNode delta, ChatEvent.ToolCallDelta piece) {
        ObjectNode entry = delta.putArray("tool_calls").addObject().put("index", piece.index());
        if (piece.id() != null) {
            entry.put("id", piece.id()).put("type", "function");
        }
        ObjectNode function = entry.putObject("function");
        if (piece.name() != null) {
            function.put("name", piece.name());
        }
        function.put("arguments", piece.arguments());
    }

    /** The provider's {@code system_fingerprint} and {@code service_tier}, on a completion or chunk. */
    void putResponseFields(ObjectNode answer, ChatEvent.@Nullable ResponseFields fields) {
        if (fields == null) {
            return;
        }
        if (fields.systemFingerprint() != null) {
            answer.put("system_fingerprint", fields.systemFingerprint());
        }
        if (fields.serviceTier() != null) {
            answer.put("service_tier", fields.serviceTier());
        }
    }

    /** One tool call on a chunk's delta, the stream's {@code index}th. */
    void putToolCall(ObjectNode delta, ChatEvent.ToolCall call, int index) {
        toolCall(delta.putArray("tool_calls").addObject().put("index", index), call);
    }

    private static void toolCall(ObjectNode entry, ChatEvent.ToolCall call) {
        entry.put("id", call.id()).put("type", "function").putObject("function")
                .put("name", call.name()).put("arguments", call.argumentsJson());
    }

    ObjectNode usage(long input, long output) {
        return json.createObjectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
    }

    /** A chunk's usage object as an event, or null when the chunk carries none. */
    static ChatEvent.@Nullable Usage readUsage(JsonNode chunk) {
        JsonNode usage = chunk.path("usage");
        return usage.isObject() ? new ChatEvent.Usage(usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0)) : null;
    }

    /** A provider's reason to stop (OpenAI's or Anthropic's words) as OpenAI says it. */
    static String finishReason(String providerReason) {
        return switch (providerReason) {
            case "tool_use", "tool_calls" -> "tool_calls";
            case "max_tokens", "length" -> "length";
            default -> "stop";
        };
    }
}
