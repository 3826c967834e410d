package dev.custos.identity.sso;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an identity provider's OpenID configuration ({@code <issuer>/.well-known/openid-configuration}), with
 * timeouts, and checks that it names the issuer it was read from (OpenID Connect Discovery §4.3): a document
 * that claims another issuer is refused, since its tokens would be checked against the wrong one.
 */
@Component
class SsoDiscovery {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json;

    SsoDiscovery(JsonMapper json) {
        this.json = json;
    }

    /** The provider's configuration as a map of its fields, as Spring Security builds a registration from. */
    Map<String, Object> configuration(String issuer) {
        URI location = URI.create(trimmed(issuer) + "/.well-known/openid-configuration");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(location).timeout(TIMEOUT).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(issuer, "it could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(issuer, "the request was interrupted");
        }
        if (response.statusCode() != 200) {
            throw unavailable(issuer, "its discovery document answered HTTP " + response.statusCode());
        }
        Map<String, Object> configuration;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = json.readValue(response.body(), Map.class);
            configuration = parsed;
        } catch (JacksonException e) {
            throw unavailable(issuer, "its discovery document is not JSON");
        }
        if (!trimmed(String.valueOf(configuration.get("issuer"))).equals(trimmed(issuer))) {
            throw unavailable(issuer, "its discovery document names another issuer");
        }
        for (String required : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
            if (!(configuration.get(required) instanceof String)) {
                throw unavailable(issuer, "its discovery document lacks " + required);
            }
        }
        return configuration;
    }

    private static String trimmed(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    private static CustosException unavailable(String issuer, String why) {
        return CustosException.invalid("sso-discovery-failed",
                "The identity provider at " + issuer + " cannot be used: " + why + ".");
    }
}
