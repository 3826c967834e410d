package dev.custos.model;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's wire vocabulary as the gateway writes it: usage objects and finish reasons. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    static ObjectNode usage(JsonMapper json, long input, long output) {
        return json.createObjectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
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
