package dev.custos.model;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A model call that did not complete. The message says what happened in terms fit for a session's record; it
 * never quotes the prompt, the answer or the provider's API key.
 *
 * @see #retryable()
 */
public class ModelCallFailed extends RuntimeException {

    /**
     * What the provider named its refusal: OpenAI's {@code type}, {@code code} and {@code param}, or Anthropic's
     * {@code type}. Identifiers only (a provider's message may quote the request, so it is never kept); anything
     * that does not look like an identifier is left out.
     */
    public record ProviderError(@Nullable String type, @Nullable String code, @Nullable String param) {

        private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.\\[\\]-]{1,64}");

        public ProviderError {
            type = identifier(type);
            code = identifier(code);
            param = identifier(param);
        }

        /** Its code, else its type, else "unknown": how a session's record names it. */
        public String name() {
            return code != null ? code : type != null ? type : "unknown";
        }

        private static @Nullable String identifier(@Nullable String value) {
            return value != null && IDENTIFIER.matcher(value).matches() ? value : null;
        }
    }

    private final int status;
    private final boolean retryable;
    private final @Nullable ProviderError providerError;
    private final @Nullable Duration retryAfter;

    public ModelCallFailed(String message, int status, boolean retryable, @Nullable Throwable cause) {
        this(message, status, retryable, cause, null, null);
    }

    public ModelCallFailed(String message, int status, boolean retryable, @Nullable Throwable cause,
                           @Nullable ProviderError providerError, @Nullable Duration retryAfter) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.providerError = providerError;
        this.retryAfter = retryAfter;
    }

    /** The provider's HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /**
     * Whether the provider refused the request itself, as its client's fault (400, 404, 413, 422...): every provider
     * would refuse it alike, so it says nothing of this one's health. Its refusal of Custos's own credentials (401,
     * 403), a timeout (408) and a rate limit (429) are not the request's fault.
     */
    public boolean clientFault() {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }

    /** Whether trying again later may succeed (rate limits, overload, timeouts). */
    public boolean retryable() {
        return retryable;
    }

    /** How the provider named its refusal, when it answered with an error body. */
    public @Nullable ProviderError providerError() {
        return providerError;
    }

    /** How long the provider asked callers to wait ({@code Retry-After}), when it said. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
