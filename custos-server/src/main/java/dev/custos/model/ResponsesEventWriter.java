package dev.custos.model;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.EventStream;
import dev.custos.platform.web.OpenAiErrors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a call's stream as the Responses API's events, each numbered by {@code sequence_number}:
 * {@code response.created} and {@code response.in_progress} with the first event; per output item
 * {@code response.output_item.added}, its deltas ({@code response.output_text.delta} in a content part, or
 * {@code response.function_call_arguments.delta}), their {@code .done} events and {@code response.output_item.done};
 * at the end {@code response.completed} (or {@code response.incomplete}) with the whole response, or
 * {@code response.failed} when the call fails after the stream began.
 */
final class ResponsesEventWriter implements GatewayRefusals.Stream {

    private final JsonMapper json;
    private final ResponseObjects wire;
    private final String id;
    private final long createdAt;
    private final ObjectNode echo;
    private final EventStream stream;
    private final ArrayNode output;
    private int sequence;
    /** The message item being written, its index in the output and its text so far; null when none is open. */
    private @Nullable StringBuilder text;
    private int textIndex;
    private String textId = "";
    /** Each function call's output index and arguments so far, by its index among the answer's tool calls. */
    private final Map<Integer, Integer> callItems = new HashMap<>();
    private final Map<Integer, StringBuilder> callArguments = new HashMap<>();
    private int toolIndex;

    ResponsesEventWriter(JsonMapper json, String id, long createdAt, ObjectNode echo, HttpServletResponse response) {
        this.json = json;
        this.wire = new ResponseObjects(json);
        this.id = id;
        this.createdAt = createdAt;
        this.echo = echo;
        this.stream = new EventStream(response);
        this.output = json.createArrayNode();
    }

    @Override
    public boolean started() {
        return stream.started();
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.TextDelta delta -> {
                if (text == null) {
                    begin();
                    textIndex = output.size();
                    textId = "msg_" + id.substring("resp_".length()) + "_" + textIndex;
                    output.add(wire.message(textId, "in_progress", null));
                    send("response.output_item.added", item(textIndex).set("item", output.get(textIndex).deepCopy()));
                    send("response.content_part.added", part().set("part", wire.outputText("")));
                    text = new StringBuilder();
                }
                text.append(delta.text());
                send("response.output_text.delta", part().put("delta", delta.text()).set("logprobs",
                        json.createArrayNode()));
            }
            case ChatEvent.ToolCallDelta piece -> {
                if (piece.name() != null && !callItems.containsKey(piece.index())) {
                    openCall(piece.index(), piece.id() == null ? "call_" + piece.index() : piece.id(), piece.name());
                }
                if (callItems.containsKey(piece.index()) && !piece.arguments().isEmpty()) {
                    callArguments.get(piece.index()).append(piece.arguments());
                    send("response.function_call_arguments.delta", item(callItems.get(piece.index()))
                            .put("item_id", output.get(callItems.get(piece.index())).path("id").asString())
                            .put("delta", piece.arguments()));
                }
            }
            case ChatEvent.ToolCall call -> {
                int index = toolIndex++;
                if (!callItems.containsKey(index)) {
                    openCall(index, call.id(), call.name());
                }
                int item = callItems.get(index);
                String streamed = callArguments.get(index).toString();
                if (call.argumentsJson().startsWith(streamed) && call.argumentsJson().length() > streamed.length()) {
                    send("response.function_call_arguments.delta", item(item).put("item_id", output.get(item)
                            .path("id").asString()).put("delta", call.argumentsJson().substring(streamed.length())));
                }
                ObjectNode done = wire.functionCall(call.id(), call.name(), call.argumentsJson(), "completed");
                output.set(item, done);
                send("response.function_call_arguments.done", item(item).put("item_id", done.path("id").asString())
                        .put("name", call.name()).put("arguments", call.argumentsJson()));
                send("response.output_item.done", item(item).set("item", done));
            }
            case ChatEvent.ResponseFields fields -> { }
            case ChatEvent.Usage usage -> { }
            case ChatEvent.Finished finished -> closeText();
        }
    }

    /** The end: {@code response.completed}, or {@code response.incomplete} when the answer ran out of tokens. */
    @Override
    public void finish(ModelGateway.Completion completion) {
        begin();
        closeText();
        String status = ResponseObjects.status(completion);
        send(status.equals("incomplete") ? "response.incomplete" : "response.completed", json.createObjectNode()
                .set("response", wire.response(id, createdAt, echo, status, output, completion)));
    }

    /** The stream's end on a failure after it started: {@code response.failed} with the error. */
    @Override
    public void error(CustosException refusal) {
        ObjectNode failed = wire.response(id, createdAt, echo, "failed", output, null);
        var error = OpenAiErrors.of(refusal);
        failed.putObject("error").put("code", String.valueOf(error.get("code")))
                .put("message", String.valueOf(error.get("message")));
        send("response.failed", json.createObjectNode().set("response", failed));
    }

    private void openCall(int index, String callId, String name) {
        begin();
        closeText();
        int item = output.size();
        output.add(wire.functionCall(callId, name, "", "in_progress"));
        callItems.put(index, item);
        callArguments.put(index, new StringBuilder());
        send("response.output_item.added", item(item).set("item", output.get(item).deepCopy()));
    }

    private void closeText() {
        if (text == null) {
            return;
        }
        String whole = text.toString();
        send("response.output_text.done", part().put("text", whole).set("logprobs", json.createArrayNode()));
        send("response.content_part.done", part().set("part", wire.outputText(whole)));
        ObjectNode done = wire.message(textId, "completed", whole);
        output.set(textIndex, done);
        send("response.output_item.done", item(textIndex).set("item", done));
        text = null;
    }

    /** {@code response.created} and {@code response.in_progress}, before the stream's first output. */
    private void begin() {
        if (!stream.started()) {
            ObjectNode created = wire.response(id, createdAt, echo, "in_progress", json.createArrayNode(), null);
            send("response.created", json.createObjectNode().set("response", created));
            send("response.in_progress", json.createObjectNode().set("response", created));
        }
    }

    private ObjectNode item(int outputIndex) {
        return json.createObjectNode().put("output_index", outputIndex);
    }

    private ObjectNode part() {
        return json.createObjectNode().put("item_id", textId).put("output_index", textIndex).put("content_index", 0);
    }

    private void send(String type, ObjectNode data) {
        ObjectNode event = json.createObjectNode().put("type", type);
        event.setAll(data);
        event.put("sequence_number", sequence++);
        try {
            stream.event(null, type, json.writeValueAsString(event));
        } catch (IOException e) {
            throw new OpenAiChunkWriter.ClientGone(e);
        }
    }
}
