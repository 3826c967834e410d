package dev.custos.platform.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query parameters and submitted form fields go through the same check as JSON text ({@link StorableText}): a NUL
 * decoded from {@code %00} is refused with 400 before any controller sees it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class StorableTextFilter extends OncePerRequestFilter {

    /** The error page shows this message instead of its generic one. */
    static final String MESSAGE_ATTRIBUTE = StorableTextFilter.class.getName() + ".message";

    private final JsonMapper json;

    StorableTextFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (storable(request.getParameterMap())) {
            chain.doFilter(request, response);
        } else if (ErrorResponses.isApi(request)) {
            CustosException refusal = StorableText.refusal();
            Problems.write(request, response, json, Problems.of(refusal.status(), refusal.type(), refusal.getMessage()));
        } else {
            request.setAttribute(MESSAGE_ATTRIBUTE, StorableText.MESSAGE);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    private static boolean storable(Map<String, String[]> parameters) {
        for (var parameter : parameters.entrySet()) {
            if (!StorableText.isStorable(parameter.getKey())) {
                return false;
            }
            for (String value : parameter.getValue()) {
                if (value != null && !StorableText.isStorable(value)) {
                    return false;
                }
            }
        }
        return true;
    }
}
