package dev.custos.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic's {@code error} object for a refusal on the Anthropic-compatible {@code /v1/messages}, in an answer's
 * body or a stream's {@code error} event: {@code type} as Anthropic names its kinds by status
 * ({@code invalid_request_error}, {@code authentication_error}, {@code not_found_error}, {@code rate_limit_error},
 * {@code overloaded_error}...) and {@code message}.
 */
public final class AnthropicErrors {

    /** Where Anthropic's clients call. */
    static final String MESSAGES = "/v1/messages";

    private AnthropicErrors() {
    }

    /** The error object of a refusal raised in Custos's code. */
    public static Map<String, Object> of(CustosException refusal) {
        return of(refusal.status().value(), refusal.getMessage());
    }

    static Map<String, Object> of(int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type(status));
        error.put("message", message);
        return error;
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
