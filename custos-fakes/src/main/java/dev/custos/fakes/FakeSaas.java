package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** An issued authorization code: where it must be redeemed, the PKCE challenge and resource it was bound to. */
    private record Grant(String clientId, String redirectUri, String challenge, String resource) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private volatile long tokenLifetimeSeconds; // 0: tokens never expire, and no refresh token is issued
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
        tokenLifetimeSeconds = seconds;
        return this;
    }

    /** Ends every access token issued so far at once (refresh tokens stay good). */
    public void expireAllTokens() {
        accessTokens.replaceAll((token, until) -> Instant.EPOCH);
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
        return (int) refreshTokens.values().stream().filter(used -> used).count();
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
        Instant until = accessTokens.get(token);
        return until != null && Instant.now().isBefore(until);
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
            String code = random("code-");
            codes.put(code, new Grant(query.get("client_id"), redirectUri, challenge, query.get("resource")));
            redirect(exchange, back + "code=" + encode(code) + state);
        }
    }

    /** The tokens issued for a redeemed grant. */
    protected record Issued(String accessToken, String refreshToken, long expiresIn) {
    }

    /**
     * Redeems a code (with its redirect URI and verifier) or a refresh token; empty with the OAuth error code when
     * refused. A refresh token is good once: the answer carries a new one.
     */
    protected Result redeem(Map<String, String> params, String clientId, String clientSecret) {
        if (!clientAccepted(clientId, clientSecret)) {
            return Result.refused("invalid_client");
        }
        switch (params.getOrDefault("grant_type", "authorization_code")) {
            case "authorization_code" -> {
                Grant grant = codes.remove(params.getOrDefault("code", ""));
                if (grant == null || !grant.redirectUri().equals(params.getOrDefault("redirect_uri", ""))
                        || !grant.clientId().equals(clientId)) {
                    return Result.refused("invalid_grant");
                }
                if (grant.resource() != null && !grant.resource().equals(params.get("resource"))) {
                    return Result.refused("invalid_target"); // RFC 8707: the token is for the resource consented to
                }
                if (grant.challenge() != null && !grant.challenge().equals(s256(params.getOrDefault("code_verifier",
                        "")))) {
                    return Result.refused("invalid_grant");
                }
            }
            case "refresh_token" -> {
                String refresh = params.getOrDefault("refresh_token", "");
                if (!refreshTokens.replace(refresh, false, true)) { // unknown, or redeemed before
                    return Result.refused("invalid_grant");
                }
            }
            default -> {
                return Result.refused("unsupported_grant_type");
            }
        }
        String access = random(tokenPrefix());
        long lifetime = tokenLifetimeSeconds;
        accessTokens.put(access, lifetime == 0 ? Instant.MAX : Instant.now().plusSeconds(lifetime));
        String refresh = null;
        if (lifetime > 0) {
            refresh = random("refresh-");
            refreshTokens.put(refresh, false);
        }
        return new Result(new Issued(access, refresh, lifetime), null);
    }

    /** What a token request came to: tokens, or the OAuth error. */
    protected record Result(Issued issued, String error) {
        static Result refused(String error) {
            return new Result(null, error);
        }
    }

    /** The prefix the service's tokens have ({@code gho_}, {@code xoxb-}...). */
    protected String tokenPrefix() {
        return "token-";
    }

    /** {@code Authorization: Basic} decoded into client id and secret; empty strings when absent. */
    protected static String[] basic(HttpExchange exchange) {
        String header = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!header.startsWith("Basic ")) {
            return new String[] {"", ""};
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, ""} : new String[] {decoded.substring(0, colon),
                decoded.substring(colon + 1)};
    }

    protected static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    protected static String random(String prefix) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
