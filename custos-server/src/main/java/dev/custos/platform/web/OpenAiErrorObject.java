package dev.custos.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
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
 * Every problem answered on {@code /v1}, the OpenAI-compatible gateway, also carries OpenAI's {@code error}
 * object, which OpenAI SDKs read to say what went wrong: {@code message}; {@code type} as OpenAI names its kinds
 * ({@code invalid_request_error}, {@code requests} for a rate limit, {@code insufficient_quota},
 * {@code server_error}); {@code param}, the request field at fault, or null; and {@code code}, OpenAI's code where
 * it has one for the case ({@code model_not_found}, {@code invalid_api_key}...) and Custos's problem slug
 * otherwise. A provider's refusal passed on to the client ({@link CustosException#PROVIDER_ERROR_TYPE}, {@link CustosException#PROVIDER_ERROR_CODE}) keeps
 * the provider's own type and code. Elsewhere problems are plain RFC 9457.
 */
@RestControllerAdvice
class OpenAiErrorObject implements ResponseBodyAdvice<Object> {

    static final String GATEWAY = "/v1/";
    private static final String PARAM = CustosException.PARAM;
    private static final String PROVIDER_TYPE = CustosException.PROVIDER_ERROR_TYPE;
    private static final String PROVIDER_CODE = CustosException.PROVIDER_ERROR_CODE;

    /** Custos's problems that OpenAI has a code of its own for. */
    private static final Map<String, String> OPENAI_CODES = Map.of(
            "model-not-found", "model_not_found",
            "invalid-api-key", "invalid_api_key",
            "unauthenticated", "invalid_api_key",
            "api-key-required", "invalid_api_key",
            "rate-limited", "rate_limit_exceeded",
            "quota-exceeded", "insufficient_quota",
            "unsupported-parameter", "unsupported_parameter",
            "malformed-json", "invalid_json");

    /** Adds the error object to a problem answered to a gateway request. */
    static ProblemDetail addTo(ProblemDetail problem, HttpServletRequest request) {
        if (!onGateway(request)) {
            return problem;
        }
        String slug = problem.getType().getPath().replaceFirst("^/problems/", "");
        Map<String, Object> members = problem.getProperties() == null ? Map.of() : problem.getProperties();
        Map<String, @Nullable Object> error = new LinkedHashMap<>();
        error.put("message", String.valueOf(problem.getDetail()));
        error.put("type", members.getOrDefault(PROVIDER_TYPE, type(problem.getStatus(), slug)));
        error.put("param", members.get(PARAM));
        error.put("code", members.getOrDefault(PROVIDER_CODE, OPENAI_CODES.getOrDefault(slug,
                slug.replace('-', '_'))));
        problem.setProperty("error", error);
        return problem;
    }

    /** Whether the request (or, in an error dispatch, the request that failed) is the gateway's. */
    static boolean onGateway(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return (failed instanceof String path ? path : request.getRequestURI()).startsWith(GATEWAY);
    }

    private static String type(int status, String slug) {
        if (slug.equals("quota-exceeded")) {
            return "insufficient_quota";
        }
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
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
