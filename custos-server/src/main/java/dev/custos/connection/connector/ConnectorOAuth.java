package dev.custos.connection.connector;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OAuth 2 authorization code flow of the built-in connectors, each as its service speaks it: GitHub (form in,
 * JSON out when asked, errors as {@code 200 {"error"}}, PKCE), Slack ({@code oauth.v2.access}, {@code "ok": false}
 * for errors) and Notion (JSON in, client credentials as HTTP Basic). Also redeems refresh tokens where the
 * service issues expiring tokens.
 */
@Component
public class ConnectorOAuth {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** How a token endpoint takes its request: a form (RFC 6749), or Notion's JSON with HTTP Basic. */
    public enum TokenStyle { FORM, JSON_BASIC }

    /**
     * An OAuth client: where the authorization server's pages are, the client id, and how the service speaks.
     *
     * @param service   named in messages
     * @param resource  the resource indicator (RFC 8707) the token is asked for, for an MCP server; else null
     * @param extras    further parameters of the authorization request (scopes, Notion's {@code owner})
     */
    public record App(String service, URI authorizeUrl, URI tokenUrl, String clientId, TokenStyle style,
                      boolean pkce, Map<String, String> extras, @Nullable String resource) {

        /** A built-in connector's app, as its service speaks OAuth. */
        public static App of(ConnectorKind kind, URI authorizeUrl, URI tokenUrl, String clientId) {
            Map<String, String> extras = new LinkedHashMap<>();
            if (kind.oauthScopes() != null) {
                extras.put("scope", kind.oauthScopes());
            }
            if (kind == ConnectorKind.NOTION) {
                extras.put("owner", "user");
            }
            return new App(kind.label(), authorizeUrl, tokenUrl, clientId,
                    kind == ConnectorKind.NOTION ? TokenStyle.JSON_BASIC : TokenStyle.FORM, kind.pkce(),
                    Map.copyOf(extras), null);
        }
    }

    /**
     * Tokens the service issued.
     *
     * @param expiresIn seconds the access token lives; null when it does not expire
     * @param response  the whole token response, for {@link Connector#account}
     */
    public record Grant(String accessToken, @Nullable String refreshToken, @Nullable Long expiresIn,
                        JsonNode response) {
        @Override
        public String toString() {
            return "Grant[expiresIn=" + expiresIn + "]"; // never a token
        }
    }

    private final ConnectorHttp http;
    private final JsonMapper json;

    ConnectorOAuth(ConnectorHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** A fresh random value for {@code state} or a PKCE verifier: 256 bits, base64url. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** The page the person is sent to, to allow the connection. */
    public URI authorizeUrl(App app, URI redirectUri, String state, String verifier) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", app.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("response_type", "code");
        query.put("state", state);
        query.putAll(app.extras());
        if (app.resource() != null) {
            query.put("resource", app.resource());
        }
        if (app.pkce()) {
            query.put("code_challenge", challenge(verifier));
            query.put("code_challenge_method", "S256");
        }
        String base = app.authorizeUrl().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + form(query));
    }

    /** Redeems the code the service sent back, with the verifier its challenge was made from. */
    public Grant redeem(App app, @Nullable String clientSecret, String code, URI redirectUri, String verifier) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        params.put("redirect_uri", redirectUri.toString());
        if (app.pkce()) {
            params.put("code_verifier", verifier);
        }
        return token(app, clientSecret, params);
    }

    /** Redeems a refresh token; the answer may carry a new refresh token (the old one is then spent). */
    public Grant refresh(App app, @Nullable String clientSecret, String refreshToken) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", refreshToken);
        return token(app, clientSecret, params);
    }

    /** Asks the token endpoint; a public client (no secret) sends only its id, as PKCE then binds the code. */
    private Grant token(App app, @Nullable String clientSecret, Map<String, String> params) {
        String service = app.service();
        if (app.resource() != null) {
            params.put("resource", app.resource());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(app.tokenUrl()).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json");
        if (app.style() == TokenStyle.JSON_BASIC) {
            ObjectNode body = json.createObjectNode();
            params.forEach(body::put);
            request.header("Content-Type", "application/json").header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((app.clientId() + ":" + clientSecret)
                    .getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            Map<String, String> withClient = new LinkedHashMap<>(params);
            withClient.put("client_id", app.clientId());
            if (clientSecret != null) {
                withClient.put("client_secret", clientSecret);
            }
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(withClient)));
        }
        ConnectorHttp.Reply reply = http.send(service, request.build());
        JsonNode answer = reply.json(service);
        String error = answer.path("error").isString() ? answer.path("error").asString()
                : answer.path("code").asString(null);
        boolean refused = reply.status() >= 400 || error != null && !answer.has("access_token")
                || answer.has("ok") && !answer.path("ok").asBoolean(false);
        String access = answer.path("access_token").asString("");
        if (refused || access.isBlank()) {
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, service + " did not issue a token ("
                    + (error == null ? "HTTP " + reply.status() : safe(error)) + ").");
        }
        String refresh = answer.path("refresh_token").asString(null);
        Long expiresIn = answer.path("expires_in").isNumber() ? answer.path("expires_in").asLong() : null;
        JsonNode kept = answer.deepCopy();
        if (kept instanceof ObjectNode object) {
            object.remove(java.util.List.of("access_token", "refresh_token", "id_token")); // tokens go to the vault only
        }
        return new Grant(access, refresh == null || refresh.isBlank() ? null : refresh, expiresIn, kept);
    }

    /** An error code from the service, kept only when it looks like one (it is shown to people). */
    private static String safe(String error) {
        return error.matches("[a-z_]{1,60}") ? error : "refused";
    }

    static String challenge(String verifier) {
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
