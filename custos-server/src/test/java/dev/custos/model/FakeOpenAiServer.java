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
 * A stand-in for an OpenAI-compatible provider on a real loopback port, speaking its wire format: streamed
 * {@code chat.completion.chunk} events, {@code [DONE]}, and JSON errors. The requested model picks the scenario.
 */
final class FakeOpenAiServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(JsonNode body, String authorization) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
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
