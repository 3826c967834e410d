package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A remote MCP server on a real loopback port, speaking the Model Context Protocol's Streamable HTTP transport
 * (JSON-RPC 2.0 over {@code POST}, a session in {@code Mcp-Session-Id}, {@code 405} for the optional {@code GET}
 * stream) as a team's ticket tracker might expose it. Written from the protocol, not with the SDK Custos uses, so
 * that the two are checked against each other.
 *
 * <p>Its tools, listed two a page so clients must follow {@code nextCursor}:
 * <ul>
 *   <li>{@code search_tickets} ({@code readOnlyHint: true}): the tickets whose title has the query;</li>
 *   <li>{@code create_ticket} ({@code readOnlyHint: false}): files a ticket;</li>
 *   <li>{@code close_ticket} ({@code destructiveHint: true}): closes one;</li>
 *   <li>{@code ping-tracker} (no annotations): answers {@code pong}.</li>
 * </ul>
 * With a token set, every request needs {@code Authorization: Bearer <token>} (else 401 with
 * {@code WWW-Authenticate}). {@link #malformed()} makes {@code tools/list} answer what is not JSON-RPC.
 */
public final class FakeMcpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A {@code tools/call} the server received: the tool, its arguments and the bearer token sent with it. */
    public record Call(String tool, JsonNode arguments, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> tickets = new CopyOnWriteArrayList<>(List.of("Printer on fire", "Login page slow"));
    private final Map<String, Boolean> sessions = new ConcurrentHashMap<>();
    private volatile String token;
    private volatile FakeAuthorizationServer authorizationServer;
    private volatile boolean malformed;

    private FakeMcpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/mcp", this::handle);
        server.createContext("/.well-known/oauth-protected-resource", this::resourceMetadata);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeMcpServer start() throws IOException {
        return new FakeMcpServer();
    }

    /** The endpoint a client connects to: {@code http://127.0.0.1:N/mcp}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** Requires this bearer token from now on (null: none). */
    public FakeMcpServer requireToken(String bearerToken) {
        token = bearerToken;
        return this;
    }

    /**
     * Requires tokens {@code server} issued from now on, as the MCP authorization spec describes: a request without
     * one gets {@code 401} with {@code WWW-Authenticate: Bearer resource_metadata="..."} naming this server's
     * protected resource metadata (RFC 9728), which names the authorization server.
     */
    public FakeMcpServer requireOAuth(FakeAuthorizationServer server) {
        authorizationServer = server;
        return this;
    }

    private void resourceMetadata(HttpExchange exchange) throws IOException {
        try (exchange) {
            FakeAuthorizationServer as = authorizationServer;
            if (as == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            ObjectNode metadata = JSON.createObjectNode().put("resource", endpoint().toString());
            metadata.putArray("authorization_servers").add(as.baseUrl().toString());
            metadata.putArray("bearer_methods_supported").add("header");
            send(exchange, 200, metadata.toString());
        }
    }

    /** From now on, {@code tools/list} answers with a body that is not JSON-RPC. */
    public FakeMcpServer malformed() {
        malformed = true;
        return this;
    }

    /** Every tool call received, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> tickets() {
        return List.copyOf(tickets);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            FakeAuthorizationServer as = authorizationServer;
            if (as != null && !(authorization.startsWith("Bearer ") && as.accepts(authorization.substring(7)))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\""
                        + "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/.well-known/oauth-protected-resource/mcp\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (token != null && !authorization.equals("Bearer " + token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange, authorization);
                case "DELETE" -> {
                    sessions.remove(String.valueOf(exchange.getRequestHeaders().getFirst("Mcp-Session-Id")));
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> exchange.sendResponseHeaders(405, -1); // no server-initiated stream
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or sent what a real server would refuse
        }
    }

    private void post(HttpExchange exchange, String authorization) throws IOException {
        JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String method = message.path("method").asString("");
        if (!message.has("id")) { // a notification (notifications/initialized...)
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        if (!method.equals("initialize") && (session == null || !sessions.containsKey(session))) {
            send(exchange, 404, error(message, -32001, "Session not found"));
            return;
        }
        ObjectNode result = JSON.createObjectNode();
        switch (method) {
            case "initialize" -> {
                session = UUID.randomUUID().toString();
                sessions.put(session, true);
                exchange.getResponseHeaders().add("Mcp-Session-Id", session);
                result.put("protocolVersion", message.path("params").path("protocolVersion").asString("2025-06-18"));
                result.putObject("capabilities").putObject("tools").put("listChanged", false);
                result.putObject("serverInfo").put("name", "fake-tracker").put("version", "1.0.0");
            }
            case "ping" -> { }
            case "tools/list" -> {
                if (malformed) { // cut short; the "401" in it must not be taken for a status code
                    send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + message.path("id") + ",\"result\":{\"tools\":401");
                    return;
                }
                TrackerTools.list(result, message.path("params").path("cursor").asString("0"));
            }
            case "tools/call" -> {
                JsonNode params = message.path("params");
                calls.add(new Call(params.path("name").asString(""), params.path("arguments"), authorization));
                TrackerTools.call(tickets, result, params.path("name").asString(""), params.path("arguments"));
            }
            default -> {
                send(exchange, 200, error(message, -32601, "Method not found: " + method));
                return;
            }
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", message.path("id"));
        response.set("result", result);
        send(exchange, 200, response.toString());
    }

    private static String error(JsonNode message, int code, String text) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", message.path("id"));
        response.putObject("error").put("code", code).put("message", text);
        return response.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
