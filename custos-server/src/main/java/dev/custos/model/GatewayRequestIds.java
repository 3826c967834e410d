package dev.custos.model;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every gateway request an id, answered as {@code x-request-id} and {@code request-id} (OpenAI's and
 * Anthropic's SDKs show them with errors, so a client can quote it) on success and refusal alike. A model call made for the request is metered and audited
 * under the same id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class GatewayRequestIds extends OncePerRequestFilter {

    static final String HEADER = "x-request-id";
    private static final String ATTRIBUTE = GatewayRequestIds.class.getName();

    /** The id given to the request. */
    static UUID of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof UUID id ? id : UUID.randomUUID();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        UUID id = UUID.randomUUID();
        request.setAttribute(ATTRIBUTE, id);
        String shown = "req_" + id.toString().replace("-", "");
        response.setHeader(HEADER, shown);
        response.setHeader("request-id", shown);
        chain.doFilter(request, response);
    }
}
