package dev.custos.model;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API's {@code response} object and its output items, as {@code /v1/responses} answers whole and as
 * its stream's events carry them.
 */
final class ResponseObjects {

    private final JsonMapper json;

    ResponseObjects(JsonMapper json) {
        this.json = json;
    }

    /** The response object: the request's settings, then the state, output and usage given. */
    ObjectNode response(String id, long createdAt, ObjectNode echo, String status, ArrayNode output,
                        ModelGateway.@Nullable Completion completion) {
        ObjectNode response = json.createObjectNode().put("id", id).put("object", "response")
                .put("created_at", createdAt).put("status", status);
        response.putNull("error");
        if (status.equals("incomplete")) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            response.putNull("incomplete_details");
        }
        response.setAll(echo);
        response.set("output", output);
        if (completion == null) {
            response.putNull("usage");
        } else {
            ObjectNode usage = response.putObject("usage").put("input_tokens", completion.inputTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", completion.outputTokens());
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", completion.inputTokens() + completion.outputTokens());
        }
        return response;
    }

    /** The whole output of a completed call: its text as one message, then its function calls. */
    ArrayNode output(String messageId, ModelGateway.Completion completion) {
        ArrayNode output = json.createArrayNode();
        if (!completion.text().isEmpty() || completion.toolCalls().isEmpty()) {
            output.add(message(messageId, "completed", completion.text()));
        }
        completion.toolCalls().forEach(call -> output.add(functionCall(call.id(), call.name(), call.argumentsJson(),
                "completed")));
        return output;
    }

    ObjectNode message(String id, String status, @Nullable String text) {
        ObjectNode item = json.createObjectNode().put("type", "message").put("id", id).put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    ObjectNode outputText(String text) {
        ObjectNode part = json.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    ObjectNode functionCall(String callId, String name, String arguments, String status) {
        return json.createObjectNode().put("type", "function_call").put("id", "fc_" + callId)
                .put("call_id", callId).put("name", name).put("arguments", arguments).put("status", status);
    }

    /** Completed, or incomplete when the answer ran out of tokens. */
    static String status(ModelGateway.Completion completion) {
        return OpenAiWire.finishReason(completion.finishReason()).equals("length") ? "incomplete" : "completed";
    }
}
