package dev.custos.model;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.EventStream;
import dev.custos.platform.web.OpenAiErrors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the stream in OpenAI's chunk format, headers only once the first event is ready, ending with the usage
 * chunk (when the client asked for it) and {@code [DONE]}.
 */
final class OpenAiChunkWriter implements GatewayRefusals.Stream {

    private final JsonMapper json;
    private final OpenAiWire wire;
    private final long created;
    private final UUID callId;
    private final String model;
    private final boolean includeUsage;
    private final EventStream stream;
    private int toolIndex;
    /** The arguments of each tool call streamed so far, by its index. */
    private final Map<Integer, String> streamedArguments = new HashMap<>();
    private ChatEvent.@Nullable ResponseFields fields;

    /** @param includeUsage whether the client asked for the usage chunk ({@code stream_options.include_usage}) */
    OpenAiChunkWriter(JsonMapper json, long created, UUID callId, String model, boolean includeUsage,
                      HttpServletResponse response) {
        this.includeUsage = includeUsage;
        this.json = json;
        this.wire = new OpenAiWire(json);
        this.created = created;
        this.callId = callId;
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
                ObjectNode chunk = chunk();
                ObjectNode choice = choice(chunk);
                ((ObjectNode) choice.get("delta")).put("content", delta.text());
                choice.putNull("finish_reason");
                send(chunk);
            }
            case ChatEvent.ToolCallDelta piece -> {
                ObjectNode chunk = chunk();
                ObjectNode choice = choice(chunk);
                wire.putToolCallPiece((ObjectNode) choice.get("delta"), piece);
                choice.putNull("finish_reason");
                send(chunk);
                streamedArguments.merge(piece.index(), piece.arguments(), String::concat);
            }
            case ChatEvent.ToolCall toolCall -> {
                int index = toolIndex++;
                String streamed = streamedArguments.get(index);
                if (streamed == null) {
                    ObjectNode chunk = chunk();
                    ObjectNode choice = choice(chunk);
                    wire.putToolCall((ObjectNode) choice.get("delta"), toolCall, index);
                    choice.putNull("finish_reason");
                    send(chunk);
                } else if (toolCall.argumentsJson().length() > streamed.length()
                        && toolCall.argumentsJson().startsWith(streamed)) {
                    // what the pieces left out (an adapter completes empty arguments as {})
                    accept(new ChatEvent.ToolCallDelta(index, null, null,
                            toolCall.argumentsJson().substring(streamed.length())));
                }
            }
            case ChatEvent.ResponseFields responseFields -> fields = responseFields;
            case ChatEvent.Finished finished -> {
                ObjectNode chunk = chunk();
                ObjectNode choice = choice(chunk);
                choice.put("finish_reason", OpenAiWire.finishReason(finished.reason()));
                send(chunk);
            }
            case ChatEvent.Usage usage -> {
                // sent once, after the finish, when the client asked for it
            }
        }
    }

    private ObjectNode chunk() {
        ObjectNode chunk = wire.chunk("chatcmpl-" + callId, created, model);
        wire.putResponseFields(chunk, fields);
        return chunk;
    }

    /** A chunk's only choice with an empty delta, which names the role in the stream's first chunk. */
    private ObjectNode choice(ObjectNode chunk) {
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (!stream.started()) {
            delta.put("role", "assistant");
        }
        return choice;
    }

    private void send(ObjectNode chunk) {
        data(json.writeValueAsString(chunk));
    }

    @Override
    public void finish(ModelGateway.Completion completion) {
        if (includeUsage) {
            usage(completion.inputTokens(), completion.outputTokens());
        }
        data("[DONE]");
    }

    /** The stream's end on a failure after it started: OpenAI's error object as the last event. */
    @Override
    public void error(CustosException refusal) {
        ObjectNode last = json.createObjectNode();
        last.set("error", json.valueToTree(OpenAiErrors.of(refusal)));
        send(last);
    }

    /** The usage chunk a client asked for, after the finish. */
    private void usage(long input, long output) {
        ObjectNode last = chunk();
        last.putArray("choices");
        last.set("usage", wire.usage(input, output));
        send(last);
    }

    private void data(String data) {
        try {
            stream.data(data);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** The client closed the stream: the provider call is abandoned. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("The client closed the stream", cause);
        }
    }
}
