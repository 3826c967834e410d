package dev.custos.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages format as a server speaks it, for the Anthropic-compatible {@code /v1/messages}: a client's
 * request read into the neutral {@link ChatRequest} parts (its parameters by OpenAI's names, which every adapter
 * reads), and a whole answer written back as a {@code message}. The stream's events are
 * {@link AnthropicEventWriter}'s.
 */
final class AnthropicMessagesWire {

    /** A client's request, as the gateway calls a model with it. */
    record Request(String model, List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean stream,
                   ObjectNode parameters) {
    }

    private static final Set<String> READ = Set.of("model", "messages", "system", "tools", "stream", "max_tokens",
            "stop_sequences", "temperature", "top_p", "top_k", "tool_choice", "metadata");
    /** Documented, but for features Custos does not carry. */
    private static final Set<String> UNSUPPORTED = Set.of("thinking", "container", "mcp_servers",
            "context_management", "service_tier");

    private final JsonMapper json;

    AnthropicMessagesWire(JsonMapper json) {
        this.json = json;
    }

    Request read(byte[] raw) {
        JsonNode body = GatewayCallers.jsonObject(json, raw);
        for (String name : body.propertyNames()) {
            if (UNSUPPORTED.contains(name) && !(name.equals("service_tier") && body.get(name).asString("")
                    .equals("auto"))) {
                throw refused("unsupported-parameter", name, name + " is not supported by Custos.");
            }
            if (!READ.contains(name) && !UNSUPPORTED.contains(name)) {
                throw GatewayCallers.unrecognized(name, "%s: Extra inputs are not permitted");
            }
        }
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw refused("invalid-request", "model", "model: Field required (GET /v1/models lists them).");
        }
        if (!body.path("max_tokens").canConvertToLong() || body.path("max_tokens").asLong() < 1) {
            throw refused("invalid-request", "max_tokens", "max_tokens: Field required, a positive whole number.");
        }
        List<ChatRequest.Message> messages = new ArrayList<>();
        String system = text(body.path("system"), "system");
        if (!system.isEmpty()) {
            messages.add(ChatRequest.Message.of("system", system));
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            throw refused("invalid-request", "messages", "messages: a non-empty list is required.");
        }
        for (JsonNode message : body.path("messages")) {
            readMessage(message, messages);
        }
        return new Request(model, messages, tools(body.path("tools")), body.path("stream").asBoolean(false),
                parameters(body));
    }

    /** The sampling parameters by OpenAI's names, which every adapter reads ({@link ChatOptions}). */
    private ObjectNode parameters(JsonNode body) {
        ObjectNode parameters = json.createObjectNode();
        parameters.put("max_completion_tokens", body.path("max_tokens").asLong());
        for (String name : List.of("temperature", "top_p", "top_k")) {
            if (body.has(name) && !body.get(name).isNull()) {
                parameters.set(name, body.get(name));
            }
        }
        if (body.path("stop_sequences").isArray() && !body.path("stop_sequences").isEmpty()) {
            parameters.set("stop", body.get("stop_sequences"));
        }
        String user = body.path("metadata").path("user_id").asString(null);
        if (user != null) {
            parameters.put("user", user);
        }
        JsonNode choice = body.path("tool_choice");
        if (choice.isObject()) {
            switch (choice.path("type").asString("")) {
                case "auto" -> parameters.put("tool_choice", "auto");
                case "any" -> parameters.put("tool_choice", "required");
                case "none" -> parameters.put("tool_choice", "none");
                case "tool" -> parameters.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.path("name").asString(""));
                default -> throw refused("invalid-request", "tool_choice",
                        "tool_choice.type must be auto, any, tool or none.");
            }
            if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
                parameters.put("parallel_tool_calls", false);
            }
        }
        return parameters;
    }

    /**
     * One message of the conversation. A user message's {@code tool_result} blocks become tool messages (each
     * answering its {@code tool_use_id}); an assistant's {@code tool_use} blocks, its tool calls.
     */
    private void readMessage(JsonNode message, List<ChatRequest.Message> into) {
        String role = message.path("role").asString("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw refused("invalid-request", "messages", "Each message's role must be user or assistant.");
        }
        JsonNode content = message.path("content");
        if (content.isString()) {
            into.add(ChatRequest.Message.of(role, content.asString()));
            return;
        }
        if (!content.isArray()) {
            throw refused("invalid-request", "messages", "A message's content must be text or content blocks.");
        }
        StringBuilder text = new StringBuilder();
        List<ChatEvent.ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "tool_use" -> calls.add(new ChatEvent.ToolCall(block.path("id").asString(""),
                        block.path("name").asString(""), json.writeValueAsString(block.path("input").isObject()
                                ? block.path("input") : json.createObjectNode())));
                case "tool_result" -> into.add(ChatRequest.Message.toolResult(block.path("tool_use_id").asString(""),
                        (block.path("is_error").asBoolean(false) ? "Error: " : "")
                                + text(block.path("content"), "messages")));
                default -> throw refused("unsupported-content", "messages", "Only text, tool_use and tool_result "
                        + "content blocks are supported.");
            }
        }
        if (!calls.isEmpty() && role.equals("assistant")) {
            into.add(ChatRequest.Message.assistant(text.toString(), calls));
        } else if (!calls.isEmpty()) {
            throw refused("invalid-request", "messages", "tool_use blocks belong in assistant messages.");
        } else if (!text.isEmpty() || into.isEmpty() || !into.getLast().role().equals("tool")) {
            into.add(ChatRequest.Message.of(role, text.toString()));
        }
    }

    /** Text given as a string or as {@code text} blocks. */
    private static String text(JsonNode value, String param) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isString()) {
            return value.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : value) {
            if (!block.path("type").asString("").equals("text")) {
                throw refused("unsupported-content", param, "Only text content blocks are supported here.");
            }
            text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asString(""));
        }
        return text.toString();
    }

    /** Custom tools as the neutral list every adapter takes; Anthropic's server tools run at Anthropic only. */
    private @Nullable String tools(JsonNode tools) {
        if (!tools.isArray() || tools.isEmpty()) {
            return null;
        }
        ArrayNode neutral = json.createArrayNode();
        for (JsonNode tool : tools) {
            if (!tool.path("type").asString("custom").equals("custom") || !tool.path("name").isString()) {
                throw refused("unsupported-parameter", "tools", "Only custom tools with a name and input_schema are "
                        + "supported.");
            }
            ObjectNode entry = neutral.addObject().put("name", tool.path("name").asString())
                    .put("description", tool.path("description").asString(""));
            entry.set("parameters", tool.has("input_schema") ? tool.path("input_schema")
                    : json.createObjectNode().put("type", "object"));
        }
        return neutral.toString();
    }

    // ---- Answers ---------------------------------------------------------------------------------------------

    /** A whole answer, as a {@code message}. */
    ObjectNode message(String id, String model, ModelGateway.Completion completion) {
        ObjectNode message = start(id, model, completion.inputTokens());
        ArrayNode content = message.putArray("content");
        if (!completion.text().isEmpty() || completion.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", completion.text());
        }
        for (ChatEvent.ToolCall call : completion.toolCalls()) {
            content.add(toolUse(call, true));
        }
        message.put("stop_reason", stopReason(completion.finishReason()));
        message.set("usage", usage(completion.inputTokens(), completion.outputTokens()));
        return message;
    }

    /** The message as {@code message_start} carries it: no content yet, no stop reason. */
    ObjectNode start(String id, String model, long inputTokens) {
        ObjectNode message = json.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", usage(inputTokens, 0));
        return message;
    }

    /** A {@code tool_use} block, its input whole or (to start a stream's block) empty. */
    ObjectNode toolUse(ChatEvent.ToolCall call, boolean withInput) {
        ObjectNode block = json.createObjectNode().put("type", "tool_use").put("id", call.id())
                .put("name", call.name());
        JsonNode input;
        try {
            input = withInput && !call.argumentsJson().isBlank() ? json.readTree(call.argumentsJson()) : null;
        } catch (JacksonException e) {
            input = null; // a model's malformed arguments: the block says nothing rather than something wrong
        }
        block.set("input", input != null && input.isObject() ? input : json.createObjectNode());
        return block;
    }

    ObjectNode usage(long input, long output) {
        return json.createObjectNode().put("input_tokens", input).put("output_tokens", output);
    }

    /** A provider's reason to stop (OpenAI's or Anthropic's words) as Anthropic says it. */
    static String stopReason(String providerReason) {
        return switch (providerReason) {
            case "tool_use", "tool_calls" -> "tool_use";
            case "max_tokens", "length" -> "max_tokens";
            case "stop_sequence" -> "stop_sequence";
            default -> "end_turn";
        };
    }

    private static CustosException refused(String slug, String param, String message) {
        return CustosException.invalid(slug, message).with(CustosException.PARAM, param);
    }
}
