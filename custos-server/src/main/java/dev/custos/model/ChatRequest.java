package dev.custos.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One model call: the model, the conversation so far and the tools the model may call.
 *
 * @param toolsJson the tool definitions as a JSON array of {@code {name, description, parameters}} (a JSON
 *                  Schema each), or null for none; each adapter writes them in its provider's shape
 * @param options   how to sample and answer, as the caller asked
 */
public record ChatRequest(String model, List<Message> messages, @Nullable String toolsJson, Options options) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    public ChatRequest(String model, List<Message> messages, @Nullable String toolsJson) {
        this(model, messages, toolsJson, Options.DEFAULT);
    }

    /**
     * The call's parameters beyond the conversation, as a client of the OpenAI-compatible gateway sent them.
     *
     * @param json   a JSON object of Chat Completions parameters by OpenAI's names ({@code temperature},
     *               {@code max_completion_tokens}, {@code stop}, {@code response_format}, {@code tool_choice}...),
     *               each as the client sent it; an adapter passes on what its provider takes and refuses the rest
     *               ({@link UnsupportedParameter})
     * @param stream whether the answer is wanted as it is made; a provider that can answer whole is then asked to
     */
    public record Options(String json, boolean stream) {
        /** No parameters, streamed: how agents call. */
        public static final Options DEFAULT = new Options("{}", true);
    }

    /** A parameter the provider cannot honour: refused rather than silently dropped. */
    public static final class UnsupportedParameter extends RuntimeException {
        private final String parameter;

        public UnsupportedParameter(String parameter, String message) {
            super(message, null, false, false);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /**
     * A message of the conversation; {@code role} is system, user, assistant or tool. An assistant message may
     * carry the tool calls the model made; a tool message answers one of them by {@code toolCallId}.
     */
    public record Message(String role, String content, @Nullable String toolCallId, List<ChatEvent.ToolCall> toolCalls) {

        public Message {
            toolCalls = List.copyOf(toolCalls);
        }

        public static Message of(String role, String content) {
            return new Message(role, content, null, List.of());
        }

        public static Message toolResult(String toolCallId, String content) {
            return new Message("tool", content, toolCallId, List.of());
        }

        public static Message assistant(String content, List<ChatEvent.ToolCall> toolCalls) {
            return new Message("assistant", content, null, toolCalls);
        }
    }
}
