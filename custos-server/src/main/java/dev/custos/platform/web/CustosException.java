package dev.custos.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the API reports as problem+json. The message is shown to the caller, so it never carries a secret,
 * a password, a token or a personal value: name the thing, not its content.
 */
public class CustosException extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    public CustosException(HttpStatus status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
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
