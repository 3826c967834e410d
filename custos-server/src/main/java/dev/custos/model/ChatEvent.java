package dev.custos.model;

import org.jspecify.annotations.Nullable;

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

    /**
     * A piece of a tool call, as it streams: the {@code index}th call of the answer, its id and name with the first
     * piece, then pieces of its arguments. The complete {@link ToolCall} still follows; a listener that shows
     * pieces as they come need not show it again.
     */
    record ToolCallDelta(int index, @Nullable String id, @Nullable String name, String arguments)
            implements ChatEvent {
    }

    /** What the provider said about the answer besides its content, passed on to the caller as it came. */
    record ResponseFields(@Nullable String systemFingerprint, @Nullable String serviceTier) implements ChatEvent {
    }

    /** Tokens the provider counted for the call. */
    record Usage(long inputTokens, long outputTokens) implements ChatEvent {
    }

    /** The end of the stream, with the provider's reason (stop, tool_calls, length...). */
    record Finished(String reason) implements ChatEvent {
    }
}
