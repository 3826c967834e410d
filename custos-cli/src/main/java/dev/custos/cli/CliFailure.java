package dev.custos.cli;

/** A failure the person is told about in one sentence, with the exit code it ends the command with. */
public final class CliFailure extends RuntimeException {

    private final int exitCode;
    private final String type;

    public CliFailure(int exitCode, String type, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.type = type;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A stable slug (the server's problem type, or the client's own), for --json output. */
    public String type() {
        return type;
    }
}
