package dev.custos.connection;

/**
 * A connected system could not be used: unreachable, refusing the token, or answering what its protocol does not
 * allow. The message is shown to people and to the model, so it names the problem, never a token.
 */
public class ConnectionFailed extends RuntimeException {

    /** Why, for the problem type shown when a person connects: unreachable, unauthorized or malformed. */
    public enum Reason { UNREACHABLE, UNAUTHORIZED, MALFORMED }

    private final Reason reason;

    ConnectionFailed(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
