package dev.custos.model;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.web.AnthropicErrors;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.EventStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a call's stream as Anthropic's named events: {@code message_start} and a {@code ping} with the first
 * event, then a content block per text run or tool call ({@code content_block_start}, {@code content_block_delta}
 * with {@code text_delta} or {@code input_json_delta}, {@code content_block_stop}), and at the end
 * {@code message_delta} (stop reason, usage) and {@code message_stop}. Headers go out only with the first event.
 */
final class AnthropicEventWriter implements GatewayRefusals.Stream {

    private final JsonMapper json;
    private final AnthropicMessagesWire wire;
    private final String id;
    private final String model;
    private final EventStream stream;
    /** The content block open now, or -1; blocks are numbered in the order they open. */
    private int openBlock = -1;
    private boolean openIsText;
    private int blocks;
    private int toolIndex;
    /** Each streamed tool call's block and arguments so far, by the call's index among the answer's tool calls. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private final Map<Integer, String> streamedArguments = new HashMap<>();
    private String stopReason = "end_turn";

    AnthropicEventWriter(JsonMapper json, String id, String model, HttpServletResponse response) {
        this.json = json;
        this.wire = new AnthropicMessagesWire(json);
        this.id = id;
        this.model = model;
        this.stream = new EventStream(response);
    }

    @Override
    public boolean started() {
        return stream.started();
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.TextDelta delta -> {
                if (openBlock < 0 || !openIsText) {
                    open(json.createObjectNode().put("type", "text").put("text", ""), true);
                }
                delta(json.createObjectNode().put("type", "text_delta").put("text", delta.text()));
            }
            case ChatEvent.ToolCallDelta piece -> {
                if (piece.name() != null && !toolBlocks.containsKey(piece.index())) {
                    open(wire.toolUse(new ChatEvent.ToolCall(piece.id() == null ? "" : piece.id(), piece.name(),
                            ""), false), false);
                    toolBlocks.put(piece.index(), openBlock);
                }
                Integer block = toolBlocks.get(piece.index());
                if (block != null && block == openBlock && !piece.arguments().isEmpty()) {
                    delta(json.createObjectNode().put("type", "input_json_delta")
                            .put("partial_json", piece.arguments()));
                    streamedArguments.merge(piece.index(), piece.arguments(), String::concat);
                }
            }
            case ChatEvent.ToolCall call -> {
                int index = toolIndex++;
                String streamed = streamedArguments.getOrDefault(index, "");
                if (!toolBlocks.containsKey(index)) {
                    open(wire.toolUse(call, false), false);
                    toolBlocks.put(index, openBlock);
                }
                if (toolBlocks.get(index) == openBlock && call.argumentsJson().startsWith(streamed)
                        && call.argumentsJson().length() > streamed.length()) {
                    // what the pieces left out, or the whole input when none streamed
                    delta(json.createObjectNode().put("type", "input_json_delta")
                            .put("partial_json", call.argumentsJson().substring(streamed.length())));
                }
            }
            case ChatEvent.Finished finished -> stopReason = AnthropicMessagesWire.stopReason(finished.reason());
            case ChatEvent.ResponseFields fields -> {
                // OpenAI's fields: Anthropic's messages have no place for them
            }
            case ChatEvent.Usage usage -> {
                // the totals go out with message_delta, once known
            }
        }
    }

    /** The end: the open block closed, then the stop reason with the tokens counted, and {@code message_stop}. */
    @Override
    public void finish(ModelGateway.Completion completion) {
        begin();
        close();
        ObjectNode delta = json.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.set("usage", wire.usage(completion.inputTokens(), completion.outputTokens()));
        send("message_delta", delta);
        send("message_stop", json.createObjectNode().put("type", "message_stop"));
    }

    /** The stream's end on a failure after it started: Anthropic's {@code error} event. */
    @Override
    public void error(CustosException refusal) {
        ObjectNode error = json.createObjectNode().put("type", "error");
        error.set("error", json.valueToTree(AnthropicErrors.of(refusal)));
        send("error", error);
    }

    private void open(ObjectNode block, boolean text) {
        begin();
        close();
        openBlock = blocks++;
        openIsText = text;
        ObjectNode start = json.createObjectNode().put("type", "content_block_start").put("index", openBlock);
        start.set("content_block", block);
        send("content_block_start", start);
    }

    private void delta(ObjectNode delta) {
        ObjectNode event = json.createObjectNode().put("type", "content_block_delta").put("index", openBlock);
        event.set("delta", delta);
        send("content_block_delta", event);
    }

    private void close() {
        if (openBlock >= 0) {
            send("content_block_stop", json.createObjectNode().put("type", "content_block_stop")
                    .put("index", openBlock));
            openBlock = -1;
        }
    }

    /** {@code message_start} and a {@code ping}, before the stream's first content. */
    private void begin() {
        if (!stream.started()) {
            ObjectNode start = json.createObjectNode().put("type", "message_start");
            start.set("message", wire.start(id, model, 0));
            send("message_start", start);
            send("ping", json.createObjectNode().put("type", "ping"));
        }
    }

    private void send(String name, ObjectNode data) {
        try {
            stream.event(null, name, json.writeValueAsString(data));
        } catch (IOException e) {
            throw new OpenAiChunkWriter.ClientGone(e);
        }
    }
}
