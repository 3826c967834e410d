package dev.custos.fakes;

import java.io.IOException;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.node.ObjectNode;

final class AnthropicStream extends EventWriter {

    AnthropicStream(HttpExchange exchange, ScriptedReply reply, long promptTokens) {
        super(exchange, reply, promptTokens);
    }

    @Override
    void events() throws IOException {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.putObject("message").put("id", "msg_fake").put("type", "message").put("role", "assistant")
                .putObject("usage").put("input_tokens", promptTokens).put("output_tokens", 1);
        event("message_start", start);
        event("ping", JSON.createObjectNode().put("type", "ping"));
        String stopReason;
        if (reply.toolName != null) {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_1")
                    .put("name", reply.toolName).putObject("input");
            event("content_block_start", blockStart);
            for (String fragment : reply.argumentFragments()) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
                event("content_block_delta", delta);
            }
            stopReason = "tool_use";
        } else {
            ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event("content_block_start", blockStart);
            List<String> chunks = reply.textChunks();
            for (int i = 0; i < chunks.size(); i++) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", chunks.get(i));
                event("content_block_delta", delta);
                if (i == 0 && reply.malformed) {
                    send("event: content_block_delta\ndata: {not json\n\n");
                    return;
                }
                if (i == 0 && reply.cutOff) {
                    return;
                }
                if (i == 0 && reply.streamError) {
                    ObjectNode error = JSON.createObjectNode().put("type", "error");
                    error.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
                    event("error", error);
                    return;
                }
            }
            stopReason = "end_turn";
        }
        event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason);
        messageDelta.putObject("usage").put("output_tokens", reply.completionTokens());
        event("message_delta", messageDelta);
        event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    void event(String name, ObjectNode data) throws IOException {
        send("event: " + name + "\ndata: " + data + "\n\n");
    }
}
