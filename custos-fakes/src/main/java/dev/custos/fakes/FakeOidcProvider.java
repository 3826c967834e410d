package dev.custos.fakes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static dev.custos.fakes.Exchanges.encode;
import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.json;
import static dev.custos.fakes.Exchanges.redirect;

/**
 * A stand-in for an OpenID Connect provider on a real loopback port: discovery, the authorization endpoint
 * (authorization code with PKCE, S256 only), the token endpoint (client_secret_basic or client_secret_post, or
 * none for a public client), a JWKS endpoint and userinfo. ID tokens are RS256 JWTs signed with a key generated
 * at start and published in the JWKS, so the client verifies real signatures.
 *
 * <p>The identity the next sign-in returns is set with {@link #nextSignIn}; {@link #misbehave} makes the provider
 * answer like a broken or hostile one (a token for another nonce, a forged signature, another audience).
 */
public final class FakeOidcProvider implements AutoCloseable {


    /** Who signs in at the provider next. */
    public record Identity(String subject, String email, boolean emailVerified, String name) {
    }

    /** How the provider answers wrongly, or {@code NONE}. */
    public enum Misbehaviour { NONE, WRONG_NONCE, FORGED_SIGNATURE, OTHER_AUDIENCE, EXPIRED }

    /** A token request as received: whether the client authenticated and proved the PKCE verifier. */
    public record TokenRequest(String grantType, boolean clientAuthenticated, boolean verifierMatched,
                               String authorizationHeader) {
    }

    private record IssuedCode(String clientId, String redirectUri, String nonce, String challenge,
                              Identity identity) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String clientId;
    private final String clientSecret;
    private final JwtSigner signer = new JwtSigner();
    private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Identity> accessTokens = new ConcurrentHashMap<>();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private volatile Identity next = new Identity("subject-1", "person@example.com", true, "A Person");
    private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;

    private FakeOidcProvider(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", this::jwks);
        server.createContext("/userinfo", this::userInfo);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a provider that knows one client; an empty secret makes it a public client (PKCE alone). */
    public static FakeOidcProvider start(String clientId, String clientSecret) throws IOException {
        return new FakeOidcProvider(clientId, clientSecret);
    }

    /** The issuer identifier, which is also where discovery starts. */
    public URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeOidcProvider nextSignIn(Identity identity) {
        this.next = identity;
        return this;
    }

    public FakeOidcProvider misbehave(Misbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String issuer = issuer().toString();
        var document = new LinkedHashMap<String, Object>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("userinfo_endpoint", issuer + "/userinfo");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of("openid", "email", "profile"));
        document.put("token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "none"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        json(exchange, 200, document);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirect = query.getOrDefault("redirect_uri", "");
        if (!clientId.equals(query.get("client_id")) || redirect.isEmpty()) {
            json(exchange, 400, Map.of("error", "invalid_request", "error_description", "unknown client"));
            return;
        }
        if (!"code".equals(query.get("response_type")) || !query.getOrDefault("scope", "").contains("openid")
                || !"S256".equals(query.get("code_challenge_method")) || !query.containsKey("code_challenge")) {
            redirect(exchange, redirect + "?error=invalid_request&state=" + encode(query.getOrDefault("state", "")));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new IssuedCode(clientId, redirect, query.getOrDefault("nonce", ""), query.get("code_challenge"),
                next));
        redirect(exchange, redirect + "?code=" + encode(code) + "&state=" + encode(query.getOrDefault("state", "")));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean authenticated = clientSecret.isEmpty() ? clientId.equals(body.get("client_id"))
                : authorization.equals("Basic " + Base64.getEncoder().encodeToString(
                        (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)))
                || (clientId.equals(body.get("client_id")) && clientSecret.equals(body.get("client_secret")));
        IssuedCode issued = codes.remove(body.getOrDefault("code", ""));
        boolean verifierMatched = issued != null
                && issued.challenge().equals(Exchanges.s256(body.getOrDefault("code_verifier", "")));
        tokenRequests.add(new TokenRequest(body.getOrDefault("grant_type", ""), authenticated, verifierMatched,
                authorization));
        if (!authenticated) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        if (issued == null || !verifierMatched || !issued.redirectUri().equals(body.get("redirect_uri"))
                || !"authorization_code".equals(body.get("grant_type"))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        String accessToken = UUID.randomUUID().toString();
        accessTokens.put(accessToken, issued.identity());
        json(exchange, 200, Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", 300,
                "scope", "openid email profile", "id_token", idToken(issued)));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        json(exchange, 200, signer.jwks());
    }

    private void userInfo(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        Identity identity = authorization.startsWith("Bearer ") ? accessTokens.get(authorization.substring(7)) : null;
        if (identity == null) {
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        json(exchange, 200, claims(identity));
    }

    private String idToken(IssuedCode issued) {
        Instant now = Instant.now();
        var claims = new LinkedHashMap<String, Object>(claims(issued.identity()));
        claims.put("iss", issuer().toString());
        claims.put("aud", misbehaviour == Misbehaviour.OTHER_AUDIENCE ? "someone-else" : issued.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("auth_time", now.getEpochSecond());
        claims.put("exp", misbehaviour == Misbehaviour.EXPIRED ? now.minusSeconds(600).getEpochSecond()
                : now.plusSeconds(300).getEpochSecond());
        claims.put("nonce", misbehaviour == Misbehaviour.WRONG_NONCE ? "another-sign-in" : issued.nonce());
        return signer.sign(claims, misbehaviour == Misbehaviour.FORGED_SIGNATURE);
    }

    private static Map<String, Object> claims(Identity identity) {
        return Map.of("sub", identity.subject(), "email", identity.email(), "email_verified", identity.emailVerified(),
                "name", identity.name());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
