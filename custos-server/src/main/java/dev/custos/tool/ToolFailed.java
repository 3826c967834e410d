package dev.custos.tool;

/** A tool call that could not be done; its message is shown to the model and recorded in the session. */
public class ToolFailed extends RuntimeException {

    public ToolFailed(String message) {
        super(message, null, false, false);
    }
}
