package dev.custos.platform.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem answered on {@code /v1}, the gateway, also carries the {@code error} object its clients' SDKs read
 * to say what went wrong: Anthropic's ({@link AnthropicErrors}) on the Anthropic-compatible {@code /v1/messages},
 * OpenAI's ({@link OpenAiErrors}) everywhere else. Elsewhere problems are plain RFC 9457.
 */
@RestControllerAdvice
class GatewayErrorObject implements ResponseBodyAdvice<Object> {

    static final String GATEWAY = "/v1/";

    /** Adds the error object to a problem answered to a gateway request. */
    static ProblemDetail addTo(ProblemDetail problem, HttpServletRequest request) {
        if (!onGateway(request)) {
            return problem;
        }
        String slug = problem.getType().getPath().replaceFirst("^/problems/", "");
        String message = String.valueOf(problem.getDetail());
        String path = ErrorResponses.requestedPath(request);
        problem.setProperty("error", path.equals(AnthropicErrors.MESSAGES)
                || path.startsWith(AnthropicErrors.MESSAGES + "/")
                ? AnthropicErrors.of(problem.getStatus(), message)
                : OpenAiErrors.of(problem.getStatus(), slug, message,
                        problem.getProperties() == null ? Map.of() : problem.getProperties()));
        return problem;
    }

    /** Whether the request (or, in an error dispatch, the request that failed) is the gateway's. */
    static boolean onGateway(HttpServletRequest request) {
        return ErrorResponses.requestedPath(request).startsWith(GATEWAY);
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
            return addTo(problem, servlet.getServletRequest());
        }
        return body;
    }
}
