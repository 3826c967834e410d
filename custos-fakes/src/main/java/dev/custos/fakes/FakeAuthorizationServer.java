package dev.custos.fakes;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.json;

/**
 * An OAuth 2.1 authorization server as the MCP authorization spec expects one: metadata at
 * {@code /.well-known/oauth-authorization-server} (RFC 8414), dynamic client registration at {@code /register}
 * (RFC 7591, public clients with {@code token_endpoint_auth_method: none}), the authorization code flow with PKCE
 * S256 required and resource indicators (RFC 8707) bound to the code, and refresh tokens when tokens expire.
 */
public final class FakeAuthorizationServer extends FakeSaas {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> clients = new ConcurrentHashMap<>(); // client id -> its secret ("" for public)

    private FakeAuthorizationServer() throws IOException {
        super(true);
    }

    public static FakeAuthorizationServer start() throws IOException {
        return new FakeAuthorizationServer();
    }

    /** How many clients registered themselves. */
    public int registeredClients() {
        return clients.size();
    }

    @Override
    protected String authorizePath() {
        return "/authorize";
    }

    @Override
    protected String tokenPath() {
        return "/token";
    }

    @Override
    protected String tokenPrefix() {
        return "mcp-at-";
    }

    @Override
    protected boolean knownClient(String clientId) {
        return clients.containsKey(clientId);
    }

    @Override
    protected boolean clientAccepted(String clientId, String clientSecret) {
        String registered = clients.get(clientId);
        return registered != null && registered.equals(clientSecret == null ? "" : clientSecret);
    }

    @Override
    protected boolean open(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/.well-known/oauth-authorization-server")) {
            ObjectNode metadata = JSON.createObjectNode().put("issuer", baseUrl().toString())
                    .put("authorization_endpoint", baseUrl() + "/authorize").put("token_endpoint", baseUrl() + "/token")
                    .put("registration_endpoint", baseUrl() + "/register");
            metadata.putArray("code_challenge_methods_supported").add("S256");
            metadata.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
            metadata.putArray("token_endpoint_auth_methods_supported").add("none");
            json(exchange, 200, metadata);
            return true;
        }
        if (path.equals("/register") && exchange.getRequestMethod().equals("POST")) {
            JsonNode request = JSON.readTree(Exchanges.body(exchange));
            if (!request.path("redirect_uris").isArray() || request.path("redirect_uris").isEmpty()) {
                json(exchange, 400, Map.of("error", "invalid_redirect_uri"));
                return true;
            }
            String clientId = Exchanges.random("client-");
            clients.put(clientId, "");
            ObjectNode registered = JSON.createObjectNode().put("client_id", clientId)
                    .put("token_endpoint_auth_method", "none")
                    .put("client_name", request.path("client_name").asString(""));
            registered.set("redirect_uris", request.path("redirect_uris"));
            json(exchange, 201, registered);
            return true;
        }
        return false;
    }

    @Override
    protected void token(HttpExchange exchange) throws IOException {
        Map<String, String> params = form(Exchanges.body(exchange));
        OAuthGrants.Result result = redeem(params, params.getOrDefault("client_id", ""), params.getOrDefault("client_secret",
                ""));
        if (result.issued() == null) {
            json(exchange, 400, Map.of("error", result.error()));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("access_token", result.issued().accessToken())
                .put("token_type", "Bearer");
        if (result.issued().refreshToken() != null) {
            answer.put("expires_in", result.issued().expiresIn()).put("refresh_token", result.issued().refreshToken());
        }
        json(exchange, 200, answer);
    }

    @Override
    protected void api(HttpExchange exchange, String path) throws IOException {
        json(exchange, 404, Map.of("error", "not_found"));
    }

    @Override
    protected void unauthorized(HttpExchange exchange) throws IOException {
        json(exchange, 401, Map.of("error", "invalid_token"));
    }

    @Override
    protected void tooManyRequests(HttpExchange exchange) throws IOException {
        json(exchange, 429, Map.of("error", "slow_down"));
    }
}
