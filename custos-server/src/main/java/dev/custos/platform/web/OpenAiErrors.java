package dev.custos.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code error} object for a refusal, the one way the gateway names it, in an answer's body or in the last
 * event of a stream: {@code message}; {@code type} as OpenAI names its kinds ({@code invalid_request_error},
 * {@code requests} for a rate limit, {@code insufficient_quota}, {@code server_error}); {@code param}, the request
 * field at fault, or null; and {@code code}, OpenAI's code where it has one for the case ({@code model_not_found},
 * {@code invalid_api_key}...) and Custos's problem slug otherwise. A provider's refusal passed on to the client
 * ({@link CustosException#PROVIDER_ERROR_TYPE}, {@link CustosException#PROVIDER_ERROR_CODE}) keeps the provider's
 * own type and code.
 */
public final class OpenAiErrors {

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

    private OpenAiErrors() {
    }

    /** The error object of a refusal raised in Custos's code. */
    public static Map<String, @Nullable Object> of(CustosException refusal) {
        return of(refusal.status().value(), refusal.type(), refusal.getMessage(), refusal.members());
    }

    /**
     * @param slug    the problem's type slug
     * @param members the problem's extension members, which may name the param and the provider's type and code
     */
    static Map<String, @Nullable Object> of(int status, String slug, String message, Map<String, Object> members) {
        Map<String, @Nullable Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", members.getOrDefault(CustosException.PROVIDER_ERROR_TYPE, type(status, slug)));
        error.put("param", members.get(CustosException.PARAM));
        error.put("code", members.getOrDefault(CustosException.PROVIDER_ERROR_CODE,
                OPENAI_CODES.getOrDefault(slug, slug.replace('-', '_'))));
        return error;
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
}
