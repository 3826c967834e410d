package dev.custos.connection.connector;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds how an MCP server wants its clients authorized, as the MCP authorization spec describes: the server's
 * {@code 401} names its protected resource metadata (RFC 9728, else the well-known address), which names its
 * authorization server, whose metadata (RFC 8414) gives its endpoints; Custos then registers itself there as a
 * public client (RFC 7591) and asks for tokens bound to the server with PKCE S256 and a resource indicator
 * (RFC 8707). Every address found is held to {@link HttpsUrls}' rule.
 */
@Component
public class McpAuthorization {

    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");
    private static final String SERVICE = "The MCP server";

    /** The client Custos registered, and where and for what it asks for tokens. */
    public record Client(URI authorizeUrl, URI tokenUrl, String clientId, @Nullable String clientSecret,
                         String resource) {

        public ConnectorOAuth.App app() {
            return new ConnectorOAuth.App("The MCP server's authorization server", authorizeUrl, tokenUrl, clientId,
                    ConnectorOAuth.TokenStyle.FORM, true, Map.of(), resource);
        }

        @Override
        public String toString() {
            return "Client[" + clientId + ", " + resource + "]"; // never the secret
        }
    }

    /** A registered client, for redeeming codes and refresh tokens at its token endpoint. */
    public static ConnectorOAuth.App tokenClient(URI tokenUrl, String clientId, String resource) {
        // Only the token endpoint is used past the consent page.
        return new ConnectorOAuth.App("The MCP server's authorization server", tokenUrl, tokenUrl, clientId,
                ConnectorOAuth.TokenStyle.FORM, true, Map.of(), resource);
    }

    private final ConnectorHttp http;
    private final JsonMapper json;

    McpAuthorization(ConnectorHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** Discovers the server's authorization server and registers Custos there, redirecting to {@code callback}. */
    public Client register(URI endpoint, URI callback) {
        URI metadataUrl = resourceMetadataUrl(endpoint);
        JsonNode resource = get(metadataUrl, "its protected resource metadata");
        String issuer = resource.path("authorization_servers").path(0).asString("");
        URI issuerUrl = HttpsUrls.parse(issuer).orElseThrow(() -> refused("names no usable authorization server"));
        JsonNode server = get(wellKnown(issuerUrl, "oauth-authorization-server"), "its authorization server's metadata");
        boolean s256 = false;
        for (JsonNode method : server.path("code_challenge_methods_supported")) {
            s256 |= method.asString("").equals("S256");
        }
        if (!s256) {
            throw refused("has an authorization server without PKCE S256, which MCP requires");
        }
        URI authorize = url(server, "authorization_endpoint");
        URI token = url(server, "token_endpoint");
        if (server.path("registration_endpoint").asString("").isEmpty()) {
            throw refused("has an authorization server that does not let clients register themselves; connect it "
                    + "with a token instead");
        }
        ObjectNode registration = json.createObjectNode().put("client_name", "Custos")
                .put("token_endpoint_auth_method", "none");
        registration.putArray("redirect_uris").add(callback.toString());
        registration.putArray("grant_types").add("authorization_code").add("refresh_token");
        registration.putArray("response_types").add("code");
        ConnectorHttp.Reply registered = http.send(SERVICE, HttpRequest.newBuilder(url(server,
                        "registration_endpoint")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration.toString())).build());
        JsonNode client = registered.json(SERVICE);
        if (registered.status() >= 300 || client.path("client_id").asString("").isBlank()) {
            throw refused("refused to register Custos as a client (HTTP " + registered.status() + ")");
        }
        String secret = client.path("client_secret").asString(null);
        return new Client(authorize, token, client.path("client_id").asString(), secret,
                resource.path("resource").asString(endpoint.toString()));
    }

    /** Where the server's 401 says its metadata is, else the well-known address for its path. */
    private URI resourceMetadataUrl(URI endpoint) {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"custos\",\"version\":\"1\"}}}";
        ConnectorHttp.Reply probe = http.send(SERVICE, HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize)).build());
        if (probe.status() != 401) {
            throw refused("did not ask for authorization (HTTP " + probe.status() + "); connect it with a token, or "
                    + "without one");
        }
        Matcher named = RESOURCE_METADATA.matcher(probe.header("WWW-Authenticate").orElse(""));
        if (named.find()) {
            return HttpsUrls.parse(named.group(1)).orElseThrow(() -> refused("names its metadata at an address "
                    + "Custos does not send requests to"));
        }
        return wellKnown(endpoint, "oauth-protected-resource");
    }

    /** {@code /.well-known/<name>} followed by the URL's path, as RFC 8414 and RFC 9728 place it. */
    private static URI wellKnown(URI url, String name) {
        String path = url.getRawPath() == null || url.getRawPath().equals("/") ? "" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/.well-known/" + name + path);
    }

    private JsonNode get(URI url, String what) {
        ConnectorHttp.Reply reply = http.send(SERVICE, HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json").GET().build());
        if (reply.status() != 200) {
            throw refused("does not publish " + what + " (HTTP " + reply.status() + ")");
        }
        return reply.json(SERVICE);
    }

    private static URI url(JsonNode metadata, String field) {
        return HttpsUrls.parse(metadata.path(field).asString("")).orElseThrow(() -> refused("has an authorization "
                + "server whose " + field + " is missing or not https"));
    }

    private static UpstreamFailed refused(String what) {
        return new UpstreamFailed(UpstreamFailed.Reason.REFUSED, SERVICE + " " + what + ".");
    }
}
