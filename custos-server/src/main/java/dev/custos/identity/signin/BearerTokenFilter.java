package dev.custos.identity.signin;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.identity.ApiKeyAuthenticator;
import dev.custos.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates {@code Authorization: Bearer} requests with an API key, and on the gateway ({@code /v1}) also
 * {@code x-api-key}, the header Anthropic's SDKs send. A bad token is refused outright rather than treated as
 * anonymous, so a caller learns at once that its key no longer works.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final List<ApiKeyAuthenticator> authenticators;
    private final JsonMapper json;

    BearerTokenFilter(List<ApiKeyAuthenticator> authenticators, JsonMapper json) {
        this.authenticators = authenticators;
        this.json = json;
    }

    private static final String API_KEY_HEADER = "x-api-key";

    static boolean carriesBearer(HttpServletRequest request) {
        return token(request) != null;
    }

    private static @Nullable String token(HttpServletRequest request) {
        if (request.getRequestURI().startsWith("/actuator/")) {
            return null; // the metrics token is checked by its own filter, and is no API key
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return header.substring(PREFIX.length()).strip();
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey != null && request.getRequestURI().startsWith("/v1/") ? apiKey.strip() : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = authenticators.stream()
                .map(authenticator -> authenticator.authenticate(token))
                .flatMap(Optional::stream)
                .findFirst();
        if (actor.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            Problems.write(request, response, json, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-api-key",
                    "The API key is unknown, revoked or expired."));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(actor.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
