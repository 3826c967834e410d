package dev.custos.tool;

/** A tool an agent may call. Arguments arrive as the JSON the model wrote; the result goes back as text. */
public interface Tool {

    /** The name the model calls it by: lower case, digits and underscores. */
    String name();

    String description();

    /** The JSON Schema of the arguments object. */
    String parametersSchema();

    /**
     * Runs the tool for one call in one session.
     *
     * @throws ToolFailed when the arguments are wrong or the tool cannot do it; the message goes to the model
     */
    String call(ToolContext context, String argumentsJson);

    /**
     * Whether the model is offered this tool now. A connection's write tool under a read-only scope, or a tool of a
     * revoked connection, is not; a model that calls it anyway gets the tool's refusal.
     */
    default boolean offered() {
        return true;
    }

    /** What people see beside the tool's name: where it comes from and what it may do. */
    default String origin() {
        return "built-in";
    }
}
