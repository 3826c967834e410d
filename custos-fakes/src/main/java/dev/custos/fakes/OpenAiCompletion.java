package dev.custos.fakes;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A whole {@code chat.completion}, as OpenAI answers a request with {@code "stream": false}. */
final class OpenAiCompletion {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenAiCompletion() {
    }

    static void write(HttpExchange exchange, ScriptedReply reply, long promptTokens) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", "fake")
                .put("system_fingerprint", OpenAiStream.SYSTEM_FINGERPRINT);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.toolName != null) {
            message.putNull("content");
            message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function")
                    .putObject("function").put("name", reply.toolName).put("arguments", reply.toolArguments);
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", reply.text);
            choice.put("finish_reason", "stop");
        }
        body.putObject("usage").put("prompt_tokens", promptTokens)
                .put("completion_tokens", reply.completionTokens())
                .put("total_tokens", promptTokens + reply.completionTokens());
        Exchanges.json(exchange, 200, body);
    }
}
