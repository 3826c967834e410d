package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static dev.custos.fakes.Exchanges.encode;
import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.redirect;

/**
 * What the fakes of GitHub, Slack and Notion share: a real loopback HTTP server with an OAuth 2 app (authorization
 * code, PKCE S256 where the service checks it, refresh tokens when tokens expire), bearer tokens on every API call,
 * and the failures a client must survive — {@code 429} with {@code Retry-After}, and {@code 503}. Consent is given
 * at once: {@code GET} on the authorize endpoint redirects back with a code, as a person clicking "Allow" would.
 */
public abstract class FakeSaas implements AutoCloseable {

    public static final String CLIENT_ID = "fake-client-id";
    public static final String CLIENT_SECRET = "fake-client-secret-value";

    /** A request the API received: method, path (with query) and the token it carried. */
    public record Request(String method, String path, String token) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final OAuthGrants grants = new OAuthGrants(tokenPrefix());
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private volatile boolean denyConsent;
    private final boolean checksPkce;

    protected FakeSaas(boolean checksPkce) throws IOException {
        this.checksPkce = checksPkce;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange);
            } catch (IOException | RuntimeException e) {
                // the client went away, or sent what the real service would refuse
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:N}: the fake serves its OAuth pages and its API from one origin. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} API calls answer {@code 429} with {@code Retry-After: seconds}. */
    public FakeSaas rateLimitNext(int count, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.set(count);
        return this;
    }

    /** The next {@code count} API calls answer {@code 503}. */
    public FakeSaas failNext(int count) {
        unavailable.set(count);
        return this;
    }

    /** Tokens issued from now on expire after this long and come with a refresh token. */
    public FakeSaas expireTokensAfter(long seconds) {
        grants.lifetime(seconds);
        return this;
    }

    /** Ends every access token issued so far at once (refresh tokens stay good). */
    public void expireAllTokens() {
        grants.expireAll();
    }

    /** The person at the authorize page clicks "Cancel" (true) or "Allow" (false) from now on. */
    public FakeSaas denyConsent(boolean deny) {
        denyConsent = deny;
        return this;
    }

    /** Every API request, oldest first (OAuth endpoints not included). */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many refresh tokens were redeemed. */
    public int refreshes() {
        return grants.refreshes();
    }

    protected abstract String authorizePath();

    protected abstract String tokenPath();

    /** Answers a token request: parses the service's format, redeems through {@link #redeem}, answers its way. */
    protected abstract void token(HttpExchange exchange) throws IOException;

    /** Answers an API call whose token was accepted. */
    protected abstract void api(HttpExchange exchange, String path) throws IOException;

    /** The service's answer to a missing or refused token. */
    protected abstract void unauthorized(HttpExchange exchange) throws IOException;

    /** The service's answer to too many requests, after {@code Retry-After} was set. */
    protected abstract void tooManyRequests(HttpExchange exchange) throws IOException;

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals(authorizePath())) {
            authorize(exchange);
        } else if (path.equals(tokenPath())) {
            token(exchange);
        } else if (!open(exchange, path)) {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(), query == null ? path : path + "?" + query, token));
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
                tooManyRequests(exchange);
            } else if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
            } else if (!valid(token)) {
                unauthorized(exchange);
            } else {
                api(exchange, path);
            }
        }
    }

    /** Answers what the service serves without a token (metadata, registration); false when it is not such a path. */
    protected boolean open(HttpExchange exchange, String path) throws IOException {
        return false;
    }

    /** Whether this client may ask for codes (the registered app by default). */
    protected boolean knownClient(String clientId) {
        return CLIENT_ID.equals(clientId);
    }

    /** Whether the client authenticated as it must at the token endpoint (the app's secret by default). */
    protected boolean clientAccepted(String clientId, String clientSecret) {
        return CLIENT_ID.equals(clientId) && CLIENT_SECRET.equals(clientSecret);
    }

    /** Whether an access token this service issued is good now (for a resource server that trusts it). */
    public boolean accepts(String token) {
        return valid(token);
    }

    protected boolean valid(String token) {
        return grants.valid(token);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirectUri = query.getOrDefault("redirect_uri", "");
        if (!knownClient(query.getOrDefault("client_id", "")) || redirectUri.isEmpty()) {
            Exchanges.json(exchange, 400, Map.of("error", "invalid_client"));
            return;
        }
        String back = redirectUri + (redirectUri.contains("?") ? "&" : "?");
        String state = "&state=" + encode(query.getOrDefault("state", ""));
        String challenge = query.get("code_challenge");
        if (denyConsent) {
            redirect(exchange, back + "error=access_denied" + state);
        } else if (checksPkce && (challenge == null || !"S256".equals(query.get("code_challenge_method")))) {
            redirect(exchange, back + "error=invalid_request&error_description=" + encode("PKCE S256 required")
                    + state);
        } else {
            String code = grants.issueCode(query.get("client_id"), redirectUri, challenge, query.get("resource"));
            redirect(exchange, back + "code=" + encode(code) + state);
        }
    }

    /** Redeems a code or a refresh token for a client that authenticated as it must; else the OAuth error. */
    protected OAuthGrants.Result redeem(Map<String, String> params, String clientId, String clientSecret) {
        return clientAccepted(clientId, clientSecret) ? grants.redeem(params, clientId)
                : OAuthGrants.Result.refused("invalid_client");
    }

    /** The prefix the service's tokens have ({@code gho_}, {@code xoxb-}...). */
    protected String tokenPrefix() {
        return "token-";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
