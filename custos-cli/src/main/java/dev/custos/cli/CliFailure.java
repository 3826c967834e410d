package dev.custos.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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

    /** A refusal, in the server's words when it gave some (problem+json), else by its status. */
    static CliFailure refusal(int status, String body) {
        String type = "http-" + status;
        String detail = "The server answered HTTP " + status + ".";
        try {
            JsonNode problem = Api.JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                detail = problem.path("detail").asString();
            }
            if (problem.hasNonNull("type")) {
                type = problem.path("type").asString().replaceFirst("^/problems/", "");
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not JSON: the status says it
        }
        return new CliFailure(ExitCode.forStatus(status), type, detail);
    }

    /** A stable slug (the server's problem type, or the client's own), for --json output. */
    public String type() {
        return type;
    }
}
