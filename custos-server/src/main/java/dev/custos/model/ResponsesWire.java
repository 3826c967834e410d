package dev.custos.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Responses API format as a server speaks it, for {@code /v1/responses}: a client's request read into the
 * neutral {@link ChatRequest} parts (its parameters by their Chat Completions names, which every adapter reads); the
 * {@code response} object written back is {@link ResponseObjects}'. Custos keeps no responses (nothing to continue from by
 * {@code previous_response_id}, {@code store} is always false): a client sends the conversation in {@code input},
 * as it does with {@code store: false} at OpenAI. The stream's events are {@link ResponsesEventWriter}'s.
 */
final class ResponsesWire {

    /**
     * A client's request.
     *
     * @param echo the request's settings as the response object repeats them
     */
    record Request(String model, List<ChatRequest.Message> messages, @Nullable String toolsJson, boolean stream,
                   ObjectNode parameters, ObjectNode echo) {
    }

    /** Passed on under the same name. */
    private static final Set<String> SAME_NAME = Set.of("temperature", "top_p", "parallel_tool_calls", "user",
            "safety_identifier", "prompt_cache_key", "service_tier", "top_logprobs");
    /** Read or answered by Custos itself. */
    private static final Set<String> READ = Set.of("model", "input", "instructions", "stream", "stream_options",
            "tools", "tool_choice", "max_output_tokens", "text", "reasoning", "metadata", "store", "truncation",
            "include");
    /** Documented, with why Custos does not carry them. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "previous_response_id", "Custos keeps no responses to continue from; send the conversation in input.",
            "conversation", "Custos keeps no conversations; send the conversation in input.",
            "background", "Custos answers in the foreground only.",
            "prompt", "Custos has no stored prompts; send instructions and input.",
            "max_tool_calls", "max_tool_calls applies to built-in tools, which Custos does not run.");

    private final JsonMapper json;

    ResponsesWire(JsonMapper json) {
        this.json = json;
    }

    Request read(byte[] raw) {
        JsonNode body = GatewayCallers.jsonObject(json, raw);
        for (String name : body.propertyNames()) {
            if (UNSUPPORTED.containsKey(name) && !body.get(name).isNull() && !body.get(name).equals(json
                    .getNodeFactory().booleanNode(false))) {
                throw refused("unsupported-parameter", name, name + " is not supported: " + UNSUPPORTED.get(name));
            }
            if (!READ.contains(name) && !SAME_NAME.contains(name) && !UNSUPPORTED.containsKey(name)) {
                throw GatewayCallers.unrecognized(name, OpenAiParameters.UNRECOGNIZED);
            }
        }
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw refused("invalid-request", "model", "model is required (GET /v1/models lists them).");
        }
        if (!body.path("truncation").asString("disabled").equals("disabled")) {
            throw refused("unsupported-parameter", "truncation", "Only truncation: disabled is supported.");
        }
        if (body.path("include").isArray() && !body.path("include").isEmpty()) {
            throw refused("unsupported-parameter", "include", "include is not supported by Custos.");
        }
        List<ChatRequest.Message> messages = new ArrayList<>();
        String instructions = body.path("instructions").asString("");
        if (!instructions.isEmpty()) {
            messages.add(ChatRequest.Message.of("system", instructions));
        }
        JsonNode input = body.path("input");
        if (input.isString()) {
            messages.add(ChatRequest.Message.of("user", input.asString()));
        } else if (input.isArray() && !input.isEmpty()) {
            input.forEach(item -> readItem(item, messages));
        } else {
            throw refused("invalid-request", "input", "input must be text or a non-empty list of items.");
        }
        return new Request(model, messages, tools(body.path("tools")), body.path("stream").asBoolean(false),
                parameters(body), echo(body, model));
    }

    private ObjectNode parameters(JsonNode body) {
        ObjectNode parameters = json.createObjectNode();
        for (String name : SAME_NAME) {
            if (body.has(name) && !body.get(name).isNull()) {
                parameters.set(name, body.get(name));
            }
        }
        if (body.path("max_output_tokens").isNumber()) {
            parameters.set("max_completion_tokens", body.get("max_output_tokens"));
        }
        JsonNode choice = body.path("tool_choice");
        if (choice.isString()) {
            parameters.set("tool_choice", choice);
        } else if (choice.isObject()) {
            if (!choice.path("type").asString("").equals("function")) {
                throw refused("unsupported-parameter", "tool_choice", "tool_choice may name a function tool only.");
            }
            parameters.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.path("name").asString(""));
        }
        JsonNode format = body.path("text").path("format");
        switch (format.path("type").asString("text")) {
            case "text" -> { }
            case "json_object" -> parameters.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = parameters.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema");
                for (String field : List.of("name", "description", "schema", "strict")) {
                    if (format.has(field)) {
                        schema.set(field, format.get(field));
                    }
                }
            }
            default -> throw refused("invalid-request", "text.format", "text.format.type must be text, json_object "
                    + "or json_schema.");
        }
        if (body.path("text").path("verbosity").isString()) {
            parameters.set("verbosity", body.path("text").path("verbosity"));
        }
        if (body.path("reasoning").path("effort").isString()) {
            parameters.set("reasoning_effort", body.path("reasoning").path("effort"));
        }
        if (body.path("reasoning").has("summary") && !body.path("reasoning").path("summary").isNull()) {
            throw refused("unsupported-parameter", "reasoning.summary", "Reasoning summaries are not supported by "
                    + "Custos.");
        }
        return parameters;
    }

    /** One input item: a message (by role, with or without {@code type: message}), a function call or its output. */
    private void readItem(JsonNode item, List<ChatRequest.Message> into) {
        String type = item.path("type").asString(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> {
                String role = item.path("role").asString("");
                if (role.equals("developer")) {
                    role = "system";
                }
                if (!List.of("system", "user", "assistant").contains(role)) {
                    throw refused("invalid-request", "input", "A message's role must be system, developer, user or "
                            + "assistant.");
                }
                into.add(ChatRequest.Message.of(role, text(item.path("content"))));
            }
            case "function_call" -> {
                var call = new ChatEvent.ToolCall(item.path("call_id").asString(""), item.path("name").asString(""),
                        item.path("arguments").asString("{}"));
                ChatRequest.Message last = into.isEmpty() ? null : into.getLast();
                if (last != null && last.role().equals("assistant")) {
                    List<ChatEvent.ToolCall> calls = new ArrayList<>(last.toolCalls());
                    calls.add(call);
                    into.set(into.size() - 1, ChatRequest.Message.assistant(last.content(), calls));
                } else {
                    into.add(ChatRequest.Message.assistant("", List.of(call)));
                }
            }
            case "function_call_output" -> into.add(ChatRequest.Message.toolResult(item.path("call_id").asString(""),
                    text(item.path("output"))));
            default -> throw refused("unsupported-content", "input", "Input items must be messages, function calls "
                    + "or function call outputs.");
        }
    }

    /** Text given as a string or as text parts ({@code input_text}, or {@code output_text} in past answers). */
    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            if (!type.equals("input_text") && !type.equals("output_text")) {
                throw refused("unsupported-content", "input", "Only text content is supported.");
            }
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }

    /** Function tools as the neutral list every adapter takes; built-in tools run at OpenAI only. */
    private @Nullable String tools(JsonNode tools) {
        if (!tools.isArray() || tools.isEmpty()) {
            return null;
        }
        ArrayNode neutral = json.createArrayNode();
        for (JsonNode tool : tools) {
            if (!tool.path("type").asString("").equals("function") || !tool.path("name").isString()) {
                throw refused("unsupported-parameter", "tools", "Only function tools with a name are supported.");
            }
            ObjectNode entry = neutral.addObject().put("name", tool.path("name").asString())
                    .put("description", tool.path("description").asString(""));
            entry.set("parameters", tool.has("parameters") ? tool.path("parameters")
                    : json.createObjectNode().put("type", "object"));
        }
        return neutral.toString();
    }

    /** The request's settings as every response object repeats them. */
    private ObjectNode echo(JsonNode body, String model) {
        ObjectNode echo = json.createObjectNode();
        echo.set("instructions", body.path("instructions").isString() ? body.get("instructions") : null);
        echo.set("max_output_tokens", body.path("max_output_tokens").isNumber() ? body.get("max_output_tokens")
                : null);
        echo.put("model", model);
        echo.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(true));
        echo.putNull("previous_response_id");
        echo.putObject("reasoning").put("effort", body.path("reasoning").path("effort").asString(null))
                .putNull("summary");
        echo.put("store", false);
        echo.set("temperature", body.path("temperature").isNumber() ? body.get("temperature") : null);
        echo.set("text", body.path("text").isObject() ? body.get("text")
                : json.createObjectNode().set("format", json.createObjectNode().put("type", "text")));
        echo.set("tool_choice", body.has("tool_choice") ? body.get("tool_choice") : json.getNodeFactory()
                .stringNode("auto"));
        echo.set("tools", body.path("tools").isArray() ? body.get("tools") : json.createArrayNode());
        echo.set("top_p", body.path("top_p").isNumber() ? body.get("top_p") : null);
        echo.put("truncation", "disabled");
        echo.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : json.createObjectNode());
        return echo;
    }

    private static CustosException refused(String slug, String param, String message) {
        return CustosException.invalid(slug, message).with(CustosException.PARAM, param);
    }
}
