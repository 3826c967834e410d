package dev.custos.model;

import java.util.ArrayList;
import java.util.List;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The parts of an OpenAI chat completion request Custos acts on. */
record OpenAiCompletionRequest(String model, List<ChatRequest.Message> messages, @Nullable String toolsJson,
                         boolean stream, boolean includeUsage) {

    static OpenAiCompletionRequest parse(JsonMapper json, byte[] raw) {
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (JacksonException e) {
            throw CustosException.invalid("malformed-json", "The request body is not valid JSON.");
        }
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw CustosException.invalid("invalid-request", "model is required (GET /v1/models lists them).");
        }
        if (body.path("n").asInt(1) != 1) {
            throw CustosException.invalid("unsupported-parameter", "Only n = 1 is supported.");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw CustosException.invalid("invalid-request", "messages must be a non-empty array.");
        }
        List<ChatRequest.Message> parsed = new ArrayList<>();
        for (JsonNode message : messages) {
            parsed.add(message(json, message));
        }
        String tools = null;
        if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
            ArrayNode neutral = json.createArrayNode();
            for (JsonNode tool : body.path("tools")) {
                JsonNode function = tool.path("function");
                if (!tool.path("type").asString("function").equals("function") || function.path("name").isMissingNode()) {
                    throw CustosException.invalid("invalid-request", "Each tool must be a function with a name.");
                }
                ObjectNode entry = neutral.addObject().put("name", function.path("name").asString())
                        .put("description", function.path("description").asString(""));
                entry.set("parameters", function.has("parameters") ? function.path("parameters")
                        : json.createObjectNode().put("type", "object"));
            }
            tools = neutral.toString();
        }
        return new OpenAiCompletionRequest(model, parsed, tools, body.path("stream").asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false));
    }

    private static ChatRequest.Message message(JsonMapper json, JsonNode message) {
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
}
