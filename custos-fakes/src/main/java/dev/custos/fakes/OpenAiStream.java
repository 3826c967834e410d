package dev.custos.fakes;

import java.io.IOException;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.node.ObjectNode;

final class OpenAiStream extends EventWriter {

    /** What the fake says its backend configuration is, on every chunk and completion, as OpenAI does. */
    static final String SYSTEM_FINGERPRINT = "fp_fake01";

    OpenAiStream(HttpExchange exchange, ScriptedReply reply, long promptTokens) {
        super(exchange, reply, promptTokens);
    }

    @Override
    void events() throws IOException {
        send(": keep-alive\n\n");
        data(chunk(delta().put("role", "assistant").put("content", ""), null));
        if (reply.toolName != null) {
            List<String> fragments = reply.argumentFragments();
            for (int i = 0; i < fragments.size(); i++) {
                ObjectNode call = JSON.createObjectNode().put("index", 0);
                if (i == 0) {
                    call.put("id", "call_1").put("type", "function");
                    call.putObject("function").put("name", reply.toolName).put("arguments", fragments.get(i));
                } else {
                    call.putObject("function").put("arguments", fragments.get(i));
                }
                ObjectNode delta = delta();
                delta.putArray("tool_calls").add(call);
                data(chunk(delta, null));
            }
            data(chunk(delta(), "tool_calls"));
        } else {
            List<String> chunks = reply.textChunks();
            for (int i = 0; i < chunks.size(); i++) {
                data(chunk(delta().put("content", chunks.get(i)), null));
                if (i == 0 && reply.malformed) {
                    send("data: {not json\n\n");
                    return;
                }
                if (i == 0 && reply.cutOff) {
                    return;
                }
                if (i == 0 && reply.stall) {
                    pause(60_000); // says nothing more while keeping the connection open
                    return;
                }
            }
            data(chunk(delta(), "stop"));
        }
        ObjectNode usage = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk");
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", promptTokens)
                .put("completion_tokens", reply.completionTokens())
                .put("total_tokens", promptTokens + reply.completionTokens());
        data(usage.toString());
        send("data: [DONE]\n\n");
    }

    static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    static String chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", "fake").put("system_fingerprint", SYSTEM_FINGERPRINT);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    void data(String json) throws IOException {
        send("data: " + json + "\n\n");
    }
}
