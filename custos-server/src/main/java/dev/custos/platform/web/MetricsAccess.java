package dev.custos.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus} only for a scraper that presents the operator's metrics token
 * ({@code custos.operations.metrics-token}) as {@code Authorization: Bearer}; without a token configured the
 * endpoint does not answer at all. Metrics name no person or workspace, but they are the operator's to read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MetricsAccess extends OncePerRequestFilter {

    private static final String PATH = "/actuator/prometheus";

    private final byte[] token;
    private final JsonMapper json;

    MetricsAccess(@Value("${custos.operations.metrics-token:}") String token, JsonMapper json) {
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().equals(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.length == 0) {
            Problems.write(request, response, json, Problems.of(HttpStatus.NOT_FOUND, "not-found",
                    "Metrics are off: set custos.operations.metrics-token to scrape them."));
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
            Problems.write(request, response, json, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Present the metrics token as a bearer token."));
            return;
        }
        chain.doFilter(request, response);
    }
}
