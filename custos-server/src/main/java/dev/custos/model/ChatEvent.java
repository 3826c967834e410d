package dev.custos.model;

/**
 * What a streamed model call produces. Text arrives as it streams; usage and complete tool calls follow once the
 * provider has sent them; {@link Finished} is always last.
 */
public sealed interface ChatEvent {

    /** A piece of the answer's text, as it arrives. */
    record TextDelta(String text) implements ChatEvent {
    }

    /** A complete tool call, assembled from however many chunks carried it. */
    record ToolCall(String id, String name, String argumentsJson) implements ChatEvent {
    }

    /** Tokens the provider counted for the call. */
    record Usage(long inputTokens, long outputTokens) implements ChatEvent {
    }

    /** The end of the stream, with the provider's reason (stop, tool_calls, length...). */
    record Finished(String reason) implements ChatEvent {
    }
}
