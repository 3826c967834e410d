package dev.custos.connection.connector;

/**
 * A connected service could not do what was asked. The message is shown to people and to the model, so it says what
 * happened and what to do, never a token or what the service echoed of one.
 */
public class UpstreamFailed extends RuntimeException {

    /** Why: the token was refused, the service limits us, it is down or unreachable, or it refused the request. */
    public enum Reason { UNAUTHORIZED, RATE_LIMITED, UNAVAILABLE, REFUSED }

    private final Reason reason;

    public UpstreamFailed(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
