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
}
