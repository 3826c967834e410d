package dev.custos.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for model providers on a real loopback port, speaking their wire formats: OpenAI-compatible
 * {@code /v1/chat/completions} (streamed {@code chat.completion.chunk} events and {@code [DONE]}) and Anthropic
 * {@code /v1/messages} (named stream events), with their JSON errors. The requested model picks the scenario.
 */
final class FakeProviderServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(JsonNode body, String authorization) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.createContext("/v1/messages", this::messages);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        received.add(new Received(body, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
        switch (body.path("model").asString()) {
            case "rate-limited" -> error(exchange, 429, "rate_limit_exceeded");
            case "tools" -> stream(exchange, List.of(
                    chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"calculator\",\"arguments\":\"\"}}]}", null),
                    chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"expr\\\":\"}}]}", null),
                    chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"6*7\\\"}\"}}]}", null),
                    chunk("{}", "tool_calls"),
                    usage(21, 9), "[DONE]"), true);
            case "malformed" -> stream(exchange, List.of(chunk("{\"content\":\"Hi\"}", null), "{not json"), true);
            case "cut-off" -> stream(exchange, List.of(chunk("{\"content\":\"Hel\"}", null)), false);
            default -> stream(exchange, List.of(
                    chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                    chunk("{\"content\":\"Hello\"}", null),
                    chunk("{\"content\":\", world\"}", null),
                    chunk("{}", "stop"),
                    usage(12, 3), "[DONE]"), true);
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        received.add(new Received(body, String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key"))));
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}";
        switch (body.path("model").asString()) {
            case "overloaded" -> anthropicError(exchange, 529, "overloaded_error");
            case "tools" -> named(exchange, List.of(
                    "message_start", start,
                    "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"calculator\",\"input\":{}}}",
                    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"expr\\\": \"}}",
                    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"6*7\\\"}\"}}",
                    "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
                    "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                            + "\"usage\":{\"output_tokens\":17}}",
                    "message_stop", "{\"type\":\"message_stop\"}"));
            case "stream-error" -> named(exchange, List.of("message_start", start,
                    "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
            default -> named(exchange, List.of(
                    "message_start", start,
                    "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                            + "{\"type\":\"text\",\"text\":\"\"}}",
                    "ping", "{\"type\": \"ping\"}",
                    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                    "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"text_delta\",\"text\":\"!\"}}",
                    "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
                    "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                            + "\"usage\":{\"output_tokens\":2}}",
                    "message_stop", "{\"type\":\"message_stop\"}"));
        }
    }

    /** Anthropic's stream: pairs of event name and data. */
    private static void named(HttpExchange exchange, List<String> nameThenData) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < nameThenData.size(); i += 2) {
                out.write(("event: " + nameThenData.get(i) + "\ndata: " + nameThenData.get(i + 1) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void anthropicError(HttpExchange exchange, int status, String type) throws IOException {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"Overloaded\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"fake\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
                + "}]}";
    }

    private static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    private static void stream(HttpExchange exchange, List<String> data, boolean complete) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": keep-alive comment\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            for (String event : data) {
                out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String type) throws IOException {
        byte[] body = ("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"" + type
                + "\",\"code\":\"" + type + "\"}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
