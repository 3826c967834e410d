package dev.custos.cli;

/**
 * What {@code custos} exits with, so scripts can tell failures apart. Picocli's own 2 stays for a wrong command
 * line.
 */
public final class ExitCode {

    public static final int OK = 0;
    /** The work itself failed (an agent's run failed, a chain does not verify). */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** Not signed in, or the key was revoked or expired. */
    public static final int NOT_SIGNED_IN = 3;
    public static final int FORBIDDEN = 4;
    public static final int NOT_FOUND = 5;
    /** The server refused what was sent (bad input, a conflict, too many requests). */
    public static final int REFUSED = 6;
    /** The server could not be reached or failed. */
    public static final int UNAVAILABLE = 7;
    /** Stopped by the person (Ctrl-C, or a run cancelled). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    /** The code for an HTTP status the server answered with. */
    static int forStatus(int status) {
        return switch (status) {
            case 401 -> NOT_SIGNED_IN;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 400, 409, 413, 415, 422, 428, 429, 431 -> REFUSED;
            default -> status >= 500 ? UNAVAILABLE : FAILED;
        };
    }
}
