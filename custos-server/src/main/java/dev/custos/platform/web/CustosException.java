package dev.custos.platform.web;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A refusal the API reports as problem+json. The message is shown to the caller, so it never carries a secret,
 * a password, a token or a personal value: name the thing, not its content.
 */
public class CustosException extends RuntimeException {

    /** The extension member naming the request field at fault. */
    public static final String PARAM = "param";
    /** Extension members of a model provider's refusal passed on to the caller: how the provider named it. */
    public static final String PROVIDER_ERROR_TYPE = "provider_error_type";
    public static final String PROVIDER_ERROR_CODE = "provider_error_code";

    private final HttpStatus status;
    private final String type;
    private final @Nullable Duration retryAfter;
    private final Map<String, Object> members = new LinkedHashMap<>();

    public CustosException(HttpStatus status, String type, String message) {
        this(status, type, message, null);
    }

    private CustosException(HttpStatus status, String type, String message,
                            @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    /**
     * Adds an extension member to the problem (RFC 9457 §3.2), e.g. {@code param}: the request field at fault.
     * Never a value the caller sent.
     */
    public CustosException with(String name, Object value) {
        members.put(name, value);
        return this;
    }

    /** The extension members, in the order added. */
    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    /** 429 with how long to wait, sent as {@code Retry-After}. */
    public static CustosException tooMany(String type, String message, Duration retryAfter) {
        return new CustosException(HttpStatus.TOO_MANY_REQUESTS, type, message, retryAfter);
    }

    /** The wait in whole seconds, rounded up, as {@code Retry-After} carries it; 0 when none is known. */
    public long retryAfterSeconds() {
        return retryAfter == null ? 0 : wholeSeconds(retryAfter);
    }

    /** A wait in whole seconds, rounded up and at least one: a client told "0" would retry at once. */
    public static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** How long the caller should wait before trying again, when that is known. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public static CustosException notFound(String what) {
        return new CustosException(HttpStatus.NOT_FOUND, "not-found", what + " was not found.");
    }

    public static CustosException forbidden(String message) {
        return new CustosException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    public static CustosException conflict(String type, String message) {
        return new CustosException(HttpStatus.CONFLICT, type, message);
    }

    public static CustosException invalid(String type, String message) {
        return new CustosException(HttpStatus.BAD_REQUEST, type, message);
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable slug; the problem's {@code type} is {@code /problems/<slug>}. */
    public String type() {
        return type;
    }
}
