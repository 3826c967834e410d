package dev.custos.model;

import org.jspecify.annotations.Nullable;

/**
 * A model call that did not complete. The message says what happened in terms fit for a session's record; it
 * never quotes the prompt, the answer or the provider's API key.
 *
 * @see #retryable()
 */
public class ModelCallFailed extends RuntimeException {

    private final int status;
    private final boolean retryable;

    public ModelCallFailed(String message, int status, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The provider's HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** Whether trying again later may succeed (rate limits, overload, timeouts). */
    public boolean retryable() {
        return retryable;
    }
}
