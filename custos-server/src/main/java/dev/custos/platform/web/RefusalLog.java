package dev.custos.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One log line for each API request Custos refuses (4xx), whoever refused it: a controller, validation, Spring
 * Security (hence ahead of its filters), the error dispatch. It names the route's pattern, never the path as sent
 * (a path can carry a token or an id) and never the body; a client's mistake gets no stack trace. Errors on our
 * side (5xx) are logged where they happen, with what is needed to fix them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RefusalLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (status >= 400 && status < 500 && ErrorResponses.isApi(request)) {
                Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                log.info("Refused {} {} with {}", request.getMethod(),
                        pattern instanceof String route ? route : "(no such route)", status);
            }
        }
    }
}
